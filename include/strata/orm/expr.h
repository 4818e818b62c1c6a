// The typed expression layer: Expr<T> is a handle on a runtime syntax-tree node (ast.h) whose C++ value type T
// is known at compile time. Operators and functions check types with named concepts, so comparing a text
// column with a number or summing a text column does not compile; the node they build is plain data that
// compiler.cpp renders. T is std::optional<U> when the expression can be NULL.
//
//   col(&Employee::salary) >= 120000            employee.salary >= ?
//   col(&Employee::is_active) == true           employee.is_active = 1        (PostgreSQL: = true)
//   col(&Employee::email).like("%@x.org")       employee.email LIKE ?
//   (col(&Employee::salary) * 1.1).as("raised") employee.salary * ? AS raised
//
// Arguments that expect an expression also take a mapped member pointer (&Employee::salary) or a C++ literal
// (bound as a parameter; `true`/`false` are rendered inline as SQLAlchemy does). Handles are cheap to copy
// (one shared_ptr) and immutable.
#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/orm/ast.h"
#include "strata/orm/mapping.h"
#include "strata/orm/value.h"

namespace strata::orm {

struct ExprBase {};

template <SqlValueType T>
struct Expr;
template <typename T, typename Source = void>
struct Labeled;

// An ORDER BY item: asc(x), desc(x), desc("label"), x.desc().nulls_last().
struct Ordering {
  ast::OrderItem item;
  Ordering nulls_first() const {
    Ordering o = *this;
    o.item.nulls = ast::Nulls::kFirst;
    return o;
  }
  Ordering nulls_last() const {
    Ordering o = *this;
    o.item.nulls = ast::Nulls::kLast;
    return o;
  }
};

// --------------------------------------------------------------------------------------- expression traits
template <typename X>
struct expr_traits;  // X is not an expression

template <typename X>
  requires std::derived_from<X, ExprBase>
struct expr_traits<X> {
  using type = typename X::value_type;
  static ast::NodePtr node(const X& x) { return x.node; }
};

template <typename M, typename T>
  requires Mapped<M> && SqlValueType<T>
struct expr_traits<T M::*> {
  using type = T;
  static ast::NodePtr node(T M::*member);  // defined after col()
};

template <typename V>
  requires(!std::derived_from<V, ExprBase> && !std::is_member_object_pointer_v<V> &&
           SqlValueType<literal_t<V>>)
struct expr_traits<V> {
  using type = literal_t<V>;
  template <typename U>
  static ast::NodePtr node(const U& v) {
    if constexpr (std::is_same_v<V, bool>) {
      return ast::make(ast::BoolLiteral{v});
    } else {
      return ast::make(ast::Param{make_value(v)});
    }
  }
};

template <typename X>
using expr_arg_t = std::remove_cvref_t<std::decay_t<X>>;

// X can stand where an expression is expected: Expr<T>, a mapped member pointer, or a literal.
template <typename X>
concept ExprLike = requires { typename expr_traits<expr_arg_t<X>>::type; };

// X is a typed expression object (not a bare literal or member pointer).
template <typename X>
concept TypedExpr = std::derived_from<expr_arg_t<X>, ExprBase>;

template <ExprLike X>
using value_of = typename expr_traits<expr_arg_t<X>>::type;

template <ExprLike X>
ast::NodePtr to_node(const X& x) {
  return expr_traits<expr_arg_t<X>>::node(x);
}

template <typename X>
concept BoolExpr = ExprLike<X> && BoolValue<value_of<X>>;
template <typename X>
concept NumericExpr = ExprLike<X> && NumericValue<value_of<X>>;
template <typename X>
concept TextExpr = ExprLike<X> && TextValue<value_of<X>>;
template <typename X>
concept TemporalExpr = ExprLike<X> && TemporalValue<value_of<X>>;

// Either operand nullable -> the result is nullable.
template <typename R, typename... Xs>
using propagate_null_t = nullable_if<R, (is_optional_v<value_of<Xs>> || ...)>;

// The type of numeric arithmetic: double if either side is, int32 if both are, else int64.
template <typename A, typename B>
using arith_t = std::conditional_t<
    std::is_same_v<base_t<A>, double> || std::is_same_v<base_t<B>, double>, double,
    std::conditional_t<std::is_same_v<base_t<A>, int32_t> && std::is_same_v<base_t<B>, int32_t>, int32_t, int64_t>>;

// --------------------------------------------------------------------------------------------- Expr<T>
template <SqlValueType T>
struct Expr : ExprBase {
  using value_type = T;
  ast::NodePtr node;

