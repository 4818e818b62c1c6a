// Inserting 100,000 rows (id BIGINT, name TEXT, salary DOUBLE) in one transaction: hand-written code on the raw
// sqlite3 C API and raw libpq beside the same work through sql::Connection (execute per row, execute_batch,
// bulk_load from a columnar table). Then reading them back: raw column getters vs Result getters vs to_table.
// The like-for-like raw read baselines are BM_SqliteRawReadNomutex (opened NOMUTEX, as the driver opens it) and
// BM_PgRawReadBinary (prepared once, binary results, PQgetvalue + PQgetlength per cell, as the driver reads);
// BM_*RawToTable append the same cells to columnar builders by hand. Compare ratios within one run.
// PostgreSQL: set STRATA_PG_URL, else a throw-away local server is started (needs PostgreSQL 15 installed).
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/sql/sql.h"
#include "support/pg_server.h"

namespace {

using namespace strata;

constexpr int64_t kRows = 100'000;

struct Data {
  std::vector<std::string> names;
  std::vector<double> salaries;
  Data() {
    for (int64_t i = 0; i < kRows; ++i) {
      names.push_back("employee_" + std::to_string(i));
      salaries.push_back(30000.0 + static_cast<double>(i % 1000) * 17.25);
    }
  }
};

const Data& data() {
  static Data d;
  return d;
}

columnar::Table data_table() {
  columnar::Int64Builder ids;
  columnar::StringBuilder names;
  columnar::DoubleBuilder salaries;
  for (int64_t i = 0; i < kRows; ++i) {
    ids.append(i);
    names.append(data().names[static_cast<size_t>(i)]);
    salaries.append(data().salaries[static_cast<size_t>(i)]);
  }
  return columnar::Table::from_arrays({"id", "name", "salary"}, {ids.finish(), names.finish(), salaries.finish()});
}

std::string pg_url() {
  if (const char* u = std::getenv("STRATA_PG_URL")) return u;
  return testing::PgServer::instance().url();
}

void check_sqlite(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
}

const char* kCreateSqlite = "DROP TABLE IF EXISTS emp; CREATE TABLE emp (id BIGINT, name TEXT, salary DOUBLE PRECISION)";
const char* kCreatePg = "DROP TABLE IF EXISTS emp; CREATE TABLE emp (id BIGINT, name TEXT, salary DOUBLE PRECISION)";

// ---------------------------------------------------------------------------------------------------------
// SQLite inserts

void BM_SqliteRawInsert(benchmark::State& state) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open(":memory:", &db), db);
  for (auto _ : state) {
    check_sqlite(sqlite3_exec(db, kCreateSqlite, nullptr, nullptr, nullptr), db);
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
    sqlite3_stmt* stmt = nullptr;
    check_sqlite(sqlite3_prepare_v2(db, "INSERT INTO emp VALUES (?, ?, ?)", -1, &stmt, nullptr), db);
    for (int64_t i = 0; i < kRows; ++i) {
      const std::string& name = data().names[static_cast<size_t>(i)];
      sqlite3_bind_int64(stmt, 1, i);
      sqlite3_bind_text(stmt, 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
      sqlite3_bind_double(stmt, 3, data().salaries[static_cast<size_t>(i)]);
      check_sqlite(sqlite3_step(stmt), db);
      sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
  }
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void driver_insert_execute(benchmark::State& state, const std::string& url, const char* create, const char* insert) {
  auto conn = sql::connect(url);
  std::vector<sql::Value> params(3);
  for (auto _ : state) {
    conn->execute_script(create);
    sql::Transaction tx(*conn);
    for (int64_t i = 0; i < kRows; ++i) {
      params[0] = i;
      params[1] = data().names[static_cast<size_t>(i)];
      params[2] = data().salaries[static_cast<size_t>(i)];
      conn->execute(insert, params);
    }
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void driver_insert_batch(benchmark::State& state, const std::string& url, const char* create, const char* insert) {
  auto conn = sql::connect(url);
  for (auto _ : state) {
    conn->execute_script(create);
    std::vector<std::vector<sql::Value>> rows;
    rows.reserve(kRows);
    for (int64_t i = 0; i < kRows; ++i) {
      rows.push_back({i, data().names[static_cast<size_t>(i)], data().salaries[static_cast<size_t>(i)]});
    }
    sql::Transaction tx(*conn);
    conn->execute_batch(insert, rows);
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void driver_bulk_load(benchmark::State& state, const std::string& url, const char* create) {
  auto conn = sql::connect(url);
  const columnar::Table table = data_table();
  for (auto _ : state) {
    conn->execute_script(create);
    sql::bulk_load(*conn, "emp", table);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_SqliteDriverExecute(benchmark::State& state) {
  driver_insert_execute(state, "sqlite://:memory:", kCreateSqlite, "INSERT INTO emp VALUES (?, ?, ?)");
}
void BM_SqliteDriverBatch(benchmark::State& state) {
  driver_insert_batch(state, "sqlite://:memory:", kCreateSqlite, "INSERT INTO emp VALUES (?, ?, ?)");
}
void BM_SqliteDriverBulkLoad(benchmark::State& state) { driver_bulk_load(state, "sqlite://:memory:", kCreateSqlite); }

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL inserts

PGconn* pg_connect() {
  PGconn* c = PQconnectdb(pg_url().c_str());
  if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
  return c;
}

void pg_exec(PGconn* c, const char* sql) {
  PGresult* r = PQexec(c, sql);
  const auto s = PQresultStatus(r);
  PQclear(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(c));
}

// Raw libpq, one PQexecPrepared round trip per row, text parameters (the usual hand-written loop).
void BM_PgRawInsert(benchmark::State& state) {
  PGconn* c = pg_connect();
  for (auto _ : state) {
    pg_exec(c, kCreatePg);
    pg_exec(c, "BEGIN");
    PGresult* p = PQprepare(c, "ins", "INSERT INTO emp VALUES ($1, $2, $3)", 3, nullptr);
    PQclear(p);
    std::string id, salary;
    for (int64_t i = 0; i < kRows; ++i) {
      id = std::to_string(i);
      salary = std::to_string(data().salaries[static_cast<size_t>(i)]);
      const char* values[3] = {id.c_str(), data().names[static_cast<size_t>(i)].c_str(), salary.c_str()};
      PGresult* r = PQexecPrepared(c, "ins", 3, values, nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(c));
      PQclear(r);
    }
    pg_exec(c, "COMMIT");
    pg_exec(c, "DEALLOCATE ins");
  }
  PQfinish(c);
  state.SetItemsProcessed(state.iterations() * kRows);
}

// Raw libpq COPY in text format (the fastest hand-written load).
void BM_PgRawCopyText(benchmark::State& state) {
  PGconn* c = pg_connect();
  for (auto _ : state) {
    pg_exec(c, kCreatePg);
    PGresult* r = PQexec(c, "COPY emp FROM STDIN");
    PQclear(r);
    std::string buf;
    for (int64_t i = 0; i < kRows; ++i) {
      buf += std::to_string(i);
      buf += '\t';
      buf += data().names[static_cast<size_t>(i)];
      buf += '\t';
      buf += std::to_string(data().salaries[static_cast<size_t>(i)]);
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
        buf.clear();
      }
    }
    PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
    PQputCopyEnd(c, nullptr);
    r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(c));
    PQclear(r);
    while ((r = PQgetResult(c)) != nullptr) PQclear(r);
  }
  PQfinish(c);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_PgDriverExecute(benchmark::State& state) {
  driver_insert_execute(state, pg_url(), kCreatePg, "INSERT INTO emp VALUES ($1, $2, $3)");
}
void BM_PgDriverBatch(benchmark::State& state) {
  driver_insert_batch(state, pg_url(), kCreatePg, "INSERT INTO emp VALUES ($1, $2, $3)");
}
void BM_PgDriverBulkLoad(benchmark::State& state) { driver_bulk_load(state, pg_url(), kCreatePg); }

// ---------------------------------------------------------------------------------------------------------
// Reading 100,000 rows back

sqlite3* sqlite_with_rows(int flags) {
  sqlite3* db = nullptr;
  check_sqlite(sqlite3_open_v2(":memory:", &db, flags, nullptr), db);
  check_sqlite(sqlite3_exec(db, kCreateSqlite, nullptr, nullptr, nullptr), db);
  check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO emp VALUES (?, ?, ?)", -1, &ins, nullptr);
  for (int64_t i = 0; i < kRows; ++i) {
    sqlite3_bind_int64(ins, 1, i);
    sqlite3_bind_text(ins, 2, data().names[static_cast<size_t>(i)].c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_double(ins, 3, data().salaries[static_cast<size_t>(i)]);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
  return db;
}

void sqlite_raw_read(benchmark::State& state, int flags) {
  sqlite3* db = sqlite_with_rows(flags);
  for (auto _ : state) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT id, name, salary FROM emp", -1, &stmt, nullptr);
    int64_t sum = 0;
    size_t bytes = 0;
    double total = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      sum += sqlite3_column_int64(stmt, 0);
      sqlite3_column_text(stmt, 1);
      bytes += static_cast<size_t>(sqlite3_column_bytes(stmt, 1));
      total += sqlite3_column_double(stmt, 2);
    }
    sqlite3_finalize(stmt);
    benchmark::DoNotOptimize(sum + static_cast<int64_t>(bytes) + static_cast<int64_t>(total));
  }
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_SqliteRawRead(benchmark::State& state) {
  sqlite_raw_read(state, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}
void BM_SqliteRawReadNomutex(benchmark::State& state) {
  sqlite_raw_read(state, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
}

// By hand into builders: the floor under sql::to_table.
void BM_SqliteRawToTable(benchmark::State& state) {
  sqlite3* db = sqlite_with_rows(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v3(db, "SELECT id, name, salary FROM emp", -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  for (auto _ : state) {
    columnar::Int64Builder ids;
    columnar::StringBuilder names;
    columnar::DoubleBuilder salaries;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
        ids.append_null();
      } else {
        ids.append(sqlite3_column_int64(stmt, 0));
      }
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
      if (p == nullptr) {
        names.append_null();
      } else {
        names.append(std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt, 1))));
      }
      if (sqlite3_column_type(stmt, 2) == SQLITE_NULL) {
        salaries.append_null();
      } else {
        salaries.append(sqlite3_column_double(stmt, 2));
      }
    }
    sqlite3_reset(stmt);
    columnar::Table t = columnar::Table::from_arrays({"id", "name", "salary"}, {ids.finish(), names.finish(), salaries.finish()});
    benchmark::DoNotOptimize(t.num_rows());
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void driver_read(benchmark::State& state, const std::string& url, const char* create) {
  auto conn = sql::connect(url);
  conn->execute_script(create);
  sql::bulk_load(*conn, "emp", data_table());
  for (auto _ : state) {
    sql::Result r = conn->execute("SELECT id, name, salary FROM emp");
    int64_t sum = 0;
    size_t bytes = 0;
    double total = 0;
    while (r.next()) {
      sum += r.get_int64(0);
      bytes += r.get_text(1).size();
      total += r.get_double(2);
    }
    benchmark::DoNotOptimize(sum + static_cast<int64_t>(bytes) + static_cast<int64_t>(total));
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void driver_to_table(benchmark::State& state, const std::string& url, const char* create) {
  auto conn = sql::connect(url);
  conn->execute_script(create);
  sql::bulk_load(*conn, "emp", data_table());
  for (auto _ : state) {
    columnar::Table t = sql::to_table(conn->execute("SELECT id, name, salary FROM emp"));
    benchmark::DoNotOptimize(t.num_rows());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_SqliteDriverRead(benchmark::State& state) { driver_read(state, "sqlite://:memory:", kCreateSqlite); }
void BM_SqliteDriverToTable(benchmark::State& state) { driver_to_table(state, "sqlite://:memory:", kCreateSqlite); }

void BM_PgRawRead(benchmark::State& state) {
  {
    auto conn = sql::connect(pg_url());
    conn->execute_script(kCreatePg);
    sql::bulk_load(*conn, "emp", data_table());
  }
  PGconn* c = pg_connect();
  for (auto _ : state) {
    // Text results, parsed by hand: the usual raw loop.
    PGresult* r = PQexec(c, "SELECT id, name, salary FROM emp");
    int64_t sum = 0;
    size_t bytes = 0;
    double total = 0;
    const int n = PQntuples(r);
    for (int i = 0; i < n; ++i) {
      sum += std::strtoll(PQgetvalue(r, i, 0), nullptr, 10);
      bytes += static_cast<size_t>(PQgetlength(r, i, 1));
      total += std::strtod(PQgetvalue(r, i, 2), nullptr);
    }
    PQclear(r);
    benchmark::DoNotOptimize(sum + static_cast<int64_t>(bytes) + static_cast<int64_t>(total));
  }
  PQfinish(c);
  state.SetItemsProcessed(state.iterations() * kRows);
}
int64_t be64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return static_cast<int64_t>(__builtin_bswap64(v));
}

// Like the driver: prepared once, binary results, a cell is PQgetvalue + PQgetlength.
PGconn* pg_with_rows_prepared() {
  {
    auto conn = sql::connect(pg_url());
    conn->execute_script(kCreatePg);
    sql::bulk_load(*conn, "emp", data_table());
  }
  PGconn* c = pg_connect();
  PGresult* p = PQprepare(c, "sel", "SELECT id, name, salary FROM emp", 0, nullptr);
  if (PQresultStatus(p) != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(c));
  PQclear(p);
  return c;
}

void BM_PgRawReadBinary(benchmark::State& state) {
  PGconn* c = pg_with_rows_prepared();
  for (auto _ : state) {
    PGresult* r = PQexecPrepared(c, "sel", 0, nullptr, nullptr, nullptr, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(c));
    int64_t sum = 0;
    size_t bytes = 0;
    double total = 0;
    const int n = PQntuples(r);
    for (int i = 0; i < n; ++i) {
      if (PQgetlength(r, i, 0) != 0) sum += be64(PQgetvalue(r, i, 0));
      PQgetvalue(r, i, 1);
      bytes += static_cast<size_t>(PQgetlength(r, i, 1));
      if (PQgetlength(r, i, 2) != 0) total += std::bit_cast<double>(be64(PQgetvalue(r, i, 2)));
    }
    PQclear(r);
    benchmark::DoNotOptimize(sum + static_cast<int64_t>(bytes) + static_cast<int64_t>(total));
  }
  PQfinish(c);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_PgRawToTable(benchmark::State& state) {
  PGconn* c = pg_with_rows_prepared();
  for (auto _ : state) {
    PGresult* r = PQexecPrepared(c, "sel", 0, nullptr, nullptr, nullptr, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) throw std::runtime_error(PQerrorMessage(c));
    const int n = PQntuples(r);
    columnar::Int64Builder ids;
    columnar::StringBuilder names;
    columnar::DoubleBuilder salaries;
    ids.reserve(n);
    salaries.reserve(n);
    for (int i = 0; i < n; ++i) {
      if (PQgetisnull(r, i, 0)) {
        ids.append_null();
      } else {
        ids.append(be64(PQgetvalue(r, i, 0)));
      }
      if (PQgetisnull(r, i, 1)) {
        names.append_null();
      } else {
        names.append(std::string_view(PQgetvalue(r, i, 1), static_cast<size_t>(PQgetlength(r, i, 1))));
      }
      if (PQgetisnull(r, i, 2)) {
        salaries.append_null();
      } else {
        salaries.append(std::bit_cast<double>(be64(PQgetvalue(r, i, 2))));
      }
    }
    PQclear(r);
    columnar::Table t = columnar::Table::from_arrays({"id", "name", "salary"}, {ids.finish(), names.finish(), salaries.finish()});
    benchmark::DoNotOptimize(t.num_rows());
  }
  PQfinish(c);
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_PgDriverRead(benchmark::State& state) { driver_read(state, pg_url(), kCreatePg); }
void BM_PgDriverToTable(benchmark::State& state) { driver_to_table(state, pg_url(), kCreatePg); }

}  // namespace

BENCHMARK(BM_SqliteRawInsert)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteDriverExecute)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteDriverBatch)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteDriverBulkLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgRawInsert)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_PgDriverExecute)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_PgDriverBatch)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_PgRawCopyText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgDriverBulkLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawReadNomutex)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteDriverRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawToTable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteDriverToTable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgRawRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgRawReadBinary)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgDriverRead)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgRawToTable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PgDriverToTable)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
