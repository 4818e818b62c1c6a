// The dialect compiler: renders a statement's syntax tree to SQL text with placeholders (`?` for SQLite,
// `$1, $2, ...` for PostgreSQL) and the ordered list of bound values. Values are never spliced into the text.
// On PostgreSQL one parameter node that appears twice (a CASE in SELECT and GROUP BY) gets one number, so the
// server sees identical expressions; on SQLite the value is bound twice.
//
// Bind each Value with the type its alternative names (int32 -> int4, int64 -> int8, double -> float8, text),
// as sql::Connection does: PostgreSQL cannot infer `SELECT $1 AS y` in a recursive CTE from an untyped
// parameter, and round(numeric, $n) needs an int4 `n` (../shared/seed/expected/COMPARISON.md).
//
// Thread-safe: compile() keeps its state on the stack.
#pragma once

#include <string>
#include <vector>

#include "strata/orm/ast.h"
#include "strata/orm/value.h"

namespace strata::orm {

struct CompiledSql {
  std::string sql;
  std::vector<Value> params;  // in placeholder order ($n is params[n-1])
};

CompiledSql compile(const ast::SelectNode& select, Dialect dialect);
CompiledSql compile(const ast::InsertNode& insert, Dialect dialect);
CompiledSql compile(const ast::UpdateNode& update, Dialect dialect);
CompiledSql compile(const ast::DeleteNode& del, Dialect dialect);

// to_sql(stmt, dialect): the SQL and parameters of a Select, Insert, Update or Delete.
template <typename Statement>
  requires requires(const Statement& s) { compile(*s.node(), Dialect::kSqlite); }
CompiledSql to_sql(const Statement& statement, Dialect dialect) {
  return compile(*statement.node(), dialect);
}

}  // namespace strata::orm
