// A program outside Strata's tree: write a small Parquet file and read it back. Built by tests/install against
// an installed Strata (CMake package and pkg-config) and with Strata as a subproject.
// [consumer-main]
#include <filesystem>
#include <iostream>

#include "strata/columnar/builder.h"
#include "strata/core/version.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

int main(int argc, char** argv) {
  const std::filesystem::path path = std::filesystem::path(argc > 1 ? argv[1] : ".") / "hello.parquet";
  strata::columnar::Int64Builder ids;
  for (int64_t i = 1; i <= 3; ++i) ids.append(i * 10);
  strata::parquet::write_table(strata::columnar::Table::from_arrays({"id"}, {ids.finish()}), path);
  auto table = strata::parquet::read_table(path);
  std::cout << "strata " << strata::version() << ": " << table.num_rows() << " rows\n";
  return table.num_rows() == 3 ? 0 : 1;
}
// [end consumer-main]
