// Runtime metadata of mapped tables and the DDL that creates and drops them.
//
//   auto md = orm::Metadata::of<Department, Employee, Project, ProjectAssignment>();
//   for (const std::string& sql : md.create_all(orm::Dialect::kSqlite)) connection.execute(sql);
//
// create_all orders tables so that a table comes after every table its foreign keys refer to (level by level,
// by name within a level, as SQLAlchemy's sort_tables does); drop_all is the reverse. A Metadata is a plain
// value; build it once and share it read-only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "strata/orm/mapping.h"
#include "strata/orm/value.h"

namespace strata::orm {

struct ForeignKeyInfo {
  std::string column;
  std::string referred_table;
  std::string referred_column;
  OnDelete on_delete = OnDelete::kNoAction;
};

struct ColumnInfo {
  std::string name;
  SqlType type;
  bool nullable = false;
  bool primary_key = false;
  bool autoincrement = false;
  bool unique = false;
  bool indexed = false;
  bool unique_index = false;
  std::string index_name;
  std::string server_default;            // SQL text, "" = none
  std::optional<Value> client_default;   // filled in by the session on insert
  std::optional<ForeignKeyInfo> foreign_key;
};

struct RelationshipInfo {
  RelationshipKind kind = RelationshipKind::kManyToOne;
  std::string target_table;
  std::string local_column;   // many-to-one: the local FK; one-to-many: the local key
  std::string remote_column;  // many-to-one: target key; one-to-many: the target's FK
  std::string secondary_table;          // many-to-many: the association table
  std::string secondary_local_column;   // association column pointing at this table
  std::string secondary_remote_column;  // association column pointing at the target
  Cascade cascade;
  bool back_populates = false;
};

struct TableInfo {
  std::string name;
  std::vector<ColumnInfo> columns;
  std::vector<RelationshipInfo> relationships;

