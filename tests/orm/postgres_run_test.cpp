// Runs the compiled SQL on a real PostgreSQL 15 server through raw libpq: create_all's DDL, the seed rows
// inserted with the DSL's multi-row INSERT, the seed queries (rows compared with SQLAlchemy's
// ../shared/seed/expected/<name>.postgresql.json), and DML. Parameters are bound with the type their Value
// says (int32 -> int4, int64 -> int8, double -> float8, text -> text, bool, timestamp), in text format; that
// is what makes round(CAST(x AS NUMERIC), $n) and `SELECT $1 AS y` in a recursive CTE work (COMPARISON.md).
//
// The test starts its own server (initdb into a temporary folder, a unix socket there, stopped at the end;
// as the postgres user when run as root). The sql/ layer's harness is to replace this once it lands.
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
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

const char* const kPgBin = "/usr/lib/postgresql/15/bin";

std::string python_float(double d) {
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

class PgServer {
 public:
  PgServer() {
    if (!std::filesystem::exists(std::string(kPgBin) + "/initdb")) return;
    char tmpl[] = "/tmp/strata-orm-pg-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return;
    dir_ = tmpl;
    const bool root = geteuid() == 0;
    if (root) run(fmt::format("chown postgres {}", dir_));
    const std::string as = root ? "su postgres -s /bin/sh -c " : "sh -c ";
    if (run(as + "'" + fmt::format("{}/initdb -D {}/data -A trust -U postgres --no-sync -E UTF8 --locale=C", kPgBin,
                                   dir_) +
            " >" + dir_ + "/initdb.log 2>&1'") != 0) {
      return;
    }
    if (run(as + "'" + fmt::format("{}/pg_ctl -D {}/data -w -l {}/server.log -o \"-k {} -c listen_addresses= -p 5499 "
                                   "-c fsync=off\" start",
                                   kPgBin, dir_, dir_, dir_) +
            " >/dev/null 2>&1'") != 0) {
      return;
    }
    started_ = true;
    conninfo_ = fmt::format("host={} port=5499 user=postgres dbname=postgres options='-c client_min_messages=warning'", dir_);
  }
  ~PgServer() {
    if (dir_.empty()) return;
    const std::string as = geteuid() == 0 ? "su postgres -s /bin/sh -c " : "sh -c ";
    if (started_) run(as + "'" + fmt::format("{}/pg_ctl -D {}/data -w -m immediate stop", kPgBin, dir_) + " >/dev/null 2>&1'");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool started() const { return started_; }
  const std::string& conninfo() const { return conninfo_; }

 private:
  static int run(const std::string& cmd) { return std::system(cmd.c_str()); }
  std::string dir_;
  std::string conninfo_;
  bool started_ = false;
};

class Pg {
 public:
  explicit Pg(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) ADD_FAILURE() << PQerrorMessage(conn_);
  }
  ~Pg() { PQfinish(conn_); }
  Pg(const Pg&) = delete;
  Pg& operator=(const Pg&) = delete;

  std::vector<std::string> run(const CompiledSql& q) {
    std::vector<Oid> types;
    std::vector<std::string> texts;
    std::vector<const char*> values;
    for (const Value& v : q.params) {
      std::visit(
          [&](const auto& x) {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, std::monostate>) {
              types.push_back(0);
              texts.emplace_back();
            } else if constexpr (std::is_same_v<X, bool>) {
              types.push_back(16);
              texts.push_back(x ? "t" : "f");
            } else if constexpr (std::is_same_v<X, int32_t>) {
              types.push_back(23);
              texts.push_back(std::to_string(x));
            } else if constexpr (std::is_same_v<X, int64_t>) {
              types.push_back(20);
              texts.push_back(std::to_string(x));
            } else if constexpr (std::is_same_v<X, double>) {
              types.push_back(701);
              texts.push_back(fmt::format("{}", x));
            } else if constexpr (std::is_same_v<X, std::string>) {
              types.push_back(25);
              texts.push_back(x);
            } else if constexpr (std::is_same_v<X, Date>) {
              types.push_back(1082);
              std::string s;
              text::append_date(s, x.days);
              texts.push_back(s);
            } else {
              types.push_back(1114);
              std::string s;
              text::append_timestamp(s, x.micros, 1000000, ' ');
              texts.push_back(s);
            }
          },
          v);
    }
    for (size_t i = 0; i < q.params.size(); ++i) {
      values.push_back(std::holds_alternative<std::monostate>(q.params[i]) ? nullptr : texts[i].c_str());
    }
    PGresult* res = PQexecParams(conn_, q.sql.c_str(), static_cast<int>(values.size()), types.data(), values.data(),
                                 nullptr, nullptr, 0);
    std::vector<std::string> rows;
    const auto status = PQresultStatus(res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      ADD_FAILURE() << PQresultErrorMessage(res) << "\n" << q.sql;
      PQclear(res);
      return rows;
    }
    for (int r = 0; r < PQntuples(res); ++r) {
      std::string row = "[";
      for (int c = 0; c < PQnfields(res); ++c) {
        if (c > 0) row += ", ";
        if (PQgetisnull(res, r, c)) {
          row += "null";
          continue;
        }
        const char* v = PQgetvalue(res, r, c);
        switch (PQftype(res, c)) {
          case 20:
          case 21:
          case 23:
            row += v;
            break;
          case 700:
          case 701:
          case 1700:  // numeric: canonical JSON writes float(Decimal)
            row += python_float(std::strtod(v, nullptr));
            break;
          default:
            text::append_json_string(row, v);
        }
      }
      rows.push_back(row + "]");
    }
    PQclear(res);
    return rows;
  }
  void exec(const std::string& sql) { run(CompiledSql{sql, {}}); }

 private:
  PGconn* conn_;
};

