// SELECT in the typed DSL: select(...) over columns, expressions and whole models; joins (ON inferred from the
// one foreign key between two models, checked at compile time), WHERE, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET,
// DISTINCT; subqueries and CTEs whose columns keep their names and types; scalar subqueries, EXISTS, UNION.
//
//   auto stmt = select(col(&Department::name), count(&Employee::id).as("headcount"))
//                   .join<Employee>()                          // ON department.id = employee.department_id
//                   .where(col(&Employee::is_active) == true)
//                   .group_by(&Department::id)
//                   .order_by(desc("headcount"));
//   using Row = decltype(stmt)::row_type;                      // std::tuple<std::string, int64_t>
//   CompiledSql sql = to_sql(stmt, Dialect::kPostgresql);      // compiler.h
//
// Select<Row, Models> is an immutable value: every builder call returns a new Select sharing unchanged parts.
// Row is the std::tuple of the selected expressions' C++ types (std::optional for nullable ones); Models lists
// the mapped models named by the select list and joins, which join inference consults.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/core/error.h"
#include "strata/orm/expr.h"
#include "strata/orm/functions.h"

namespace strata::orm {

template <typename... Ms>
struct type_list {};

template <typename Row, typename Models = type_list<>>
class Select;
template <typename Row>
class Subquery;
template <typename Row>
class Cte;

namespace detail {
template <typename List, typename M>
struct add_model;
template <typename... Ms, typename M>
struct add_model<type_list<Ms...>, M> {
  using type = std::conditional_t<!Mapped<M> || (std::is_same_v<M, Ms> || ...), type_list<Ms...>, type_list<Ms..., M>>;
};
template <typename... Ms>
struct add_model<type_list<Ms...>, void> {
  using type = type_list<Ms...>;
};

template <typename X>
struct item_source {
  using type = void;
};
template <typename S, typename T>
struct item_source<Col<S, T>> {
  using type = S;
};
template <typename T, typename S>
struct item_source<Labeled<T, S>> {
  using type = S;
};
template <typename M, typename T>
struct item_source<T M::*> {
  using type = M;
};

template <typename List, typename... Xs>
struct models_of;
template <typename List>
struct models_of<List> {
  using type = List;
};
template <typename List, typename X, typename... Xs>
struct models_of<List, X, Xs...> {
  using type = typename models_of<typename add_model<List, typename item_source<expr_arg_t<X>>::type>::type,
                                  Xs...>::type;
};

template <typename X>
struct item_value {
  using type = value_of<X>;
};
template <typename T, typename S>
struct item_value<Labeled<T, S>> {
  using type = T;
};

template <typename X>
ast::SelectItem select_item(const X& x) {
  if constexpr (requires { x.label; }) {
    return ast::SelectItem{x.node, x.label};
  } else {
    return ast::SelectItem{to_node(x), {}};
  }
}

// Number of foreign keys linking M with the models of List (either direction, M itself excluded).
template <typename M, typename List>
struct join_links;
template <typename M, typename... Ms>
struct join_links<M, type_list<Ms...>>
    : std::integral_constant<int, ((std::is_same_v<M, Ms> ? 0 : fk_count_v<M, Ms> + fk_count_v<Ms, M>) + ... + 0)> {};

template <Mapped Referred, Mapped Referring>
ast::NodePtr fk_on() {
  auto [fk, referred] = foreign_key_columns<Referring, Referred>();
  return ast::make(ast::Binary{ast::BinaryOp::kEq,
                               ast::make(ast::ColumnRef{table_source<Referred>(), std::string(referred)}),
                               ast::make(ast::ColumnRef{table_source<Referring>(), std::string(fk)})});
}

template <typename M, typename... Ms>
ast::NodePtr infer_on(type_list<Ms...>) {
  ast::NodePtr on;
  (
      [&] {
        if constexpr (!std::is_same_v<M, Ms>) {
          if constexpr (fk_count_v<M, Ms> == 1) on = fk_on<Ms, M>();
          if constexpr (fk_count_v<Ms, M> == 1) on = fk_on<M, Ms>();
        }
      }(),
      ...);
  return on;
}

template <typename Row>
inline constexpr bool is_value_row_v = false;
template <typename... Ts>
inline constexpr bool is_value_row_v<std::tuple<Ts...>> = (SqlValueType<Ts> && ...);

struct ColumnTag {
  TypeKind kind;
  bool nullable;
};
template <typename Row, size_t... I>
std::vector<ColumnTag> column_tags(std::index_sequence<I...>) {
  return {ColumnTag{sql_traits<base_t<std::tuple_element_t<I, Row>>>::kind,
                    is_optional_v<std::tuple_element_t<I, Row>>}...};
}

// Give every select-list item an output name (label, else column name, else anon_<n>), unique in the list.
std::vector<std::string> name_columns(ast::SelectNode& node);

[[noreturn]] void throw_unknown_column(std::string_view what, std::string_view name, std::string_view column);
[[noreturn]] void throw_column_type(std::string_view what, std::string_view name, std::string_view column);
}  // namespace detail

// The named, typed columns of a subquery or CTE.
template <typename Row>
class SelectableColumns {
 public:
  // The I-th column, typed by the select list: sq.c<5>().
  template <size_t I>
  Col<void, std::tuple_element_t<I, Row>> c() const {
    return Col<void, std::tuple_element_t<I, Row>>(ast::make(ast::ColumnRef{from_, names_[I]}));
  }
  // The column named `name`, which must be of type T (nullability included): sq.c<int64_t>("salary_rank").
  // Throws SchemaError for an unknown name and TypeError for another type.
  template <SqlValueType T>
  Col<void, T> c(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] != name) continue;
      if (tags_[i].kind != sql_traits<base_t<T>>::kind || tags_[i].nullable != is_optional_v<T>) {
        detail::throw_column_type(what(), from_name(), name);
      }
      return Col<void, T>(ast::make(ast::ColumnRef{from_, names_[i]}));
    }
    detail::throw_unknown_column(what(), from_name(), name);
  }
  const std::vector<std::string>& names() const { return names_; }
  const ast::FromPtr& from() const { return from_; }

 protected:
  std::string_view what() const { return from_->kind == ast::FromItem::Kind::kCte ? "CTE" : "subquery"; }
  std::string_view from_name() const { return from_->kind == ast::FromItem::Kind::kCte ? from_->name : from_->alias; }
  ast::FromPtr from_;
  std::vector<std::string> names_;
  std::vector<detail::ColumnTag> tags_ = detail::column_tags<Row>(std::make_index_sequence<std::tuple_size_v<Row>>());
};

