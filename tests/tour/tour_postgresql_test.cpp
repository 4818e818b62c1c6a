// The tour on a PostgreSQL server (a throw-away one, tests/support/pg_server.h): the ORM part's queries must
// print exactly what they print on the embedded SQLite.
#include <gtest/gtest.h>

#include <sstream>

#include "strata/tour/tour.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace strata::tour {
namespace {

struct TourRun {
  std::string text;
  TourReport report;
};

TourRun run_on(const std::string& url, const std::filesystem::path& dir) {
  TourOptions o;
  o.db_url = url;
  o.out_dir = dir;
  o.transaction_rows = 2000;
  o.progress = false;
  std::ostringstream out;
  TourReport report = run_tour(o, out);
  return {out.str(), std::move(report)};
}

// From the first query's title to the next part's heading.
std::string query_text(const std::string& text) {
  const size_t begin = text.find("\nDepartment headcount and salary stats\n");
  const size_t end = text.find("\nColumnar: a typed table and compute kernels\n");
  if (begin == std::string::npos || end == std::string::npos || end < begin) return "(not found)\n" + text;
  return text.substr(begin, end - begin);
}

TEST(TourOnPostgresql, QueriesPrintWhatSqlitePrints) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  strata::testing::TempDir dir;
  const TourRun sqlite = run_on("sqlite://:memory:", dir / "sqlite");
  const TourRun pg = run_on(url, dir / "pg");
  EXPECT_NE(pg.text.find("Database: " + url + " (4 tables created)"), std::string::npos) << pg.text;
  EXPECT_NE(pg.text.find("Seeded 5 departments, 50 employees, 8 projects, 47 assignments"), std::string::npos);
  EXPECT_NE(pg.text.find("Engineering (San Francisco) has 11 employees; first: Noah Davies\n"
                         "Bob Taylor works on: Project Apollo, Market Expansion, Mobile App\n"),
            std::string::npos)
      << pg.text;
  EXPECT_EQ(query_text(pg.text), query_text(sqlite.text));
  // SQLAlchemy's rows (../shared/seed/expected/01_dept_salary_stats.json), on both.
  EXPECT_NE(query_text(pg.text).find("0  Engineering  San Francisco          9    115380.0    133337.0"), std::string::npos)
      << query_text(pg.text);

  // The report's tables too, cell for cell.
  auto tables = [](const TourReport& r) {
    std::vector<ReportTable> out;
    for (const auto& block : r.sections.at(0).blocks) {
      if (block.kind == ReportBlock::Kind::kTable) out.push_back(block.table);
    }
    return out;
  };
  const auto a = tables(sqlite.report);
  const auto b = tables(pg.report);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].caption, a[i].caption);
    EXPECT_EQ(b[i].header, a[i].header);
    EXPECT_EQ(b[i].rows, a[i].rows) << a[i].caption;
  }
}

}  // namespace
}  // namespace strata::tour
