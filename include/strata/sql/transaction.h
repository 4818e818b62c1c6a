// RAII transaction guard. The outermost guard on a connection issues BEGIN, inner guards SAVEPOINT; commit()
// issues COMMIT or RELEASE SAVEPOINT. A guard destroyed without commit() rolls back (ROLLBACK or ROLLBACK TO
// SAVEPOINT), so an exception unwinding through it leaves the database as before the guard.
//
//   sql::Transaction tx(*conn);
//   conn->execute("INSERT ...", params);
//   { sql::Transaction inner(*conn); try_something(); inner.commit(); }   // a savepoint
//   tx.commit();
#pragma once

#include <string>

#include "strata/sql/connection.h"

namespace strata::sql {

class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();
  bool is_savepoint() const { return !savepoint_.empty(); }
  bool active() const { return active_; }

 private:
  Connection* connection_;
  std::string savepoint_;  // empty for the outermost guard
  bool active_ = true;
};

}  // namespace strata::sql
