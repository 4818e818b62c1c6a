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
  o.report_dir = dir / "report";
  std::ostringstream out;
  const TourReport report = run_tour(o, out);
  const std::string text = out.str();
  // The notebook's queries give SQLAlchemy's rows (../shared/seed/expected/01_dept_salary_stats.json,
  // 03_salary_bands.json), printed as pandas 1.5.3 prints those rows in a DataFrame.
  for (const char* expected : {"Seeded 5 departments, 50 employees, 8 projects, 47 assignments",
                               "0  Engineering  San Francisco          9    115380.0    133337.0",
                               "4   Operations         Austin         10     77619.0     88237.0",
                               "0   Senior (≥$120k)      5    125353.0", "2    Junior (<$90k)     22     79499.0",
                               "Top 2 earners per department"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  for (const char* expected : {"Predicate pushdown (is_fraud = true):", "Format  Write (ms)  Read (ms)  Size (KB)", "Table: 20,000 rows × 7 columns",
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

  // The same results, structured for the HTML report: one section per heading, the queries as cells.
  std::vector<std::string> titles;
  for (const auto& section : report.sections) titles.push_back(section.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"ORM: models, session, relationships and queries",
                                               "Columnar: a typed table and compute kernels",
                                               "Parquet: row groups, statistics and predicate pushdown",
                                               "CSV vs Parquet vs Feather (first 100,000 rows)",
                                               "HDF5: a Monte Carlo simulation, stored and read back", "Charts"}));
  const ReportSection& orm = report.sections[0];
  std::vector<const ReportTable*> tables;
  for (const auto& block : orm.blocks) {
    if (block.kind == ReportBlock::Kind::kTable) tables.push_back(&block.table);
  }
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0]->caption, "Department headcount and salary stats");
  EXPECT_EQ(tables[0]->header,
            (std::vector<std::string>{"", "Department", "Location", "Headcount", "Avg Salary", "Max Salary"}));
  EXPECT_EQ(tables[0]->rows[0], (std::vector<std::string>{"0", "Engineering", "San Francisco", "9", "115380.0", "133337.0"}));
  EXPECT_EQ(tables[2]->rows[2], (std::vector<std::string>{"2", "Junior (<$90k)", "22", "79499.0"}));
  // The fraud rows in the pushdown figures, the chart's PNG bytes in the Charts section.
  bool found_rows = false;
  for (const auto& block : report.sections[2].blocks) {
    for (const auto& row : block.table.rows) {
      if (row[0] == "Rows returned") found_rows = row[1].starts_with(std::to_string(fraud.num_rows()) + " (");
    }
  }
  EXPECT_TRUE(found_rows);
  ASSERT_EQ(report.sections[5].blocks.size(), 1u);
  EXPECT_EQ(report.sections[5].blocks[0].image.bytes,
            strata::testing::read_file(dir / "gbm_paths_and_distribution.png"));
  EXPECT_TRUE(std::filesystem::exists(dir / "report" / "index.html"));
  EXPECT_NE(text.find("HTML report: " + (dir / "report" / "index.html").string()), std::string::npos);
}

}  // namespace
}  // namespace strata::tour
