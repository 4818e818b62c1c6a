// The driver interface, one test body for both backends: SQLite (:memory: or a file) and a PostgreSQL 15 server
// started by the test harness (tests/support/pg_server.h).
#include <thread>

#include <gtest/gtest.h>

#include "strata/columnar/array.h"
#include "strata/columnar/builder.h"
#include "strata/sql/sql.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace strata::sql {
namespace {

using testing::PgServer;

int g_schema_counter = 0;

class DriverTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    if (GetParam() == Dialect::kSqlite) {
      url_ = "sqlite://:memory:";
    } else {
      STRATA_POSTGRES_URL_OR_RETURN(base);
      // A fresh schema per test: tables of one test never meet another's.
      schema_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(++g_schema_counter);
      auto admin = connect(base);
      admin->execute_script("CREATE SCHEMA " + schema_);
      url_ = base + "&options=-csearch_path%3D" + schema_;
    }
    conn_ = connect(url_);
  }

  bool pg() const { return GetParam() == Dialect::kPostgresql; }
  // Tests write `?` placeholders; PostgreSQL gets `$1, $2, ...`.
  std::string q(std::string_view sql) const {
    std::string out;
    int n = 0;
    for (char c : sql) {
      if (c == '?') {
        out += placeholder(GetParam(), ++n);
      } else {
        out.push_back(c);
      }
    }
    return out;
  }
  std::string pk() const { return pg() ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY"; }
  std::string blob() const { return pg() ? "BYTEA" : "BLOB"; }
  int64_t count(const std::string& table) {
    Result r = conn_->execute("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(r.next());
    return r.get_int64(0);
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<Connection> conn_;
};

Blob bytes(std::initializer_list<int> v) {
  Blob b;
  for (int x : v) b.bytes.push_back(static_cast<std::byte>(x));
  return b;
}

TEST_P(DriverTest, DialectAndPlaceholders) {
  EXPECT_EQ(conn_->dialect(), GetParam());
  EXPECT_EQ(placeholder(Dialect::kSqlite, 3), "?");
  EXPECT_EQ(placeholder(Dialect::kPostgresql, 3), "$3");
}

TEST_P(DriverTest, EveryTypeRoundTrips) {
  conn_->execute_script("CREATE TABLE v (id " + pk() +
                        ", i BIGINT, d DOUBLE PRECISION, s TEXT, b " + blob() +
                        ", f BOOLEAN, dt DATE, ts TIMESTAMP)");
  // 2024-02-29 is day 19782; 1969-12-31 is day -1; 2024-02-29 13:45:07.123456 = 19782 * 86400e6 + 49507123456.
  const Timestamp ts{int64_t{19782} * 86'400'000'000 + 49'507'123'456};
  const Timestamp before_epoch{-1};  // 1969-12-31 23:59:59.999999
  std::vector<std::vector<Value>> rows = {
      {int64_t{INT64_MAX}, 1.5, std::string("héllo ✓"), bytes({0, 1, 255, 0}), true, Date{19782}, ts},
      {int64_t{INT64_MIN}, -0.1, std::string(""), bytes({}), false, Date{-1}, before_epoch},
      {std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
       std::monostate{}},
      {int32_t{-7}, 1e300, std::string("a\tb\nc"), bytes({42}), true, Date{0}, Timestamp{0}},
  };
  for (const auto& row : rows) {
    Result r = conn_->execute(q("INSERT INTO v (i, d, s, b, f, dt, ts) VALUES (?, ?, ?, ?, ?, ?, ?)"), row);
    EXPECT_EQ(r.rows_affected(), 1);
  }
  Result r = conn_->execute("SELECT i, d, s, b, f, dt, ts FROM v ORDER BY id");
  ASSERT_EQ(r.num_columns(), 7);
  EXPECT_EQ(r.column_names(), (std::vector<std::string>{"i", "d", "s", "b", "f", "dt", "ts"}));
  EXPECT_EQ(r.column_type(0), ColumnType::kInt64);
  EXPECT_EQ(r.column_type(1), ColumnType::kDouble);
  EXPECT_EQ(r.column_type(2), ColumnType::kText);
  EXPECT_EQ(r.column_type(3), ColumnType::kBlob);
  EXPECT_EQ(r.column_type(4), ColumnType::kBool);
  EXPECT_EQ(r.column_type(5), ColumnType::kDate);
  EXPECT_EQ(r.column_type(6), ColumnType::kTimestamp);
  EXPECT_EQ(r.column_decl_type(0), pg() ? "int8" : "BIGINT");

  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), INT64_MAX);
  EXPECT_EQ(r.get_double(1), 1.5);
  EXPECT_EQ(r.get_text(2), "héllo ✓");
  EXPECT_EQ(r.get(3), Value(bytes({0, 1, 255, 0})));
  EXPECT_TRUE(r.get_bool(4));
  EXPECT_EQ(r.get_date(5), Date{19782});
  EXPECT_EQ(r.get_timestamp(6), ts);
  EXPECT_EQ(r.get(4), Value(true));
  EXPECT_EQ(r.get(5), Value(Date{19782}));
  EXPECT_EQ(r.get(6), Value(ts));

  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get(0), Value(int64_t{INT64_MIN}));
  EXPECT_EQ(r.get(1), Value(-0.1));
  EXPECT_EQ(r.get(2), Value(std::string()));
  EXPECT_FALSE(r.is_null(3));
  EXPECT_TRUE(r.get_blob(3).empty());
  EXPECT_EQ(r.get(4), Value(false));
  EXPECT_EQ(r.get(5), Value(Date{-1}));
  EXPECT_EQ(r.get(6), Value(before_epoch));

  ASSERT_TRUE(r.next());
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(r.is_null(i)) << i;
    EXPECT_EQ(r.get(i), Value()) << i;
  }

  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get(0), Value(int64_t{-7}));  // an int32 parameter reads back as int64
  EXPECT_EQ(r.get_double(1), 1e300);
  EXPECT_EQ(r.get_text(2), "a\tb\nc");
  EXPECT_EQ(r.get(5), Value(Date{0}));
  EXPECT_EQ(r.get(6), Value(Timestamp{0}));
  EXPECT_FALSE(r.next());
  EXPECT_FALSE(r.next());
}

