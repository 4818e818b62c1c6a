// Issue 5's bench: the notebook's three queries (tour/notebook_models.h: headcount and salary by department,
// the top two earners per department through rank() over a subquery, salary bands through CASE) plus the
// ranked subquery read whole (one row per active employee: the case where materialisation dominates), on the
// scaled seed data set (../shared/seed/seed_data.py --scale 2000: 100 departments, 100,000 employees), loaded
// once into a SQLite file and into PostgreSQL. Each query is materialised
//   (a) into typed rows: orm::execute(conn, stmt).all()  vs  the raw C API building the same plain structs;
//   (b) into a columnar table: orm::execute(conn, stmt).to_table()  vs  the raw C API appending to builders;
// the raw side runs the very SQL text and parameters the ORM compiled (to_sql), prepared once (as the drivers'
// statement caches do), PostgreSQL results in binary. ORM and raw runs alternate (ABBA...) in the same process,
// and their results are checked equal before timing. Prints the median thread CPU time and wall time of each
// and the ratios ORM / raw.
//
//   orm_query_bench [--data DIR] [--rounds N] [--only sqlite|postgresql] [--filter QUERY-NAME-PART]
//                 [--profile orm|raw]   (one side only, for perf record)
// DIR defaults to /tmp/strata_orm_query_bench/data_scale2000 (generated with /usr/bin/python3 when missing).
// PostgreSQL: STRATA_PG_URL, else a throw-away server (tests/support/pg_server.h).
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"
#include "strata/orm/orm.h"
#include "strata/orm/result.h"
#include "strata/sql/bridge.h"
#include "strata/sql/sql.h"
#include "strata/tour/notebook_models.h"
#include "support/pg_server.h"

namespace {

using namespace strata;       // NOLINT(google-build-using-namespace)
using namespace strata::orm;  // NOLINT(google-build-using-namespace)
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------------------------------------ data
std::vector<std::vector<std::string>> read_csv(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    rows.push_back(std::move(f));
  }
  return rows;
}

columnar::Table table_of(std::vector<std::string> names, std::vector<columnar::Array> arrays) {
  std::vector<columnar::FieldPtr> fields;
  std::vector<columnar::ChunkedArray> cols;
  for (size_t i = 0; i < names.size(); ++i) {
    fields.push_back(columnar::field(names[i], arrays[i].type()));
    cols.emplace_back(arrays[i]);
  }
  return columnar::Table(columnar::schema(std::move(fields)), std::move(cols));
}

// department and employee (the only tables the three queries read) as columnar tables, for sql::bulk_load.
std::pair<columnar::Table, columnar::Table> load_csvs(const fs::path& dir) {
  columnar::Int32Builder did;
  columnar::StringBuilder dname, dloc;
  for (const auto& r : read_csv(dir / "department.csv")) {
    did.append(std::stoi(r.at(0)));
    dname.append(r.at(1));
    dloc.append(r.at(2));
  }
  columnar::Int32Builder eid, edept;
  columnar::StringBuilder first, last, email;
  columnar::DoubleBuilder salary;
  columnar::Int64Builder hire(columnar::timestamp(columnar::TimeUnit::kMicro));
  columnar::BooleanBuilder active;
  for (const auto& r : read_csv(dir / "employee.csv")) {
    eid.append(std::stoi(r.at(0)));
    first.append(r.at(1));
    last.append(r.at(2));
    email.append(r.at(3));
    salary.append(std::stod(r.at(4)));
    sql::Timestamp t;
    if (!sql::parse_timestamp(r.at(5), &t)) throw std::runtime_error("bad timestamp " + r.at(5));
    hire.append(t.micros);
    active.append(r.at(6) == "True");
    edept.append(std::stoi(r.at(7)));
  }
  return {table_of({"id", "name", "location"}, {did.finish(), dname.finish(), dloc.finish()}),
          table_of({"id", "first_name", "last_name", "email", "salary", "hire_date", "is_active", "department_id"},
                   {eid.finish(), first.finish(), last.finish(), email.finish(), salary.finish(), hire.finish(),
                    active.finish(), edept.finish()})};
}

