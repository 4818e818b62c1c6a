// Issue 4's ORM bench: insert 100,000 employees in 50 departments and 500,000 project assignments (over 10
// projects) through orm::Session, beside hand-written code on the raw sqlite3 C API and raw libpq doing the
// same inserts (ids read back for the foreign keys), in one transaction each; then load every employee with its
// department eagerly (Session joined() loading vs a raw JOIN building the same objects).
// SQLite: a file in /tmp (WAL, as sql::connect opens it). PostgreSQL: STRATA_PG_URL, else a throw-away server.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/models.h"
#include "strata/orm/orm.h"
#include "strata/orm/session.h"
#include "strata/sql/sql.h"
#include "support/pg_server.h"

namespace {

using namespace strata;
using namespace strata::orm;

constexpr int kDepartments = 50;
constexpr int kEmployees = 100'000;
constexpr int kProjects = 10;
constexpr int kAssignments = 500'000;

std::string pg_url() {
  if (const char* u = std::getenv("STRATA_PG_URL")) return u;
  return strata::testing::PgServer::instance().url();
}
std::string sqlite_path() { return (std::filesystem::temp_directory_path() / "strata_orm_bench.db").string(); }

Timestamp hire(int i) { return Timestamp{int64_t{1577836800} * 1000000 + int64_t{i % 1000} * 86400000000}; }
double salary(int i) { return 40000.0 + (i % 997) * 91.5; }

// A fresh schema (create_all's DDL) on `url`.
std::unique_ptr<sql::Connection> fresh(const std::string& url) {
  if (url.starts_with("sqlite")) std::filesystem::remove(sqlite_path());
  auto conn = sql::connect(url);
  auto md = Metadata::of<Department, Employee, Project, ProjectAssignment>();
  for (const std::string& s : md.drop_all(conn->dialect())) conn->execute(s);
  for (const std::string& s : md.create_all(conn->dialect())) conn->execute(s);
  return conn;
}
std::string sqlite_url() { return "sqlite://" + sqlite_path(); }

// -------------------------------------------------------------------------------------------- session
void session_insert(sql::Connection& conn, bool assignments) {
  Session s(conn);
  std::vector<Department*> ds;
  for (int i = 0; i < kDepartments; ++i) ds.push_back(s.add(Department{.name = "dept_" + std::to_string(i)}));
  std::vector<Employee*> es;
  es.reserve(kEmployees);
  for (int i = 0; i < kEmployees; ++i) {
    Employee* e = s.add(Employee{.first_name = "F" + std::to_string(i), .last_name = "L" + std::to_string(i),
                                 .email = "e" + std::to_string(i) + "@co.com", .salary = salary(i),
                                 .hire_date = hire(i)});
    s.link(e, &Employee::department, ds[static_cast<size_t>(i % kDepartments)]);
    es.push_back(e);
  }
  if (assignments) {
    std::vector<Project*> ps;
    for (int i = 0; i < kProjects; ++i) ps.push_back(s.add(Project{.name = "P" + std::to_string(i), .budget = 1e6}));
    for (int i = 0; i < kAssignments; ++i) {
      auto* a = s.add(ProjectAssignment{.role = "Dev", .hours_allocated = 10.0 + i % 100});
      s.link(a, &ProjectAssignment::employee, es[static_cast<size_t>(i % kEmployees)]);
      s.link(a, &ProjectAssignment::project, ps[static_cast<size_t>(i % kProjects)]);
    }
  }
  s.commit();
}

void BM_SqliteSessionInsert(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto conn = fresh(sqlite_url());
    state.ResumeTiming();
    session_insert(*conn, true);
  }
}
void BM_PgSessionInsert(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    auto conn = fresh(pg_url());
    state.ResumeTiming();
    session_insert(*conn, true);
  }
}

// ------------------------------------------------------------------------------------------ raw sqlite
void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

