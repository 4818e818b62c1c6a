// SQL functions of the typed DSL: aggregates, scalar functions, CASE, CAST, EXTRACT and window functions.
// Each factory's comment shows the SQL it yields; argument types are checked by concepts (sum of a text
// column does not compile).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "strata/orm/expr.h"

namespace strata::orm {

// ------------------------------------------------------------------------------------------------ windows
// A window frame bound: UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING, UNBOUNDED FOLLOWING.
inline ast::FrameBound unbounded_preceding() { return {ast::FrameBound::Kind::kUnboundedPreceding, 0}; }
inline ast::FrameBound preceding(int64_t n) { return {ast::FrameBound::Kind::kPreceding, n}; }
inline ast::FrameBound current_row() { return {ast::FrameBound::Kind::kCurrentRow, 0}; }
inline ast::FrameBound following(int64_t n) { return {ast::FrameBound::Kind::kFollowing, n}; }
inline ast::FrameBound unbounded_following() { return {ast::FrameBound::Kind::kUnboundedFollowing, 0}; }

// OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ... AND ...), built as
// window().partition_by(col(&Department::id)).order_by(desc(&Employee::salary)).rows(unbounded_preceding(),
// current_row()).
class Window {
 public:
  template <ExprLike... Xs>
  Window partition_by(const Xs&... xs) const {
    Window w = *this;
    (w.spec_.partition_by.push_back(to_node(xs)), ...);
    return w;
  }
  template <typename... Os>
  Window order_by(const Os&... items) const {
    Window w = *this;
    (w.spec_.order_by.push_back(order_item(items)), ...);
    return w;
  }
  Window rows(ast::FrameBound start, ast::FrameBound end) const {
    Window w = *this;
    w.spec_.frame = ast::Frame{true, start, end};
    return w;
  }
  Window range(ast::FrameBound start, ast::FrameBound end) const {
    Window w = *this;
    w.spec_.frame = ast::Frame{false, start, end};
    return w;
  }
  const ast::WindowSpec& spec() const { return spec_; }