TEST_P(DriverTest, ParameterOnlyExpressions) {
  Result r = conn_->execute(q("SELECT ? + 1, ?"), {int64_t{41}, std::string("x")});
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 42);
  EXPECT_EQ(r.get_text(1), "x");
}

TEST_P(DriverTest, InjectionLookingStringsAreStoredVerbatim) {
  conn_->execute_script("CREATE TABLE people (id " + pk() + ", name TEXT NOT NULL)");
  const std::vector<std::string> names = {
      "Robert'); DROP TABLE people;--", "' OR '1'='1", "\"; DELETE FROM people; --", "$1", "?", "\\'", "'';",
      "x' || (SELECT 1) || '"};
  for (const auto& n : names) conn_->execute(q("INSERT INTO people (name) VALUES (?)"), {n});
  EXPECT_EQ(count("people"), static_cast<int64_t>(names.size()));
  Result r = conn_->execute("SELECT name FROM people ORDER BY id");
  for (const auto& n : names) {
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.get_text(0), n);
  }
  // And as a lookup key.
  Result one = conn_->execute(q("SELECT COUNT(*) FROM people WHERE name = ?"), {std::string("' OR '1'='1")});
  ASSERT_TRUE(one.next());
  EXPECT_EQ(one.get_int64(0), 1);
}

