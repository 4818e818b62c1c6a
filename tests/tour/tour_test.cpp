#include "strata/tour/tour.h"

#include <gtest/gtest.h>

#include <sstream>

#include "strata/parquet/reader.h"
#include "support/test_support.h"

namespace strata::tour {
namespace {

TEST(Tour, RunsEveryPartAndWritesItsFiles) {
  strata::testing::TempDir dir;
  TourOptions o;
  o.out_dir = dir.path();
  o.transaction_rows = 20000;
  std::ostringstream out;
  run_tour(o, out);
  const std::string text = out.str();
  // The notebook's queries give SQLAlchemy's rows (../shared/seed/expected/01_dept_salary_stats.json,
  // 03_salary_bands.json).
  for (const char* expected : {"Seeded 5 departments, 50 employees, 8 projects, 47 assignments",
                               "0  Engineering  San Francisco         9   115380.0   133337.0",
                               "4   Operations         Austin        10    77619.0    88237.0",
                               "0   Senior (≥$120k)     5   125353.0", "2    Junior (<$90k)    22    79499.0",
                               "Top 2 earners per department"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  for (const char* expected : {"Predicate pushdown (is_fraud = true):", "Format Write (ms) Read (ms) Size (KB)", "Table: 20,000 rows × 7 columns",
                               "Fraud rate   : ",
                               "CSV ", "Parquet ", "Feather ", "VaR 95%", "Slice read shape: (10, 252)", "Tour finished"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  for (const char* file : {"transactions.parquet", "bench.csv", "bench.parquet", "bench.feather", "gbm_simulation.h5",
                           "gbm_paths_and_distribution.png", "gbm_paths_and_distribution.svg"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  }
  // The pushdown figure printed is the number of fraudulent rows in the file.
  auto all = parquet::read_table(dir / "transactions.parquet");
  const auto fraud = parquet::apply_filter(all, parquet::parse_filter("is_fraud = true"));
  EXPECT_NE(text.find("Rows returned: " + std::to_string(fraud.num_rows()) + " "), std::string::npos);
}

}  // namespace
}  // namespace strata::tour
