// The seed_queries program (examples/seed_queries.cpp), run as a process on SQLite and on the PostgreSQL test
// server: every NAME.json it writes must equal ../shared/seed/expected/NAME.json (NAME.postgresql.json on
// PostgreSQL), row for row, or as a multiset where MANIFEST.json says the order is not fixed; and on a small
// hand-made data set its raw aggregates (13) must be the hand-computed values.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "strata/orm/orm.h"
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
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(tmp.path())) names.push_back(entry.path().stem());
  std::sort(names.begin(), names.end());
  // 01..13; on PostgreSQL not 01 and 03 (SQLAlchemy's spellings fail there; 01p and 03p stand in).
  EXPECT_EQ(names.size(), pg ? 13u : 15u);
  for (const std::string& name : names) {
    auto want_file = seed / "expected" / (name + (pg ? ".postgresql.json" : ".json"));
    ASSERT_TRUE(std::filesystem::exists(want_file)) << want_file;
    auto got = rows_of(slurp(tmp / (name + ".json")));
    auto want = rows_of(slurp(want_file));
    ASSERT_FALSE(want.empty()) << name;
    if (!order_determined(manifest, name)) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    EXPECT_EQ(got, want) << name << (pg ? " on postgresql" : " on sqlite");
  }
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

}  // namespace
}  // namespace strata::orm
