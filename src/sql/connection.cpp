#include "strata/sql/connection.h"

#include <fmt/format.h>

#include "sql/postgresql_connection.h"
#include "sql/sqlite_connection.h"
#include "strata/sql/transaction.h"

namespace strata::sql {

std::vector<std::string> Result::column_names() const {
  std::vector<std::string> names;
  for (int i = 0; i < num_columns(); ++i) names.emplace_back(column_name(i));
  return names;
}

std::vector<std::vector<Value>> Result::fetch_all() {
  std::vector<std::vector<Value>> rows;
  const int n = num_columns();
  while (next()) {
    std::vector<Value> row;
    row.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) row.push_back(get(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

namespace {

void check_savepoint_name(std::string_view name) {
  if (name.empty()) raise<InvalidArgument>("savepoint name must not be empty");
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) raise<InvalidArgument>("savepoint name \"{}\": only letters, digits and '_' are allowed", name);
  }
}

}  // namespace

void Connection::begin() {
  if (transaction_depth_ > 0) raise<InvalidArgument>("begin(): a transaction is already open on this connection");
  execute_script("BEGIN");
  transaction_depth_ = 1;
}

void Connection::commit() {
  execute_script("COMMIT");
  transaction_depth_ = 0;
}

void Connection::rollback() {
  transaction_depth_ = 0;
  execute_script("ROLLBACK");
}

void Connection::savepoint(std::string_view name) {
  check_savepoint_name(name);
  execute_script(fmt::format("SAVEPOINT {}", name));
}

void Connection::release_savepoint(std::string_view name) {
  check_savepoint_name(name);
  execute_script(fmt::format("RELEASE SAVEPOINT {}", name));
}

void Connection::rollback_to_savepoint(std::string_view name) {
  check_savepoint_name(name);
  execute_script(fmt::format("ROLLBACK TO SAVEPOINT {}", name));
}

std::unique_ptr<Connection> connect(std::string_view url) {
  if (url.starts_with("sqlite://")) {
    std::string_view rest = url.substr(9);
    if (rest.empty()) raise<InvalidArgument>("connect(\"{}\"): no database path after sqlite://", url);
    return open_sqlite(std::string(rest));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return open_postgresql(std::string(url));
  }
  raise<InvalidArgument>("connect(\"{}\"): unknown scheme (expected sqlite:// or postgresql://)", url);
}

// ---------------------------------------------------------------------------------------------------------
// Transaction

Transaction::Transaction(Connection& connection) : connection_(&connection) {
  if (connection.transaction_depth_ == 0) {
    connection.begin();
  } else {
    savepoint_ = fmt::format("strata_sp_{}", connection.next_savepoint_id());
    connection.savepoint(savepoint_);
    ++connection.transaction_depth_;
  }
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    rollback();
  } catch (const DatabaseError&) {
    // The connection is broken (server gone); nothing is left to undo on our side, and the connection reports
    // itself unhealthy. Destructors must not throw, so the error ends here.
    active_ = false;
  }
}

void Transaction::commit() {
  if (!active_) raise<InvalidArgument>("Transaction::commit(): the transaction already ended");
  if (savepoint_.empty()) {
    active_ = false;
    connection_->commit();
  } else {
    connection_->release_savepoint(savepoint_);
    active_ = false;
    --connection_->transaction_depth_;
  }
}

void Transaction::rollback() {
  if (!active_) raise<InvalidArgument>("Transaction::rollback(): the transaction already ended");
  active_ = false;
  if (savepoint_.empty()) {
    connection_->rollback();
  } else {
    --connection_->transaction_depth_;
    connection_->rollback_to_savepoint(savepoint_);
    connection_->release_savepoint(savepoint_);
  }
}

}  // namespace strata::sql
