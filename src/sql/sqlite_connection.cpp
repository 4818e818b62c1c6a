#include "sql/sqlite_connection.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace strata::sql {

namespace {

constexpr size_t kMaxCachedStatements = 512;

bool contains_ci(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::toupper(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

}  // namespace

ColumnType sqlite_decl_type(const char* decl) {
  if (decl == nullptr || *decl == '\0') return ColumnType::kUnknown;
  std::string_view d(decl);
  if (contains_ci(d, "BOOL")) return ColumnType::kBool;
  if (contains_ci(d, "DATETIME") || contains_ci(d, "TIMESTAMP")) return ColumnType::kTimestamp;
  if (contains_ci(d, "DATE")) return ColumnType::kDate;
  if (contains_ci(d, "INT")) return ColumnType::kInt64;
  if (contains_ci(d, "CHAR") || contains_ci(d, "CLOB") || contains_ci(d, "TEXT")) return ColumnType::kText;
  if (contains_ci(d, "BLOB")) return ColumnType::kBlob;
  if (contains_ci(d, "REAL") || contains_ci(d, "FLOA") || contains_ci(d, "DOUB")) return ColumnType::kDouble;
  if (contains_ci(d, "NUMERIC") || contains_ci(d, "DECIMAL")) return ColumnType::kNumeric;
  return ColumnType::kUnknown;
}

// ---------------------------------------------------------------------------------------------------------
// Errors

ErrorInfo SqliteConnection::error_info(int rc, std::string_view sql, const char* message) const {
  ErrorInfo info;
  info.message = message ? message : (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  info.sql = std::string(sql);
  info.code = rc;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE: info.constraint_kind = ConstraintKind::kUnique; break;
      case SQLITE_CONSTRAINT_PRIMARYKEY: info.constraint_kind = ConstraintKind::kPrimaryKey; break;
      case SQLITE_CONSTRAINT_FOREIGNKEY: info.constraint_kind = ConstraintKind::kForeignKey; break;
      case SQLITE_CONSTRAINT_NOTNULL: info.constraint_kind = ConstraintKind::kNotNull; break;
      case SQLITE_CONSTRAINT_CHECK: info.constraint_kind = ConstraintKind::kCheck; break;
      default: info.constraint_kind = ConstraintKind::kOther; break;
    }
    const std::string_view marker = "constraint failed: ";
    const size_t pos = info.message.find(marker);
    if (pos != std::string::npos) info.constraint = info.message.substr(pos + marker.size());
  }
  return info;
}

namespace {

[[noreturn]] void throw_info(ErrorInfo info) {
  switch (info.code & 0xff) {
    case SQLITE_CONSTRAINT: throw IntegrityError(std::move(info));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
    case SQLITE_ABORT:
    case SQLITE_INTERRUPT: throw OperationalError(std::move(info));
    case SQLITE_ERROR:
    case SQLITE_RANGE:
    case SQLITE_MISUSE:
    case SQLITE_AUTH: throw ProgrammingError(std::move(info));
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG: throw DataError(std::move(info));
    default: throw DatabaseError(std::move(info));
  }
}

}  // namespace

void SqliteConnection::throw_error(int rc, std::string_view sql) const { throw_info(error_info(rc, sql)); }

// ---------------------------------------------------------------------------------------------------------
// Open / close

SqliteConnection::SqliteConnection(const std::string& path) {
  // NOMUTEX: a Connection is used by one thread at a time (connection.h), so SQLite's per-call connection mutex
  // (taken by every sqlite3_column_* call in serialized mode) is not needed.
  const int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    ErrorInfo info;
    info.message = fmt::format("cannot open SQLite database \"{}\": {}", path, db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
    info.code = rc;
    sqlite3_close(db_);
    db_ = nullptr;
    throw OperationalError(std::move(info));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  execute_script("PRAGMA foreign_keys=ON");
  const bool memory = path == ":memory:" || path.empty() || path.starts_with("file::memory:");
  if (!memory) {
    Result r = execute("PRAGMA journal_mode=WAL");
    while (r.next()) {
    }
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st->stmt);
  cache_.clear();
  if (db_) sqlite3_close_v2(db_);
}

std::unique_ptr<Connection> open_sqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

// ---------------------------------------------------------------------------------------------------------
// Statements

SqliteStatement* SqliteConnection::acquire_statement(std::string_view sql, bool* owned) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second->in_use) {
    it->second->in_use = true;
    *owned = false;
    return it->second.get();
  }
  auto st = std::make_unique<SqliteStatement>();
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st->stmt,
                                    nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(st->stmt);
    throw_error(rc, sql);
  }
  if (st->stmt == nullptr) {
    ErrorInfo info;
    info.message = "the SQL text holds no statement";
    info.sql = std::string(sql);
    info.code = SQLITE_MISUSE;
    throw ProgrammingError(std::move(info));
  }
  const int n = sqlite3_column_count(st->stmt);
  st->column_types.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) st->column_types[static_cast<size_t>(i)] = sqlite_decl_type(sqlite3_column_decltype(st->stmt, i));
  st->in_use = true;
  st->sql = std::string(sql);
  if (it != cache_.end()) {  // the cached one is busy: this one is private
    *owned = true;
    return st.release();
  }
  if (cache_.size() >= kMaxCachedStatements) {
    for (auto c = cache_.begin(); c != cache_.end();) {
      if (!c->second->in_use) {
        sqlite3_finalize(c->second->stmt);
        c = cache_.erase(c);
      } else {
        ++c;
      }
    }
  }
  *owned = false;
  SqliteStatement* raw = st.get();
  cache_.emplace(std::string(sql), std::move(st));
  return raw;
}

