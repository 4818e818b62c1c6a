// SQLite-only behaviour: files in WAL mode, foreign keys on, a busy database, the pool over a file.
#include <gtest/gtest.h>

#include "strata/sql/sql.h"
#include "support/test_support.h"

namespace strata::sql {
namespace {

using testing::TempDir;

std::string pragma(Connection& c, const std::string& name) {
  Result r = c.execute("PRAGMA " + name);
  EXPECT_TRUE(r.next());
  return std::string(r.get_text(0));
}

TEST(Sqlite, FileDatabaseUsesWalAndForeignKeys) {
  TempDir dir;
  const std::string url = "sqlite://" + (dir / "app.db").string();
  {
    auto c = connect(url);
    EXPECT_EQ(pragma(*c, "journal_mode"), "wal");
    EXPECT_EQ(pragma(*c, "foreign_keys"), "1");
    EXPECT_EQ(pragma(*c, "busy_timeout"), "5000");
    c->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT)");
    c->execute("INSERT INTO t (s) VALUES (?)", {std::string("kept")});
    EXPECT_EQ(c->last_insert_id(), 1);
  }
  auto again = connect(url);
  Result r = again->execute("SELECT s FROM t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_text(0), "kept");
  auto mem = connect("sqlite://:memory:");
  EXPECT_EQ(pragma(*mem, "journal_mode"), "memory");
  EXPECT_EQ(pragma(*mem, "foreign_keys"), "1");
}

TEST(Sqlite, LockedDatabaseIsOperationalError) {
  TempDir dir;
  const std::string url = "sqlite://" + (dir / "busy.db").string();
  auto a = connect(url);
  auto b = connect(url);
  a->execute_script("CREATE TABLE t (x INTEGER)");
  b->execute_script("PRAGMA busy_timeout=20");
  a->execute_script("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)");
  try {
    b->execute("INSERT INTO t VALUES (?)", {int64_t{2}});
    FAIL() << "no error while another connection holds the write lock";
  } catch (const OperationalError& e) {
    EXPECT_EQ(e.code() & 0xff, 5);  // SQLITE_BUSY
  }
  a->execute_script("COMMIT");
  b->execute("INSERT INTO t VALUES (?)", {int64_t{2}});
  Result r = b->execute("SELECT SUM(x) FROM t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 3);
}

TEST(Sqlite, UnopenableFileIsOperationalError) {
  EXPECT_THROW(connect("sqlite:///nonexistent-dir-strata/x/y.db"), OperationalError);
  EXPECT_THROW(connect("sqlite://"), InvalidArgument);
}

TEST(Sqlite, DatesAndTimestampsAreStoredAsSqlAlchemyText) {
  auto c = connect("sqlite://:memory:");
  c->execute_script("CREATE TABLE t (d DATE, ts DATETIME)");
  c->execute("INSERT INTO t VALUES (?, ?)", {Date{19782}, Timestamp{int64_t{19782} * 86'400'000'000 + 49'507'000'000}});
  Result r = c->execute("SELECT CAST(d AS TEXT), CAST(ts AS TEXT), d, ts FROM t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_text(0), "2024-02-29");
  EXPECT_EQ(r.get_text(1), "2024-02-29 13:45:07.000000");
  EXPECT_EQ(r.get(2), Value(Date{19782}));
  // Text written by others in ISO form parses too.
  c->execute_script("DELETE FROM t; INSERT INTO t VALUES ('1970-01-02', '1970-01-01T00:00:01.5')");
  Result r2 = c->execute("SELECT d, ts FROM t");
  ASSERT_TRUE(r2.next());
  EXPECT_EQ(r2.get(0), Value(Date{1}));
  EXPECT_EQ(r2.get(1), Value(Timestamp{1'500'000}));
}

// Integers in date / timestamp columns are days / microseconds since the epoch; NULL is the epoch; anything
// else that does not parse is a TypeError (a real, a word, an integer with trailing text).
TEST(Sqlite, DatesAndTimestampsStoredAsIntegersOrNull) {
  auto c = connect("sqlite://:memory:");
  c->execute_script("CREATE TABLE t (k INTEGER, d DATE, ts DATETIME);"
                    "INSERT INTO t VALUES (1, 19782, -1500000), (2, NULL, NULL), (3, 1.5, 'noon'), (4, '12x', '7 pm')");
  Result r = c->execute("SELECT d, ts FROM t ORDER BY k");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_date(0), Date{19782});
  EXPECT_EQ(r.get_timestamp(1), Timestamp{-1'500'000});
  EXPECT_EQ(r.get_text(0), "19782");  // the integer's text, after the date read
  ASSERT_TRUE(r.next());
  EXPECT_TRUE(r.is_null(0));
  EXPECT_EQ(r.get_date(0), Date{});
  EXPECT_EQ(r.get_timestamp(1), Timestamp{});
  ASSERT_TRUE(r.next());
  EXPECT_THROW(r.get_date(0), TypeError);
  EXPECT_THROW(r.get_timestamp(1), TypeError);
  ASSERT_TRUE(r.next());
  EXPECT_THROW(r.get_date(0), TypeError);
  EXPECT_THROW(r.get_timestamp(1), TypeError);
  EXPECT_FALSE(r.next());
}

TEST(Sqlite, PoolOverAFile) {
  TempDir dir;
  ConnectionPool pool("sqlite://" + (dir / "pool.db").string(), {.max_size = 2});
  {
    auto c = pool.acquire();
    c->execute_script("CREATE TABLE t (x INTEGER)");
  }
  auto c1 = pool.acquire();
  auto c2 = pool.acquire();
  EXPECT_EQ(pool.open_count(), 2u);
  c1->execute("INSERT INTO t VALUES (?)", {int64_t{1}});
  Result r = c2->execute("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 1);
}

TEST(Value, TextForms) {
  EXPECT_EQ(format_date(Date{0}), "1970-01-01");
  EXPECT_EQ(format_date(Date{-1}), "1969-12-31");
  EXPECT_EQ(format_timestamp(Timestamp{-1}), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(format_timestamp(Timestamp{0}), "1970-01-01 00:00:00.000000");
  EXPECT_EQ(format_timestamp(Timestamp{951'827'696'000'042}), "2000-02-29 12:34:56.000042");
  EXPECT_EQ(format_timestamp(Timestamp{-62'135'596'800'000'000}), "0001-01-01 00:00:00.000000");
  std::string appended = "at ";
  append_timestamp_text(appended, Timestamp{86'399'999'999});
  EXPECT_EQ(appended, "at 1970-01-01 23:59:59.999999");
  // Every text parses back to the same instant.
  for (int64_t micros : {int64_t{-1}, int64_t{0}, int64_t{951'827'696'000'042}, int64_t{4'102'444'799'999'999}}) {
    Timestamp back;
    ASSERT_TRUE(parse_timestamp(format_timestamp(Timestamp{micros}), &back)) << micros;
    EXPECT_EQ(back.micros, micros);
  }
  Timestamp t;
  ASSERT_TRUE(parse_timestamp("2000-01-01 00:00", &t));
  EXPECT_EQ(t.micros, 946'684'800'000'000);
  EXPECT_FALSE(parse_timestamp("2000-13-01", &t));
  EXPECT_FALSE(parse_timestamp("2000-01-01 00:00:00.", &t));
  EXPECT_EQ(to_string(Value(std::string("a"))), "'a'");
  EXPECT_EQ(to_string(Value()), "NULL");
}

}  // namespace
}  // namespace strata::sql
