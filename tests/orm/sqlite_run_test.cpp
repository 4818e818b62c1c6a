// Runs the compiled SQL on SQLite (:memory:) through the raw sqlite3 C API: create_all's DDL, the seed rows
// inserted with the DSL's multi-row INSERT, then the seed queries, whose rows must equal the rows SQLAlchemy
// got from SQLite (../shared/seed/expected/<name>.json, canonical JSON). The sql/ driver layer had not landed
// when this was written; this test binds values itself (Timestamp as SQLAlchemy's SQLite text form
// "YYYY-MM-DD HH:MM:SS.ffffff") and is to move onto sql::Connection once that exists.
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "orm/models.h"
#include "orm/seed_queries.h"
#include "strata/core/text_format.h"
#include "strata/orm/orm.h"
#include "support/test_support.h"

namespace strata::orm {
namespace {

std::string python_float(double d) {
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

class Sqlite {
 public:
  Sqlite() {
    if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open failed");
  }
  ~Sqlite() { sqlite3_close(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  // Run one statement; the rows in canonical JSON, one "[...]" per row.
  std::vector<std::string> run(const CompiledSql& q) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, q.sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << "\n" << q.sql;
      return {};
    }
    for (size_t i = 0; i < q.params.size(); ++i) bind(stmt, static_cast<int>(i + 1), q.params[i]);
    std::vector<std::string> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::string row = "[";
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        if (c > 0) row += ", ";
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            row += std::to_string(sqlite3_column_int64(stmt, c));
            break;
          case SQLITE_FLOAT:
            row += python_float(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_NULL:
            row += "null";
            break;
          default:
            text::append_json_string(row, reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
        }
      }
      rows.push_back(row + "]");
    }
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_) << "\n" << q.sql;
    sqlite3_finalize(stmt);
    return rows;
  }
  void exec(const std::string& sql) { run(CompiledSql{sql, {}}); }

 private:
  void bind(sqlite3_stmt* stmt, int index, const Value& v) {
    int rc = std::visit(
        [&](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::monostate>) {
            return sqlite3_bind_null(stmt, index);
          } else if constexpr (std::is_same_v<X, bool> || std::is_same_v<X, int32_t> || std::is_same_v<X, int64_t>) {
            return sqlite3_bind_int64(stmt, index, static_cast<sqlite3_int64>(x));
          } else if constexpr (std::is_same_v<X, double>) {
            return sqlite3_bind_double(stmt, index, x);
          } else if constexpr (std::is_same_v<X, std::string>) {
            return sqlite3_bind_text(stmt, index, x.data(), static_cast<int>(x.size()), SQLITE_TRANSIENT);
          } else if constexpr (std::is_same_v<X, Date>) {
            std::string s;
            text::append_date(s, x.days);
            return sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
          } else {
            std::string s;
            text::append_timestamp(s, x.micros, 1000000, ' ');
            if (s.size() == 19) s += ".000000";
            return sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
          }
        },
        v);
    EXPECT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db_);
  }

  sqlite3* db_ = nullptr;
};

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

Timestamp parse_timestamp(const std::string& s) {  // "2020-08-19T00:00:00"
  int64_t days = text::days_from_civil(std::stoi(s.substr(0, 4)), static_cast<unsigned>(std::stoi(s.substr(5, 2))),
                                       static_cast<unsigned>(std::stoi(s.substr(8, 2))));
  int64_t seconds = std::stoi(s.substr(11, 2)) * 3600 + std::stoi(s.substr(14, 2)) * 60 + std::stoi(s.substr(17, 2));
  return Timestamp{(days * 86400 + seconds) * 1000000};
}