// A subquery in FROM: (SELECT ...) AS name.
template <typename Row>
class Subquery : public SelectableColumns<Row> {
 public:
  using row_type = Row;
  Subquery(ast::FromPtr from, std::vector<std::string> names) {
    this->from_ = std::move(from);
    this->names_ = std::move(names);
  }
};

// A common table expression: WITH name AS (...). A recursive one is completed by union_all(recursive part).
template <typename Row>
class Cte : public SelectableColumns<Row> {
 public:
  using row_type = Row;
  Cte(std::shared_ptr<const ast::CteDef> def, std::vector<std::string> names) : def_(std::move(def)) {
    this->names_ = std::move(names);
    this->from_ = std::make_shared<const ast::FromItem>(
        ast::FromItem{ast::FromItem::Kind::kCte, def_->name, {}, false, nullptr, def_});
  }
  // WITH RECURSIVE name(columns) AS (base UNION ALL recursive): the recursive part refers to this CTE's
  // columns. Returns the completed CTE; use it (not this one) in the outer statement.
  template <typename Models>
  Cte union_all(const Select<Row, Models>& recursive) const {
    return compound(ast::SetOp::kUnionAll, recursive.node());
  }
  template <typename Models>
  Cte union_(const Select<Row, Models>& recursive) const {
    return compound(ast::SetOp::kUnion, recursive.node());
  }
  const std::shared_ptr<const ast::CteDef>& def() const { return def_; }

 private:
  Cte compound(ast::SetOp op, ast::SelectPtr part) const {
    auto select = std::make_shared<ast::SelectNode>(*def_->select);
    select->compounds.emplace_back(op, std::move(part));
    auto def = std::make_shared<ast::CteDef>(*def_);
    def->select = std::move(select);
    return Cte(std::move(def), this->names_);
  }
  std::shared_ptr<const ast::CteDef> def_;
};

