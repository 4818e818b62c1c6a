// Typed database errors in the DB-API spirit. Every one derives from strata::Error through DatabaseError and
// keeps the failing SQL, the server's own message, the SQLSTATE (PostgreSQL) or extended result code (SQLite),
// and, for constraint violations, the constraint's name when the database reports one.
//
//   DatabaseError
//   ├── IntegrityError     unique, foreign key, not null, check (PG class 23, SQLITE_CONSTRAINT_*)
//   ├── OperationalError   connection lost, server gone, database locked or busy (PG 08, 53, 57, 58)
//   ├── ProgrammingError   bad SQL, unknown table or column, wrong parameter count (PG 42, SQLITE_ERROR)
//   └── DataError          a value the column cannot take: out of range, bad date (PG 22, SQLITE_MISMATCH)
//
// constraint(): PostgreSQL gives the constraint's name (PG_DIAG_CONSTRAINT_NAME, e.g. "employee_email_key").
// SQLite names no constraint for UNIQUE / NOT NULL / FOREIGN KEY: there it is the text after "constraint
// failed: " ("employee.email" for UNIQUE and NOT NULL, the name for a named CHECK, empty for FOREIGN KEY).
#pragma once

#include <string>

#include "strata/core/error.h"

namespace strata::sql {

enum class ConstraintKind { kNone, kUnique, kForeignKey, kNotNull, kCheck, kPrimaryKey, kOther };

struct ErrorInfo {
  std::string message;         // the database's own message
  std::string sql;             // the statement that failed (empty for connection-level failures)
  std::string sqlstate;        // PostgreSQL SQLSTATE ("23505"); empty for SQLite
  int code = 0;                // SQLite extended result code; 0 for PostgreSQL
  std::string constraint;      // see the header comment
  ConstraintKind constraint_kind = ConstraintKind::kNone;
};

class DatabaseError : public Error {
 public:
  explicit DatabaseError(ErrorInfo info);
  const std::string& sql() const { return info_.sql; }
  const std::string& server_message() const { return info_.message; }
  const std::string& sqlstate() const { return info_.sqlstate; }
  int code() const { return info_.code; }
  const std::string& constraint() const { return info_.constraint; }
  ConstraintKind constraint_kind() const { return info_.constraint_kind; }
  const ErrorInfo& info() const { return info_; }

 private:
  ErrorInfo info_;
};

class IntegrityError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};
class OperationalError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};
class ProgrammingError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};
class DataError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Which class a PostgreSQL SQLSTATE belongs to: 23 -> Integrity, 08/53/57/58 -> Operational, 42 -> Programming,
// 22 -> Data; anything else is a plain DatabaseError. Throws it.
[[noreturn]] void throw_for_sqlstate(ErrorInfo info);

}  // namespace strata::sql