std::string expected_json(const std::string& name) {
  std::ifstream in((strata::testing::shared_dir() / "seed/expected" / (name + ".json")).string());
  EXPECT_TRUE(in.good()) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string as_json(const std::vector<std::string>& rows) {
  if (rows.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < rows.size(); ++i) out += rows[i] + (i + 1 < rows.size() ? ",\n" : "\n");
  return out + "]\n";
}

class SqliteRun : public ::testing::Test {
 protected:
  void SetUp() override {
    auto md = Metadata::of<Department, Employee, Project, ProjectAssignment>();
    for (const std::string& sql : md.drop_all(Dialect::kSqlite)) db_.exec(sql);
    for (const std::string& sql : md.create_all(Dialect::kSqlite)) db_.exec(sql);
    db_.exec("BEGIN");
    auto departments = insert<Department>();
    for (const auto& r : read_csv("department")) {
      departments = departments.values(set(&Department::id, std::stoi(r[0])), set(&Department::name, r[1]),
                                       set(&Department::location, r[2]));
    }
    db_.run(to_sql(departments, Dialect::kSqlite));
    auto employees = insert<Employee>();
    for (const auto& r : read_csv("employee")) {
      employees = employees.values(set(&Employee::id, std::stoi(r[0])), set(&Employee::first_name, r[1]),
                                   set(&Employee::last_name, r[2]), set(&Employee::email, r[3]),
                                   set(&Employee::salary, std::stod(r[4])), set(&Employee::hire_date, parse_timestamp(r[5])),
                                   set(&Employee::is_active, r[6] == "True"),
                                   set(&Employee::department_id, std::stoi(r[7])));
    }
    db_.run(to_sql(employees, Dialect::kSqlite));
    auto projects = insert<Project>();
    for (const auto& r : read_csv("project")) {
      projects = projects.values(set(&Project::id, std::stoi(r[0])), set(&Project::name, r[1]),
                                 set(&Project::budget, std::stod(r[2])), set(&Project::status, r[3]));
    }
    db_.run(to_sql(projects, Dialect::kSqlite));
    auto assignments = insert<ProjectAssignment>();
    for (const auto& r : read_csv("project_assignment")) {
      assignments = assignments.values(
          set(&ProjectAssignment::id, std::stoi(r[0])), set(&ProjectAssignment::employee_id, std::stoi(r[1])),
          set(&ProjectAssignment::project_id, std::stoi(r[2])), set(&ProjectAssignment::role, r[3]),
          set(&ProjectAssignment::hours_allocated, std::stod(r[4])));
    }
    db_.run(to_sql(assignments, Dialect::kSqlite));
    db_.exec("COMMIT");
  }

  template <typename S>
  void expect_rows(const S& stmt, const std::string& name) {
    EXPECT_EQ(as_json(db_.run(to_sql(stmt, Dialect::kSqlite))), expected_json(name)) << name;
  }

  Sqlite db_;
};

TEST_F(SqliteRun, SeedRowsLoaded) {
  EXPECT_EQ(db_.run(to_sql(select(count()).select_from<Employee>(), Dialect::kSqlite)), (std::vector<std::string>{"[50]"}));
  EXPECT_EQ(db_.run(to_sql(select(col(&Employee::hire_date)).where(col(&Employee::id) == 1), Dialect::kSqlite)),
            (std::vector<std::string>{"[\"2020-08-19 00:00:00.000000\"]"}));
}

TEST_F(SqliteRun, NotebookQueries) {
  expect_rows(testing::q01(), "01_dept_salary_stats");
  expect_rows(testing::q01p(), "01p_dept_salary_stats_portable");
  expect_rows(testing::q02(), "02_top2_per_dept");
  expect_rows(testing::q03(), "03_salary_bands");
  expect_rows(testing::q03p(), "03p_salary_bands_portable");
}

TEST_F(SqliteRun, SeedQueries) {
  expect_rows(testing::q04(), "04_outer_join_all_departments");
  expect_rows(testing::q05(), "05_project_hours_having");
  expect_rows(testing::q06(), "06_correlated_above_dept_avg");
  expect_rows(testing::q07(), "07_cte_employee_hours");
  expect_rows(testing::q08(), "08_recursive_cte_hires_per_year");
  expect_rows(testing::q09(), "09_self_join_same_dept_pairs");
  expect_rows(testing::q13(), "13_raw_float_aggregates");
}

TEST_F(SqliteRun, UpdateUpsertDelete) {
  // UPDATE ... WHERE: employee 1's salary from the CSV, doubled.
  db_.run(to_sql(update<Employee>().set(set(&Employee::salary, col(&Employee::salary) * 2)).where(col(&Employee::id) == 1),
                 Dialect::kSqlite));
  EXPECT_EQ(db_.run(to_sql(select(col(&Employee::salary)).where(col(&Employee::id) == 1), Dialect::kSqlite)),
            (std::vector<std::string>{"[" + python_float(119905.95578464524 * 2) + "]"}));
  // Upsert on the unique name: the location changes, no row is added.
  auto upsert = insert<Department>()
                    .values(set(&Department::name, "Engineering"), set(&Department::location, "Oslo"))
                    .on_conflict_do_update(columns(&Department::name),
                                           set(&Department::location, excluded(&Department::location)));
  db_.run(to_sql(upsert, Dialect::kSqlite));
  EXPECT_EQ(db_.run(to_sql(select(col(&Department::location), count().over(window())).where(col(&Department::id) == 1),
                           Dialect::kSqlite)),
            (std::vector<std::string>{"[\"Oslo\", 1]"}));
  EXPECT_EQ(db_.run(to_sql(select(count()).select_from<Department>(), Dialect::kSqlite)),
            (std::vector<std::string>{"[5]"}));
  // DELETE with a correlated NOT EXISTS: a new department without employees is the only one deleted.
  db_.run(to_sql(insert<Department>().values(set(&Department::name, "Empty")), Dialect::kSqlite));
  auto del = delete_from<Department>().where(
      !exists(select(col(&Employee::id)).where(col(&Employee::department_id) == col(&Department::id))));
  db_.run(to_sql(del, Dialect::kSqlite));
  EXPECT_EQ(db_.run(to_sql(select(col(&Department::name)).order_by(&Department::id), Dialect::kSqlite)).size(), 5u);
  // A window function: employee 1's doubled salary (239811.9) is now above the CSV's maximum (133336.7).
  auto top = select(col(&Employee::id),
                    row_number().over(window().order_by(desc(&Employee::salary), &Employee::id)).as("rn"))
                 .order_by(asc("rn"))
                 .limit(1);
  EXPECT_EQ(db_.run(to_sql(top, Dialect::kSqlite)), (std::vector<std::string>{"[1, 1]"}));
}

}  // namespace
}  // namespace strata::orm
