// Metadata and DDL: the notebook's models give the DDL SQLAlchemy emitted (../shared/seed/expected/schema.*.sql)
// statement for statement, in the same order.
#include "strata/orm/metadata.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "orm/models.h"
#include "support/test_support.h"

namespace strata::orm {
namespace {

// The statements of a capture file written by seed_queries.py: text between "-- statement N" and ";" lines.
std::vector<std::string> read_statements(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> out;
  std::string line;
  std::string current;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("-- statement", 0) == 0) {
      inside = true;
      current.clear();
    } else if (inside && line == ";") {
      inside = false;
      out.push_back(current.substr(0, current.size() - 1));  // drop the last newline
    } else if (inside) {
      current += line + "\n";
    }
  }
  return out;
}

Metadata notebook_metadata() { return Metadata::of<Department, Employee, Project, ProjectAssignment>(); }

TEST(Metadata, DescribesColumnsAndRelationships) {
  TableInfo employee = describe<Employee>();
  EXPECT_EQ(employee.name, "employee");
  ASSERT_EQ(employee.columns.size(), 8u);
  const ColumnInfo* id = employee.find("id");
  ASSERT_NE(id, nullptr);
  EXPECT_TRUE(id->primary_key);
  EXPECT_TRUE(id->autoincrement);
  const ColumnInfo* email = employee.find("email");
  EXPECT_TRUE(email->unique);
  EXPECT_EQ(email->type, (SqlType{TypeKind::kText, 120}));
  EXPECT_FALSE(email->nullable);
  const ColumnInfo* active = employee.find("is_active");
  ASSERT_TRUE(active->client_default.has_value());
  EXPECT_EQ(*active->client_default, Value{true});
  const ColumnInfo* dept = employee.find("department_id");
  ASSERT_TRUE(dept->foreign_key.has_value());
  EXPECT_EQ(dept->foreign_key->referred_table, "department");
  EXPECT_EQ(dept->foreign_key->referred_column, "id");
  EXPECT_TRUE(describe<Department>().find("location")->nullable);
  EXPECT_EQ(*describe<Project>().find("status")->client_default, Value{std::string("active")});

  ASSERT_EQ(employee.relationships.size(), 3u);
  const RelationshipInfo& to_dept = employee.relationships[0];
  EXPECT_EQ(to_dept.kind, RelationshipKind::kManyToOne);
  EXPECT_EQ(to_dept.target_table, "department");
  EXPECT_EQ(to_dept.local_column, "department_id");
  EXPECT_EQ(to_dept.remote_column, "id");
  EXPECT_TRUE(to_dept.back_populates);
  const RelationshipInfo& projects = employee.relationships[1];
  EXPECT_EQ(projects.kind, RelationshipKind::kOneToMany);
  EXPECT_EQ(projects.target_table, "project_assignment");
  EXPECT_EQ(projects.remote_column, "employee_id");
  EXPECT_TRUE(projects.cascade.has(CascadeFlag::kDeleteOrphan));
  EXPECT_TRUE(projects.cascade.has(CascadeFlag::kDelete));
  const RelationshipInfo& m2m = employee.relationships[2];
  EXPECT_EQ(m2m.kind, RelationshipKind::kManyToMany);
  EXPECT_EQ(m2m.target_table, "project");
  EXPECT_EQ(m2m.secondary_table, "project_assignment");
  EXPECT_EQ(m2m.secondary_local_column, "employee_id");
  EXPECT_EQ(m2m.secondary_remote_column, "project_id");
  EXPECT_FALSE(m2m.back_populates);
  EXPECT_FALSE(m2m.cascade.has(CascadeFlag::kDelete));
}

TEST(Metadata, ForeignKeyCountsAreCompileTimeConstants) {
  static_assert(fk_count_v<Employee, Department> == 1);
  static_assert(fk_count_v<Department, Employee> == 0);
  static_assert(fk_count_v<ProjectAssignment, Employee> == 1);
  static_assert(fk_count_v<ProjectAssignment, Project> == 1);
  static_assert(fk_count_v<ProjectAssignment, Department> == 0);
  static_assert(Mapped<Employee>);
  static_assert(!Mapped<int>);
  auto [local, referred] = foreign_key_columns<ProjectAssignment, Project>();
  EXPECT_EQ(local, "project_id");
  EXPECT_EQ(referred, "id");
}

TEST(Metadata, CreateAllMatchesSqlalchemySqlite) {
  auto expected = read_statements((strata::testing::shared_dir() / "seed/expected/schema.sqlite.sql").string());
  auto got = notebook_metadata().create_all(Dialect::kSqlite);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(got, expected);
}