TEST_P(DriverTest, ConstraintViolationsAreIntegrityErrors) {
  conn_->execute_script(
      "CREATE TABLE dept (id BIGINT PRIMARY KEY, name TEXT NOT NULL, CONSTRAINT uq_dept_name UNIQUE (name));"
      "CREATE TABLE emp (id BIGINT PRIMARY KEY, dept_id BIGINT NOT NULL,"
      " CONSTRAINT fk_emp_dept FOREIGN KEY (dept_id) REFERENCES dept (id),"
      " CONSTRAINT ck_emp_id CHECK (id > 0))");
  conn_->execute(q("INSERT INTO dept VALUES (?, ?)"), {int64_t{1}, std::string("Sales")});

  Transaction tx(*conn_);
  try {
    conn_->execute(q("INSERT INTO dept VALUES (?, ?)"), {int64_t{2}, std::string("Sales")});
    FAIL() << "no error for a duplicate name";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.constraint_kind(), ConstraintKind::kUnique);
    EXPECT_EQ(e.constraint(), pg() ? "uq_dept_name" : "dept.name");
    EXPECT_NE(e.sql().find("INSERT INTO dept"), std::string::npos);
    if (pg()) {
      EXPECT_EQ(e.sqlstate(), "23505");
    }
  }
  tx.rollback();

  try {
    conn_->execute(q("INSERT INTO emp VALUES (?, ?)"), {int64_t{1}, int64_t{99}});
    FAIL() << "no error for a missing department";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.constraint_kind(), ConstraintKind::kForeignKey);
    if (pg()) {
      EXPECT_EQ(e.constraint(), "fk_emp_dept");
    }
  }
  try {
    conn_->execute(q("INSERT INTO dept VALUES (?, ?)"), {int64_t{3}, Value()});
    FAIL() << "no error for a NULL name";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.constraint_kind(), ConstraintKind::kNotNull);
    if (!pg()) {
      EXPECT_EQ(e.constraint(), "dept.name");
    }
  }
  try {
    conn_->execute(q("INSERT INTO emp VALUES (?, ?)"), {int64_t{-5}, int64_t{1}});
    FAIL() << "no error for a failed CHECK";
  } catch (const IntegrityError& e) {
    EXPECT_EQ(e.constraint_kind(), ConstraintKind::kCheck);
    EXPECT_EQ(e.constraint(), "ck_emp_id");
  }
  // The connection is usable afterwards.
  conn_->execute(q("INSERT INTO emp VALUES (?, ?)"), {int64_t{1}, int64_t{1}});
  EXPECT_EQ(count("emp"), 1);
  EXPECT_EQ(count("dept"), 1);
}

TEST_P(DriverTest, BadSqlIsProgrammingErrorWithTheSql) {
  try {
    conn_->execute("SELEC 1");
    FAIL();
  } catch (const ProgrammingError& e) {
    EXPECT_EQ(e.sql(), "SELEC 1");
    EXPECT_NE(e.server_message().find("syntax error"), std::string::npos) << e.server_message();
    EXPECT_NE(std::string(e.what()).find("SELEC 1"), std::string::npos);
  }
  EXPECT_THROW(conn_->execute("SELECT * FROM no_such_table"), ProgrammingError);
  EXPECT_THROW(conn_->execute_script("CREATE TABL x (a INT)"), ProgrammingError);
  // Wrong parameter count.
  conn_->execute_script("CREATE TABLE t (a BIGINT)");
  EXPECT_THROW(conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{1}, int64_t{2}}), ProgrammingError);
  // Still usable, and every error is a strata::Error.
  EXPECT_THROW(conn_->execute("SELECT nope FROM t"), Error);
  EXPECT_EQ(conn_->execute_update(q("INSERT INTO t VALUES (?)"), std::vector<Value>{int64_t{5}}), 1);
}

TEST_P(DriverTest, RowsAffected) {
  conn_->execute_script("CREATE TABLE t (a BIGINT)");
  for (int i = 0; i < 10; ++i) conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{i}});
  EXPECT_EQ(conn_->execute(q("UPDATE t SET a = a + 100 WHERE a < ?"), {int64_t{4}}).rows_affected(), 4);
  EXPECT_EQ(conn_->execute(q("DELETE FROM t WHERE a >= ?"), {int64_t{100}}).rows_affected(), 4);
  EXPECT_EQ(conn_->execute("SELECT a FROM t").rows_affected(), 0);
  EXPECT_EQ(count("t"), 6);
}

TEST_P(DriverTest, MultiRowInsertReturning) {
  conn_->execute_script("CREATE TABLE t (id " + pk() + ", name TEXT)");
  Result r = conn_->execute(q("INSERT INTO t (name) VALUES (?), (?), (?) RETURNING id, name"),
                            {std::string("a"), std::string("b"), std::string("c")});
  std::vector<int64_t> ids;
  std::string names;
  while (r.next()) {
    ids.push_back(r.get_int64(0));
    names += r.get_text(1);
  }
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(names, "abc");
}

