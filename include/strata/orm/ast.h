// The runtime syntax tree the typed DSL builds and the dialect compiler renders. Nodes are plain immutable
// structs shared through shared_ptr<const ...> (one statement's nodes may appear in several places, e.g. a
// CASE in SELECT and in GROUP BY). Built by the typed layer (expr.h, select.h, dml.h); rendered by
// compiler.cpp, one overload per node type. Immutable once built, so safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "strata/orm/value.h"

namespace strata::orm::ast {

struct Node;
struct SelectNode;
struct CteDef;
using NodePtr = std::shared_ptr<const Node>;
using SelectPtr = std::shared_ptr<const SelectNode>;

// Something a FROM clause can name: a mapped table (possibly aliased), a subquery, or a CTE.
struct FromItem {
  enum class Kind { kTable, kSubquery, kCte };
  Kind kind = Kind::kTable;
  std::string name;        // table or CTE name
  std::string alias;       // "" = none; for kSubquery "" means an anonymous alias (anon_N)
  bool anonymous = false;  // kTable: alias generated when rendered (employee_1, ...)
  SelectPtr subquery;      // kSubquery
  std::shared_ptr<const CteDef> cte;  // kCte
};
using FromPtr = std::shared_ptr<const FromItem>;

// WITH name[(columns)] AS (select [UNION ALL recursive_part])
struct CteDef {
  std::string name;
  std::vector<std::string> columns;
  SelectPtr select;
  bool recursive = false;
};

struct ColumnRef {
  FromPtr source;
  std::string column;
};
struct Param {
  Value value;
};
// A keyword rendered as is (`*`, `CURRENT_TIMESTAMP`); never user data.
struct Keyword {
  std::string sql;
};
// TRUE/FALSE: 1/0 on SQLite, true/false on PostgreSQL (as SQLAlchemy renders them).
struct BoolLiteral {
  bool value = false;
};
enum class UnaryOp { kNot, kNegate, kIsNull, kIsNotNull, kDistinct };
struct Unary {
  UnaryOp op;
  NodePtr operand;
};
enum class BinaryOp { kEq, kNe, kLt, kLe, kGt, kGe, kAnd, kOr, kAdd, kSub, kMul, kDiv, kMod, kConcat };
struct Binary {
  BinaryOp op;
  NodePtr lhs;
  NodePtr rhs;
};
struct Func {
  std::string name;
  std::vector<NodePtr> args;
};
// round(value, digits): on PostgreSQL a double `value` is cast to NUMERIC (no round(double precision, int)).
struct Round {
  NodePtr value;
  NodePtr digits;  // may be null: round(value)
  bool value_is_double = false;
};
struct Cast {
  NodePtr value;
  SqlType type;
};
struct Case {
  std::vector<std::pair<NodePtr, NodePtr>> whens;
  NodePtr else_value;  // may be null
};
struct Between {
  NodePtr value;
  NodePtr low;
  NodePtr high;
  bool negated = false;
};
struct InList {
  NodePtr value;
  std::vector<NodePtr> items;
  bool negated = false;
};
struct InSelect {
  NodePtr value;
  SelectPtr select;
  bool negated = false;
};
struct Like {
  NodePtr value;
  NodePtr pattern;
  bool case_insensitive = false;
  bool negated = false;
};
enum class DatePart { kYear, kMonth, kDay, kHour, kMinute, kSecond, kDayOfWeek, kDayOfYear };
struct Extract {
  DatePart part;
  NodePtr value;
};
struct ScalarSubquery {
  SelectPtr select;
};
struct Exists {
  SelectPtr select;
};
// A reference to a label of the select list (ORDER BY avg_salary).
struct LabelRef {
  std::string name;
};

enum class Direction { kNone, kAsc, kDesc };
enum class Nulls { kDefault, kFirst, kLast };
struct OrderItem {
  NodePtr expr;
  Direction direction = Direction::kNone;
  Nulls nulls = Nulls::kDefault;
};

struct FrameBound {
  enum class Kind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  int64_t offset = 0;
};
struct Frame {
  bool rows = true;  // ROWS, else RANGE
  FrameBound start;
  FrameBound end;
};
struct WindowSpec {
  std::vector<NodePtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<Frame> frame;
};
struct Over {
  NodePtr function;
  WindowSpec window;
};

struct Node {
  using Variant = std::variant<ColumnRef, Param, Keyword, BoolLiteral, Unary, Binary, Func, Round, Cast, Case,
                               Between, InList, InSelect, Like, Extract, ScalarSubquery, Exists, LabelRef, Over>;
  Variant v;
};

template <typename T>
NodePtr make(T&& node) {
  return std::make_shared<const Node>(Node{Node::Variant(std::forward<T>(node))});
}

struct SelectItem {
  NodePtr expr;
  std::string label;  // "" = none
};

enum class JoinKind { kInner, kLeftOuter, kFullOuter };
struct Join {
  FromPtr target;
  NodePtr on;
  JoinKind kind = JoinKind::kInner;
};

enum class SetOp { kUnion, kUnionAll, kIntersect, kExcept };

struct SelectNode {
  bool distinct = false;
  std::vector<SelectItem> columns;
  std::vector<FromPtr> froms;  // explicit select_from; otherwise inferred from the columns and WHERE
  std::vector<Join> joins;
  NodePtr where;
  std::vector<NodePtr> group_by;
  NodePtr having;
  std::vector<OrderItem> order_by;
  NodePtr limit;
  NodePtr offset;
  std::vector<std::pair<SetOp, SelectPtr>> compounds;
  std::vector<std::shared_ptr<const CteDef>> ctes;  // CTEs named explicitly by select_from/join
};

// ---------------------------------------------------------------------------------------------- DML
struct Assignment {
  std::string column;
  NodePtr value;
};

struct OnConflict {
  std::vector<std::string> target;  // conflict columns
  std::vector<Assignment> set;      // empty: DO NOTHING
  NodePtr where;
};

struct InsertNode {
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<NodePtr>> rows;  // VALUES (...), (...)
  SelectPtr select;                        // INSERT ... SELECT
  std::optional<OnConflict> on_conflict;
  std::vector<SelectItem> returning;
};

struct UpdateNode {
  FromPtr table;
  std::vector<Assignment> set;
  NodePtr where;
  std::vector<SelectItem> returning;
};

struct DeleteNode {
  FromPtr table;
  NodePtr where;
  std::vector<SelectItem> returning;
};

}  // namespace strata::orm::ast
