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
// Per-cell cost: the typed getters and is_null are inline. PostgreSQL: next() reads each cell of the new row
// once (PQgetlength + PQgetvalue; PQgetisnull only for a zero-length cell) into an array of cell views, and
// the getters decode the binary cell by a decoder chosen once per column from its type OID. SQLite: is_null,
// get_int64, get_double, get_bool and get_text call sqlite3_column_* directly (dates and timestamps, which
// parse text, stay in the driver). Conversions off the fast path (e.g. get_text of an int4 column, get_int64
// of a numeric) go through the driver's virtual functions as before. row_count_hint() gives the
// total number of rows where the driver knows it (PostgreSQL), so callers can presize.
//
// Limits: a PostgreSQL result is held whole in memory (PQexecPrepared), so to_table() batches the conversion
// but not the transfer; results arrive in binary, and types the driver does not know (uuid, jsonb, arrays)
// read as their raw binary bytes.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/sql/error.h"
#include "strata/sql/value.h"

// The sqlite3 C functions the inline getters of Result call (declared exactly as <sqlite3.h> declares them, so
// that header can be included before or after this one).
extern "C" {
struct sqlite3_stmt;
const unsigned char* sqlite3_column_text(sqlite3_stmt*, int iCol);
int sqlite3_column_bytes(sqlite3_stmt*, int iCol);
long long sqlite3_column_int64(sqlite3_stmt*, int iCol);
double sqlite3_column_double(sqlite3_stmt*, int iCol);
int sqlite3_column_type(sqlite3_stmt*, int iCol);
}

namespace strata::sql {

namespace detail {

// One cell of the current row as the PostgreSQL driver holds it (binary format). A NULL cell has `null` set,
// `size` 0 and `data` pointing at zero bytes, so a fixed-width decode of it reads 0.
struct CellRef {
  const char* data = nullptr;
  int32_t size = 0;
  bool null = false;
};

// How Result's inline getters decode a column's cells; chosen once per column by the driver. kVirtual: no fast
// path, ask the driver.
enum class CellCodec : uint8_t { kVirtual, kBeInt16, kBeInt32, kBeInt64, kBeFloat32, kBeFloat64, kBool, kBytes, kPgDate, kPgTimestamp };

inline constexpr int64_t kPgEpochMicros = 946'684'800'000'000;  // 2000-01-01 - 1970-01-01
inline constexpr int32_t kPgEpochDays = 10'957;

template <typename T>
T load_be_cell(const char* p) {
  using U = std::conditional_t<sizeof(T) == 2, uint16_t, std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>;
  U u;
  std::memcpy(&u, p, sizeof(U));
  if constexpr (std::endian::native == std::endian::little) {
    if constexpr (sizeof(U) == 2) u = __builtin_bswap16(u);
    if constexpr (sizeof(U) == 4) u = __builtin_bswap32(u);
    if constexpr (sizeof(U) == 8) u = __builtin_bswap64(u);
  }
  return std::bit_cast<T>(u);
}

// What a driver's result exposes for the inline getters (all null: none; every call goes to the virtuals).
struct FastPath {
  const CellRef* cells = nullptr;      // PostgreSQL: the current row, one per column (stable address)
  const CellCodec* codecs = nullptr;   // PostgreSQL: one per column
  sqlite3_stmt* sqlite_stmt = nullptr;  // SQLite: the statement being stepped
};

}  // namespace detail

// The driver side of a Result; Result forwards to it. One implementation per database.
class ResultImpl {
 public:
  virtual ~ResultImpl() = default;
  virtual bool next() = 0;
  // The number of rows of the whole result when the driver knows it before reading (PostgreSQL: PQntuples of
  // the complete result); -1 when it does not (SQLite steps row by row).
  virtual int64_t row_count_hint() const { return -1; }
  virtual Dialect dialect() const = 0;
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

  // Set by the driver in its constructor; read once by Result.
  const detail::FastPath& fast_path() const { return fast_; }

 protected:
  detail::FastPath fast_;
};

// The rows of one executed statement, read forward once. The statement has run (and a DML statement has taken
// effect) when execute() returns; next() moves to the first row, then to each following one. The getters read
// the current row: get_int64 / get_double / get_bool / get_date / get_timestamp convert numbers between
// integer and real; get_text and get_blob return views valid until the next call to next(). A NULL cell reads
// as 0 / "" (check is_null first), get(i) returns it as std::monostate.
class Result {
 public:
  Result() = default;
  explicit Result(std::unique_ptr<ResultImpl> impl) : impl_(std::move(impl)) {
    if (impl_) fast_ = impl_->fast_path();
  }
  Result(Result&& other) noexcept : impl_(std::move(other.impl_)), fast_(std::exchange(other.fast_, {})) {}
  Result& operator=(Result&& other) noexcept {
    impl_ = std::move(other.impl_);
    fast_ = std::exchange(other.fast_, {});
    return *this;
  }

