// One small interface over SQLite (libsqlite3) and PostgreSQL (libpq). Open the file to start here.
//
//   auto conn = sql::connect("sqlite://:memory:");   // or "sqlite:///data/app.db",
//                                                    //    "postgresql://user@host:5432/db?host=/run/pg"
//   conn->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
//   std::vector<sql::Value> params = {int64_t{1}, std::string("O'Brien")};
//   conn->execute("INSERT INTO t VALUES (?, ?)", params);          // `$1, $2` on PostgreSQL
//   sql::Result r = conn->execute("SELECT id, name FROM t");
//   while (r.next()) use(r.get_int64(0), r.get_text(1));             // no allocation per cell
//
// Values are only ever bound as parameters, never spliced into SQL text. Statements are prepared once per SQL
// text and re-used (SQLite: a statement cache; PostgreSQL: named prepared statements per SQL text and
// parameter types). Errors are the typed DatabaseErrors of error.h. A Connection is used by one thread at a
// time; share connections between threads through a ConnectionPool (pool.h).
//
// For the ORM (orm/ sits on this layer):
// - CompiledSql{sql, params} runs as `conn.execute(sql, params)`; sql::Value has the alternatives of
//   orm::Value (monostate, bool, int32, int64, double, string, Date, Timestamp) plus Blob and Numeric, and
//   sql::Date / sql::Timestamp have the same representation, so orm/value.h can alias them.
// - Placeholders: `placeholder(dialect, n)`; the dialect of a live connection is `conn.dialect()`.
// - Flush: on SQLite, `execute_batch(insert_sql, rows)` re-binds one cached statement (ids from RETURNING or
//   last_insert_id()); on PostgreSQL, a multi-row `INSERT ... RETURNING id` through execute(), or
//   execute_batch (pipeline mode) for UPDATE/DELETE batches. Session transactions: Transaction (savepoints
//   for nested begin). Integrity failures arrive as IntegrityError with constraint() and constraint_kind().
// - Hydration: read cells with the typed getters (get_int64, get_double, get_text, get_bool, get_date,
//   get_timestamp) by column position; they never allocate.
//
// Limits: a PostgreSQL result is held whole in memory (PQexecPrepared), so to_table() batches the conversion
// but not the transfer; results arrive in binary, and types the driver does not know (uuid, jsonb, arrays)
// read as their raw binary bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/sql/error.h"
#include "strata/sql/value.h"

namespace strata::sql {

// The driver side of a Result; Result forwards to it. One implementation per database.
class ResultImpl {
 public:
  virtual ~ResultImpl() = default;
  virtual bool next() = 0;
  virtual int num_columns() const = 0;
  virtual std::string_view column_name(int i) const = 0;
  virtual std::string_view column_decl_type(int i) const = 0;
  virtual ColumnType column_type(int i) const = 0;
  virtual bool is_null(int i) const = 0;
  virtual int64_t get_int64(int i) const = 0;
  virtual double get_double(int i) const = 0;
  virtual bool get_bool(int i) const = 0;
  virtual std::string_view get_text(int i) const = 0;
  virtual std::span<const std::byte> get_blob(int i) const = 0;
  virtual Date get_date(int i) const = 0;
  virtual Timestamp get_timestamp(int i) const = 0;
  virtual Value get(int i) const = 0;
  virtual int64_t rows_affected() const = 0;
};

// The rows of one executed statement, read forward once. The statement has run (and a DML statement has taken
// effect) when execute() returns; next() moves to the first row, then to each following one. The getters read
// the current row: get_int64 / get_double / get_bool / get_date / get_timestamp convert numbers between
// integer and real; get_text and get_blob return views valid until the next call to next(). A NULL cell reads
// as 0 / "" (check is_null first), get(i) returns it as std::monostate.
class Result {
 public:
  Result() = default;
  explicit Result(std::unique_ptr<ResultImpl> impl) : impl_(std::move(impl)) {}