TEST_P(DriverTest, SameStatementWhileItsResultIsOpen) {
  conn_->execute_script("CREATE TABLE t (a BIGINT)");
  for (int i = 1; i <= 3; ++i) conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{i}});
  const std::string sql = q("SELECT a FROM t WHERE a >= ? ORDER BY a");
  Result outer = conn_->execute(sql, {int64_t{1}});
  int64_t total = 0;
  while (outer.next()) {
    Result inner = conn_->execute(sql, {outer.get_int64(0)});
    while (inner.next()) total += inner.get_int64(0);
  }
  EXPECT_EQ(total, (1 + 2 + 3) + (2 + 3) + 3);
}

TEST_P(DriverTest, TransactionGuardRollsBackUnlessCommitted) {
  conn_->execute_script("CREATE TABLE t (a BIGINT)");
  {
    Transaction tx(*conn_);
    conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{1}});
    EXPECT_TRUE(conn_->in_transaction());
  }
  EXPECT_FALSE(conn_->in_transaction());
  EXPECT_EQ(count("t"), 0);
  try {
    Transaction tx(*conn_);
    conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{1}});
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(count("t"), 0);
  {
    Transaction tx(*conn_);
    conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{2}});
    tx.commit();
    EXPECT_THROW(tx.commit(), InvalidArgument);
  }
  EXPECT_EQ(count("t"), 1);
}

TEST_P(DriverTest, NestedSavepoints) {
  conn_->execute_script("CREATE TABLE t (a BIGINT PRIMARY KEY)");
  {
    Transaction outer(*conn_);
    conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{1}});
    {
      Transaction inner(*conn_);
      EXPECT_TRUE(inner.is_savepoint());
      conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{2}});
      {
        Transaction innermost(*conn_);
        conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{3}});
        innermost.commit();
      }
      // inner is dropped: 2 and 3 go
    }
    {
      Transaction inner(*conn_);
      // A failing statement inside a savepoint: roll back to it and carry on (PostgreSQL needs exactly this).
      EXPECT_THROW(conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{1}}), IntegrityError);
      inner.rollback();
    }
    {
      Transaction inner(*conn_);
      conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{4}});
      inner.commit();
    }
    outer.commit();
  }
  Result r = conn_->execute("SELECT a FROM t ORDER BY a");
  std::vector<int64_t> got;
  while (r.next()) got.push_back(r.get_int64(0));
  EXPECT_EQ(got, (std::vector<int64_t>{1, 4}));
  // Explicit savepoint calls.
  conn_->begin();
  conn_->savepoint("sp1");
  conn_->execute(q("INSERT INTO t VALUES (?)"), {int64_t{5}});
  conn_->rollback_to_savepoint("sp1");
  conn_->release_savepoint("sp1");
  conn_->commit();
  EXPECT_EQ(count("t"), 2);
  EXPECT_THROW(conn_->savepoint("bad name; DROP TABLE t"), InvalidArgument);
}

TEST_P(DriverTest, ExecuteBatch) {
  conn_->execute_script("CREATE TABLE t (a BIGINT, s TEXT)");
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 2500; ++i) {
    rows.push_back({int64_t{i}, i % 3 == 0 ? Value() : Value(std::to_string(i))});
  }
  Transaction tx(*conn_);
  const auto counts = conn_->execute_batch(q("INSERT INTO t VALUES (?, ?)"), rows);
  tx.commit();
  ASSERT_EQ(counts.size(), 2500u);
  for (int64_t c : counts) EXPECT_EQ(c, 1);
  Result r = conn_->execute("SELECT COUNT(*), SUM(a), COUNT(s) FROM t");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.get_int64(0), 2500);
  EXPECT_EQ(r.get_int64(1), 2499 * 2500 / 2);
  EXPECT_EQ(r.get_int64(2), 2500 - 834);  // multiples of 3 in [0, 2500): 834

  // A failing row: the typed error, and the connection still works.
  conn_->execute_script("CREATE TABLE u (a BIGINT PRIMARY KEY)");
  std::vector<std::vector<Value>> dup = {{int64_t{1}}, {int64_t{2}}, {int64_t{1}}, {int64_t{3}}};
  {
    Transaction tx2(*conn_);
    EXPECT_THROW(conn_->execute_batch(q("INSERT INTO u VALUES (?)"), dup), IntegrityError);
  }
  EXPECT_EQ(count("u"), 0);
  EXPECT_EQ(count("t"), 2500);
}