std::unique_ptr<sql::Connection> load_into(const std::string& url, const columnar::Table& dept,
                                           const columnar::Table& emp) {
  auto conn = sql::connect(url);
  auto md = Metadata::of<Department, Employee, Project, ProjectAssignment>();
  for (const std::string& s : md.drop_all(conn->dialect())) conn->execute(s);
  for (const std::string& s : md.create_all(conn->dialect())) conn->execute(s);
  sql::bulk_load(*conn, "department", dept);
  sql::bulk_load(*conn, "employee", emp);
  conn->execute(conn->dialect() == Dialect::kSqlite ? "ANALYZE" : "ANALYZE department");
  if (conn->dialect() == Dialect::kPostgresql) conn->execute("ANALYZE employee");
  if (conn->dialect() == Dialect::kSqlite) conn->execute("PRAGMA wal_checkpoint(TRUNCATE)");
  // The queries run on a fresh connection, opened as the raw side opens its own.
  conn.reset();
  return sql::connect(url);
}

// ------------------------------------------------------------------------------------------------ raw sqlite
void sq_check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

struct RawSqlite {
  sqlite3* db = nullptr;
  explicit RawSqlite(const std::string& path) {
    // NOMUTEX, as Strata's driver opens it: one thread per connection, no per-call connection mutex.
    sq_check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr), db);
  }
  ~RawSqlite() {
    sqlite3_close(db);
  }
  // Prepared once, bound with the ORM's parameters, reset before each run.
  sqlite3_stmt* prepare(const CompiledSql& q) {
    sqlite3_stmt* st = nullptr;
    sq_check(sqlite3_prepare_v3(db, q.sql.c_str(), static_cast<int>(q.sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                nullptr),
             db);
    for (size_t i = 0; i < q.params.size(); ++i) {
      const int k = static_cast<int>(i) + 1;
      const Value& v = q.params[i];
      if (auto* p = std::get_if<int32_t>(&v)) {
        sqlite3_bind_int(st, k, *p);
      } else if (auto* p64 = std::get_if<int64_t>(&v)) {
        sqlite3_bind_int64(st, k, *p64);
      } else if (auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(st, k, *d);
      } else if (auto* s = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(st, k, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else if (auto* b = std::get_if<bool>(&v)) {
        sqlite3_bind_int(st, k, *b ? 1 : 0);
      } else {
        throw std::runtime_error("raw sqlite: unexpected parameter type");
      }
    }
    return st;
  }
};

std::string sq_text(sqlite3_stmt* st, int i) {
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                     static_cast<size_t>(sqlite3_column_bytes(st, i)));
}
std::string_view sq_view(sqlite3_stmt* st, int i) {
  const char* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
  return {p, static_cast<size_t>(sqlite3_column_bytes(st, i))};
}
bool sq_null(sqlite3_stmt* st, int i) { return sqlite3_column_type(st, i) == SQLITE_NULL; }

// ------------------------------------------------------------------------------------------------ raw libpq
struct RawPg {
  PGconn* c = nullptr;
  int counter = 0;
  explicit RawPg(const std::string& url) {
    c = PQconnectdb(url.c_str());
    if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
  }
  ~RawPg() { PQfinish(c); }
  struct Prepared {
    std::string name;
    std::vector<std::string> values;  // parameters as text, types left to the server
    std::vector<const char*> ptrs;
    std::vector<Oid> types;  // the types Strata's driver binds: int4, int8, float8, text, bool
  };
  Prepared prepare(const CompiledSql& q) {
    Prepared p;
    p.name = "raw_q" + std::to_string(++counter);
    for (const Value& v : q.params) {
      if (auto* s = std::get_if<std::string>(&v)) {
        p.values.push_back(*s);
        p.types.push_back(25);
      } else if (auto* b = std::get_if<bool>(&v)) {
        p.values.push_back(*b ? "true" : "false");
        p.types.push_back(16);
      } else if (auto* d = std::get_if<double>(&v)) {
        p.values.push_back(fmt::format("{}", *d));
        p.types.push_back(701);
      } else if (auto* i4 = std::get_if<int32_t>(&v)) {
        p.values.push_back(std::to_string(*i4));
        p.types.push_back(23);
      } else if (auto* i8 = std::get_if<int64_t>(&v)) {
        p.values.push_back(std::to_string(*i8));
        p.types.push_back(20);
      } else {
        throw std::runtime_error("raw libpq: unexpected parameter type");
      }
    }
    for (const auto& s : p.values) p.ptrs.push_back(s.c_str());
    PGresult* r = PQprepare(c, p.name.c_str(), q.sql.c_str(), static_cast<int>(p.values.size()), p.types.data());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      std::string m = PQerrorMessage(c);
      PQclear(r);
      throw std::runtime_error(m);
    }
    PQclear(r);
    return p;
  }
  PGresult* run(const Prepared& p) {
    PGresult* r = PQexecPrepared(c, p.name.c_str(), static_cast<int>(p.ptrs.size()), p.ptrs.data(), nullptr,
                                 nullptr, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      std::string m = PQerrorMessage(c);
      PQclear(r);
      throw std::runtime_error(m);
    }
    return r;
  }
};

