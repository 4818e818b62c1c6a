// The seed_queries program (examples/seed_queries.cpp), run as a process on SQLite and on the PostgreSQL test
// server: every NAME.json it writes must equal ../shared/seed/expected/NAME.json (NAME.postgresql.json on
// PostgreSQL), row for row, or as a multiset where MANIFEST.json says the order is not fixed; on a small
// hand-made data set its raw aggregates (13) must be the hand-computed values; and on a scaled data set from
// seed_data.py --scale (ids renumbered, rows reversed, some fields quoted, hire dates with fractional seconds)
// every result must equal what the reference itself — seed_queries.py, SQLAlchemy 1.4 on SQLite — writes for
// the same CSVs.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "strata/orm/orm.h"
#include "strata/tour/seed_json.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace strata::orm {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> rows_of(const std::string& text) {
  std::vector<std::string> rows;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) {
    if (line.size() < 2 || line[0] != '[' || line == "[]") continue;
    if (line.back() == ',') line.pop_back();
    rows.push_back(line);
  }
  return rows;
}

// MANIFEST.json's order_determined for a query (the flag follows the query's name in the file).
bool order_determined(const std::string& manifest, const std::string& name) {
  size_t at = manifest.find("\"name\": \"" + name + "\"");
  EXPECT_NE(at, std::string::npos) << name;
  size_t flag = manifest.find("\"order_determined\": ", at);
  EXPECT_NE(flag, std::string::npos) << name;
  return manifest.compare(flag + 20, 4, "true") == 0;
}

// Compare every NAME.json of `got_dir` with `want_dir`'s (the same names on both sides), as a multiset where
// `manifest` says the ORDER BY does not fix the order. Returns the number of files compared.
size_t compare_dirs(const std::filesystem::path& got_dir, const std::filesystem::path& want_dir,
                    const std::string& manifest, const std::string& want_suffix) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(got_dir)) names.push_back(entry.path().stem());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    auto want_file = want_dir / (name + want_suffix);
    EXPECT_TRUE(std::filesystem::exists(want_file)) << want_file;
    if (!std::filesystem::exists(want_file)) continue;
    auto got = rows_of(slurp(got_dir / (name + ".json")));
    auto want = rows_of(slurp(want_file));
    EXPECT_FALSE(want.empty()) << name;
    if (!order_determined(manifest, name)) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    EXPECT_EQ(got, want) << name << " (" << got_dir << " vs " << want_dir << ")";
  }
  return names.size();
}

int run_program(const std::string& args) {
  const std::string cmd = std::string(STRATA_SEED_QUERIES_EXE) + " " + args;
  return std::system(cmd.c_str());
}

class SeedQueriesProgram : public ::testing::TestWithParam<Dialect> {};