void SqliteConnection::release_statement(SqliteStatement* statement, bool owned) {
  sqlite3_reset(statement->stmt);
  sqlite3_clear_bindings(statement->stmt);
  if (owned) {
    sqlite3_finalize(statement->stmt);
    delete statement;
  } else {
    statement->in_use = false;
  }
}

void SqliteConnection::bind(sqlite3_stmt* stmt, std::span<const Value> params, std::string_view sql, bool transient) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    ErrorInfo info;
    info.message = fmt::format("the statement has {} parameter(s) but {} value(s) were given", expected, params.size());
    info.sql = std::string(sql);
    info.code = SQLITE_RANGE;
    throw ProgrammingError(std::move(info));
  }
  auto destructor = transient ? SQLITE_TRANSIENT : SQLITE_STATIC;
  std::string scratch;
  for (size_t k = 0; k < params.size(); ++k) {
    const int idx = static_cast<int>(k) + 1;
    const Value& v = params[k];
    int rc = SQLITE_OK;
    switch (v.index()) {
      case 0: rc = sqlite3_bind_null(stmt, idx); break;
      case 1: rc = sqlite3_bind_int64(stmt, idx, std::get<bool>(v) ? 1 : 0); break;
      case 2: rc = sqlite3_bind_int64(stmt, idx, std::get<int32_t>(v)); break;
      case 3: rc = sqlite3_bind_int64(stmt, idx, std::get<int64_t>(v)); break;
      case 4: rc = sqlite3_bind_double(stmt, idx, std::get<double>(v)); break;
      case 5: {
        const std::string& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), destructor, SQLITE_UTF8);
        break;
      }
      case 6:
        scratch = format_date(std::get<Date>(v));
        rc = sqlite3_bind_text64(stmt, idx, scratch.data(), scratch.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      case 7:
        scratch.clear();
        append_timestamp_text(scratch, std::get<Timestamp>(v));
        rc = sqlite3_bind_text64(stmt, idx, scratch.data(), scratch.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      case 8: {
        const auto& b = std::get<Blob>(v).bytes;
        rc = sqlite3_bind_blob64(stmt, idx, b.empty() ? "" : static_cast<const void*>(b.data()), b.size(), destructor);
        break;
      }
      case 9: {
        const std::string& s = std::get<Numeric>(v).text;
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), destructor, SQLITE_UTF8);
        break;
      }
      default: break;
    }
    if (rc != SQLITE_OK) throw_error(rc, sql);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Results