// Binary cells (network byte order).
int64_t pg_int(const PGresult* r, int row, int col) {
  const char* p = PQgetvalue(r, row, col);
  const int len = PQgetlength(r, row, col);
  if (len == 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return static_cast<int64_t>(be64toh(v));
  }
  if (len == 4) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return static_cast<int32_t>(ntohl(v));
  }
  uint16_t v;
  std::memcpy(&v, p, 2);
  return static_cast<int16_t>(ntohs(v));
}
double pg_float8(const PGresult* r, int row, int col) {
  uint64_t v;
  std::memcpy(&v, PQgetvalue(r, row, col), 8);
  v = be64toh(v);
  double d;
  std::memcpy(&d, &v, 8);
  return d;
}
// NUMERIC's binary form (ndigits, weight, sign, dscale, base-10000 digits) to the nearest double, through its
// decimal text.
double pg_numeric(const PGresult* r, int row, int col) {
  const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, col));
  auto u16 = [&](int at) { return static_cast<uint16_t>((p[at] << 8) | p[at + 1]); };
  const int ndigits = u16(0);
  const int weight = static_cast<int16_t>(u16(2));
  const int sign = u16(4);
  if (sign == 0xC000) return std::nan("");
  char buf[128];
  int n = 0;
  if (sign == 0x4000) buf[n++] = '-';
  if (ndigits == 0) return 0.0;
  for (int i = 0; i < ndigits && n < 100; ++i) n += std::snprintf(buf + n, 8, i == 0 ? "%d" : "%04d", u16(8 + 2 * i));
  n += std::snprintf(buf + n, 16, "e%d", 4 * (weight - (ndigits - 1)));
  double d = 0;
  std::from_chars(buf, buf + n, d);
  return d;
}
std::string_view pg_view(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col))};
}

// ------------------------------------------------------------------------------------------------ queries
// Plain structs the raw code builds: the same fields, in the same order, as the ORM's row types.
struct DeptStats {
  std::string name;
  std::optional<std::string> location;
  int64_t headcount;
  std::optional<double> avg_salary, max_salary;
};
struct Earner {
  int32_t id;
  std::string first_name, last_name;
  double salary;
  std::string dept_name;
  int64_t salary_rank;
};
struct Band {
  std::string band;
  int64_t count;
  std::optional<double> avg;
};