columnar::Table sample_table() {
  using namespace columnar;
  Int64Builder ids;
  DoubleBuilder amounts;
  StringBuilder names;
  BooleanBuilder flags;
  Int32Builder days(date32());
  Int64Builder stamps(timestamp(TimeUnit::kMicro));
  for (int i = 0; i < 1000; ++i) {
    ids.append(i);
    if (i % 7 == 3) {
      amounts.append_null();
    } else {
      amounts.append(i * 0.25);
    }
    if (i % 11 == 5) {
      names.append_null();
    } else {
      names.append("name'" + std::to_string(i));
    }
    flags.append(i % 2 == 0);
    days.append(19000 + i);
    stamps.append(int64_t{1'700'000'000'000'000} + i * 1'000'001);
  }
  return Table::from_arrays({"id", "amount", "name", "flag", "day", "stamp"},
                            {ids.finish(), amounts.finish(), names.finish(), flags.finish(), days.finish(), stamps.finish()});
}

TEST_P(DriverTest, BulkLoadAndToTableRoundTrip) {
  conn_->execute_script(
      "CREATE TABLE items (id BIGINT PRIMARY KEY, amount DOUBLE PRECISION, name TEXT, flag BOOLEAN, day DATE, "
      "stamp TIMESTAMP)");
  const columnar::Table table = sample_table();
  EXPECT_EQ(bulk_load(*conn_, "items", table), 1000);
  EXPECT_EQ(count("items"), 1000);

  Result check = conn_->execute(q("SELECT amount, name, flag, day, stamp FROM items WHERE id = ?"), {int64_t{12}});
  ASSERT_TRUE(check.next());
  EXPECT_EQ(check.get_double(0), 3.0);
  EXPECT_EQ(check.get_text(1), "name'12");
  EXPECT_TRUE(check.get_bool(2));
  EXPECT_EQ(check.get_date(3), Date{19012});
  EXPECT_EQ(check.get_timestamp(4), Timestamp{1'700'000'000'000'000 + 12'000'012});

  columnar::Table back = to_table(conn_->execute("SELECT id, amount, name, flag, day, stamp FROM items ORDER BY id"), 128);
  EXPECT_EQ(back.num_rows(), 1000);
  EXPECT_EQ(back.column(0).num_chunks(), 8);  // 1000 rows in batches of 128
  EXPECT_TRUE(back.schema()->equals(*table.schema())) << back.schema()->to_string();
  EXPECT_TRUE(back.equals(table));
  EXPECT_EQ(back.column("amount").null_count(), 143);  // i % 7 == 3 for i < 1000
  EXPECT_EQ(back.column("name").null_count(), 91);     // i % 11 == 5 for i < 1000

  // A failure inside a bulk load leaves nothing behind.
  EXPECT_THROW(bulk_load(*conn_, "items", table), IntegrityError);
  EXPECT_EQ(count("items"), 1000);
}

TEST_P(DriverTest, ToTableOfExpressionsAndEmptyResults) {
  conn_->execute_script("CREATE TABLE t (a BIGINT, s TEXT)");
  columnar::Table empty = to_table(conn_->execute("SELECT a, s FROM t"));
  EXPECT_EQ(empty.num_rows(), 0);
  EXPECT_EQ(empty.schema()->field(0)->type()->id(), columnar::TypeId::kInt64);
  EXPECT_EQ(empty.schema()->field(1)->type()->id(), columnar::TypeId::kString);
  for (int i = 0; i < 5; ++i) {
    conn_->execute(q("INSERT INTO t VALUES (?, ?)"), {int64_t{i}, i == 0 ? Value() : Value(std::string(i, 'x'))});
  }
  columnar::Table agg = to_table(conn_->execute("SELECT COUNT(*) AS n, SUM(a) * 1.5 AS x, MAX(s) AS m FROM t"));
  ASSERT_EQ(agg.num_rows(), 1);
  EXPECT_EQ(agg.schema()->field(0)->type()->id(), columnar::TypeId::kInt64);
  EXPECT_EQ(agg.schema()->field(1)->type()->id(), columnar::TypeId::kFloat64);  // numeric on PostgreSQL
  EXPECT_EQ(agg.schema()->field(2)->type()->id(), columnar::TypeId::kString);
  EXPECT_EQ(columnar::Int64Array(agg.column(0).chunk(0)).value(0), 5);
  EXPECT_EQ(columnar::DoubleArray(agg.column(1).chunk(0)).value(0), 15.0);
  EXPECT_EQ(columnar::StringArray(agg.column(2).chunk(0)).value(0), "xxxx");
}

// The typed getters read cells inline (PostgreSQL: cell views filled once per row and decoded by a per-column
// decoder; SQLite: sqlite3_column_* called directly). Every width, NULL against an empty string or blob, the
// extremes of each integer width, and the conversions that still go to the driver.
TEST_P(DriverTest, InlineGettersReadEveryWidthNullsAndEmptyValues) {
  conn_->execute_script("CREATE TABLE w (k INTEGER, s SMALLINT, i INTEGER, b BIGINT, f REAL, d DOUBLE PRECISION, "
                        "t BOOLEAN, x TEXT, y " + blob() + ", dt DATE, ts TIMESTAMP)");
  const std::string insert = q("INSERT INTO w VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // 1969-12-31 is day -1; 1969-12-31 23:59:59.5 is -500000 us.
  conn_->execute(insert, {int32_t{1}, int32_t{-32768}, int32_t{INT32_MIN}, int64_t{INT64_MIN}, 1.5, -2.25, true,
                          std::string(), Blob{}, Date{-1}, Timestamp{-500'000}});
  conn_->execute(insert, {int32_t{2}, Value(), Value(), Value(), Value(), Value(), Value(), Value(), Value(), Value(),
                          Value()});
  // 2024-02-29 is day 19782; 2024-02-29 13:45:07.123456 = 19782 * 86400e6 + 49507123456 us.
  conn_->execute(insert, {int32_t{3}, int32_t{32767}, int32_t{INT32_MAX}, int64_t{INT64_MAX}, 3.25, 1e300, false,
                          std::string("h\xc3\xa9llo"), bytes({0, 255, 7}), Date{19782},
                          Timestamp{int64_t{19782} * 86'400'000'000 + 49'507'123'456}});

  Result r = conn_->execute("SELECT k, s, i, b, f, d, t, x, y, dt, ts FROM w ORDER BY k");
  ASSERT_EQ(r.num_columns(), 11);
  ASSERT_TRUE(r.next());
  for (int c = 0; c < 11; ++c) EXPECT_FALSE(r.is_null(c)) << "row 1, column " << c;
  EXPECT_EQ(r.get_int64(0), 1);
  EXPECT_EQ(r.get_int64(1), -32768);
  EXPECT_EQ(r.get_int64(2), INT32_MIN);
  EXPECT_EQ(r.get_int64(3), INT64_MIN);
  EXPECT_EQ(r.get_double(4), 1.5);
  EXPECT_EQ(r.get_double(5), -2.25);
  EXPECT_TRUE(r.get_bool(6));
  EXPECT_EQ(r.get_int64(6), 1);
  EXPECT_EQ(r.get_text(7), "");
  EXPECT_TRUE(r.get_blob(8).empty());
  EXPECT_EQ(r.get_date(9), Date{-1});
  EXPECT_EQ(r.get_timestamp(10), Timestamp{-500'000});
  // Integers read as reals, and conversions off the inline path (text of a number) through the driver.
  EXPECT_EQ(r.get_double(1), -32768.0);
  EXPECT_EQ(r.get_double(2), static_cast<double>(INT32_MIN));
  EXPECT_EQ(r.get_text(1), "-32768");
  EXPECT_EQ(r.get_int64(5), -2);
  EXPECT_EQ(r.get(3), Value(int64_t{INT64_MIN}));
  EXPECT_EQ(r.get(7), Value(std::string()));

  ASSERT_TRUE(r.next());
  EXPECT_FALSE(r.is_null(0));
  for (int c = 1; c < 11; ++c) {
    EXPECT_TRUE(r.is_null(c)) << "row 2, column " << c;
    EXPECT_EQ(r.get_int64(c), 0) << "column " << c;
    EXPECT_EQ(r.get_double(c), 0.0) << "column " << c;
    EXPECT_TRUE(is_null(r.get(c))) << "column " << c;
  }
  EXPECT_FALSE(r.get_bool(6));
  EXPECT_EQ(r.get_text(7), "");
  EXPECT_TRUE(r.get_blob(8).empty());
  EXPECT_EQ(r.get_date(9), Date{});
  EXPECT_EQ(r.get_timestamp(10), Timestamp{});

  ASSERT_TRUE(r.next());
  for (int c = 0; c < 11; ++c) EXPECT_FALSE(r.is_null(c)) << "row 3, column " << c;
  EXPECT_EQ(r.get_int64(1), 32767);
  EXPECT_EQ(r.get_int64(2), INT32_MAX);
  EXPECT_EQ(r.get_int64(3), INT64_MAX);
  EXPECT_EQ(r.get_double(4), 3.25);
  EXPECT_EQ(r.get_double(5), 1e300);
  EXPECT_FALSE(r.get_bool(6));
  EXPECT_EQ(r.get_text(7), "h\xc3\xa9llo");
  const auto blob_cell = r.get_blob(8);
  ASSERT_EQ(blob_cell.size(), 3u);
  EXPECT_EQ(blob_cell[1], std::byte{255});
  EXPECT_EQ(blob_cell[2], std::byte{7});
  EXPECT_EQ(r.get_date(9), Date{19782});
  EXPECT_EQ(r.get_timestamp(10), Timestamp{int64_t{19782} * 86'400'000'000 + 49'507'123'456});
  EXPECT_FALSE(r.next());
  EXPECT_FALSE(r.next());
}

TEST_P(DriverTest, RowCountHintWhereTheDriverKnowsIt) {
  conn_->execute_script("CREATE TABLE h (a BIGINT)");
  EXPECT_EQ(Result().row_count_hint(), std::optional<int64_t>(0));
  Result none = conn_->execute("SELECT a FROM h");
  Result inserted = conn_->execute(q("INSERT INTO h VALUES (?), (?), (?) RETURNING a"),
                                   {int64_t{10}, int64_t{20}, int64_t{30}});
  Result plain = conn_->execute(q("INSERT INTO h VALUES (?)"), {int64_t{40}});
  Result all = conn_->execute("SELECT a FROM h ORDER BY a");
  if (pg()) {
    EXPECT_EQ(none.row_count_hint(), std::optional<int64_t>(0));
    EXPECT_EQ(inserted.row_count_hint(), std::optional<int64_t>(3));
    EXPECT_EQ(plain.row_count_hint(), std::optional<int64_t>(0));
    EXPECT_EQ(all.row_count_hint(), std::optional<int64_t>(4));
  } else {
    EXPECT_EQ(none.row_count_hint(), std::nullopt);
    EXPECT_EQ(inserted.row_count_hint(), std::nullopt);
    EXPECT_EQ(all.row_count_hint(), std::nullopt);
  }
  // The hint is the whole result, also after rows were read; the rows themselves agree with it on PostgreSQL.
  int64_t rows = 0;
  while (all.next()) ++rows;
  EXPECT_EQ(rows, 4);
  if (pg()) {
    EXPECT_EQ(all.row_count_hint(), std::optional<int64_t>(rows));
  }
  EXPECT_EQ(all.dialect(), GetParam());
}

TEST_P(DriverTest, MovedResultsKeepTheirCurrentRow) {
  conn_->execute_script("CREATE TABLE m (a BIGINT, s TEXT)");
  conn_->execute(q("INSERT INTO m VALUES (?, ?), (?, ?)"), {int64_t{7}, std::string("seven"), int64_t{8}, Value()});
  Result a = conn_->execute("SELECT a, s FROM m ORDER BY a");
  ASSERT_TRUE(a.next());
  Result b = std::move(a);
  EXPECT_EQ(b.get_int64(0), 7);
  EXPECT_EQ(b.get_text(1), "seven");
  EXPECT_EQ(a.num_columns(), 0);  // NOLINT(bugprone-use-after-move): a moved-from Result is empty
  EXPECT_FALSE(a.next());         // NOLINT(bugprone-use-after-move)
  Result c;
  c = std::move(b);
  ASSERT_TRUE(c.next());
  EXPECT_EQ(c.get_int64(0), 8);
  EXPECT_TRUE(c.is_null(1));
  EXPECT_FALSE(c.next());
}

// to_table keeps PostgreSQL's narrow widths (int2 -> int16, int4 -> int32, float4 -> float32) as pyarrow / ADBC
// do; SQLite's INTEGER / SMALLINT / REAL columns are its int64 and float64 storage classes.
TEST_P(DriverTest, ToTableTypesFollowTheColumnWidths) {
  conn_->execute_script("CREATE TABLE n (s SMALLINT, i INTEGER, b BIGINT, f REAL, d DOUBLE PRECISION)");
  const std::string insert = q("INSERT INTO n VALUES (?, ?, ?, ?, ?)");
  for (int k = 0; k < 5; ++k) {
    if (k == 2) {
      conn_->execute(insert, {Value(), Value(), Value(), Value(), Value()});
    } else {
      conn_->execute(insert, {int32_t{-300 + k}, int32_t{2'000'000'000 + k}, int64_t{5'000'000'000} * (k + 1),
                              0.5 + k, 0.1 * k});
    }
  }
  columnar::Table t = to_table(conn_->execute("SELECT s, i, b, f, d FROM n ORDER BY b"), 2);
  ASSERT_EQ(t.num_rows(), 5);
  EXPECT_EQ(t.column(0).num_chunks(), 3);  // 5 rows in batches of 2
  using columnar::TypeId;
  const std::vector<TypeId> want = pg() ? std::vector<TypeId>{TypeId::kInt16, TypeId::kInt32, TypeId::kInt64,
                                                              TypeId::kFloat32, TypeId::kFloat64}
                                        : std::vector<TypeId>{TypeId::kInt64, TypeId::kInt64, TypeId::kInt64,
                                                              TypeId::kFloat64, TypeId::kFloat64};
  for (int c = 0; c < 5; ++c) {
    EXPECT_EQ(t.schema()->field(c)->type()->id(), want[static_cast<size_t>(c)]) << t.schema()->to_string();
    EXPECT_EQ(t.column(c).null_count(), 1) << "column " << c;
  }
  // The NULL row sorts last on PostgreSQL and first on SQLite: match the other rows by their b.
  const columnar::Table flat = t.combine_chunks();
  for (int64_t row = 0; row < 5; ++row) {
    if (flat.column(2).chunk(0).is_null(row)) continue;
    int64_t b = 0;
    int64_t s = 0;
    int64_t i = 0;
    double f = 0;
    if (pg()) {
      b = columnar::Int64Array(flat.column(2).chunk(0)).value(row);
      s = columnar::Int16Array(flat.column(0).chunk(0)).value(row);
      i = columnar::Int32Array(flat.column(1).chunk(0)).value(row);
      f = columnar::NumericArray<float>(flat.column(3).chunk(0)).value(row);
    } else {
      b = columnar::Int64Array(flat.column(2).chunk(0)).value(row);
      s = columnar::Int64Array(flat.column(0).chunk(0)).value(row);
      i = columnar::Int64Array(flat.column(1).chunk(0)).value(row);
      f = columnar::DoubleArray(flat.column(3).chunk(0)).value(row);
    }
    const int64_t k = b / 5'000'000'000 - 1;
    EXPECT_EQ(s, -300 + k);
    EXPECT_EQ(i, 2'000'000'000 + k);
    EXPECT_EQ(f, 0.5 + static_cast<double>(k));
    EXPECT_EQ(columnar::DoubleArray(flat.column(4).chunk(0)).value(row), 0.1 * static_cast<double>(k));
  }
  // An int4 expression on PostgreSQL is int32 as well; COUNT(*) is int8 -> int64 on both.
  columnar::Table e = to_table(conn_->execute("SELECT CAST(COUNT(*) AS INTEGER) AS c4, COUNT(*) AS c8 FROM n"));
  EXPECT_EQ(e.schema()->field(0)->type()->id(), pg() ? TypeId::kInt32 : TypeId::kInt64);
  EXPECT_EQ(e.schema()->field(1)->type()->id(), TypeId::kInt64);
}

INSTANTIATE_TEST_SUITE_P(Backends, DriverTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const ::testing::TestParamInfo<Dialect>& info) {
                           return info.param == Dialect::kSqlite ? std::string("Sqlite") : std::string("Postgresql");
                         });

}  // namespace
}  // namespace strata::sql
