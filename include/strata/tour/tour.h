// `strata tour`: the notebook replayed end to end in C++ — the ORM and its queries, the columnar table and
// its compute figures, Parquet with pushdown, the CSV/Parquet/Feather comparison, the HDF5 file of a Monte
// Carlo simulation with its statistics and a partial read, and the two charts as PNG.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "strata/tour/report.h"

namespace strata::tour {

struct TourOptions {
  std::string db_url = "sqlite://:memory:";   // the embedded default; postgresql://... for a server
  std::filesystem::path seed_dir = "../shared/seed/data";  // the notebook's rows (department.csv, ...)
  std::filesystem::path out_dir = "strata-tour";  // files the tour writes (Parquet, Feather, CSV, HDF5, PNG)
  int64_t transaction_rows = 200000;
  int64_t sim_paths = 500;  // Monte Carlo paths (the notebook's 500)
  int threads = 0;
  // When set, the HTML report is written there too (report_dir/index.html, see report.h).
  std::optional<std::filesystem::path> report_dir;
  // Progress bars on stderr for the long steps (only when stderr is a terminal).
  bool progress = true;
};

// Run every part in order, printing to `out` as it goes, and return the same results as a report (written as
// HTML when options.report_dir is set). Throws strata::Error when a part fails.
TourReport run_tour(const TourOptions& options, std::ostream& out);

}  // namespace strata::tour