  bool next() { return impl_ && impl_->next(); }
  int num_columns() const { return impl_ ? impl_->num_columns() : 0; }
  std::string_view column_name(int i) const { return impl_->column_name(i); }
  // The declared type: SQLite's column declaration ("VARCHAR(100)", "" for an expression), PostgreSQL's
  // type name ("int8", "varchar", "timestamp", ...).
  std::string_view column_decl_type(int i) const { return impl_->column_decl_type(i); }
  ColumnType column_type(int i) const { return impl_->column_type(i); }
  std::vector<std::string> column_names() const;

  bool is_null(int i) const { return impl_->is_null(i); }
  int64_t get_int64(int i) const { return impl_->get_int64(i); }
  double get_double(int i) const { return impl_->get_double(i); }
  bool get_bool(int i) const { return impl_->get_bool(i); }
  std::string_view get_text(int i) const { return impl_->get_text(i); }
  std::span<const std::byte> get_blob(int i) const { return impl_->get_blob(i); }
  Date get_date(int i) const { return impl_->get_date(i); }
  Timestamp get_timestamp(int i) const { return impl_->get_timestamp(i); }
  Value get(int i) const { return impl_->get(i); }
  // Rows inserted, updated or deleted by a DML statement (after it ran; for SQLite's RETURNING, once all rows
  // have been read).
  int64_t rows_affected() const { return impl_ ? impl_->rows_affected() : 0; }

  // Every remaining row as Values (tests, small results).
  std::vector<std::vector<Value>> fetch_all();

 private:
  std::unique_ptr<ResultImpl> impl_;
};

class Connection {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;

  // Prepare (or re-use) `sql`, bind `params` in placeholder order, run it.
  virtual Result execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  Result execute(std::string_view sql, std::initializer_list<Value> params) {
    return execute(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // Run one statement and return the rows it changed.
  int64_t execute_update(std::string_view sql, std::span<const Value> params = {}) {
    return execute(sql, params).rows_affected();
  }
  // Run a script of ;-separated statements without parameters (DDL).
  virtual void execute_script(std::string_view sql) = 0;
  // Run `sql` once per parameter row; the rows changed by each. PostgreSQL sends the rows in pipeline mode
  // (one round trip for the batch); SQLite re-binds one prepared statement. Not a transaction by itself.
  virtual std::vector<int64_t> execute_batch(std::string_view sql, std::span<const std::vector<Value>> rows) = 0;

  // Transactions. Prefer the Transaction guard (transaction.h), which nests through savepoints.
  void begin();
  void commit();
  void rollback();
  void savepoint(std::string_view name);
  void release_savepoint(std::string_view name);
  void rollback_to_savepoint(std::string_view name);
  // True between begin() and commit()/rollback() as this object tracked it.
  bool in_transaction() const { return transaction_depth_ > 0; }

  // False once the connection is known to be broken (server gone, handle closed). PostgreSQL also notices a
  // server that closed the socket while the connection sat idle.
  virtual bool is_healthy() = 0;
  // The rowid of the last INSERT (SQLite); PostgreSQL throws NotImplemented (use RETURNING).
  virtual int64_t last_insert_id() = 0;

  // Transaction guard bookkeeping (used by Transaction).
  int transaction_depth() const { return transaction_depth_; }
  int next_savepoint_id() { return ++savepoint_counter_; }

 protected:
  Connection() = default;
  int transaction_depth_ = 0;  // 0: autocommit; 1: in BEGIN; n: n-1 savepoints open (guards only)
  int savepoint_counter_ = 0;
  friend class Transaction;
};

// Open a connection by URL:
//   sqlite://:memory:            an in-memory database
//   sqlite:///abs/path.db        a file (created when missing); WAL journal, 5 s busy timeout, foreign keys on
//   sqlite://relative/path.db    a file relative to the working directory
//   postgresql://user:pass@host:port/db?host=/socket/dir&...   (also postgres://) handed to libpq as a URI
std::unique_ptr<Connection> connect(std::string_view url);

}  // namespace strata::sql
