// PostgreSQL-only behaviour: lost connections, the pool, NUMERIC decoding, URL handling.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "strata/columnar/builder.h"
#include "strata/sql/sql.h"
#include "support/pg_server.h"

namespace strata::sql {
namespace {

using testing::PgServer;

int64_t backend_pid(Connection& c) {
  Result r = c.execute("SELECT pg_backend_pid()");
  EXPECT_TRUE(r.next());
  return r.get_int64(0);
}

void terminate_backend(const std::string& url, int64_t pid) {
  auto admin = connect(url);
  Result r = admin->execute("SELECT pg_terminate_backend($1)", {Value(static_cast<int32_t>(pid))});
  ASSERT_TRUE(r.next());
  ASSERT_TRUE(r.get_bool(0));
  // pg_terminate_backend only signals; wait until the backend is gone.
  for (int i = 0; i < 200; ++i) {
    Result still = admin->execute("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = $1", {Value(static_cast<int32_t>(pid))});
    ASSERT_TRUE(still.next());
    if (still.get_int64(0) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "backend " << pid << " did not exit";
}

TEST(Postgresql, TerminatedBackendGivesOperationalError) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  conn->execute_script("CREATE TEMP TABLE t (a BIGINT)");
  const int64_t pid = backend_pid(*conn);
  terminate_backend(url, pid);
  try {
    conn->execute("INSERT INTO t VALUES ($1)", {int64_t{1}});
    FAIL() << "no error on a terminated connection";
  } catch (const OperationalError& e) {
    EXPECT_FALSE(e.server_message().empty());
  }
  EXPECT_FALSE(conn->is_healthy());
  // Further use keeps failing cleanly.
  EXPECT_THROW(conn->execute("SELECT 1"), OperationalError);
  EXPECT_THROW(conn->execute_script("SELECT 1"), OperationalError);
}

TEST(Postgresql, TransactionGuardOnALostConnectionDoesNotThrowFromItsDestructor) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  {
    Transaction tx(*conn);
    terminate_backend(url, backend_pid(*conn));
    EXPECT_THROW(conn->execute("SELECT 1"), OperationalError);
  }  // rollback fails inside; the guard ends quietly
  EXPECT_FALSE(conn->is_healthy());
}

TEST(Postgresql, PoolDiscardsConnectionsWhoseBackendDied) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  ConnectionPool pool(url, {.max_size = 2});
  int64_t first_pid = 0;
  {
    auto c = pool.acquire();
    first_pid = backend_pid(*c);
  }
  EXPECT_EQ(pool.idle_count(), 1u);
  terminate_backend(url, first_pid);
  auto c = pool.acquire();
  EXPECT_EQ(pool.discarded_count(), 1u);
  EXPECT_NE(backend_pid(*c), first_pid);
  Result r = c->execute("SELECT 40 + $1", {int32_t{2}});
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 42);
}

TEST(Postgresql, ServerStoppedMidSessionThenRestarted) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  PgServer& server = PgServer::instance();
  ConnectionPool pool(url, {.max_size = 2});
  auto conn = pool.acquire();
  conn->execute_script("CREATE TABLE IF NOT EXISTS restart_probe (a BIGINT)");
  conn->execute("INSERT INTO restart_probe VALUES ($1)", {int64_t{7}});
  server.stop();
  EXPECT_THROW(conn->execute("SELECT a FROM restart_probe"), OperationalError);
  EXPECT_FALSE(conn->is_healthy());
  EXPECT_THROW(connect(url), OperationalError);  // nobody listening
  server.start();
  conn.release();  // a broken connection is dropped, not pooled
  EXPECT_EQ(pool.idle_count(), 0u);
  auto fresh = pool.acquire();
  Result r = fresh->execute("SELECT a FROM restart_probe");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 7);
  fresh->execute_script("DROP TABLE restart_probe");
}