TEST(Metadata, CreateAllMatchesSqlalchemyPostgresql) {
  auto expected = read_statements((strata::testing::shared_dir() / "seed/expected/schema.postgresql.sql").string());
  auto got = notebook_metadata().create_all(Dialect::kPostgresql);
  ASSERT_EQ(expected.size(), 4u);
  EXPECT_EQ(got, expected);
}

TEST(Metadata, DropAllInReverseDependencyOrder) {
  std::vector<std::string> expected = {"DROP TABLE IF EXISTS project_assignment", "DROP TABLE IF EXISTS employee",
                                       "DROP TABLE IF EXISTS project", "DROP TABLE IF EXISTS department"};
  EXPECT_EQ(notebook_metadata().drop_all(Dialect::kSqlite), expected);
}

// Types, defaults, indexes and ON DELETE that the notebook's models do not use.
struct Account {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  double balance = 0;
  Date opened;
  std::optional<Timestamp> closed_at;
  std::string code;
  std::optional<std::string> notes;
};
struct Entry {
  int64_t id = 0;
  int64_t account_id = 0;
  double amount = 0;
};
}  // namespace

template <>
inline constexpr auto mapping<Account> =
    table("account", column("id", &Account::id, primary_key()),
          column("parent_id", &Account::parent_id, foreign_key(&Account::id, OnDelete::kSetNull)),
          column("balance", &Account::balance, numeric(12, 2), server_default("0")),
          column("opened", &Account::opened, index()), column("closed_at", &Account::closed_at),
          column("code", &Account::code, length(8), index(true, "ux_account_code")), column("notes", &Account::notes));
template <>
inline constexpr auto mapping<Entry> =
    table("entry", column("id", &Entry::id, primary_key()),
          column("account_id", &Entry::account_id, foreign_key(&Account::id, OnDelete::kCascade)),
          column("amount", &Entry::amount));

namespace {
TEST(Metadata, TypesDefaultsIndexesAndOnDelete) {
  auto md = Metadata::of<Entry, Account>();
  auto pg = md.create_all(Dialect::kPostgresql);
  ASSERT_EQ(pg.size(), 4u);
  EXPECT_EQ(pg[0],
            "CREATE TABLE account (\n\tid BIGSERIAL NOT NULL, \n\tparent_id BIGINT, \n\tbalance NUMERIC(12, 2) DEFAULT 0 "
            "NOT NULL, \n\topened DATE NOT NULL, \n\tclosed_at TIMESTAMP WITHOUT TIME ZONE, \n\tcode VARCHAR(8) NOT "
            "NULL, \n\tnotes TEXT, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(parent_id) REFERENCES account (id) ON DELETE "
            "SET NULL\n)");
  EXPECT_EQ(pg[1], "CREATE INDEX ix_account_opened ON account (opened)");
  EXPECT_EQ(pg[2], "CREATE UNIQUE INDEX ux_account_code ON account (code)");
  EXPECT_EQ(pg[3],
            "CREATE TABLE entry (\n\tid BIGSERIAL NOT NULL, \n\taccount_id BIGINT NOT NULL, \n\tamount FLOAT NOT NULL, "
            "\n\tPRIMARY KEY (id), \n\tFOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE\n)");
  auto lite = md.create_all(Dialect::kSqlite);
  EXPECT_EQ(lite[3],
            "CREATE TABLE entry (\n\tid INTEGER NOT NULL, \n\taccount_id BIGINT NOT NULL, \n\tamount FLOAT NOT NULL, "
            "\n\tPRIMARY KEY (id), \n\tFOREIGN KEY(account_id) REFERENCES account (id) ON DELETE CASCADE\n)");
  EXPECT_NE(lite[0].find("closed_at DATETIME, "), std::string::npos);
}

TEST(Metadata, ForeignKeyCycleIsASchemaError) {
  Metadata md;
  TableInfo a{"a", {ColumnInfo{"b_id"}}, {}};
  a.columns[0].foreign_key = ForeignKeyInfo{"b_id", "b", "id"};
  TableInfo b{"b", {ColumnInfo{"a_id"}}, {}};
  b.columns[0].foreign_key = ForeignKeyInfo{"a_id", "a", "id"};
  md.add(a);
  md.add(b);
  try {
    md.sorted_tables();
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_STREQ(e.what(), "orm::Metadata: foreign keys form a cycle among tables a, b");
  }
  EXPECT_THROW(md.add(a), SchemaError);
}

TEST(Metadata, MissingReferredTableIsASchemaError) {
  auto md = Metadata::of<Entry>();
  try {
    md.create_all(Dialect::kSqlite);
    FAIL() << "expected SchemaError";
  } catch (const SchemaError& e) {
    EXPECT_STREQ(e.what(),
                 "orm::Metadata: table \"entry\" column \"account_id\" refers to table \"account\", which is not in "
                 "this Metadata");
  }
}

}  // namespace
}  // namespace strata::orm