struct EmployeeRow {
  int32_t id;
  std::string first_name, last_name, email;
  double salary;
  Timestamp hire_date;
  bool is_active;
  int32_t department_id;
};
auto as_tuple(const EmployeeRow& r) {
  return std::tuple(r.id, r.first_name, r.last_name, r.email, r.salary, r.hire_date, r.is_active, r.department_id);
}

auto as_tuple(const DeptStats& r) { return std::tuple(r.name, r.location, r.headcount, r.avg_salary, r.max_salary); }
auto as_tuple(const Earner& r) {
  return std::tuple(r.id, r.first_name, r.last_name, r.salary, r.dept_name, r.salary_rank);
}
auto as_tuple(const Band& r) { return std::tuple(r.band, r.count, r.avg); }

// SQLite readers (typed rows) and builders (columns).
DeptStats sq_row(sqlite3_stmt* st, DeptStats*) {
  DeptStats r{sq_text(st, 0), std::nullopt, sqlite3_column_int64(st, 2), std::nullopt, std::nullopt};
  if (!sq_null(st, 1)) r.location = sq_text(st, 1);
  if (!sq_null(st, 3)) r.avg_salary = sqlite3_column_double(st, 3);
  if (!sq_null(st, 4)) r.max_salary = sqlite3_column_double(st, 4);
  return r;
}
Earner sq_row(sqlite3_stmt* st, Earner*) {
  return Earner{sqlite3_column_int(st, 0), sq_text(st, 1), sq_text(st, 2), sqlite3_column_double(st, 3),
                sq_text(st, 4), sqlite3_column_int64(st, 5)};
}
Band sq_row(sqlite3_stmt* st, Band*) {
  Band r{sq_text(st, 0), sqlite3_column_int64(st, 1), std::nullopt};
  if (!sq_null(st, 2)) r.avg = sqlite3_column_double(st, 2);
  return r;
}
DeptStats pg_row(const PGresult* r, int i, DeptStats*) {
  DeptStats d{std::string(pg_view(r, i, 0)), std::nullopt, pg_int(r, i, 2), std::nullopt, std::nullopt};
  if (!PQgetisnull(r, i, 1)) d.location = std::string(pg_view(r, i, 1));
  if (!PQgetisnull(r, i, 3)) d.avg_salary = pg_numeric(r, i, 3);
  if (!PQgetisnull(r, i, 4)) d.max_salary = pg_numeric(r, i, 4);
  return d;
}
Earner pg_row(const PGresult* r, int i, Earner*) {
  return Earner{static_cast<int32_t>(pg_int(r, i, 0)), std::string(pg_view(r, i, 1)), std::string(pg_view(r, i, 2)),
                pg_float8(r, i, 3), std::string(pg_view(r, i, 4)), pg_int(r, i, 5)};
}
Band pg_row(const PGresult* r, int i, Band*) {
  Band b{std::string(pg_view(r, i, 0)), pg_int(r, i, 1), std::nullopt};
  if (!PQgetisnull(r, i, 2)) b.avg = pg_numeric(r, i, 2);
  return b;
}

// SQLite holds timestamps as text ("2020-08-19 00:00:00.000000"); PostgreSQL's binary timestamp is int64
// microseconds since 2000-01-01.
Timestamp sq_timestamp(sqlite3_stmt* st, int i) {
  Timestamp t;
  if (!sql::parse_timestamp(sq_view(st, i), &t)) throw std::runtime_error("raw sqlite: bad timestamp");
  return t;
}
constexpr int64_t kPgEpochMicros = 946684800LL * 1000000;
Timestamp pg_timestamp(const PGresult* r, int i, int col) { return Timestamp{pg_int(r, i, col) + kPgEpochMicros}; }