template <typename Row, typename Models>
class Select {
 public:
  using row_type = Row;
  using models = Models;

  explicit Select(std::shared_ptr<const ast::SelectNode> node) : node_(std::move(node)) {}
  const ast::SelectPtr& node() const { return node_; }

  // WHERE condition; several calls AND their conditions together.
  template <BoolExpr C>
  Select where(const C& condition) const {
    auto n = copy();
    n->where = n->where ? ast::make(ast::Binary{ast::BinaryOp::kAnd, n->where, to_node(condition)}) : to_node(condition);
    return Select(std::move(n));
  }

  // join<M>() can infer its ON clause: exactly one foreign key links M with the models already selected.
  template <Mapped M>
  static constexpr bool can_join = detail::join_links<M, Models>::value == 1;

  // JOIN M ON <the one foreign key between M and a model of this select>.
  template <Mapped M>
  Select<Row, typename detail::add_model<Models, M>::type> join() const {
    static_assert(detail::join_links<M, Models>::value != 0,
                  "join<M>(): no foreign key links M with the models of this select; write join<M>(on) with an "
                  "explicit ON condition");
    static_assert(detail::join_links<M, Models>::value < 2,
                  "join<M>(): more than one foreign key links M with the models of this select, so the ON clause "
                  "is ambiguous; write join<M>(on) with an explicit ON condition");
    return add_join<M>(detail::table_source<M>(), detail::infer_on<M>(Models{}), ast::JoinKind::kInner);
  }
  // LEFT OUTER JOIN M ON <the one foreign key>.
  template <Mapped M>
  Select<Row, typename detail::add_model<Models, M>::type> left_join() const {
    static_assert(detail::join_links<M, Models>::value == 1,
                  "left_join<M>(): no single foreign key links M with the models of this select; write "
                  "left_join<M>(on) with an explicit ON condition");
    return add_join<M>(detail::table_source<M>(), detail::infer_on<M>(Models{}), ast::JoinKind::kLeftOuter);
  }
  // JOIN M ON condition
  template <Mapped M, BoolExpr C>
  Select<Row, typename detail::add_model<Models, M>::type> join(const C& on) const {
    return add_join<M>(detail::table_source<M>(), to_node(on), ast::JoinKind::kInner);
  }
  template <Mapped M, BoolExpr C>
  Select<Row, typename detail::add_model<Models, M>::type> left_join(const C& on) const {
    return add_join<M>(detail::table_source<M>(), to_node(on), ast::JoinKind::kLeftOuter);
  }
  template <Mapped M, BoolExpr C>
  Select<Row, typename detail::add_model<Models, M>::type> full_join(const C& on) const {
    return add_join<M>(detail::table_source<M>(), to_node(on), ast::JoinKind::kFullOuter);
  }
  // JOIN an aliased table, a subquery or a CTE ON condition.
  template <typename Target, BoolExpr C>
    requires requires(const Target& t) { t.from; } || requires(const Target& t) { t.from(); }
  Select join(const Target& target, const C& on) const {
    return add_join<void>(from_of(target), to_node(on), ast::JoinKind::kInner, cte_of(target));
  }
  template <typename Target, BoolExpr C>
    requires requires(const Target& t) { t.from; } || requires(const Target& t) { t.from(); }
  Select left_join(const Target& target, const C& on) const {
    return add_join<void>(from_of(target), to_node(on), ast::JoinKind::kLeftOuter, cte_of(target));
  }

  // FROM M (when the select list alone does not say it, or to fix the first table).
  template <Mapped M>
  Select<Row, typename detail::add_model<Models, M>::type> select_from() const {
    auto n = copy();
    n->froms.push_back(detail::table_source<M>());
    return Select<Row, typename detail::add_model<Models, M>::type>(std::move(n));
  }
  // FROM an aliased table, a subquery or a CTE.
  template <typename Target>
    requires requires(const Target& t) { t.from; } || requires(const Target& t) { t.from(); }
  Select select_from(const Target& target) const {
    auto n = copy();
    n->froms.push_back(from_of(target));
    if (auto cte = cte_of(target)) n->ctes.push_back(std::move(cte));
    return Select(std::move(n));
  }