  Expr() = default;
  explicit Expr(ast::NodePtr n) : node(std::move(n)) {}

  // x AS label; a label can be named in order_by(desc("label")).
  Labeled<T> as(std::string label) const { return Labeled<T>{node, std::move(label)}; }

  // x IS NULL / x IS NOT NULL
  Expr<bool> is_null() const { return Expr<bool>(ast::make(ast::Unary{ast::UnaryOp::kIsNull, node})); }
  Expr<bool> is_not_null() const { return Expr<bool>(ast::make(ast::Unary{ast::UnaryOp::kIsNotNull, node})); }

  // x IN (?, ?, ...) ; x NOT IN (...)
  template <typename V>
    requires Comparable<T, literal_t<V>>
  Expr<bool> in_(const std::vector<V>& values) const {
    return in_list(values, false);
  }
  template <typename V>
    requires Comparable<T, literal_t<V>>
  Expr<bool> in_(std::initializer_list<V> values) const {
    return in_list(std::vector<V>(values), false);
  }
  template <typename V>
    requires Comparable<T, literal_t<V>>
  Expr<bool> not_in(const std::vector<V>& values) const {
    return in_list(values, true);
  }
  template <typename V>
    requires Comparable<T, literal_t<V>>
  Expr<bool> not_in(std::initializer_list<V> values) const {
    return in_list(std::vector<V>(values), true);
  }
  // x IN (SELECT ...): `sub` is a one-column select (select.h) of a comparable type.
  template <typename S>
    requires requires(const S& s) {
      s.node();
      typename S::row_type;
    } && (std::tuple_size_v<typename S::row_type> == 1) &&
             Comparable<T, std::tuple_element_t<0, typename S::row_type>>
  Expr<bool> in_(const S& sub) const {
    return Expr<bool>(ast::make(ast::InSelect{node, sub.node(), false}));
  }
  template <typename S>
    requires requires(const S& s) {
      s.node();
      typename S::row_type;
    } && (std::tuple_size_v<typename S::row_type> == 1) &&
             Comparable<T, std::tuple_element_t<0, typename S::row_type>>
  Expr<bool> not_in(const S& sub) const {
    return Expr<bool>(ast::make(ast::InSelect{node, sub.node(), true}));
  }

  // x BETWEEN low AND high
  template <ExprLike L, ExprLike H>
    requires Comparable<T, value_of<L>> && Comparable<T, value_of<H>>
  Expr<bool> between(const L& low, const H& high) const {
    return Expr<bool>(ast::make(ast::Between{node, to_node(low), to_node(high), false}));
  }

  // x LIKE pattern; ilike: PostgreSQL ILIKE, SQLite lower(x) LIKE lower(pattern)
  template <ExprLike P>
    requires TextValue<T> && TextValue<value_of<P>>
  Expr<bool> like(const P& pattern) const {
    return Expr<bool>(ast::make(ast::Like{node, to_node(pattern), false, false}));
  }
  template <ExprLike P>
    requires TextValue<T> && TextValue<value_of<P>>
  Expr<bool> not_like(const P& pattern) const {
    return Expr<bool>(ast::make(ast::Like{node, to_node(pattern), false, true}));
  }
  template <ExprLike P>
    requires TextValue<T> && TextValue<value_of<P>>
  Expr<bool> ilike(const P& pattern) const {
    return Expr<bool>(ast::make(ast::Like{node, to_node(pattern), true, false}));
  }

  Ordering asc() const { return Ordering{{node, ast::Direction::kAsc}}; }
  Ordering desc() const { return Ordering{{node, ast::Direction::kDesc}}; }

