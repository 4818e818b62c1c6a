// SCALING.md: a Hive-partitioned Parquet dataset (root/day=YYYY-MM-DD/part-00000.parquet) produced with the
// existing single-file writer, one file per partition, then read back by walking the folders. Strata has no
// dataset writer or reader of its own yet; this is the layout Spark, Trino and DuckDB read as it is.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"

// [partitioned-write]
#include "strata/compute/elementwise.h"
#include "strata/compute/selection.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace fs = std::filesystem;
using namespace strata;

// Write `table` under `root` as one Parquet file per value of the string column `key`, in Hive's layout:
// root/key=value/part-00000.parquet. The key column is left out of the files: readers take it from the path.
// Values are used in folder names as they are; real code must percent-encode '/', '=' and the like.
void write_partitioned(const columnar::Table& table, const fs::path& root, const std::string& key,
                       const parquet::WriterOptions& options) {
  std::vector<std::string> other_columns;
  for (const auto& field : table.schema()->fields()) {
    if (field->name() != key) other_columns.push_back(field->name());
  }
  const columnar::Table single = table.combine_chunks();
  const columnar::Array keys = single.column(key).chunk(0);
  const columnar::StringArray values(compute::unique(keys));
  for (int64_t i = 0; i < values.length(); ++i) {
    const std::string value(values.value(i));
    columnar::Array mask = compute::compare(keys, compute::CompareOp::kEqual, compute::make_scalar(value));
    const fs::path folder = root / (key + "=" + value);
    fs::create_directories(folder);
    parquet::write_table(compute::filter(single, mask).select(other_columns), folder / "part-00000.parquet",
                         options);
  }
}
// [end partitioned-write]

// The files write_partitioned makes below (docs/SCALING.md quotes these lines; main checks them).
const char* const kLayout = R"(
transactions/day=2024-01-01/part-00000.parquet
transactions/day=2024-01-02/part-00000.parquet
transactions/day=2024-01-03/part-00000.parquet
)";

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const fs::path root = fs::path(argv[1]) / "transactions";

  columnar::StringBuilder day;
  columnar::Int64Builder id;
  columnar::DoubleBuilder amount;
  const char* days[] = {"2024-01-01", "2024-01-02", "2024-01-03"};
  for (int64_t i = 0; i < 3'000; ++i) {
    day.append(days[i % 3]);
    id.append(i);
    amount.append(static_cast<double>(i % 100) / 4);
  }
  const auto table = columnar::Table::from_arrays({"day", "id", "amount"}, {day.finish(), id.finish(), amount.finish()});

  // [partitioned-call]
  parquet::WriterOptions options;
  options.compression = io::CompressionType::kSnappy;
  options.row_group_size = 128 * 1024;
  write_partitioned(table, root, "day", options);
  // [end partitioned-call]

  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(fs::relative(entry.path(), root.parent_path()).string());
  }
  std::sort(files.begin(), files.end());
  std::string layout = "\n";
  for (const auto& f : files) layout += f + "\n";
  if (layout != kLayout) {
    std::cerr << "partitioned example: files are" << layout;
    return 1;
  }

  std::map<std::string, int64_t> rows_per_day;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".parquet") continue;
    const std::string folder = entry.path().parent_path().filename().string();  // day=2024-01-01
    auto part = parquet::read_table(entry.path());
    if (part.schema()->num_fields() != 2) return 1;  // id, amount: the key lives in the path
    rows_per_day[folder.substr(folder.find('=') + 1)] += part.num_rows();
  }
  for (const auto& [d, n] : rows_per_day) std::cout << "day=" << d << ": " << n << " rows\n";
  return rows_per_day.size() == 3 && rows_per_day["2024-01-01"] == 1000 && rows_per_day["2024-01-02"] == 1000 &&
                 rows_per_day["2024-01-03"] == 1000
             ? 0
             : 1;
}
