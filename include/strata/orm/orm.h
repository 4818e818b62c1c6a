// Strata's ORM, compile-time half. Open this first.
//
//   mapping.h    declare how a struct maps to a table (columns, keys, defaults, indexes, relationships)
//   metadata.h   runtime table descriptions; create_all / drop_all DDL per dialect
//   value.h      Dialect, bound Value, Date/Timestamp, the C++ <-> SQL type traits
//   expr.h       Expr<T>: typed expressions, col(), aliased(), operators
//   functions.h  aggregates, scalar functions, CASE, CAST, EXTRACT, window functions
//   select.h     select(...), joins, grouping, ordering, subqueries, CTEs, UNION
//   dml.h        insert / update / delete, INSERT ... SELECT, upsert
//   ast.h        the runtime syntax tree the typed layer builds
//   compiler.h   to_sql(stmt, dialect): SQL text with placeholders + bound values
//   result.h     (runtime, include it yourself) execute(conn, stmt): typed rows, all/one/scalar, to_table
//   session.h    (runtime, include it yourself) Session: unit of work, identity map, relationship loading
//
// Worked example (tests/orm/seed_queries.h has the notebook's queries; tests/orm/run_test.cpp runs them):
//
//   auto stmt = select(col(&Department::name), count(&Employee::id).as("headcount"))
//                   .join<Employee>().group_by(&Department::id).order_by(desc("headcount"));
//   static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<std::string, int64_t>>);
//   CompiledSql q = to_sql(stmt, Dialect::kSqlite);
//   // q.sql: SELECT department.name, count(employee.id) AS headcount \nFROM department JOIN employee ON
//   //        department.id = employee.department_id GROUP BY department.id ORDER BY headcount DESC
#pragma once

#include "strata/orm/compiler.h"
#include "strata/orm/dml.h"
#include "strata/orm/expr.h"
#include "strata/orm/functions.h"
#include "strata/orm/mapping.h"
#include "strata/orm/metadata.h"
#include "strata/orm/select.h"
#include "strata/orm/value.h"