 private:
  template <typename V>
  Expr<bool> in_list(const std::vector<V>& values, bool negated) const {
    ast::InList in{node, {}, negated};
    in.items.reserve(values.size());
    for (const V& v : values) in.items.push_back(ast::make(ast::Param{make_value(v)}));
    return Expr<bool>(ast::make(std::move(in)));
  }
};

// A column of a mapped table (Source = the model), of an aliased table (Source = Alias<M>), or of a subquery
// or CTE (Source = void). Source only matters to join inference; rendering needs the node alone.
template <typename Source, typename T>
struct Col : Expr<T> {
  using source_type = Source;
  using Expr<T>::Expr;
  Labeled<T, Source> as(std::string label) const { return Labeled<T, Source>{this->node, std::move(label)}; }
};

// A labelled select-list item: `expr AS label`. Not itself an expression; refer to it by name in order_by.
template <typename T, typename Source>
struct Labeled {
  using value_type = T;
  using source_type = Source;
  ast::NodePtr node;
  std::string label;
};

// ------------------------------------------------------------------------------------------ columns
namespace detail {
// The FROM item of model M's table (one per model for the whole program).
template <Mapped M>
const ast::FromPtr& table_source() {
  static const ast::FromPtr source =
      std::make_shared<const ast::FromItem>(ast::FromItem{ast::FromItem::Kind::kTable, std::string(table_name<M>())});
  return source;
}
}  // namespace detail

// The column mapped to `member`: col(&Employee::salary) renders employee.salary.
template <Mapped M, SqlValueType T>
Col<M, T> col(T M::*member) {
  return Col<M, T>(ast::make(ast::ColumnRef{detail::table_source<M>(), std::string(column_name<M>(member))}));
}

template <typename M, typename T>
  requires Mapped<M> && SqlValueType<T>
ast::NodePtr expr_traits<T M::*>::node(T M::*member) {
  return col(member).node;
}

// The column of `excluded` (the row proposed for insertion) in an upsert's DO UPDATE SET.
template <Mapped M, SqlValueType T>
Expr<T> excluded(T M::*member) {
  static const ast::FromPtr source =
      std::make_shared<const ast::FromItem>(ast::FromItem{ast::FromItem::Kind::kTable, "excluded"});
  return Expr<T>(ast::make(ast::ColumnRef{source, std::string(column_name<M>(member))}));
}

// An aliased table for self-joins: auto e1 = aliased<Employee>("e1"); e1(&Employee::email) renders e1.email and
// the table renders `employee AS e1`. Without a name the alias is generated (employee_1, employee_2, ...).
template <Mapped M>
struct Alias {
  using model_type = M;
  ast::FromPtr from;

