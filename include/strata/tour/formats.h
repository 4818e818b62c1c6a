// The notebook's format comparison (`strata bench formats` and the tour): write and read a table as CSV,
// Parquet and Feather, timing each.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "strata/columnar/table.h"

namespace strata::tour {

struct FormatTiming {
  std::string format;
  double write_ms = 0;
  double read_ms = 0;
  double size_kb = 0;
  int64_t rows_read = 0;
};

// Files are written into `dir` (bench.csv, bench.parquet, bench.feather).
std::vector<FormatTiming> compare_formats(const columnar::Table& table, const std::filesystem::path& dir, int threads = 0);
// The notebook's table, pd.DataFrame(fmt_results).round(1): Format, Write (ms), Read (ms), Size (KB).
columnar::Table timings_table(const std::vector<FormatTiming>& timings);
// timings_table as pandas prints it, with a final newline.
std::string format_timings(const std::vector<FormatTiming>& timings);

}  // namespace strata::tour