  bool next() { return impl_ && impl_->next(); }
  int num_columns() const { return impl_ ? impl_->num_columns() : 0; }
  std::string_view column_name(int i) const { return impl_->column_name(i); }
  // The declared type: SQLite's column declaration ("VARCHAR(100)", "" for an expression), PostgreSQL's
  // type name ("int8", "int4", "varchar", "timestamp", ...).
  std::string_view column_decl_type(int i) const { return impl_->column_decl_type(i); }
  ColumnType column_type(int i) const { return impl_->column_type(i); }
  std::vector<std::string> column_names() const;
  // The backend this result came from.
  Dialect dialect() const { return impl_->dialect(); }
  // The total number of rows of the result (not the rows left) when the driver knows it up front: PostgreSQL
  // returns PQntuples of the complete result (0 for a statement without rows); SQLite returns std::nullopt
  // (it produces rows one step at a time). For presizing only; next() still decides where the rows end.
  std::optional<int64_t> row_count_hint() const {
    const int64_t n = impl_ ? impl_->row_count_hint() : 0;
    return n < 0 ? std::nullopt : std::optional<int64_t>(n);
  }

  bool is_null(int i) const {
    if (fast_.cells) return fast_.cells[i].null;
    if (fast_.sqlite_stmt) return sqlite3_column_type(fast_.sqlite_stmt, i) == 5;  // SQLITE_NULL
    return impl_->is_null(i);
  }
  int64_t get_int64(int i) const {
    if (fast_.cells) {
      const char* p = fast_.cells[i].data;
      switch (fast_.codecs[i]) {
        case detail::CellCodec::kBeInt64: return detail::load_be_cell<int64_t>(p);
        case detail::CellCodec::kBeInt32: return detail::load_be_cell<int32_t>(p);
        case detail::CellCodec::kBeInt16: return detail::load_be_cell<int16_t>(p);
        case detail::CellCodec::kBool: return *p != 0;
        default: break;
      }
    } else if (fast_.sqlite_stmt) {
      return sqlite3_column_int64(fast_.sqlite_stmt, i);
    }
    return impl_->get_int64(i);
  }
  double get_double(int i) const {
    if (fast_.cells) {
      const char* p = fast_.cells[i].data;
      switch (fast_.codecs[i]) {
        case detail::CellCodec::kBeFloat64: return detail::load_be_cell<double>(p);
        case detail::CellCodec::kBeFloat32: return detail::load_be_cell<float>(p);
        case detail::CellCodec::kBeInt64: return static_cast<double>(detail::load_be_cell<int64_t>(p));
        case detail::CellCodec::kBeInt32: return detail::load_be_cell<int32_t>(p);
        case detail::CellCodec::kBeInt16: return detail::load_be_cell<int16_t>(p);
        default: break;
      }
    } else if (fast_.sqlite_stmt) {
      return sqlite3_column_double(fast_.sqlite_stmt, i);
    }
    return impl_->get_double(i);
  }
  bool get_bool(int i) const { return get_int64(i) != 0; }
  std::string_view get_text(int i) const {
    if (fast_.cells) {
      if (fast_.codecs[i] == detail::CellCodec::kBytes) {
        const detail::CellRef& c = fast_.cells[i];
        return {c.data, static_cast<size_t>(c.size)};
      }
    } else if (fast_.sqlite_stmt) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(fast_.sqlite_stmt, i));
      const int n = sqlite3_column_bytes(fast_.sqlite_stmt, i);  // after the text: the text's length
      return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
    }
    return impl_->get_text(i);
  }
  std::span<const std::byte> get_blob(int i) const {
    if (fast_.cells && fast_.codecs[i] == detail::CellCodec::kBytes) {
      const detail::CellRef& c = fast_.cells[i];
      return {reinterpret_cast<const std::byte*>(c.data), static_cast<size_t>(c.size)};
    }
    return impl_->get_blob(i);
  }
  Date get_date(int i) const {
    if (fast_.cells && fast_.codecs[i] == detail::CellCodec::kPgDate) {
      const detail::CellRef& c = fast_.cells[i];
      return c.null ? Date{} : Date{detail::load_be_cell<int32_t>(c.data) + detail::kPgEpochDays};
    }
    return impl_->get_date(i);
  }
  Timestamp get_timestamp(int i) const {
    if (fast_.cells && fast_.codecs[i] == detail::CellCodec::kPgTimestamp) {
      const detail::CellRef& c = fast_.cells[i];
      return c.null ? Timestamp{} : Timestamp{detail::load_be_cell<int64_t>(c.data) + detail::kPgEpochMicros};
    }
    return impl_->get_timestamp(i);
  }
  Value get(int i) const { return impl_->get(i); }
  // Rows inserted, updated or deleted by a DML statement (after it ran; for SQLite's RETURNING, once all rows
  // have been read).
  int64_t rows_affected() const { return impl_ ? impl_->rows_affected() : 0; }

  // Every remaining row as Values (tests, small results).
  std::vector<std::vector<Value>> fetch_all();

 private:
  std::unique_ptr<ResultImpl> impl_;
  detail::FastPath fast_;  // copied from impl_ (its arrays live as long as impl_)
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