EmployeeRow sq_row(sqlite3_stmt* st, EmployeeRow*) {
  return EmployeeRow{sqlite3_column_int(st, 0), sq_text(st, 1), sq_text(st, 2), sq_text(st, 3),
                     sqlite3_column_double(st, 4), sq_timestamp(st, 5), sqlite3_column_int(st, 6) != 0,
                     sqlite3_column_int(st, 7)};
}
EmployeeRow pg_row(const PGresult* r, int i, EmployeeRow*) {
  return EmployeeRow{static_cast<int32_t>(pg_int(r, i, 0)), std::string(pg_view(r, i, 1)),
                     std::string(pg_view(r, i, 2)), std::string(pg_view(r, i, 3)), pg_float8(r, i, 4),
                     pg_timestamp(r, i, 5), PQgetvalue(r, i, 6)[0] != 0, static_cast<int32_t>(pg_int(r, i, 7))};
}

// Columns: one typed builder per column, appended per cell; `finish` names them as the result does.
struct DeptCols {
  columnar::StringBuilder name, location;
  columnar::Int64Builder headcount;
  columnar::DoubleBuilder avg_salary, max_salary;
  void sq(sqlite3_stmt* st) {
    name.append(sq_view(st, 0));
    if (sq_null(st, 1)) location.append_null(); else location.append(sq_view(st, 1));
    headcount.append(sqlite3_column_int64(st, 2));
    if (sq_null(st, 3)) avg_salary.append_null(); else avg_salary.append(sqlite3_column_double(st, 3));
    if (sq_null(st, 4)) max_salary.append_null(); else max_salary.append(sqlite3_column_double(st, 4));
  }
  void pg(const PGresult* r, int i) {
    name.append(pg_view(r, i, 0));
    if (PQgetisnull(r, i, 1)) location.append_null(); else location.append(pg_view(r, i, 1));
    headcount.append(pg_int(r, i, 2));
    if (PQgetisnull(r, i, 3)) avg_salary.append_null(); else avg_salary.append(pg_numeric(r, i, 3));
    if (PQgetisnull(r, i, 4)) max_salary.append_null(); else max_salary.append(pg_numeric(r, i, 4));
  }
  columnar::Table finish() {
    return table_of({"name", "location", "headcount", "avg_salary", "max_salary"},
                    {name.finish(), location.finish(), headcount.finish(), avg_salary.finish(), max_salary.finish()});
  }
};
struct EarnerCols {
  columnar::Int32Builder id;
  columnar::StringBuilder first_name, last_name, dept_name;
  columnar::DoubleBuilder salary;
  columnar::Int64Builder salary_rank;
  void sq(sqlite3_stmt* st) {
    id.append(sqlite3_column_int(st, 0));
    first_name.append(sq_view(st, 1));
    last_name.append(sq_view(st, 2));
    salary.append(sqlite3_column_double(st, 3));
    dept_name.append(sq_view(st, 4));
    salary_rank.append(sqlite3_column_int64(st, 5));
  }
  void pg(const PGresult* r, int i) {
    id.append(static_cast<int32_t>(pg_int(r, i, 0)));
    first_name.append(pg_view(r, i, 1));
    last_name.append(pg_view(r, i, 2));
    salary.append(pg_float8(r, i, 3));
    dept_name.append(pg_view(r, i, 4));
    salary_rank.append(pg_int(r, i, 5));
  }
  columnar::Table finish() {
    return table_of({"id", "first_name", "last_name", "salary", "dept_name", "salary_rank"},
                    {id.finish(), first_name.finish(), last_name.finish(), salary.finish(), dept_name.finish(),
                     salary_rank.finish()});
  }
};
struct BandCols {
  columnar::StringBuilder band;
  columnar::Int64Builder count;
  columnar::DoubleBuilder avg;
  void sq(sqlite3_stmt* st) {
    band.append(sq_view(st, 0));
    count.append(sqlite3_column_int64(st, 1));
    if (sq_null(st, 2)) avg.append_null(); else avg.append(sqlite3_column_double(st, 2));
  }
  void pg(const PGresult* r, int i) {
    band.append(pg_view(r, i, 0));
    count.append(pg_int(r, i, 1));
    if (PQgetisnull(r, i, 2)) avg.append_null(); else avg.append(pg_numeric(r, i, 2));
  }
  columnar::Table finish() { return table_of({"band", "count", "avg"}, {band.finish(), count.finish(), avg.finish()}); }
};