  template <SqlValueType T>
  Col<Alias<M>, T> operator()(T M::*member) const {
    return Col<Alias<M>, T>(ast::make(ast::ColumnRef{from, std::string(column_name<M>(member))}));
  }
};

template <Mapped M>
Alias<M> aliased(std::string name = {}) {
  ast::FromItem item{ast::FromItem::Kind::kTable, std::string(table_name<M>()), std::move(name)};
  item.anonymous = item.alias.empty();
  return Alias<M>{std::make_shared<const ast::FromItem>(std::move(item))};
}

// A bound literal as an expression: literal(2017).as("y") renders `? AS y`.
template <typename V>
  requires SqlValueType<literal_t<V>>
Expr<literal_t<V>> literal(const V& value) {
  return Expr<literal_t<V>>(ast::make(ast::Param{make_value(value)}));
}

// ------------------------------------------------------------------------------------------- operators
template <typename L, typename R>
concept ExprOperands = (TypedExpr<L> || TypedExpr<R>) && ExprLike<L> && ExprLike<R>;

namespace detail {
template <typename T, typename L, typename R>
Expr<T> binary(ast::BinaryOp op, const L& l, const R& r) {
  return Expr<T>(ast::make(ast::Binary{op, to_node(l), to_node(r)}));
}
}  // namespace detail

#define STRATA_ORM_COMPARISON(op, code)                                                \
  template <typename L, typename R>                                                    \
    requires ExprOperands<L, R> && Comparable<value_of<L>, value_of<R>>                \
  Expr<propagate_null_t<bool, L, R>> operator op(const L& l, const R& r) {             \
    return detail::binary<propagate_null_t<bool, L, R>>(ast::BinaryOp::code, l, r);     \
  }
STRATA_ORM_COMPARISON(==, kEq)
STRATA_ORM_COMPARISON(!=, kNe)
STRATA_ORM_COMPARISON(<, kLt)
STRATA_ORM_COMPARISON(<=, kLe)
STRATA_ORM_COMPARISON(>, kGt)
STRATA_ORM_COMPARISON(>=, kGe)
#undef STRATA_ORM_COMPARISON

template <typename L, typename R>
  requires ExprOperands<L, R> && BoolExpr<L> && BoolExpr<R>
Expr<propagate_null_t<bool, L, R>> operator&&(const L& l, const R& r) {
  return detail::binary<propagate_null_t<bool, L, R>>(ast::BinaryOp::kAnd, l, r);
}
template <typename L, typename R>
  requires ExprOperands<L, R> && BoolExpr<L> && BoolExpr<R>
Expr<propagate_null_t<bool, L, R>> operator||(const L& l, const R& r) {
  return detail::binary<propagate_null_t<bool, L, R>>(ast::BinaryOp::kOr, l, r);
}
template <typename X>
  requires TypedExpr<X> && BoolExpr<X>
Expr<value_of<X>> operator!(const X& x) {
  return Expr<value_of<X>>(ast::make(ast::Unary{ast::UnaryOp::kNot, to_node(x)}));
}

#define STRATA_ORM_ARITHMETIC(op, code)                                                                   \
  template <typename L, typename R>                                                                       \
    requires ExprOperands<L, R> && NumericExpr<L> && NumericExpr<R>                                       \
  Expr<propagate_null_t<arith_t<value_of<L>, value_of<R>>, L, R>> operator op(const L& l, const R& r) {   \
    return detail::binary<propagate_null_t<arith_t<value_of<L>, value_of<R>>, L, R>>(ast::BinaryOp::code, \
                                                                                     l, r);               \
  }
STRATA_ORM_ARITHMETIC(+, kAdd)
STRATA_ORM_ARITHMETIC(-, kSub)
STRATA_ORM_ARITHMETIC(*, kMul)
STRATA_ORM_ARITHMETIC(/, kDiv)
#undef STRATA_ORM_ARITHMETIC

template <typename L, typename R>
  requires ExprOperands<L, R> && NumericExpr<L> && NumericExpr<R> &&
           std::is_integral_v<base_t<value_of<L>>> && std::is_integral_v<base_t<value_of<R>>>
Expr<propagate_null_t<arith_t<value_of<L>, value_of<R>>, L, R>> operator%(const L& l, const R& r) {
  return detail::binary<propagate_null_t<arith_t<value_of<L>, value_of<R>>, L, R>>(ast::BinaryOp::kMod, l, r);
}

template <typename X>
  requires TypedExpr<X> && NumericExpr<X>
Expr<value_of<X>> operator-(const X& x) {
  return Expr<value_of<X>>(ast::make(ast::Unary{ast::UnaryOp::kNegate, to_node(x)}));
}

// a || b (text concatenation).
template <ExprLike L, ExprLike R>
  requires TextExpr<L> && TextExpr<R>
Expr<propagate_null_t<std::string, L, R>> concat(const L& l, const R& r) {
  return detail::binary<propagate_null_t<std::string, L, R>>(ast::BinaryOp::kConcat, l, r);
}

// ------------------------------------------------------------------------------------------- ordering
// x ASC
template <ExprLike X>
Ordering asc(const X& x) {
  return Ordering{{to_node(x), ast::Direction::kAsc}};
}
// x DESC
template <ExprLike X>
Ordering desc(const X& x) {
  return Ordering{{to_node(x), ast::Direction::kDesc}};
}
// label ASC / label DESC: order by a select-list label (desc("avg_salary") renders avg_salary DESC).
inline Ordering asc(const char* label) { return Ordering{{ast::make(ast::LabelRef{label}), ast::Direction::kAsc}}; }
inline Ordering desc(const char* label) {
  return Ordering{{ast::make(ast::LabelRef{label}), ast::Direction::kDesc}};
}

}  // namespace strata::orm