  // GROUP BY x, ...
  template <ExprLike... Xs>
  Select group_by(const Xs&... xs) const {
    auto n = copy();
    (n->group_by.push_back(to_node(xs)), ...);
    return Select(std::move(n));
  }
  // HAVING condition
  template <BoolExpr C>
  Select having(const C& condition) const {
    auto n = copy();
    n->having = n->having ? ast::make(ast::Binary{ast::BinaryOp::kAnd, n->having, to_node(condition)})
                          : to_node(condition);
    return Select(std::move(n));
  }
  // ORDER BY items: expressions, member pointers, asc(x)/desc(x)/desc("label"), labelled items (by label).
  template <typename... Os>
  Select order_by(const Os&... items) const {
    auto n = copy();
    (n->order_by.push_back(order_item(items)), ...);
    return Select(std::move(n));
  }
  // LIMIT n / OFFSET n (bound parameters).
  Select limit(int64_t n) const {
    auto c = copy();
    c->limit = ast::make(ast::Param{Value{n}});
    return Select(std::move(c));
  }
  Select offset(int64_t n) const {
    auto c = copy();
    c->offset = ast::make(ast::Param{Value{n}});
    return Select(std::move(c));
  }
  // SELECT DISTINCT
  Select distinct() const {
    auto c = copy();
    c->distinct = true;
    return Select(std::move(c));
  }

  // UNION / UNION ALL / INTERSECT / EXCEPT with a select of the same row type.
  template <typename M2>
  Select union_(const Select<Row, M2>& other) const {
    return compound(ast::SetOp::kUnion, other.node());
  }
  template <typename M2>
  Select union_all(const Select<Row, M2>& other) const {
    return compound(ast::SetOp::kUnionAll, other.node());
  }
  template <typename M2>
  Select intersect(const Select<Row, M2>& other) const {
    return compound(ast::SetOp::kIntersect, other.node());
  }
  template <typename M2>
  Select except(const Select<Row, M2>& other) const {
    return compound(ast::SetOp::kExcept, other.node());
  }

  // This select as a FROM item: (SELECT ...) AS name ("anon_N" when no name is given).
  Subquery<Row> subquery(std::string name = {}) const {
    static_assert(detail::is_value_row_v<Row>,
                  "subquery(): select columns (col(&M::x), ...), not a whole model (select<M>())");
    auto n = copy();
    auto names = detail::name_columns(*n);
    ast::FromItem item{ast::FromItem::Kind::kSubquery, {}, std::move(name)};
    item.subquery = std::move(n);
    return Subquery<Row>(std::make_shared<const ast::FromItem>(std::move(item)), std::move(names));
  }
  // WITH name AS (SELECT ...)
  Cte<Row> cte(std::string name) const { return make_cte(std::move(name), false); }
  // WITH RECURSIVE name(columns) AS (SELECT ... UNION ALL ...): complete it with .union_all(...).
  Cte<Row> cte_recursive(std::string name) const { return make_cte(std::move(name), true); }

  // (SELECT x ...) as a value; NULL when the subquery yields no row. Correlated when it refers to the tables
  // of the enclosing select (they are left out of its FROM).
  auto scalar_subquery() const {
    static_assert(std::tuple_size_v<Row> == 1, "scalar_subquery(): the select must have exactly one column");
    using T = std::optional<base_t<std::tuple_element_t<0, Row>>>;
    return Expr<T>(ast::make(ast::ScalarSubquery{node_}));
  }

 private:
  template <typename R2, typename M2>
  friend class Select;

  std::shared_ptr<ast::SelectNode> copy() const { return std::make_shared<ast::SelectNode>(*node_); }

  template <typename M>
  auto add_join(ast::FromPtr target, ast::NodePtr on, ast::JoinKind kind,
                std::shared_ptr<const ast::CteDef> cte = nullptr) const {
    auto n = copy();
    n->joins.push_back(ast::Join{std::move(target), std::move(on), kind});
    if (cte) n->ctes.push_back(std::move(cte));
    return Select<Row, typename detail::add_model<Models, M>::type>(std::move(n));
  }