struct EmployeeCols {
  columnar::Int32Builder id, department_id;
  columnar::StringBuilder first_name, last_name, email;
  columnar::DoubleBuilder salary;
  columnar::Int64Builder hire_date{columnar::timestamp(columnar::TimeUnit::kMicro)};
  columnar::BooleanBuilder is_active;
  void sq(sqlite3_stmt* st) {
    id.append(sqlite3_column_int(st, 0));
    first_name.append(sq_view(st, 1));
    last_name.append(sq_view(st, 2));
    email.append(sq_view(st, 3));
    salary.append(sqlite3_column_double(st, 4));
    hire_date.append(sq_timestamp(st, 5).micros);
    is_active.append(sqlite3_column_int(st, 6) != 0);
    department_id.append(sqlite3_column_int(st, 7));
  }
  void pg(const PGresult* r, int i) {
    id.append(static_cast<int32_t>(pg_int(r, i, 0)));
    first_name.append(pg_view(r, i, 1));
    last_name.append(pg_view(r, i, 2));
    email.append(pg_view(r, i, 3));
    salary.append(pg_float8(r, i, 4));
    hire_date.append(pg_timestamp(r, i, 5).micros);
    is_active.append(PQgetvalue(r, i, 6)[0] != 0);
    department_id.append(static_cast<int32_t>(pg_int(r, i, 7)));
  }
  columnar::Table finish() {
    return table_of({"id", "first_name", "last_name", "email", "salary", "hire_date", "is_active", "department_id"},
                    {id.finish(), first_name.finish(), last_name.finish(), email.finish(), salary.finish(),
                     hire_date.finish(), is_active.finish(), department_id.finish()});
  }
};

// ------------------------------------------------------------------------------------------------ timing
// Per run: wall-clock milliseconds and this thread's CPU milliseconds. On a loaded machine the CPU time is the
// steadier measure of the work done here (SQLite: all of it; PostgreSQL: the client's decoding and building —
// the server's share is in the wall time only).
struct Timing {
  std::vector<double> orm_wall, raw_wall, orm_cpu, raw_cpu;
};
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
void measure(const std::function<void()>& f, std::vector<double>& wall, std::vector<double>& cpu) {
  const double c0 = thread_cpu_ms();
  const auto t0 = Clock::now();
  f();
  wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  cpu.push_back(thread_cpu_ms() - c0);
}
std::string g_profile;  // --profile orm|raw: run only that side (for perf record), no ratios

// Alternating runs: orm, raw, raw, orm, ... after one warm-up run of each.
Timing alternate(int rounds, const std::function<void()>& orm, const std::function<void()>& raw) {
  Timing t;
  if (!g_profile.empty()) {
    for (int i = 0; i < rounds; ++i) measure(g_profile == "orm" ? orm : raw, t.orm_wall, t.orm_cpu);
    t.raw_wall = t.orm_wall;
    t.raw_cpu = t.orm_cpu;
    return t;
  }
  orm();
  raw();
  for (int i = 0; i < rounds; ++i) {
    if (i % 2 == 0) {
      measure(orm, t.orm_wall, t.orm_cpu);
      measure(raw, t.raw_wall, t.raw_cpu);
    } else {
      measure(raw, t.raw_wall, t.raw_cpu);
      measure(orm, t.orm_wall, t.orm_cpu);
    }
  }
  return t;
}

template <typename T>
void do_not_optimize(const T& v) {
  asm volatile("" : : "g"(&v) : "memory");
}

