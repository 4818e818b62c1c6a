// The formats guide: one table written and read back as CSV, Parquet (with options, projection and a pushed-
// down filter), Feather and HDF5. Run with a scratch folder as the only argument.
#include <filesystem>
#include <iostream>

#include "strata/columnar/builder.h"
#include "strata/columnar/canonical.h"
#include "strata/columnar/table.h"

// [includes]
#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/table_io.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/filter.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
// [end includes]

using namespace strata;
using columnar::Table;

// 10,000 transactions: id 0..9999, a category, an amount, every 7th one flagged as fraud.
Table make_transactions() {
  columnar::Int64Builder id;
  columnar::StringBuilder category;
  columnar::DoubleBuilder amount;
  columnar::BooleanBuilder is_fraud;
  const char* names[] = {"Dining", "Travel", "Groceries", "Fuel"};
  for (int64_t i = 0; i < 10'000; ++i) {
    id.append(i);
    category.append(names[i % 4]);
    amount.append(static_cast<double>((i * 37) % 1000) + 0.25);
    is_fraud.append(i % 7 == 0);
  }
  return Table::from_arrays({"id", "category", "amount", "is_fraud"},
                            {id.finish(), category.finish(), amount.finish(), is_fraud.finish()});
}

bool check(bool ok, const char* what) {
  if (!ok) std::cerr << "formats example: " << what << " failed\n";
  return ok;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::filesystem::path dir = argv[1];
  const Table table = make_transactions();
  bool ok = true;

  // [csv]
  csv::write_csv(table, dir / "transactions.csv");
  Table from_csv = csv::read_csv(dir / "transactions.csv");  // types inferred: int64, utf8, double, bool
  // [end csv]
  ok &= check(from_csv.equals(table), "CSV round trip");

  // [parquet-write]
  parquet::WriterOptions options;
  options.compression = io::CompressionType::kZstd;
  options.row_group_size = 1'000;  // ten row groups, each with min/max statistics per column
  parquet::write_table(table, dir / "transactions.parquet", options);
  // [end parquet-write]

  // [parquet-read]
  auto reader = parquet::FileReader::open(dir / "transactions.parquet");
  parquet::ReadOptions read;
  read.columns = {"id", "amount"};
  read.filter = parquet::parse_filter("id >= 9000 and is_fraud = true");
  parquet::ReadStats stats;
  Table fraud = reader.read(read, &stats);
  std::cout << fraud.num_rows() << " rows; read " << stats.row_groups_read << " of " << stats.row_groups
            << " row groups\n";  // 143 rows; read 1 of 10 row groups
  // [end parquet-read]
  Table expected = parquet::apply_filter(table, parquet::parse_filter("id >= 9000 and is_fraud = true"))
                       .select(std::vector<std::string>{"id", "amount"});
  ok &= check(fraud.equals(expected) && fraud.num_rows() == 143, "Parquet filter");
  ok &= check(stats.row_groups == 10 && stats.row_groups_read == 1, "Parquet row-group pruning");
  ok &= check(parquet::read_table(dir / "transactions.parquet").equals(table), "Parquet round trip");

  // [feather]
  ipc::WriteOptions feather_options;
  feather_options.compression = io::CompressionType::kLz4Frame;
  ipc::write_feather(table, dir / "transactions.feather", feather_options);
  Table from_feather = ipc::read_feather(dir / "transactions.feather");
  // [end feather]
  ok &= check(from_feather.equals(table), "Feather round trip");

  // [hdf5]
  {
    auto file = hdf5::File::create((dir / "transactions.h5").string());
    hdf5::write_table(file, "transactions", table, {.gzip_level = 4});
  }
  auto file = hdf5::File::open((dir / "transactions.h5").string());
  Table from_hdf5 = hdf5::read_table(file, "transactions");
  // [end hdf5]
  ok &= check(from_hdf5.equals(table), "HDF5 round trip");

  // [canonical]
  std::string dump = columnar::to_canonical(from_hdf5.slice(0, 2));  // what `strata cat` prints
  ok &= check(dump == "{\"columns\":[\"id\",\"category\",\"amount\",\"is_fraud\"]}\n"
                      "[0,\"Dining\",0.25,true]\n"
                      "[1,\"Travel\",37.25,false]\n",
              "canonical dump");
  // [end canonical]
  return ok ? 0 : 1;
}
