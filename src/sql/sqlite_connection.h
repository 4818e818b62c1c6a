// SQLite driver (internal): a Connection over one sqlite3 handle with a prepared-statement cache.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <functional>
#include <string>
#include <string_view>
#include <vector>
#include <unordered_map>

#include "strata/sql/connection.h"

namespace strata::sql {

class SqliteConnection;

// A cached prepared statement; `in_use` while a Result reads from it (a second execute of the same SQL then
// prepares a private statement).
struct SqliteStatement {
  sqlite3_stmt* stmt = nullptr;
  bool in_use = false;
  std::vector<ColumnType> column_types;  // from the declared types, filled at prepare
  std::string sql;                       // the text, for error messages
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result execute(std::string_view sql, std::span<const Value> params = {}) override;
  using Connection::execute;
  void execute_script(std::string_view sql) override;
  std::vector<int64_t> execute_batch(std::string_view sql, std::span<const std::vector<Value>> rows) override;
  bool is_healthy() override { return db_ != nullptr; }
  int64_t last_insert_id() override { return sqlite3_last_insert_rowid(db_); }

  sqlite3* handle() const { return db_; }
  // A statement from the cache (prepared on first use) and its return; the bridge binds it directly.
  SqliteStatement* acquire_statement(std::string_view sql, bool* owned);
  void release_statement(SqliteStatement* statement, bool owned);
  // Throw the typed error for result code `rc` (the connection's current message).
  [[noreturn]] void throw_error(int rc, std::string_view sql) const;
  // `transient`: SQLite copies strings and blobs (needed when the statement outlives `params`).
  void bind(sqlite3_stmt* stmt, std::span<const Value> params, std::string_view sql, bool transient);
  ErrorInfo error_info(int rc, std::string_view sql, const char* message = nullptr) const;

 private:
  sqlite3* db_ = nullptr;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, StringHash, std::equal_to<>> cache_;
};

std::unique_ptr<Connection> open_sqlite(const std::string& path);
// The logical type of a SQLite declared column type ("VARCHAR(100)" -> kText, "DATETIME" -> kTimestamp).
ColumnType sqlite_decl_type(const char* decl);

}  // namespace strata::sql