TEST(Postgresql, PoolSharesConnectionsBetweenThreads) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  {
    auto c = connect(url);
    c->execute_script("DROP TABLE IF EXISTS pool_t; CREATE TABLE pool_t (thread INT, i INT)");
  }
  ConnectionPool pool(url, {.max_size = 3});
  std::atomic<size_t> max_open{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto c = pool.acquire();
        Transaction tx(*c);
        c->execute("INSERT INTO pool_t VALUES ($1, $2)", {int32_t{t}, int32_t{i}});
        tx.commit();
        size_t open = pool.open_count();
        size_t seen = max_open.load();
        while (open > seen && !max_open.compare_exchange_weak(seen, open)) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(max_open.load(), 3u);
  EXPECT_LE(pool.idle_count(), 3u);
  auto c = pool.acquire();
  Result r = c->execute("SELECT COUNT(*), SUM(i) FROM pool_t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 120);
  EXPECT_EQ(r.get_int64(1), 6 * (19 * 20 / 2));
  c->execute_script("DROP TABLE pool_t");
}

TEST(Postgresql, PoolRollsBackWhatABorrowerLeftOpen) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  ConnectionPool pool(url, {.max_size = 1});
  {
    auto c = pool.acquire();
    c->execute_script("DROP TABLE IF EXISTS pool_tx; CREATE TABLE pool_tx (a INT)");
    c->begin();
    c->execute("INSERT INTO pool_tx VALUES ($1)", {int32_t{1}});
  }
  auto c = pool.acquire();
  EXPECT_FALSE(c->in_transaction());
  Result r = c->execute("SELECT COUNT(*) FROM pool_tx");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 0);
  c->execute_script("DROP TABLE pool_tx");
}

TEST(Postgresql, PoolTimesOutWhenExhausted) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  ConnectionPool pool(url, {.max_size = 1, .acquire_timeout = std::chrono::milliseconds(50)});
  auto held = pool.acquire();
  EXPECT_THROW(pool.acquire(), OperationalError);
}

TEST(Postgresql, NumericAndOtherServerTypes) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  Result r = conn->execute(
      "SELECT 12345.6789::numeric(12,4), -0.0001::numeric, 0::numeric, 100000000::numeric, 1.50::numeric(5,2), "
      "'NaN'::numeric, 2::int2, 3::int4, 1.25::float4, 'abc'::varchar(5), 'x'::char(3), "
      "'2024-02-29 13:45:07.123456'::timestamp, '1999-12-31'::date, 123456789012345678901234567890::numeric");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_text(0), "12345.6789");
  EXPECT_EQ(r.get(0), Value(Numeric{"12345.6789"}));
  EXPECT_EQ(r.get_double(0), 12345.6789);
  EXPECT_EQ(r.get_text(1), "-0.0001");
  EXPECT_EQ(r.get_text(2), "0");
  EXPECT_EQ(r.get_text(3), "100000000");
  EXPECT_EQ(r.get_int64(3), 100000000);
  EXPECT_EQ(r.get_text(4), "1.50");
  EXPECT_EQ(r.get_text(5), "NaN");
  EXPECT_EQ(r.get(6), Value(int64_t{2}));
  EXPECT_EQ(r.get(7), Value(int64_t{3}));
  EXPECT_EQ(r.get(8), Value(1.25));
  EXPECT_EQ(r.get_text(9), "abc");
  EXPECT_EQ(r.get_text(10), "x  ");
  EXPECT_EQ(r.get_timestamp(11), Timestamp{int64_t{19782} * 86'400'000'000 + 49'507'123'456});
  EXPECT_EQ(r.get_text(11), "2024-02-29 13:45:07.123456");
  EXPECT_EQ(r.get_date(12), Date{10956});  // one day before PostgreSQL's epoch 2000-01-01 (day 10957)
  EXPECT_EQ(r.get_text(13), "123456789012345678901234567890");
  EXPECT_EQ(r.column_decl_type(0), "numeric");
  EXPECT_EQ(r.column_type(11), ColumnType::kTimestamp);
}

TEST(Postgresql, ParametersConvertToTheDeclaredColumnTypes) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  conn->execute_script(
      "CREATE TEMP TABLE n (a NUMERIC(10,2), b SMALLINT, c INT, d REAL, v VARCHAR(4), ts TIMESTAMP)");
  conn->execute("INSERT INTO n VALUES ($1, $2, $3, $4, $5, $6)",
                {Numeric{"1234.5"}, int32_t{7}, int64_t{8}, 0.5, std::string("abcd"), Timestamp{0}});
  // Values too big for the column are the server's DataError.
  EXPECT_THROW(conn->execute("INSERT INTO n (v) VALUES ($1)", {std::string("abcde")}), DataError);
  EXPECT_THROW(conn->execute("INSERT INTO n (b) VALUES ($1)", {int64_t{100000}}), DataError);
  Result r = conn->execute("SELECT a, b, c, d, v, ts FROM n");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_text(0), "1234.50");
  EXPECT_EQ(r.get_int64(1), 7);
  EXPECT_EQ(r.get_int64(2), 8);
  EXPECT_EQ(r.get_double(3), 0.5);
  EXPECT_EQ(r.get_text(4), "abcd");
  EXPECT_EQ(r.get_timestamp(5), Timestamp{0});
}