  const ColumnInfo* find(std::string_view column) const;
};

namespace detail {
template <typename T, typename... Options>
SqlType column_sql_type(const std::tuple<Options...>& options) {
  SqlType type{sql_traits<base_t<T>>::kind};
  std::apply(
      [&](const auto&... option) {
        (
            [&](const auto& o) {
              using O = std::remove_cvref_t<decltype(o)>;
              if constexpr (std::is_same_v<O, Length>) {
                static_assert(TextValue<T>, "orm::length applies to std::string members");
                type.length = o.length;
              } else if constexpr (std::is_same_v<O, NumericOption>) {
                static_assert(NumericValue<T>, "orm::numeric applies to numeric members");
                type.kind = TypeKind::kNumeric;
                type.precision = o.precision;
                type.scale = o.scale;
              }
            }(option),
            ...);
      },
      options);
  return type;
}
}  // namespace detail

// The runtime description of M's table.
template <Mapped M>
TableInfo describe() {
  TableInfo info;
  info.name = std::string(table_name<M>());
  for_each_column<M>([&](const auto& def) {
    using T = typename std::remove_cvref_t<decltype(def)>::value_type;
    ColumnInfo c;
    c.name = std::string(def.name);
    c.type = detail::column_sql_type<T>(def.options);
    c.nullable = is_optional_v<T>;
    std::apply(
        [&](const auto&... option) {
          (
              [&](const auto& o) {
                using O = std::remove_cvref_t<decltype(o)>;
                if constexpr (std::is_same_v<O, PrimaryKey>) {
                  c.primary_key = true;
                  c.nullable = false;
                  c.autoincrement = o.autoincrement && std::is_integral_v<base_t<T>>;
                } else if constexpr (std::is_same_v<O, Unique>) {
                  c.unique = true;
                } else if constexpr (std::is_same_v<O, IndexOption>) {
                  c.indexed = true;
                  c.unique_index = o.unique;
                  c.index_name = o.name.empty() ? "ix_" + info.name + "_" + c.name : std::string(o.name);
                } else if constexpr (std::is_same_v<O, ServerDefault>) {
                  c.server_default = std::string(o.sql);
                } else if constexpr (requires { o.value; }) {
                  static_assert(Comparable<T, literal_t<decltype(o.value)>>,
                                "orm::default_value: the default's type does not fit the member's type");
                  c.client_default = make_value(static_cast<base_t<T>>(o.value));
                } else if constexpr (requires { o.referred; }) {
                  using Target = typename O::target_type;
                  c.foreign_key = ForeignKeyInfo{c.name, std::string(table_name<Target>()),
                                                 std::string(column_name<Target>(o.referred)), o.on_delete};
                }
              }(option),
              ...);
        },
        def.options);
    info.columns.push_back(std::move(c));
  });
  for_each_relationship<M>([&](const auto& rel) {
    using R = std::remove_cvref_t<decltype(rel)>;
    using Target = typename R::target_type;
    RelationshipInfo r;
    r.target_table = std::string(table_name<Target>());
    r.cascade = rel.cascade;
    r.back_populates = !std::is_same_v<decltype(rel.back), NoBackPopulates>;
    if constexpr (requires { rel.fk; }) {
      static_assert(fk_count_v<M, Target> >= 1,
                    "orm::many_to_one: the model has no foreign_key(...) column referring to the target model");
      r.kind = RelationshipKind::kManyToOne;
      r.local_column = std::string(column_name<M>(rel.fk));
      r.remote_column = std::string(primary_key_name<Target>());
    } else if constexpr (requires { rel.remote_fk; } && !requires { rel.local_fk; }) {
      static_assert(fk_count_v<Target, M> >= 1,
                    "orm::one_to_many: the target model has no foreign_key(...) column referring to this model");
      r.kind = RelationshipKind::kOneToMany;
      r.local_column = std::string(primary_key_name<M>());
      r.remote_column = std::string(column_name<Target>(rel.remote_fk));
    } else {
      using Assoc = typename R::association_type;
      static_assert(fk_count_v<Assoc, M> >= 1 && fk_count_v<Assoc, Target> >= 1,
                    "orm::many_to_many: the association model needs a foreign_key(...) column to each side");
      r.kind = RelationshipKind::kManyToMany;
      r.local_column = std::string(primary_key_name<M>());
      r.remote_column = std::string(primary_key_name<Target>());
      r.secondary_table = std::string(table_name<Assoc>());
      r.secondary_local_column = std::string(column_name<Assoc>(rel.local_fk));
      r.secondary_remote_column = std::string(column_name<Assoc>(rel.remote_fk));
    }
    info.relationships.push_back(std::move(r));
  });
  return info;
}

// The tables of a set of models.
class Metadata {
 public:
  template <Mapped... Models>
  static Metadata of() {
    Metadata md;
    (md.add(describe<Models>()), ...);
    return md;
  }

  // Add a table; throws SchemaError when a table of that name is already there.
  void add(TableInfo table);

  const std::vector<TableInfo>& tables() const { return tables_; }
  const TableInfo* find(std::string_view name) const;

  // Tables in dependency order (referred tables first); throws SchemaError on a foreign-key cycle or a
  // reference to a table not in this Metadata.
  std::vector<const TableInfo*> sorted_tables() const;

  // CREATE TABLE (and CREATE INDEX) statements in dependency order.
  std::vector<std::string> create_all(Dialect dialect) const;
  // DROP TABLE IF EXISTS statements in reverse dependency order.
  std::vector<std::string> drop_all(Dialect dialect) const;

 private:
  std::vector<TableInfo> tables_;
};

// CREATE TABLE for one table, formatted as SQLAlchemy formats it (one column or constraint per line).
std::string create_table_sql(const TableInfo& table, Dialect dialect);
// CREATE [UNIQUE] INDEX statements for the indexed columns of one table.
std::vector<std::string> create_index_sql(const TableInfo& table, Dialect dialect);

}  // namespace strata::orm