void BM_SqliteRawInsert(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    fresh(sqlite_url());
    state.ResumeTiming();
    sqlite3* db = nullptr;
    check(sqlite3_open(sqlite_path().c_str(), &db), db);
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; BEGIN", nullptr, nullptr, nullptr), db);
    sqlite3_stmt* st = nullptr;
    std::vector<int64_t> dept_ids, emp_ids, proj_ids;
    check(sqlite3_prepare_v2(db, "INSERT INTO department (name, location) VALUES (?, ?)", -1, &st, nullptr), db);
    for (int i = 0; i < kDepartments; ++i) {
      std::string name = "dept_" + std::to_string(i);
      sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_bind_null(st, 2);
      check(sqlite3_step(st), db);
      sqlite3_reset(st);
      dept_ids.push_back(sqlite3_last_insert_rowid(db));
    }
    sqlite3_finalize(st);
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO employee (first_name, last_name, email, salary, hire_date, is_active, "
                             "department_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             -1, &st, nullptr),
          db);
    emp_ids.reserve(kEmployees);
    for (int i = 0; i < kEmployees; ++i) {
      std::string f = "F" + std::to_string(i), l = "L" + std::to_string(i), e = "e" + std::to_string(i) + "@co.com";
      std::string h = sql::format_timestamp(hire(i));
      sqlite3_bind_text(st, 1, f.data(), static_cast<int>(f.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, l.data(), static_cast<int>(l.size()), SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 3, e.data(), static_cast<int>(e.size()), SQLITE_TRANSIENT);
      sqlite3_bind_double(st, 4, salary(i));
      sqlite3_bind_text(st, 5, h.data(), static_cast<int>(h.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int(st, 6, 1);
      sqlite3_bind_int64(st, 7, dept_ids[static_cast<size_t>(i % kDepartments)]);
      check(sqlite3_step(st), db);
      sqlite3_reset(st);
      emp_ids.push_back(sqlite3_last_insert_rowid(db));
    }
    sqlite3_finalize(st);
    check(sqlite3_prepare_v2(db, "INSERT INTO project (name, budget, status) VALUES (?, ?, ?)", -1, &st, nullptr), db);
    for (int i = 0; i < kProjects; ++i) {
      std::string name = "P" + std::to_string(i);
      sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
      sqlite3_bind_double(st, 2, 1e6);
      sqlite3_bind_text(st, 3, "active", 6, SQLITE_STATIC);
      check(sqlite3_step(st), db);
      sqlite3_reset(st);
      proj_ids.push_back(sqlite3_last_insert_rowid(db));
    }
    sqlite3_finalize(st);
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO project_assignment (employee_id, project_id, role, hours_allocated) "
                             "VALUES (?, ?, ?, ?)",
                             -1, &st, nullptr),
          db);
    for (int i = 0; i < kAssignments; ++i) {
      sqlite3_bind_int64(st, 1, emp_ids[static_cast<size_t>(i % kEmployees)]);
      sqlite3_bind_int64(st, 2, proj_ids[static_cast<size_t>(i % kProjects)]);
      sqlite3_bind_text(st, 3, "Dev", 3, SQLITE_STATIC);
      sqlite3_bind_double(st, 4, 10.0 + i % 100);
      check(sqlite3_step(st), db);
      sqlite3_reset(st);
      benchmark::DoNotOptimize(sqlite3_last_insert_rowid(db));
    }
    sqlite3_finalize(st);
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    sqlite3_close(db);
  }
}

// ------------------------------------------------------------------------------------------- raw libpq
PGresult* pg_check(PGresult* r, PGconn* c) {
  auto s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
    std::string m = PQerrorMessage(c);
    PQclear(r);
    throw std::runtime_error(m);
  }
  return r;
}