std::vector<std::vector<std::string>> read_csv(const std::string& table) {
  std::ifstream in((strata::testing::shared_dir() / "seed/data" / (table + ".csv")).string());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
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
  int64_t days = text::days_from_civil(std::stoi(s.substr(0, 4)), static_cast<unsigned>(std::stoi(s.substr(5, 2))),
                                       static_cast<unsigned>(std::stoi(s.substr(8, 2))));
  int64_t seconds = std::stoi(s.substr(11, 2)) * 3600 + std::stoi(s.substr(14, 2)) * 60 + std::stoi(s.substr(17, 2));
  return Timestamp{(days * 86400 + seconds) * 1000000};
}

std::string expected_json(const std::string& name) {
  std::ifstream in((strata::testing::shared_dir() / "seed/expected" / (name + ".postgresql.json")).string());
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

class PostgresRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new PgServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    if (!server_->started()) GTEST_SKIP() << "could not start a PostgreSQL 15 server from " << kPgBin;
    db_ = std::make_unique<Pg>(server_->conninfo());
    auto md = Metadata::of<Department, Employee, Project, ProjectAssignment>();
    for (const std::string& sql : md.drop_all(Dialect::kPostgresql)) db_->exec(sql);
    for (const std::string& sql : md.create_all(Dialect::kPostgresql)) db_->exec(sql);
    auto departments = insert<Department>();
    for (const auto& r : read_csv("department")) {
      departments = departments.values(set(&Department::id, std::stoi(r[0])), set(&Department::name, r[1]),
                                       set(&Department::location, r[2]));
    }
    db_->run(to_sql(departments, Dialect::kPostgresql));
    auto employees = insert<Employee>();
    for (const auto& r : read_csv("employee")) {
      employees = employees.values(set(&Employee::id, std::stoi(r[0])), set(&Employee::first_name, r[1]),
                                   set(&Employee::last_name, r[2]), set(&Employee::email, r[3]),
                                   set(&Employee::salary, std::stod(r[4])), set(&Employee::hire_date, parse_timestamp(r[5])),
                                   set(&Employee::is_active, r[6] == "True"),
                                   set(&Employee::department_id, std::stoi(r[7])));
    }
    db_->run(to_sql(employees, Dialect::kPostgresql));
    auto projects = insert<Project>();
    for (const auto& r : read_csv("project")) {
      projects = projects.values(set(&Project::id, std::stoi(r[0])), set(&Project::name, r[1]),
                                 set(&Project::budget, std::stod(r[2])), set(&Project::status, r[3]));
    }
    db_->run(to_sql(projects, Dialect::kPostgresql));
    auto assignments = insert<ProjectAssignment>();
    for (const auto& r : read_csv("project_assignment")) {
      assignments = assignments.values(
          set(&ProjectAssignment::id, std::stoi(r[0])), set(&ProjectAssignment::employee_id, std::stoi(r[1])),
          set(&ProjectAssignment::project_id, std::stoi(r[2])), set(&ProjectAssignment::role, r[3]),
          set(&ProjectAssignment::hours_allocated, std::stod(r[4])));
    }
    db_->run(to_sql(assignments, Dialect::kPostgresql));
  }

  template <typename S>
  void expect_rows(const S& stmt, const std::string& name) {
    EXPECT_EQ(as_json(db_->run(to_sql(stmt, Dialect::kPostgresql))), expected_json(name)) << name;
  }

  static PgServer* server_;
  std::unique_ptr<Pg> db_;
};
PgServer* PostgresRun::server_ = nullptr;

