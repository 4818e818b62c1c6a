// INSERT, UPDATE and DELETE in the typed DSL.
//
//   insert<Department>().values(set(&Department::name, "Legal"), set(&Department::location, "Oslo"))
//       INSERT INTO department (name, location) VALUES (?, ?)
//   insert<Department>().values(...).on_conflict_do_update({&Department::name},
//                                                          set(&Department::location, excluded(&Department::location)))
//       ... ON CONFLICT (name) DO UPDATE SET location = excluded.location
//   insert<Archive>().from_select(columns(&Archive::id, &Archive::email), select(...))
//       INSERT INTO archive (id, email) SELECT ...
//   update<Employee>().set(set(&Employee::salary, col(&Employee::salary) * 1.1)).where(...)
//       UPDATE employee SET salary=(employee.salary * ?) WHERE ...
//   delete_from<Employee>().where(col(&Employee::is_active) == false)
//       DELETE FROM employee WHERE employee.is_active = 0
//
// Statements are immutable values like Select. SQLite caveat: an upsert on INSERT ... SELECT needs a WHERE
// clause in the SELECT (SQLite's parser otherwise reads ON CONFLICT as a join constraint); add .where(...).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "strata/orm/select.h"

namespace strata::orm {

// column = value, for INSERT VALUES, UPDATE SET and upsert DO UPDATE SET. The value's type must fit the member's.
template <typename M>
struct Assignment {
  ast::Assignment data;
};
template <Mapped M, SqlValueType T, ExprLike V>
  requires Comparable<T, value_of<V>>
Assignment<M> set(T M::*member, const V& value) {
  return Assignment<M>{ast::Assignment{std::string(column_name<M>(member)), to_node(value)}};
}

// A list of target columns of M (INSERT ... SELECT, ON CONFLICT targets).
template <typename M>
struct ColumnList {
  std::vector<std::string> names;
};
template <Mapped M, typename... Ts>
ColumnList<M> columns(Ts M::*... members) {
  return ColumnList<M>{{std::string(column_name<M>(members))...}};
}

template <Mapped M>
class Insert {
 public:
  Insert() {
    auto n = std::make_shared<ast::InsertNode>();
    n->table = std::string(table_name<M>());
    node_ = std::move(n);
  }
  explicit Insert(std::shared_ptr<const ast::InsertNode> node) : node_(std::move(node)) {}
  const std::shared_ptr<const ast::InsertNode>& node() const { return node_; }

  // VALUES (...): one row; call again for more rows (the same columns in the same order).
  template <typename... As>
    requires(std::is_same_v<As, Assignment<M>> && ...)
  Insert values(const As&... assignments) const {
    auto n = copy();
    std::vector<std::string> names{assignments.data.column...};
    if (n->rows.empty()) {
      n->columns = names;
    } else if (n->columns != names) {
      raise("insert<{}>().values: every row must set the same columns in the same order", n->table);
    }
    n->rows.push_back({assignments.data.value...});
    return Insert(std::move(n));
  }
  // VALUES (...) from an object: every mapped column, except an autoincrement primary key that is still 0 (the
  // database assigns it). Call again for more objects.
  Insert object(const M& obj) const {
    std::vector<std::string> names;
    std::vector<ast::NodePtr> row;
    for_each_column<M>([&](const auto& def) {
      using T = typename std::remove_cvref_t<decltype(def)>::value_type;
      bool generated_key = false;
      std::apply(
          [&](const auto&... options) {
            (
                [&](const auto& o) {
                  if constexpr (std::is_same_v<std::remove_cvref_t<decltype(o)>, PrimaryKey>) {
                    if constexpr (std::is_integral_v<T>) generated_key = o.autoincrement && obj.*def.member == 0;
                  }
                }(options),
                ...);
          },
          def.options);
      if (generated_key) return;
      names.emplace_back(def.name);
      row.push_back(ast::make(ast::Param{make_value(obj.*def.member)}));
    });
    auto n = copy();
    if (n->rows.empty()) {
      n->columns = std::move(names);
    } else if (n->columns != names) {
      raise("insert<{}>().object: objects with and without a key cannot share one INSERT", n->table);
    }
    n->rows.push_back(std::move(row));
    return Insert(std::move(n));
  }
  // INSERT INTO t (columns) SELECT ...; the select must have one column per target column.
  template <typename Row, typename Models>
  Insert from_select(const ColumnList<M>& target, const Select<Row, Models>& select) const {
    if (target.names.size() != std::tuple_size_v<Row>) {
      raise("insert<{}>().from_select: {} target columns but the select has {}", node_->table, target.names.size(),
            std::tuple_size_v<Row>);
    }
    auto n = copy();
    n->columns = target.names;
    n->select = select.node();
    return Insert(std::move(n));
  }
  // ON CONFLICT (target) DO NOTHING
  Insert on_conflict_do_nothing(const ColumnList<M>& target = {}) const {
    auto n = copy();
    n->on_conflict = ast::OnConflict{target.names, {}, nullptr};
    return Insert(std::move(n));
  }
  // ON CONFLICT (target) DO UPDATE SET ... (use excluded(&M::x) for the proposed row's values)
  template <typename... As>
    requires(sizeof...(As) > 0 && (std::is_same_v<As, Assignment<M>> && ...))
  Insert on_conflict_do_update(const ColumnList<M>& target, const As&... assignments) const {
    if (target.names.empty()) raise("insert<{}>().on_conflict_do_update: the conflict target is empty", node_->table);
    auto n = copy();
    n->on_conflict = ast::OnConflict{target.names, {assignments.data...}, nullptr};
    return Insert(std::move(n));
  }
  // RETURNING x, ...
  template <Selectable... Xs>
  Insert returning(const Xs&... items) const {
    auto n = copy();
    (n->returning.push_back(detail::select_item(items)), ...);
    return Insert(std::move(n));
  }