// Multi-row INSERT ... RETURNING id with text parameters, `rows` rows per statement: the hand-written batch.
template <typename Row>
std::vector<int64_t> pg_insert(PGconn* c, const std::string& table, const std::vector<std::string>& cols, int n,
                               Row row, bool returning) {
  std::vector<int64_t> ids;
  const int chunk = 1000;
  for (int a = 0; a < n; a += chunk) {
    const int m = std::min(chunk, n - a);
    std::string sql = "INSERT INTO " + table + " (";
    for (size_t k = 0; k < cols.size(); ++k) sql += (k ? ", " : "") + cols[k];
    sql += ") VALUES ";
    std::vector<std::string> values;
    int ph = 1;
    for (int r = 0; r < m; ++r) {
      sql += r ? ", (" : "(";
      for (size_t k = 0; k < cols.size(); ++k) sql += (k ? ", $" : "$") + std::to_string(ph++);
      sql += ")";
      row(a + r, values);
    }
    if (returning) sql += " RETURNING id";
    std::vector<const char*> ptrs;
    for (auto& v : values) ptrs.push_back(v.c_str());
    PGresult* r = pg_check(PQexecParams(c, sql.c_str(), static_cast<int>(ptrs.size()), nullptr, ptrs.data(), nullptr,
                                        nullptr, 0),
                           c);
    if (returning) {
      for (int k = 0; k < PQntuples(r); ++k) ids.push_back(std::atoll(PQgetvalue(r, k, 0)));
    }
    PQclear(r);
  }
  return ids;
}

void BM_PgRawInsert(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    fresh(pg_url());
    state.ResumeTiming();
    PGconn* c = PQconnectdb(pg_url().c_str());
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
    PQclear(pg_check(PQexec(c, "BEGIN"), c));
    auto depts = pg_insert(c, "department", {"name"}, kDepartments,
                           [](int i, std::vector<std::string>& v) { v.push_back("dept_" + std::to_string(i)); }, true);
    auto emps = pg_insert(
        c, "employee", {"first_name", "last_name", "email", "salary", "hire_date", "is_active", "department_id"},
        kEmployees,
        [&](int i, std::vector<std::string>& v) {
          v.push_back("F" + std::to_string(i));
          v.push_back("L" + std::to_string(i));
          v.push_back("e" + std::to_string(i) + "@co.com");
          v.push_back(fmt::format("{}", salary(i)));
          v.push_back(sql::format_timestamp(hire(i)));
          v.push_back("t");
          v.push_back(std::to_string(depts[static_cast<size_t>(i % kDepartments)]));
        },
        true);
    auto projs = pg_insert(c, "project", {"name", "budget", "status"}, kProjects,
                           [](int i, std::vector<std::string>& v) {
                             v.push_back("P" + std::to_string(i));
                             v.push_back("1000000");
                             v.push_back("active");
                           },
                           true);
    pg_insert(c, "project_assignment", {"employee_id", "project_id", "role", "hours_allocated"}, kAssignments,
              [&](int i, std::vector<std::string>& v) {
                v.push_back(std::to_string(emps[static_cast<size_t>(i % kEmployees)]));
                v.push_back(std::to_string(projs[static_cast<size_t>(i % kProjects)]));
                v.push_back("Dev");
                v.push_back(std::to_string(10 + i % 100));
              },
              true);
    PQclear(pg_check(PQexec(c, "COMMIT"), c));
    PQfinish(c);
  }
}

// ----------------------------------------------------------------------------------------- eager load
const char* const kJoinSql =
    "SELECT employee.id, employee.first_name, employee.last_name, employee.email, employee.salary, "
    "employee.hire_date, employee.is_active, employee.department_id, department.id, department.name, "
    "department.location FROM employee LEFT OUTER JOIN department ON department.id = employee.department_id";

struct Loaded {
  std::vector<std::unique_ptr<Department>> departments;
  std::vector<std::unique_ptr<Employee>> employees;
};

void BM_SqliteSessionEager(benchmark::State& state) {
  { auto conn = fresh(sqlite_url()); session_insert(*conn, false); }
  auto conn = sql::connect(sqlite_url());
  for (auto _ : state) {
    Session s(*conn);
    auto es = s.execute(select<Employee>(), joined(&Employee::department));
    if (es.size() != kEmployees) throw std::runtime_error("wrong count");
    s.commit();
  }
}

