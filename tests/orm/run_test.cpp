// The compiled SQL run through the sql/ drivers on SQLite (:memory:) and on a PostgreSQL 15 server (the
// throw-away test server of tests/support/pg_server.h): create_all's DDL, the seed rows inserted with the DSL's
// multi-row INSERT, then the seed queries, whose rows must equal the rows SQLAlchemy got from the same database
// (../shared/seed/expected/<name>.json and <name>.postgresql.json, in canonical JSON), then DML.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "orm/fresh_tables.h"
#include "orm/models.h"
#include "orm/seed_queries.h"
#include "strata/core/text_format.h"
#include "strata/orm/orm.h"
#include "strata/sql/connection.h"
#include "strata/tour/seed_json.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace strata::orm {
namespace {

using tour::python_float;

std::string canonical(const std::vector<Value>& row) { return tour::seed_json_row(row); }

std::vector<std::vector<std::string>> read_csv(const std::string& table) {
  std::ifstream in((strata::testing::shared_dir() / "seed/data" / (table + ".csv")).string());
  EXPECT_TRUE(in.good()) << table;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

Timestamp parse_timestamp(const std::string& s) {
  Timestamp t;
  EXPECT_TRUE(sql::parse_timestamp(s, &t)) << s;
  return t;
}

// The expected rows, one JSON row per element.
std::vector<std::string> expected_rows(const std::string& file) {
  std::ifstream in((strata::testing::shared_dir() / "seed/expected" / (file + ".json")).string());
  EXPECT_TRUE(in.good()) << file;
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.size() < 2 || line[0] != '[' || line == "[]") continue;
    if (line.back() == ',') line.pop_back();
    rows.push_back(line);
  }
  return rows;
}

class Run : public testing::FreshTables<Department, Employee, Project, ProjectAssignment> {
 protected:
  void SetUp() override {
    FreshTables::SetUp();
    if (stopped()) return;
    auto departments = insert<Department>();
    for (const auto& r : read_csv("department")) {
      departments = departments.values(set(&Department::id, std::stoi(r[0])), set(&Department::name, r[1]),
                                       set(&Department::location, r[2]));
    }
    execute(departments);
    auto employees = insert<Employee>();
    for (const auto& r : read_csv("employee")) {
      employees = employees.values(set(&Employee::id, std::stoi(r[0])), set(&Employee::first_name, r[1]),
                                   set(&Employee::last_name, r[2]), set(&Employee::email, r[3]),
                                   set(&Employee::salary, std::stod(r[4])),
                                   set(&Employee::hire_date, parse_timestamp(r[5])),
                                   set(&Employee::is_active, r[6] == "True"),
                                   set(&Employee::department_id, std::stoi(r[7])));
    }
    execute(employees);
    auto projects = insert<Project>();
    for (const auto& r : read_csv("project")) {
      projects = projects.values(set(&Project::id, std::stoi(r[0])), set(&Project::name, r[1]),
                                 set(&Project::budget, std::stod(r[2])), set(&Project::status, r[3]));
    }
    execute(projects);
    auto assignments = insert<ProjectAssignment>();
    for (const auto& r : read_csv("project_assignment")) {
      assignments = assignments.values(
          set(&ProjectAssignment::id, std::stoi(r[0])), set(&ProjectAssignment::employee_id, std::stoi(r[1])),
          set(&ProjectAssignment::project_id, std::stoi(r[2])), set(&ProjectAssignment::role, r[3]),
          set(&ProjectAssignment::hours_allocated, std::stod(r[4])));
    }
    execute(assignments);
    if (pg()) {
      // Explicit ids do not advance PostgreSQL's SERIAL sequences; move them past the loaded ids, as
      // seed_queries.py does.
      for (const char* table : {"department", "employee", "project", "project_assignment"}) {
        conn_->execute(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT max(id) FROM {0}))",
                                   table));
      }
    }
  }

  bool pg() const { return GetParam() == Dialect::kPostgresql; }

  template <typename S>
  std::vector<std::string> execute(const S& stmt) {
    CompiledSql q = to_sql(stmt, dialect());
    sql::Result result = conn_->execute(q.sql, q.params);
    std::vector<std::string> rows;
    for (const auto& row : result.fetch_all()) rows.push_back(canonical(row));
    return rows;
  }

  // Rows in order; `any_order` compares them sorted (an ORDER BY that does not fix the order).
  template <typename S>
  void expect_rows(const S& stmt, const std::string& sqlite_file, const std::string& pg_file,
                   bool any_order = false) {
    auto got = execute(stmt);
    auto want = expected_rows(pg() ? pg_file + ".postgresql" : sqlite_file);
    ASSERT_FALSE(want.empty()) << sqlite_file;
    if (any_order) {
      std::sort(got.begin(), got.end());
      std::sort(want.begin(), want.end());
    }
    EXPECT_EQ(got, want) << (pg() ? pg_file : sqlite_file) << " on " << dialect_name(dialect());
  }

};