TEST(Postgresql, PlaceholdersInsideLiteralsAreNotParameters) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  Result r = conn->execute("SELECT '$2' || $1 /* $3 */, $tag$ $4 $tag$ -- $5\n", {std::string("x")});
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_text(0), "$2x");
  EXPECT_EQ(r.get_text(1), " $4 ");
}

TEST(Postgresql, StatementReusedAfterTheTableChangedItsColumnTypes) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  conn->execute_script("CREATE TEMP TABLE shape (a INT)");
  conn->execute("INSERT INTO shape VALUES ($1)", {int32_t{1}});
  Result first = conn->execute("SELECT * FROM shape");
  ASSERT_TRUE(first.next());
  EXPECT_EQ(first.get_int64(0), 1);
  conn->execute_script("DROP TABLE shape; CREATE TEMP TABLE shape (a TEXT, b INT)");
  conn->execute("INSERT INTO shape VALUES ($1, $2)", {std::string("x"), int32_t{2}});
  Result second = conn->execute("SELECT * FROM shape");
  ASSERT_EQ(second.num_columns(), 2);
  ASSERT_TRUE(second.next());
  EXPECT_EQ(second.get_text(0), "x");
  EXPECT_EQ(second.get_int64(1), 2);
}

TEST(Postgresql, BulkLoadConvertsToTheTargetColumnTypes) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  auto conn = connect(url);
  conn->execute_script("CREATE TEMP TABLE emp (id INT, salary NUMERIC(10,2), small SMALLINT, name VARCHAR(20))");
  columnar::Int64Builder ids, smalls;
  columnar::DoubleBuilder salaries;
  columnar::StringBuilder names;
  const std::vector<double> values = {1234.5, -0.004, 0.0, 99999999.99, 0.126, -12.5, 1e-7};
  for (size_t i = 0; i < values.size(); ++i) {
    ids.append(static_cast<int64_t>(i) - 3);
    salaries.append(values[i]);
    smalls.append(static_cast<int64_t>(i) * 1000);
    names.append("n" + std::to_string(i));
  }
  const columnar::Table table = columnar::Table::from_arrays(
      {"id", "salary", "small", "name"}, {ids.finish(), salaries.finish(), smalls.finish(), names.finish()});
  EXPECT_EQ(bulk_load(*conn, "emp", table), 7);
  Result r = conn->execute("SELECT id, salary::text, small FROM emp ORDER BY id");
  // NUMERIC(10,2) rounds half away from zero: -0.004 -> 0.00, 0.126 -> 0.13, -12.5 -> -12.50, 1e-7 -> 0.00.
  const std::vector<std::string> expected = {"1234.50", "0.00", "0.00", "99999999.99", "0.13", "-12.50", "0.00"};
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.get_int64(0), static_cast<int64_t>(i) - 3);
    EXPECT_EQ(r.get_text(1), expected[i]) << i;
    EXPECT_EQ(r.get_int64(2), static_cast<int64_t>(i) * 1000);
  }
  // An int64 value beyond SMALLINT: DataError before anything is written; a string into an INT column: TypeError.
  columnar::Int64Builder big;
  big.append(40000);
  EXPECT_THROW(bulk_load(*conn, "emp", columnar::Table::from_arrays({"small"}, {big.finish()})), DataError);
  columnar::StringBuilder text_ids;
  text_ids.append("7");
  EXPECT_THROW(bulk_load(*conn, "emp", columnar::Table::from_arrays({"id"}, {text_ids.finish()})), TypeError);
  Result n = conn->execute("SELECT COUNT(*) FROM emp");
  ASSERT_TRUE(n.next());
  EXPECT_EQ(n.get_int64(0), 7);
  // Unsupported columnar types are refused up front.
  columnar::UInt64Builder u;
  u.append(1);
  EXPECT_THROW(bulk_load(*conn, "emp", columnar::Table::from_arrays({"id"}, {u.finish()})), NotImplemented);
}

TEST(Postgresql, BadUrlIsOperationalError) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  EXPECT_THROW(connect(url + "x"), OperationalError);  // port 5432x
  EXPECT_THROW(connect(PgServer::instance().url_for("no_such_database")), OperationalError);
  EXPECT_THROW(connect("mysql://localhost/x"), InvalidArgument);
}

}  // namespace
}  // namespace strata::sql