namespace {

// The whole of `text` as a decimal integer.
bool parse_integer(std::string_view text, int64_t* out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

class SqliteResult final : public ResultImpl {
 public:
  SqliteResult(SqliteConnection* conn, SqliteStatement* st, bool owned)
      : conn_(conn), st_(st), owned_(owned), stmt_(st->stmt) {
    fast_.sqlite_stmt = stmt_;  // Result calls sqlite3_column_* itself for the plain getters
  }
  ~SqliteResult() override { conn_->release_statement(st_, owned_); }

  // First step, inside execute(): runs DML; a failure throws with the statement released.
  void start() {
    step();
    pending_ = has_row_;
  }

  bool next() override {
    if (pending_) {
      pending_ = false;
      return true;
    }
    if (done_) return false;
    step();
    return has_row_;
  }
  Dialect dialect() const override { return Dialect::kSqlite; }
  int num_columns() const override { return sqlite3_column_count(stmt_); }
  std::string_view column_name(int i) const override {
    const char* n = sqlite3_column_name(stmt_, i);
    return n ? n : "";
  }
  std::string_view column_decl_type(int i) const override {
    const char* d = sqlite3_column_decltype(stmt_, i);
    return d ? d : "";
  }
  ColumnType column_type(int i) const override { return st_->column_types.at(static_cast<size_t>(i)); }
  bool is_null(int i) const override { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  int64_t get_int64(int i) const override { return sqlite3_column_int64(stmt_, i); }
  double get_double(int i) const override { return sqlite3_column_double(stmt_, i); }
  bool get_bool(int i) const override { return sqlite3_column_int64(stmt_, i) != 0; }
  std::string_view get_text(int i) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    const int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
  }
  std::span<const std::byte> get_blob(int i) const override {
    const auto* p = static_cast<const std::byte*>(sqlite3_column_blob(stmt_, i));
    const int n = sqlite3_column_bytes(stmt_, i);
    return p ? std::span<const std::byte>(p, static_cast<size_t>(n)) : std::span<const std::byte>();
  }
  // Dates and timestamps: the text SQLAlchemy stores, or an INTEGER (days / microseconds since the epoch).
  // The text is read first and the storage class is asked only when it does not parse (one sqlite3 call less
  // per cell); an integer's text form is its digits.
  Date get_date(int i) const override {
    Date d;
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    if (p == nullptr) return d;  // NULL reads as the epoch, as on PostgreSQL
    const std::string_view text(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
    if (parse_date(text.substr(0, std::min<size_t>(10, text.size())), &d)) return d;
    if (int64_t days = 0; parse_integer(text, &days)) return Date{static_cast<int32_t>(days)};
    raise<TypeError>("column {} (\"{}\"): \"{}\" is not a date (YYYY-MM-DD)", i, column_name(i), text);
  }
  Timestamp get_timestamp(int i) const override {
    Timestamp t;
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    if (p == nullptr) return t;  // NULL reads as the epoch, as on PostgreSQL
    const std::string_view text(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
    if (parse_timestamp(text, &t)) return t;
    if (int64_t micros = 0; parse_integer(text, &micros)) return Timestamp{micros};
    raise<TypeError>("column {} (\"{}\"): \"{}\" is not a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])", i,
                     column_name(i), text);
  }
  Value get(int i) const override {
    const int storage = sqlite3_column_type(stmt_, i);
    if (storage == SQLITE_NULL) return std::monostate{};
    switch (column_type(i)) {
      case ColumnType::kBool:
        if (storage == SQLITE_INTEGER) return get_bool(i);
        break;
      case ColumnType::kDate:
        if (storage == SQLITE_TEXT) return get_date(i);
        break;
      case ColumnType::kTimestamp:
        if (storage == SQLITE_TEXT) return get_timestamp(i);
        break;
      default: break;
    }
    switch (storage) {
      case SQLITE_INTEGER: return get_int64(i);
      case SQLITE_FLOAT: return get_double(i);
      case SQLITE_BLOB: {
        auto b = get_blob(i);
        return Blob{std::vector<std::byte>(b.begin(), b.end())};
      }
      default: return std::string(get_text(i));
    }
  }
  int64_t rows_affected() const override { return rows_affected_; }

 private:
  void step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      has_row_ = true;
      return;
    }
    has_row_ = false;
    done_ = true;
    if (rc == SQLITE_DONE) {
      rows_affected_ = sqlite3_stmt_readonly(stmt_) ? 0 : sqlite3_changes64(conn_->handle());
      return;
    }
    ErrorInfo info = conn_->error_info(rc, st_->sql);
    sqlite3_reset(stmt_);
    throw_info(std::move(info));
  }

  SqliteConnection* conn_;
  SqliteStatement* st_;
  bool owned_;
  sqlite3_stmt* stmt_;
  bool has_row_ = false;
  bool pending_ = false;
  bool done_ = false;
  int64_t rows_affected_ = 0;
};

}  // namespace

Result SqliteConnection::execute(std::string_view sql, std::span<const Value> params) {
  bool owned = false;
  SqliteStatement* st = acquire_statement(sql, &owned);
  auto result = std::make_unique<SqliteResult>(this, st, owned);
  bind(st->stmt, params, sql, /*transient=*/true);
  result->start();
  return Result(std::move(result));
}

void SqliteConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    ErrorInfo info = error_info(sqlite3_extended_errcode(db_), sql, message);
    sqlite3_free(message);
    throw_info(std::move(info));
  }
}

std::vector<int64_t> SqliteConnection::execute_batch(std::string_view sql, std::span<const std::vector<Value>> rows) {
  std::vector<int64_t> counts;
  counts.reserve(rows.size());
  bool owned = false;
  SqliteStatement* st = acquire_statement(sql, &owned);
  struct Release {
    SqliteConnection* c;
    SqliteStatement* s;
    bool o;
    ~Release() { c->release_statement(s, o); }
  } release{this, st, owned};
  for (const auto& row : rows) {
    bind(st->stmt, row, sql, /*transient=*/false);
    int rc;
    while ((rc = sqlite3_step(st->stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      ErrorInfo info = error_info(rc, sql);
      sqlite3_reset(st->stmt);
      throw_info(std::move(info));
    }
    counts.push_back(sqlite3_changes64(db_));
    sqlite3_reset(st->stmt);
  }
  return counts;
}

}  // namespace strata::sql
