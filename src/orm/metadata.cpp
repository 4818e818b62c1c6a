// DDL for mapped tables: CREATE TABLE / CREATE INDEX / DROP TABLE per dialect, in dependency order.
#include "strata/orm/metadata.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace strata::orm {

std::string sql_type_name(const SqlType& type, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgresql;
  switch (type.kind) {
    case TypeKind::kBool:
      return "BOOLEAN";
    case TypeKind::kInt32:
      return "INTEGER";
    case TypeKind::kInt64:
      return "BIGINT";
    case TypeKind::kDouble:
      return "FLOAT";
    case TypeKind::kText:
      return type.length > 0 ? fmt::format("VARCHAR({})", type.length) : std::string("TEXT");
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kTimestamp:
      return pg ? "TIMESTAMP WITHOUT TIME ZONE" : "DATETIME";
    case TypeKind::kNumeric:
      if (type.precision > 0) return fmt::format("NUMERIC({}, {})", type.precision, type.scale);
      return "NUMERIC";
  }
  return "TEXT";
}

const ColumnInfo* TableInfo::find(std::string_view column) const {
  for (const ColumnInfo& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

void Metadata::add(TableInfo table) {
  if (find(table.name) != nullptr) raise<SchemaError>("orm::Metadata: table \"{}\" added twice", table.name);
  tables_.push_back(std::move(table));
}

const TableInfo* Metadata::find(std::string_view name) const {
  for (const TableInfo& t : tables_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::vector<const TableInfo*> Metadata::sorted_tables() const {
  // Kahn's algorithm level by level; within a level, by table name (SQLAlchemy's sort_tables emits
  // department, project, employee, project_assignment for the notebook's models).
  std::map<std::string, std::set<std::string>> depends;  // table -> tables it refers to
  for (const TableInfo& t : tables_) {
    auto& deps = depends[t.name];
    for (const ColumnInfo& c : t.columns) {
      if (!c.foreign_key || c.foreign_key->referred_table == t.name) continue;  // self-reference: no order
      if (find(c.foreign_key->referred_table) == nullptr) {
        raise<SchemaError>("orm::Metadata: table \"{}\" column \"{}\" refers to table \"{}\", which is not in "
                           "this Metadata",
                           t.name, c.name, c.foreign_key->referred_table);
      }
      deps.insert(c.foreign_key->referred_table);
    }
  }
  std::vector<const TableInfo*> order;
  std::set<std::string> done;
  while (order.size() < tables_.size()) {
    std::vector<const TableInfo*> level;
    for (const TableInfo& t : tables_) {
      if (done.count(t.name) != 0) continue;
      const auto& deps = depends[t.name];
      if (std::all_of(deps.begin(), deps.end(), [&](const std::string& d) { return done.count(d) != 0; })) {
        level.push_back(&t);
      }
    }
    if (level.empty()) {
      std::string rest;
      for (const TableInfo& t : tables_) {
        if (done.count(t.name) == 0) rest += (rest.empty() ? "" : ", ") + t.name;
      }
      raise<SchemaError>("orm::Metadata: foreign keys form a cycle among tables {}", rest);
    }
    std::sort(level.begin(), level.end(), [](const TableInfo* a, const TableInfo* b) { return a->name < b->name; });
    for (const TableInfo* t : level) {
      done.insert(t->name);
      order.push_back(t);
    }
  }
  return order;
}

namespace {
std::string_view on_delete_sql(OnDelete action) {
  switch (action) {
    case OnDelete::kNoAction:
      return "";
    case OnDelete::kCascade:
      return " ON DELETE CASCADE";
    case OnDelete::kSetNull:
      return " ON DELETE SET NULL";
    case OnDelete::kRestrict:
      return " ON DELETE RESTRICT";
    case OnDelete::kSetDefault:
      return " ON DELETE SET DEFAULT";
  }
  return "";
}
}  // namespace

std::string create_table_sql(const TableInfo& table, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgresql;
  int pk_count = 0;
  for (const ColumnInfo& c : table.columns) pk_count += c.primary_key ? 1 : 0;
  std::vector<std::string> lines;
  for (const ColumnInfo& c : table.columns) {
    std::string type;
    const bool serial = c.primary_key && c.autoincrement && pk_count == 1;
    if (serial && pg) {
      type = c.type.kind == TypeKind::kInt64 ? "BIGSERIAL" : "SERIAL";
    } else if (serial) {
      type = "INTEGER";  // SQLite: only INTEGER PRIMARY KEY aliases the rowid (and so autoincrements)
    } else {
      type = sql_type_name(c.type, dialect);
    }
    std::string line = fmt::format("\t{} {}", c.name, type);
    if (!c.server_default.empty()) line += " DEFAULT " + c.server_default;
    if (!c.nullable) line += " NOT NULL";
    lines.push_back(std::move(line));
  }
  std::vector<std::string> pk;
  for (const ColumnInfo& c : table.columns) {
    if (c.primary_key) pk.push_back(c.name);
  }
  if (!pk.empty()) lines.push_back(fmt::format("\tPRIMARY KEY ({})", fmt::join(pk, ", ")));
  for (const ColumnInfo& c : table.columns) {
    if (c.unique) lines.push_back(fmt::format("\tUNIQUE ({})", c.name));
  }
  for (const ColumnInfo& c : table.columns) {
    if (!c.foreign_key) continue;
    lines.push_back(fmt::format("\tFOREIGN KEY({}) REFERENCES {} ({}){}", c.name, c.foreign_key->referred_table,
                                c.foreign_key->referred_column, on_delete_sql(c.foreign_key->on_delete)));
  }
  // SQLAlchemy's layout: "CREATE TABLE t (\n\tcol TYPE, \n\t...\n)".
  return fmt::format("CREATE TABLE {} (\n{}\n)", table.name, fmt::join(lines, ", \n"));
}

std::vector<std::string> create_index_sql(const TableInfo& table, Dialect /*dialect*/) {
  std::vector<std::string> out;
  for (const ColumnInfo& c : table.columns) {
    if (!c.indexed) continue;
    out.push_back(fmt::format("CREATE {}INDEX {} ON {} ({})", c.unique_index ? "UNIQUE " : "", c.index_name,
                              table.name, c.name));
  }
  return out;
}

std::vector<std::string> Metadata::create_all(Dialect dialect) const {
  std::vector<std::string> out;
  for (const TableInfo* t : sorted_tables()) {
    out.push_back(create_table_sql(*t, dialect));
    for (std::string& s : create_index_sql(*t, dialect)) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> Metadata::drop_all(Dialect dialect) const {
  std::vector<std::string> out;
  auto order = sorted_tables();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    // PostgreSQL: CASCADE is not added; dependency order already drops children first.
    (void)dialect;
    out.push_back(fmt::format("DROP TABLE IF EXISTS {}", (*it)->name));
  }
  return out;
}

}  // namespace strata::orm