 private:
  std::shared_ptr<ast::InsertNode> copy() const { return std::make_shared<ast::InsertNode>(*node_); }
  std::shared_ptr<const ast::InsertNode> node_;
};

template <Mapped M>
class Update {
 public:
  Update() {
    auto n = std::make_shared<ast::UpdateNode>();
    n->table = detail::table_source<M>();
    node_ = std::move(n);
  }
  explicit Update(std::shared_ptr<const ast::UpdateNode> node) : node_(std::move(node)) {}
  const std::shared_ptr<const ast::UpdateNode>& node() const { return node_; }

  // SET column=value, ...
  template <typename... As>
    requires(sizeof...(As) > 0 && (std::is_same_v<As, Assignment<M>> && ...))
  Update set(const As&... assignments) const {
    auto n = copy();
    (n->set.push_back(assignments.data), ...);
    return Update(std::move(n));
  }
  // WHERE condition (several calls AND together). Without where() every row is updated.
  template <BoolExpr C>
  Update where(const C& condition) const {
    auto n = copy();
    n->where = n->where ? ast::make(ast::Binary{ast::BinaryOp::kAnd, n->where, to_node(condition)}) : to_node(condition);
    return Update(std::move(n));
  }
  template <Selectable... Xs>
  Update returning(const Xs&... items) const {
    auto n = copy();
    (n->returning.push_back(detail::select_item(items)), ...);
    return Update(std::move(n));
  }

 private:
  std::shared_ptr<ast::UpdateNode> copy() const { return std::make_shared<ast::UpdateNode>(*node_); }
  std::shared_ptr<const ast::UpdateNode> node_;
};

template <Mapped M>
class Delete {
 public:
  Delete() {
    auto n = std::make_shared<ast::DeleteNode>();
    n->table = detail::table_source<M>();
    node_ = std::move(n);
  }
  explicit Delete(std::shared_ptr<const ast::DeleteNode> node) : node_(std::move(node)) {}
  const std::shared_ptr<const ast::DeleteNode>& node() const { return node_; }

  template <BoolExpr C>
  Delete where(const C& condition) const {
    auto n = std::make_shared<ast::DeleteNode>(*node_);
    n->where = n->where ? ast::make(ast::Binary{ast::BinaryOp::kAnd, n->where, to_node(condition)}) : to_node(condition);
    return Delete(std::move(n));
  }
  template <Selectable... Xs>
  Delete returning(const Xs&... items) const {
    auto n = std::make_shared<ast::DeleteNode>(*node_);
    (n->returning.push_back(detail::select_item(items)), ...);
    return Delete(std::move(n));
  }

 private:
  std::shared_ptr<const ast::DeleteNode> node_;
};

// INSERT INTO <M's table> ...
template <Mapped M>
Insert<M> insert() {
  return Insert<M>();
}
// UPDATE <M's table> ...
template <Mapped M>
Update<M> update() {
  return Update<M>();
}
// DELETE FROM <M's table> ...
template <Mapped M>
Delete<M> delete_from() {
  return Delete<M>();
}

}  // namespace strata::orm