TEST_P(Run, NotebookQueries) {
  // On PostgreSQL, 01 and 03 run because round() of a double compiles to round(CAST(x AS NUMERIC), n): their
  // rows are those of SQLAlchemy's portable spellings 01p and 03p.
  expect_rows(testing::q01(), "01_dept_salary_stats", "01p_dept_salary_stats_portable");
  expect_rows(testing::q01p(), "01p_dept_salary_stats_portable", "01p_dept_salary_stats_portable");
  // 02 orders by dept_name only: PostgreSQL's order within a department is not fixed (COMPARISON.md).
  expect_rows(testing::q02(), "02_top2_per_dept", "02_top2_per_dept", pg());
  expect_rows(testing::q03(), "03_salary_bands", "03p_salary_bands_portable");
  expect_rows(testing::q03p(), "03p_salary_bands_portable", "03p_salary_bands_portable");
}

TEST_P(Run, SeedQueries) {
  expect_rows(testing::q04(), "04_outer_join_all_departments", "04_outer_join_all_departments");
  expect_rows(testing::q05(), "05_project_hours_having", "05_project_hours_having");
  expect_rows(testing::q06(), "06_correlated_above_dept_avg", "06_correlated_above_dept_avg");
  expect_rows(testing::q07(), "07_cte_employee_hours", "07_cte_employee_hours");
  expect_rows(testing::q08(), "08_recursive_cte_hires_per_year", "08_recursive_cte_hires_per_year");
  expect_rows(testing::q09(), "09_self_join_same_dept_pairs", "09_self_join_same_dept_pairs");
  expect_rows(testing::q13(), "13_raw_float_aggregates", "13_raw_float_aggregates");
}

TEST_P(Run, UpdateUpsertDelete) {
  // UPDATE ... WHERE: employee 1's salary from the CSV (119905.95578464524), doubled.
  execute(update<Employee>().set(set(&Employee::salary, col(&Employee::salary) * 2)).where(col(&Employee::id) == 1));
  EXPECT_EQ(execute(select(col(&Employee::salary)).where(col(&Employee::id) == 1)),
            (std::vector<std::string>{"[" + python_float(119905.95578464524 * 2) + "]"}));
  // Now the top earner (the CSV's maximum is 133336.67...).
  EXPECT_EQ(execute(select(col(&Employee::id), row_number().over(window().order_by(desc(&Employee::salary))).as("rn"))
                        .order_by(asc("rn"))
                        .limit(1)),
            (std::vector<std::string>{"[1, 1]"}));
  // Upsert on the unique name: the location changes, no row is added.
  auto upsert = insert<Department>()
                    .values(set(&Department::id, 1), set(&Department::name, "Engineering"),
                            set(&Department::location, "Oslo"))
                    .on_conflict_do_update(columns(&Department::name),
                                           set(&Department::location, excluded(&Department::location)))
                    .returning(col(&Department::id), col(&Department::location));
  EXPECT_EQ(execute(upsert), (std::vector<std::string>{"[1, \"Oslo\"]"}));
  EXPECT_EQ(execute(select(count()).select_from<Department>()), (std::vector<std::string>{"[5]"}));
  // DELETE ... WHERE with BETWEEN; the count is computed from the CSV.
  size_t n = 0;
  for (const auto& r : read_csv("project_assignment")) n += std::stod(r[4]) >= 100 && std::stod(r[4]) <= 200;
  auto deleted = execute(delete_from<ProjectAssignment>()
                             .where(col(&ProjectAssignment::hours_allocated).between(100, 200))
                             .returning(col(&ProjectAssignment::id)));
  EXPECT_EQ(deleted.size(), n);
  // DELETE with a correlated NOT EXISTS: a new department without employees is the only one deleted.
  execute(insert<Department>().values(set(&Department::id, 99), set(&Department::name, "Empty")));
  execute(delete_from<Department>().where(
      !exists(select(col(&Employee::id)).where(col(&Employee::department_id) == col(&Department::id)))));
  EXPECT_EQ(execute(select(count()).select_from<Department>()), (std::vector<std::string>{"[5]"}));
  // INSERT ... SELECT
  execute(insert<Project>().from_select(columns(&Project::name, &Project::budget, &Project::status),
                                        select(concat(col(&Department::name), " project"), literal(0.0),
                                               literal("planned"))
                                            .where(col(&Department::id) <= 2)));
  EXPECT_EQ(execute(select(col(&Project::name)).where(col(&Project::status) == "planned").order_by(&Project::name)),
            (std::vector<std::string>{"[\"Engineering project\"]", "[\"Marketing project\"]"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, Run, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

}  // namespace
}  // namespace strata::orm