struct Report {
  std::vector<double> wall_ratios, cpu_ratios;
  void add(const std::string& backend, const std::string& query, const std::string& form, int64_t rows,
           const Timing& t) {
    const double ow = median(t.orm_wall), rw = median(t.raw_wall);
    const double oc = median(t.orm_cpu), rc = median(t.raw_cpu);
    wall_ratios.push_back(ow / rw);
    cpu_ratios.push_back(oc / rc);
    std::printf("%s\n", fmt::format("{:<10} {:<22} {:<5} {:>6} rows | cpu orm {:>8.2f} raw {:>8.2f} ms = {:.3f} | "
                                    "wall orm {:>8.2f} raw {:>8.2f} ms = {:.3f}",
                                    backend, query, form, rows, oc, rc, oc / rc, ow, rw, ow / rw)
                             .c_str());
    std::fflush(stdout);
  }
};

std::string g_filter;  // --filter: only the queries whose name contains it

template <typename Plain, typename Cols, typename Stmt>
void bench_query(Report& rep, sql::Connection& conn, RawSqlite* sq, RawPg* pg, const std::string& qname,
                 const Stmt& stmt, int rounds) {
  if (qname.find(g_filter) == std::string::npos) return;
  const CompiledSql q = to_sql(stmt, conn.dialect());
  const std::string backend(dialect_name(conn.dialect()));
  sqlite3_stmt* st = sq != nullptr ? sq->prepare(q) : nullptr;
  std::optional<RawPg::Prepared> pp;
  if (pg != nullptr) pp = pg->prepare(q);

  auto raw_rows = [&] {
    std::vector<Plain> out;
    if (st != nullptr) {
      sqlite3_reset(st);
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(sq_row(st, static_cast<Plain*>(nullptr)));
      sq_check(rc, sq->db);
    } else {
      PGresult* r = pg->run(*pp);
      const int n = PQntuples(r);
      out.reserve(static_cast<size_t>(n));
      for (int i = 0; i < n; ++i) out.push_back(pg_row(r, i, static_cast<Plain*>(nullptr)));
      PQclear(r);
    }
    return out;
  };
  auto raw_table = [&] {
    Cols cols;
    if (st != nullptr) {
      sqlite3_reset(st);
      int rc;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) cols.sq(st);
      sq_check(rc, sq->db);
    } else {
      PGresult* r = pg->run(*pp);
      const int n = PQntuples(r);
      for (int i = 0; i < n; ++i) cols.pg(r, i);
      PQclear(r);
    }
    return cols.finish();
  };

  // Same rows both ways (as multisets: 02's order within a department is not fixed by its ORDER BY).
  auto orm_rows = orm::execute(conn, stmt).all();
  auto plain = raw_rows();
  std::vector<typename Stmt::row_type> want;
  for (const Plain& p : plain) want.push_back(as_tuple(p));
  std::sort(orm_rows.begin(), orm_rows.end());
  std::sort(want.begin(), want.end());
  if (orm_rows != want) throw std::runtime_error(qname + " on " + backend + ": ORM rows differ from raw rows");
  const columnar::Table ot = orm::execute(conn, stmt).to_table();
  const columnar::Table rt = raw_table();
  if (ot.num_rows() != rt.num_rows() || !ot.schema()->equals(*rt.schema())) {
    throw std::runtime_error(qname + " on " + backend + ": ORM table differs from raw table: " +
                             ot.schema()->to_string() + " vs " + rt.schema()->to_string());
  }
  const auto rows = static_cast<int64_t>(plain.size());

  rep.add(backend, qname, "rows",
          rows, alternate(rounds, [&] { do_not_optimize(orm::execute(conn, stmt).all()); },
                          [&] { do_not_optimize(raw_rows()); }));
  rep.add(backend, qname, "table", rows,
          alternate(rounds, [&] { do_not_optimize(orm::execute(conn, stmt).to_table()); },
                    [&] { do_not_optimize(raw_table()); }));
  if (st != nullptr) sqlite3_finalize(st);
}