TEST_P(SeedQueriesProgram, MatchesExpectedJson) {
  std::string url = "sqlite://:memory:";
  const bool pg = GetParam() == Dialect::kPostgresql;
  if (pg) {
    STRATA_POSTGRES_URL_OR_RETURN(server);
    url = server;
  }
  strata::testing::TempDir tmp;
  const auto seed = strata::testing::shared_dir() / "seed";
  ASSERT_EQ(run_program("--data " + (seed / "data").string() + " --db '" + url + "' --out " + tmp.path().string()),
            0);
  const std::string manifest = slurp(seed / "expected/MANIFEST.json");
  // 01..13; on PostgreSQL not 01 and 03 (SQLAlchemy's spellings fail there; 01p and 03p stand in).
  EXPECT_EQ(compare_dirs(tmp.path(), seed / "expected", manifest, pg ? ".postgresql.json" : ".json"),
            pg ? 13u : 15u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeedQueriesProgram, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

// Not only the seed: a hand-made data set of the same shape, the aggregates of 13 computed by hand.
TEST(SeedQueriesProgramOther, HandMadeDataSet) {
  strata::testing::TempDir tmp;
  std::filesystem::create_directories(tmp / "data");
  std::ofstream(tmp / "data/department.csv") << "id,name,location\n1,A,X\n2,B,Y\n";
  std::ofstream(tmp / "data/employee.csv")
      << "id,first_name,last_name,email,salary,hire_date,is_active,department_id\n"
         "1,P,Q,p@x.com,100.5,2020-01-02T00:00:00,True,1\n"
         "2,R,S,r@x.com,200.25,2021-03-04T00:00:00,False,1\n"
         "3,T,U,t@x.com,50.0,2022-05-06T00:00:00,True,2\n";
  std::ofstream(tmp / "data/project.csv") << "id,name,budget,status\n1,Z,1000.0,active\n";
  std::ofstream(tmp / "data/project_assignment.csv")
      << "id,employee_id,project_id,role,hours_allocated\n1,1,1,Lead,600.0\n2,3,1,Analyst,500.0\n";
  ASSERT_EQ(run_program("--data " + (tmp / "data").string() + " --out " + (tmp / "out").string()), 0);
  // dept 1: 2 employees, sum 300.75, avg 150.375, min 100.5, max 200.25; dept 2: 1, 50.0.
  EXPECT_EQ(rows_of(slurp(tmp / "out/13_raw_float_aggregates.json")),
            (std::vector<std::string>{"[1, 2, 300.75, 150.375, 100.5, 200.25]", "[2, 1, 50.0, 50.0, 50.0, 50.0]"}));
  // 05: the one project has 1100 hours (> 1000), 2 assignments, 2 roles.
  EXPECT_EQ(rows_of(slurp(tmp / "out/05_project_hours_having.json")),
            (std::vector<std::string>{"[1, \"Z\", \"active\", 2, 2, 1100.0]"}));
}

// Splits one line of a CSV that seed_data.py wrote (no quoted fields in its output).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::stringstream ss(line);
  while (std::getline(ss, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// Rewrites table `name` of `from` into `to`: the rows reversed, the id columns renumbered by `ids` (a function
// per column index; columns without one stay as they are), text columns listed in `quote` written quoted.
void rewrite(const std::filesystem::path& from, const std::filesystem::path& to, const std::string& name,
             const std::map<size_t, std::function<std::string(const std::string&, const std::vector<std::string>&)>>& f,
             const std::vector<size_t>& quote = {}) {
  std::ifstream in(from / (name + ".csv"));
  ASSERT_TRUE(in) << from / (name + ".csv");
  std::string header;
  std::getline(in, header);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(split(line));
  }
  ASSERT_FALSE(rows.empty()) << name;
  std::reverse(rows.begin(), rows.end());
  std::ofstream out(to / (name + ".csv"));
  out << header << "\n";
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) {
      std::string v = f.count(c) != 0 ? f.at(c)(r[c], r) : r[c];
      if (std::find(quote.begin(), quote.end(), c) != quote.end()) v = "\"" + v + "\"";
      out << (c > 0 ? "," : "") << v;
    }
    out << "\n";
  }
}

// Any data set of the seed's shape: seed_data.py --scale 20 (1,000 employees, 160 projects, ~880 assignments)
// with another random seed, then renumbered (ids neither 1..n nor ascending in file order, foreign keys
// following), rows reversed, department text quoted, and a third of the hire dates given fractional seconds.
// The oracle is the reference program itself: ../shared/seed/queries/seed_queries.py (SQLAlchemy 1.4 on
// SQLite, Debian's python3-sqlalchemy) run on the same CSVs; every result must match it exactly, including the
// datetimes written by Python's isoformat().
TEST(SeedQueriesProgramOther, ScaledRenumberedDataSetMatchesSqlAlchemy) {
  const std::string python = "/usr/bin/python3";
  if (std::system((python + " -c 'import numpy, sqlalchemy' 2>/dev/null").c_str()) != 0) {
    GTEST_SKIP() << python << " has no numpy or sqlalchemy (Debian: python3-numpy, python3-sqlalchemy)";
  }
  strata::testing::TempDir tmp;
  const auto seed = strata::testing::shared_dir() / "seed";
  ASSERT_EQ(std::system((python + " " + (seed / "seed_data.py").string() + " --scale 20 --seed 1234 --out " +
                         (tmp / "gen").string() + " >/dev/null")
                            .c_str()),
            0);
  std::filesystem::create_directories(tmp / "data");
  auto dept = [](const std::string& v, const auto&) { return std::to_string(40 + 13 * std::stoll(v)); };
  auto emp = [](const std::string& v, const auto&) { return std::to_string(200000 - 7 * std::stoll(v)); };
  auto proj = [](const std::string& v, const auto&) { return std::to_string(3000 + 2 * std::stoll(v)); };
  auto assign = [](const std::string& v, const auto&) { return std::to_string(900000 - std::stoll(v)); };
  auto hire = [](const std::string& v, const std::vector<std::string>& row) -> std::string {
    const int64_t id = std::stoll(row[0]);
    if (id % 3 == 1) return v + ".500000";
    if (id % 3 == 2) return v + fmt::format(".{:06d}", (id * 7919) % 999999 + 1);
    return v;
  };
  rewrite(tmp / "gen", tmp / "data", "department", {{0, dept}}, {1, 2});
  rewrite(tmp / "gen", tmp / "data", "employee", {{0, emp}, {5, hire}, {7, dept}});
  rewrite(tmp / "gen", tmp / "data", "project", {{0, proj}});
  rewrite(tmp / "gen", tmp / "data", "project_assignment", {{0, assign}, {1, emp}, {2, proj}});
  ASSERT_EQ(std::system((python + " " + (seed / "queries/seed_queries.py").string() + " --seed-dir " +
                         (tmp / "data").string() + " --out " + (tmp / "want").string() + " --no-postgres >/dev/null")
                            .c_str()),
            0);
  ASSERT_EQ(run_program("--data " + (tmp / "data").string() + " --out " + (tmp / "got").string()), 0);
  // The data really is not the seed's: 1,000 employees, fractional seconds in 11's hire dates.
  const auto employees = rows_of(slurp(tmp / "got/11_joinedload_employee_department.json"));
  ASSERT_EQ(employees.size(), 1000u);
  EXPECT_NE(std::find_if(employees.begin(), employees.end(),
                         [](const std::string& r) { return r.find("T00:00:00.500000\"") != std::string::npos; }),
            employees.end());
  EXPECT_EQ(compare_dirs(tmp / "got", tmp / "want", slurp(tmp / "want/MANIFEST.json"), ".json"), 15u);
}

// A seed-shaped row in the JSON form: timestamps as Python's isoformat (six fraction digits when the
// microseconds are not zero, none otherwise), dates, floats as repr, null.
TEST(SeedJson, RowsAsPythonWritesThem) {
  using tour::seed_json_row;
  const int64_t day = 18493;  // 2020-08-19
  const int64_t midnight = day * 86400 * 1000000;
  EXPECT_EQ(seed_json_row({Value(Timestamp{midnight})}), "[\"2020-08-19T00:00:00\"]");
  EXPECT_EQ(seed_json_row({Value(Timestamp{midnight + 500000})}), "[\"2020-08-19T00:00:00.500000\"]");
  EXPECT_EQ(seed_json_row({Value(Timestamp{midnight + 3723000001})}), "[\"2020-08-19T01:02:03.000001\"]");
  EXPECT_EQ(seed_json_row({Value(Timestamp{midnight + 59 * 1000000 + 123450})}),
            "[\"2020-08-19T00:00:59.123450\"]");
  // Before the epoch: 1969-12-31T23:59:59.750000 is -250000 microseconds.
  EXPECT_EQ(seed_json_row({Value(Timestamp{-250000})}), "[\"1969-12-31T23:59:59.750000\"]");
  EXPECT_EQ(seed_json_row({Value(Date{static_cast<int32_t>(day)})}), "[\"2020-08-19\"]");
  EXPECT_EQ(seed_json_row({Value(int64_t{3}), Value(2.5), Value(1.0), Value(std::string("a\"b")), Value()}),
            "[3, 2.5, 1.0, \"a\\\"b\", null]");
  EXPECT_EQ(seed_json_row({Value(true), Value(false), Value(0.1), Value(1e22)}), "[true, false, 0.1, 1e+22]");
}

}  // namespace
}  // namespace strata::orm
