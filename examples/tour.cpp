// The tour guide: the notebook replayed from a program of your own, small enough to run in the test suite.
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

// [tour]
#include "strata/tour/tour.h"

int run(const std::filesystem::path& scratch) {
  strata::tour::TourOptions options;
  options.db_url = "sqlite://:memory:";   // or "postgresql://user@host/db"
  options.out_dir = scratch / "tour";     // Parquet, Feather, CSV, HDF5 and the chart land here
  options.transaction_rows = 5'000;       // the CLI's default is 200,000
  std::ostringstream report;
  strata::tour::run_tour(options, report);  // throws strata::Error if a part fails
  std::cout << report.str();
  return 0;
}
// [end tour]

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  run(argv[1]);
  const auto out = std::filesystem::path(argv[1]) / "tour";
  for (const char* file : {"transactions.parquet", "gbm_simulation.h5", "gbm_paths_and_distribution.png"}) {
    if (!std::filesystem::exists(out / file)) {
      std::cerr << "tour example: " << file << " was not written\n";
      return 1;
    }
  }
  return 0;
}