void BM_SqliteRawEager(benchmark::State& state) {
  { auto conn = fresh(sqlite_url()); session_insert(*conn, false); }
  for (auto _ : state) {
    sqlite3* db = nullptr;
    check(sqlite3_open(sqlite_path().c_str(), &db), db);
    sqlite3_stmt* st = nullptr;
    check(sqlite3_prepare_v2(db, kJoinSql, -1, &st, nullptr), db);
    Loaded out;
    std::unordered_map<int64_t, Department*> by_id;
    while (sqlite3_step(st) == SQLITE_ROW) {
      auto e = std::make_unique<Employee>();
      e->id = sqlite3_column_int(st, 0);
      e->first_name = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      e->last_name = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
      e->email = reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
      e->salary = sqlite3_column_double(st, 4);
      sql::parse_timestamp(reinterpret_cast<const char*>(sqlite3_column_text(st, 5)), &e->hire_date);
      e->is_active = sqlite3_column_int(st, 6) != 0;
      e->department_id = sqlite3_column_int(st, 7);
      const int64_t d = sqlite3_column_int64(st, 8);
      auto it = by_id.find(d);
      if (it == by_id.end()) {
        auto dep = std::make_unique<Department>();
        dep->id = static_cast<int32_t>(d);
        dep->name = reinterpret_cast<const char*>(sqlite3_column_text(st, 9));
        if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
          dep->location = reinterpret_cast<const char*>(sqlite3_column_text(st, 10));
        }
        it = by_id.emplace(d, dep.get()).first;
        out.departments.push_back(std::move(dep));
      }
      e->department.set(it->second);
      out.employees.push_back(std::move(e));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (out.employees.size() != kEmployees) throw std::runtime_error("wrong count");
  }
}

void BM_PgSessionEager(benchmark::State& state) {
  { auto conn = fresh(pg_url()); session_insert(*conn, false); }
  auto conn = sql::connect(pg_url());
  for (auto _ : state) {
    Session s(*conn);
    auto es = s.execute(select<Employee>(), joined(&Employee::department));
    if (es.size() != kEmployees) throw std::runtime_error("wrong count");
    s.commit();
  }
}

void BM_PgRawEager(benchmark::State& state) {
  { auto conn = fresh(pg_url()); session_insert(*conn, false); }
  PGconn* c = PQconnectdb(pg_url().c_str());
  if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
  for (auto _ : state) {
    PGresult* r = pg_check(PQexec(c, kJoinSql), c);
    Loaded out;
    std::unordered_map<int64_t, Department*> by_id;
    const int n = PQntuples(r);
    for (int i = 0; i < n; ++i) {
      auto e = std::make_unique<Employee>();
      e->id = std::atoi(PQgetvalue(r, i, 0));
      e->first_name = PQgetvalue(r, i, 1);
      e->last_name = PQgetvalue(r, i, 2);
      e->email = PQgetvalue(r, i, 3);
      e->salary = std::strtod(PQgetvalue(r, i, 4), nullptr);
      sql::parse_timestamp(PQgetvalue(r, i, 5), &e->hire_date);
      e->is_active = PQgetvalue(r, i, 6)[0] == 't';
      e->department_id = std::atoi(PQgetvalue(r, i, 7));
      const int64_t d = std::atoll(PQgetvalue(r, i, 8));
      auto it = by_id.find(d);
      if (it == by_id.end()) {
        auto dep = std::make_unique<Department>();
        dep->id = static_cast<int32_t>(d);
        dep->name = PQgetvalue(r, i, 9);
        if (!PQgetisnull(r, i, 10)) dep->location = PQgetvalue(r, i, 10);
        it = by_id.emplace(d, dep.get()).first;
        out.departments.push_back(std::move(dep));
      }
      e->department.set(it->second);
      out.employees.push_back(std::move(e));
    }
    PQclear(r);
    if (out.employees.size() != kEmployees) throw std::runtime_error("wrong count");
  }
  PQfinish(c);
}

}  // namespace

BENCHMARK(BM_SqliteRawInsert)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_SqliteSessionInsert)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_PgRawInsert)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_PgSessionInsert)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(BM_SqliteRawEager)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_SqliteSessionEager)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_PgRawEager)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_PgSessionEager)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

BENCHMARK_MAIN();