void run_backend(Report& rep, sql::Connection& conn, RawSqlite* sq, RawPg* pg, int rounds) {
  bench_query<DeptStats, DeptCols>(rep, conn, sq, pg, "01 dept_salary_stats", tour::department_salary_stats(),
                                   rounds);
  bench_query<Earner, EarnerCols>(rep, conn, sq, pg, "02 top_two_earners", tour::top_two_earners(), rounds);
  bench_query<Band, BandCols>(rep, conn, sq, pg, "03 salary_bands", tour::salary_bands(), rounds);
  // Materialisation-bound cases (the database does little): the ranked subquery read whole, every employee.
  bench_query<Earner, EarnerCols>(rep, conn, sq, pg, "02 ranked, all rows", select(tour::top_two_earners_ranked()),
                                  rounds);
  bench_query<EmployeeRow, EmployeeCols>(
      rep, conn, sq, pg, "employee, all columns",
      select(col(&Employee::id), col(&Employee::first_name), col(&Employee::last_name), col(&Employee::email),
             col(&Employee::salary), col(&Employee::hire_date), col(&Employee::is_active),
             col(&Employee::department_id)),
      rounds);
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c + " (1, 5, 15 min; 2 cores)";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path data = "/tmp/strata_orm_query_bench/data_scale2000";
  int rounds = 11;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) {
      data = argv[++i];
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
    } else if (a == "--profile" && i + 1 < argc) {
      g_profile = argv[++i];
    } else if (a == "--filter" && i + 1 < argc) {
      g_filter = argv[++i];
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else {
      std::fprintf(stderr, "usage: orm_query_bench [--data DIR] [--rounds N] [--only sqlite|postgresql] [--filter QUERY] [--profile orm|raw]\n");
      return 2;
    }
  }
  try {
    if (!fs::exists(data / "employee.csv")) {
      const fs::path script = fs::path(STRATA_SOURCE_DIR) / ".." / "shared" / "seed" / "seed_data.py";
      const std::string cmd = "/usr/bin/python3 " + script.string() + " --scale 2000 --out " + data.string();
      std::printf("generating %s\n", cmd.c_str());
      if (std::system(cmd.c_str()) != 0) throw std::runtime_error("seed_data.py failed");
    }
    const auto [dept, emp] = load_csvs(data);
    std::printf("data: %s (%lld departments, %lld employees); %d alternating rounds; load average at start: ",
                data.c_str(), static_cast<long long>(dept.num_rows()), static_cast<long long>(emp.num_rows()), rounds);
    std::printf("%s\n", loadavg().c_str());
    Report rep;
    if (only.empty() || only == "sqlite") {
      const std::string path = (fs::temp_directory_path() / "strata_orm_query_bench.db").string();
      fs::remove(path);
      fs::remove(path + "-wal");
      fs::remove(path + "-shm");
      auto conn = load_into("sqlite://" + path, dept, emp);
      RawSqlite raw(path);
      run_backend(rep, *conn, &raw, nullptr, rounds);
    }
    if (only.empty() || only == "postgresql") {
      std::string url;
      if (const char* u = std::getenv("STRATA_PG_URL")) {
        url = u;
      } else {
        url = strata::testing::PgServer::instance().url();
      }
      auto conn = load_into(url, dept, emp);
      RawPg raw(url);
      run_backend(rep, *conn, nullptr, &raw, rounds);
    }
    std::printf("load average at end: %s\n", loadavg().c_str());
    if (rep.cpu_ratios.empty()) return 0;
    std::vector<double> c = rep.cpu_ratios, w = rep.wall_ratios;
    std::sort(c.begin(), c.end());
    std::sort(w.begin(), w.end());
    std::printf("orm/raw (medians) over %zu cases: cpu: median %.3f, worst %.3f; wall: median %.3f, worst %.3f\n",
                c.size(), c[c.size() / 2], c.back(), w[w.size() / 2], w.back());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "orm_query_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