 private:
  static ast::OrderItem order_item(const Ordering& o) { return o.item; }
  template <ExprLike X>
  static ast::OrderItem order_item(const X& x) {
    return ast::OrderItem{to_node(x)};
  }
  ast::WindowSpec spec_;
};

inline Window window() { return Window{}; }

// An aggregate: an expression that can also run over a window (sum(x).over(window().partition_by(...))).
template <SqlValueType T>
struct Aggregate : Expr<T> {
  using Expr<T>::Expr;
  Expr<T> over(const Window& w) const { return Expr<T>(ast::make(ast::Over{this->node, w.spec()})); }
};

// A window-only function (rank(), lag(x), ...): usable only through .over(...).
template <SqlValueType T>
struct WindowFunction {
  ast::NodePtr node;
  Expr<T> over(const Window& w) const { return Expr<T>(ast::make(ast::Over{node, w.spec()})); }
};

namespace detail {
template <typename... Xs>
ast::NodePtr func(std::string name, const Xs&... xs) {
  return ast::make(ast::Func{std::move(name), {to_node(xs)...}});
}
}  // namespace detail

// ----------------------------------------------------------------------------------------------- aggregates
// count(*)
inline Aggregate<int64_t> count() {
  return Aggregate<int64_t>(ast::make(ast::Func{"count", {ast::make(ast::Keyword{"*"})}}));
}
// count(x)
template <ExprLike X>
Aggregate<int64_t> count(const X& x) {
  return Aggregate<int64_t>(detail::func("count", x));
}
// DISTINCT x, as an aggregate's argument: count(distinct(x)) renders count(DISTINCT x).
template <ExprLike X>
Expr<value_of<X>> distinct(const X& x) {
  return Expr<value_of<X>>(ast::make(ast::Unary{ast::UnaryOp::kDistinct, to_node(x)}));
}
// count(DISTINCT x)
template <ExprLike X>
Aggregate<int64_t> count_distinct(const X& x) {
  return count(distinct(x));
}
// sum(x): int64 for integers, double for reals; NULL over no rows.
template <NumericExpr X>
Aggregate<std::optional<std::conditional_t<std::is_integral_v<base_t<value_of<X>>>, int64_t, double>>> sum(
    const X& x) {
  using R = Aggregate<std::optional<std::conditional_t<std::is_integral_v<base_t<value_of<X>>>, int64_t, double>>>;
  return R(detail::func("sum", x));
}
// avg(x)
template <NumericExpr X>
Aggregate<std::optional<double>> avg(const X& x) {
  return Aggregate<std::optional<double>>(detail::func("avg", x));
}
// min(x)
template <ExprLike X>
Aggregate<std::optional<base_t<value_of<X>>>> min(const X& x) {
  return Aggregate<std::optional<base_t<value_of<X>>>>(detail::func("min", x));
}
// max(x)
template <ExprLike X>
Aggregate<std::optional<base_t<value_of<X>>>> max(const X& x) {
  return Aggregate<std::optional<base_t<value_of<X>>>>(detail::func("max", x));
}

// ------------------------------------------------------------------------------------------------- scalars
// round(x, digits). PostgreSQL has no round(double precision, integer), so there a double x renders
// round(CAST(x AS NUMERIC), $n); SQLite renders round(x, ?). `digits` is bound as int32 (integer).
template <NumericExpr X>
Expr<propagate_null_t<double, X>> round(const X& x, int digits) {
  ast::NodePtr value = to_node(x);
  const auto* cast = std::get_if<ast::Cast>(&value->v);
  const bool already_numeric = cast != nullptr && cast->type.kind == TypeKind::kNumeric;
  const bool is_double = std::is_same_v<base_t<value_of<X>>, double> && !already_numeric;
  return Expr<propagate_null_t<double, X>>(
      ast::make(ast::Round{value, ast::make(ast::Param{Value{int32_t{digits}}}), is_double}));
}
// round(x)
template <NumericExpr X>
Expr<propagate_null_t<double, X>> round(const X& x) {
  return Expr<propagate_null_t<double, X>>(ast::make(ast::Round{to_node(x), nullptr, false}));
}
// abs(x)
template <NumericExpr X>
Expr<value_of<X>> abs(const X& x) {
  return Expr<value_of<X>>(detail::func("abs", x));
}
// coalesce(a, b, ...): NULL only when every argument can be NULL.
template <ExprLike X, ExprLike... Xs>
  requires(Comparable<value_of<X>, value_of<Xs>> && ...)
Expr<nullable_if<value_of<X>, (is_optional_v<value_of<X>> && ... && is_optional_v<value_of<Xs>>)>> coalesce(
    const X& x, const Xs&... xs) {
  return Expr<nullable_if<value_of<X>, (is_optional_v<value_of<X>> && ... && is_optional_v<value_of<Xs>>)>>(
      detail::func("coalesce", x, xs...));
}
// lower(x)
template <TextExpr X>
Expr<value_of<X>> lower(const X& x) {
  return Expr<value_of<X>>(detail::func("lower", x));
}
// upper(x)
template <TextExpr X>
Expr<value_of<X>> upper(const X& x) {
  return Expr<value_of<X>>(detail::func("upper", x));
}
// length(x)
template <TextExpr X>
Expr<propagate_null_t<int32_t, X>> length(const X& x) {
  return Expr<propagate_null_t<int32_t, X>>(detail::func("length", x));
}
// CAST(x AS <SQL type of T>), e.g. cast<int64_t>(x) renders CAST(x AS BIGINT).
template <SqlValueType T, ExprLike X>
Expr<nullable_if<T, is_optional_v<value_of<X>>>> cast(const X& x) {
  return Expr<nullable_if<T, is_optional_v<value_of<X>>>>(
      ast::make(ast::Cast{to_node(x), SqlType{sql_traits<base_t<T>>::kind}}));
}
// CAST(x AS NUMERIC[(precision, scale)]); read back as double.
template <NumericExpr X>
Expr<propagate_null_t<double, X>> cast_numeric(const X& x, int precision = 0, int scale = 0) {
  return Expr<propagate_null_t<double, X>>(
      ast::make(ast::Cast{to_node(x), SqlType{TypeKind::kNumeric, 0, precision, scale}}));
}

using ast::DatePart;
// EXTRACT(year FROM x) on PostgreSQL; CAST(STRFTIME('%Y', x) AS INTEGER) on SQLite.
template <TemporalExpr X>
Expr<propagate_null_t<int32_t, X>> extract(DatePart part, const X& x) {
  return Expr<propagate_null_t<int32_t, X>>(ast::make(ast::Extract{part, to_node(x)}));
}

// A function the DSL does not know: func<double>("power", x, 2) renders power(x, ?). T is its result type.
template <SqlValueType T, ExprLike... Xs>
Expr<T> func(std::string name, const Xs&... xs) {
  return Expr<T>(detail::func(std::move(name), xs...));
}

// --------------------------------------------------------------------------------------------------- CASE
template <SqlValueType T>
struct When {
  ast::NodePtr condition;
  ast::NodePtr value;
};
// WHEN (condition) THEN value
template <BoolExpr C, ExprLike V>
When<value_of<V>> when(const C& condition, const V& value) {
  return When<value_of<V>>{to_node(condition), to_node(value)};
}

// CASE WHEN ... THEN ... END, NULL when no branch matches; .else_(v) gives the ELSE branch and a non-null
// type.
template <SqlValueType T>
struct CaseExpr : Expr<std::optional<base_t<T>>> {
  ast::Case node_data;
  template <ExprLike V>
    requires Comparable<T, value_of<V>>
  Expr<nullable_if<T, is_optional_v<T> || is_optional_v<value_of<V>>>> else_(const V& v) const {
    ast::Case c = node_data;
    c.else_value = to_node(v);
    return Expr<nullable_if<T, is_optional_v<T> || is_optional_v<value_of<V>>>>(ast::make(std::move(c)));
  }
};
// case_(when(salary >= 120000, "Senior"), when(salary >= 90000, "Mid")).else_("Junior")
template <SqlValueType T, typename... Ts>
  requires(Comparable<T, Ts> && ...)
CaseExpr<T> case_(const When<T>& first, const When<Ts>&... rest) {
  CaseExpr<T> c;
  c.node_data.whens.emplace_back(first.condition, first.value);
  (c.node_data.whens.emplace_back(rest.condition, rest.value), ...);
  c.node = ast::make(ast::Case(c.node_data));
  return c;
}

// --------------------------------------------------------------------------------------- window functions
// rank() OVER (...)
inline WindowFunction<int64_t> rank() { return {ast::make(ast::Func{"rank", {}})}; }
// dense_rank() OVER (...)
inline WindowFunction<int64_t> dense_rank() { return {ast::make(ast::Func{"dense_rank", {}})}; }
// row_number() OVER (...)
inline WindowFunction<int64_t> row_number() { return {ast::make(ast::Func{"row_number", {}})}; }
// percent_rank() OVER (...)
inline WindowFunction<double> percent_rank() { return {ast::make(ast::Func{"percent_rank", {}})}; }
// ntile(n) OVER (...)
inline WindowFunction<int32_t> ntile(int n) {
  return {ast::make(ast::Func{"ntile", {ast::make(ast::Param{Value{int32_t{n}}})}})};
}
// lag(x[, offset]) OVER (...): NULL before the first row.
template <ExprLike X>
WindowFunction<std::optional<base_t<value_of<X>>>> lag(const X& x, int offset = 1) {
  return {detail::func("lag", x, offset)};
}
// lead(x[, offset]) OVER (...)
template <ExprLike X>
WindowFunction<std::optional<base_t<value_of<X>>>> lead(const X& x, int offset = 1) {
  return {detail::func("lead", x, offset)};
}
// first_value(x) OVER (...)
template <ExprLike X>
WindowFunction<value_of<X>> first_value(const X& x) {
  return {detail::func("first_value", x)};
}
// last_value(x) OVER (...)
template <ExprLike X>
WindowFunction<value_of<X>> last_value(const X& x) {
  return {detail::func("last_value", x)};
}

}  // namespace strata::orm