TEST_F(PostgresRun, NotebookQueries) {
  // 01 and 03 run on PostgreSQL because round() of a double is compiled with a CAST to NUMERIC; their rows are
  // the rows of SQLAlchemy's portable spellings 01p / 03p.
  expect_rows(testing::q01(), "01p_dept_salary_stats_portable");
  expect_rows(testing::q01p(), "01p_dept_salary_stats_portable");
  expect_rows(testing::q03(), "03p_salary_bands_portable");
  expect_rows(testing::q03p(), "03p_salary_bands_portable");
  // 02 orders by dept_name only; PostgreSQL's order within a department is not fixed, so compare sorted rows.
  auto rows = db_->run(to_sql(testing::q02(), Dialect::kPostgresql));
  std::sort(rows.begin(), rows.end());
  std::string expected = expected_json("02_top2_per_dept");
  std::vector<std::string> want;
  std::stringstream ss(expected);
  for (std::string line; std::getline(ss, line);) {
    if (line.size() > 2 && line[0] == '[' && line[1] != '\n') want.push_back(line.back() == ',' ? line.substr(0, line.size() - 1) : line);
  }
  std::sort(want.begin(), want.end());
  EXPECT_EQ(rows, want);
}

TEST_F(PostgresRun, SeedQueries) {
  expect_rows(testing::q04(), "04_outer_join_all_departments");
  expect_rows(testing::q05(), "05_project_hours_having");
  expect_rows(testing::q06(), "06_correlated_above_dept_avg");
  expect_rows(testing::q07(), "07_cte_employee_hours");
  expect_rows(testing::q08(), "08_recursive_cte_hires_per_year");
  expect_rows(testing::q09(), "09_self_join_same_dept_pairs");
  expect_rows(testing::q13(), "13_raw_float_aggregates");
}

TEST_F(PostgresRun, UpsertAndDelete) {
  auto upsert = insert<Department>()
                    .values(set(&Department::id, 1), set(&Department::name, "Engineering"), set(&Department::location, "Oslo"))
                    .on_conflict_do_update(columns(&Department::name),
                                           set(&Department::location, excluded(&Department::location)))
                    .returning(col(&Department::id), col(&Department::location));
  EXPECT_EQ(db_->run(to_sql(upsert, Dialect::kPostgresql)), (std::vector<std::string>{"[1, \"Oslo\"]"}));
  auto del = delete_from<ProjectAssignment>()
                 .where(col(&ProjectAssignment::hours_allocated).between(100, 200))
                 .returning(col(&ProjectAssignment::id));
  auto deleted = db_->run(to_sql(del, Dialect::kPostgresql));
  // Independent count from the CSV.
  size_t n = 0;
  for (const auto& r : read_csv("project_assignment")) n += std::stod(r[4]) >= 100 && std::stod(r[4]) <= 200;
  EXPECT_EQ(deleted.size(), n);
}

}  // namespace
}  // namespace strata::orm