  template <typename Target>
  static ast::FromPtr from_of(const Target& t) {
    if constexpr (requires { t.from(); }) {
      return t.from();
    } else {
      return t.from;
    }
  }
  template <typename Target>
  static std::shared_ptr<const ast::CteDef> cte_of(const Target& t) {
    if constexpr (requires { t.def(); }) {
      return t.def();
    } else {
      return nullptr;
    }
  }

  static ast::OrderItem order_item(const Ordering& o) { return o.item; }
  template <typename T, typename S>
  static ast::OrderItem order_item(const Labeled<T, S>& l) {
    return ast::OrderItem{ast::make(ast::LabelRef{l.label})};
  }
  template <ExprLike X>
  static ast::OrderItem order_item(const X& x) {
    return ast::OrderItem{to_node(x)};
  }

  Select compound(ast::SetOp op, ast::SelectPtr other) const {
    auto n = copy();
    n->compounds.emplace_back(op, std::move(other));
    return Select(std::move(n));
  }

  Cte<Row> make_cte(std::string name, bool recursive) const {
    static_assert(detail::is_value_row_v<Row>,
                  "cte(): select columns (col(&M::x), ...), not a whole model (select<M>())");
    auto n = copy();
    auto names = detail::name_columns(*n);
    auto def = std::make_shared<ast::CteDef>();
    def->name = std::move(name);
    def->recursive = recursive;
    if (recursive) def->columns = names;
    def->select = std::move(n);
    return Cte<Row>(std::move(def), std::move(names));
  }

  ast::SelectPtr node_;
};

// A select-list item: an expression, a mapped member pointer, a literal, or a labelled item (x.as("name")).
template <typename X>
concept Selectable = ExprLike<X> || requires(const X& x) {
  x.label;
  x.node;
};

// SELECT items...
template <Selectable... Xs>
  requires(sizeof...(Xs) > 0)
Select<std::tuple<typename detail::item_value<expr_arg_t<Xs>>::type...>,
       typename detail::models_of<type_list<>, Xs...>::type>
select(const Xs&... items) {
  auto n = std::make_shared<ast::SelectNode>();
  (n->columns.push_back(detail::select_item(items)), ...);
  return Select<std::tuple<typename detail::item_value<expr_arg_t<Xs>>::type...>,
                typename detail::models_of<type_list<>, Xs...>::type>(std::move(n));
}

// SELECT every mapped column of M (the row decodes into an M).
template <Mapped M>
Select<std::tuple<M>, type_list<M>> select() {
  auto n = std::make_shared<ast::SelectNode>();
  for_each_column<M>([&](const auto& def) {
    n->columns.push_back(ast::SelectItem{ast::make(ast::ColumnRef{detail::table_source<M>(), std::string(def.name)})});
  });
  return Select<std::tuple<M>, type_list<M>>(std::move(n));
}

namespace detail {
template <typename Row, typename S>
Select<Row> select_all_of(const S& source) {
  auto n = std::make_shared<ast::SelectNode>();
  for (const std::string& name : source.names()) {
    n->columns.push_back(ast::SelectItem{ast::make(ast::ColumnRef{source.from(), name})});
  }
  n->froms.push_back(source.from());
  return Select<Row>(std::move(n));
}
}  // namespace detail

// SELECT every column of a subquery: SELECT anon_1.a, anon_1.b FROM (...) AS anon_1.
template <typename Row>
Select<Row> select(const Subquery<Row>& sq) {
  return detail::select_all_of<Row>(sq);
}
// SELECT every column of a CTE.
template <typename Row>
Select<Row> select(const Cte<Row>& cte) {
  auto n = std::make_shared<ast::SelectNode>(*detail::select_all_of<Row>(cte).node());
  n->ctes.push_back(cte.def());
  return Select<Row>(std::move(n));
}

// EXISTS (SELECT ...)
template <typename Row, typename Models>
Expr<bool> exists(const Select<Row, Models>& sub) {
  return Expr<bool>(ast::make(ast::Exists{sub.node()}));
}

}  // namespace strata::orm
