// docs/partitioned.md and docs/SCALING.md: a Hive-partitioned Parquet dataset written with
// parquet::write_dataset (root/day=YYYY-MM-DD/part-0.parquet), then read back with parquet::read_dataset, whose
// filter on the partition column skips whole folders. The test suite runs this program, then DuckDB on the
// folder it leaves (examples/scaling/hive_duckdb.mjs).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"

// [partitioned-includes]
#include "strata/parquet/dataset.h"
// [end partitioned-includes]

namespace fs = std::filesystem;
using namespace strata;

// The files write_dataset makes below (docs quote these lines; main checks them).
const char* const kLayout = R"(
transactions/day=2024-01-01/part-0.parquet
transactions/day=2024-01-02/part-0.parquet
transactions/day=2024-01-03/part-0.parquet
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

  // [partitioned-write]
  parquet::DatasetWriteOptions options;
  options.partition_cols = {"day"};                     // one folder level per column: day=2024-01-01/
  options.writer.compression = io::CompressionType::kSnappy;
  options.writer.row_group_size = 128 * 1024;
  options.existing_data_behavior = parquet::ExistingDataBehavior::kDeleteMatching;
  std::vector<fs::path> files = parquet::write_dataset(table, root, options);
  // [end partitioned-write]

  std::string layout = "\n";
  for (const auto& f : files) layout += (fs::path("transactions") / f).generic_string() + "\n";
  if (layout != kLayout) {
    std::cerr << "partitioned example: files are" << layout;
    return 1;
  }

  // [partitioned-read]
  parquet::DatasetReadOptions read;
  read.columns = {"day", "id", "amount"};
  read.filter = parquet::parse_filter("day >= '2024-01-02' and amount > 20");
  parquet::DatasetReadStats stats;
  columnar::Table recent = parquet::read_dataset(root, read, &stats);
  std::cout << recent.num_rows() << " rows; files: " << stats.files << " found, " << stats.files_pruned
            << " pruned, " << stats.files_read << " read\n";
  // [end partitioned-read]

  // [partitioned-typed]
  // The folder names are text; by default `day` reads as a string (pyarrow infers int32 or string only).
  // Name the partition types to get dates (or int64, bool, ...):
  auto partitioning = columnar::schema({columnar::field("day", columnar::date32())});
  parquet::Dataset dataset = parquet::Dataset::open(root, partitioning);
  std::cout << dataset.schema()->to_string();  // id: int64, amount: double, day: date32[day]
  // [end partitioned-typed]

  // [partitioned-stream]
  parquet::DatasetWriteOptions stream_options;
  stream_options.partition_cols = {"day"};
  stream_options.max_rows_per_file = 500;  // then part-1.parquet, part-2.parquet, ...
  parquet::DatasetWriter writer(fs::path(argv[1]) / "streamed", table.schema(), stream_options);
  for (const auto& batch : table.to_batches(250)) writer.write(batch);  // batches from any source
  std::vector<fs::path> streamed = writer.close();  // 3 days, 2 files of 500 rows each
  // [end partitioned-stream]

  // Row i has day i % 3 and amount (i % 100) / 4: count the rows the filter keeps.
  int64_t want = 0;
  for (int64_t i = 0; i < 3'000; ++i) want += (i % 3 != 0 && static_cast<double>(i % 100) / 4 > 20);
  const bool ok = recent.num_rows() == want && stats.files == 3 && stats.files_pruned == 1 && stats.files_read == 2 &&
                  dataset.partition_schema()->field(0)->type()->id() == columnar::TypeId::kDate32 &&
                  parquet::read_dataset(root).num_rows() == 3'000 && streamed.size() == 6 &&
                  parquet::read_dataset(fs::path(argv[1]) / "streamed").num_rows() == 3'000;
  if (!ok) std::cerr << "partitioned example: expected " << want << " rows from 2 of 3 files\n";
  return ok ? 0 : 1;
}
