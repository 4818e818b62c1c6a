// orm::execute(...).to_table(): the columnar table typed from the select list (int32 stays int32, NUMERIC reads
// as double, a whole model gives one column per mapped column, NULL cells become nulls), chunked by batch_rows,
// also from a batched PostgreSQL cursor; and the typed rows of the same statements. On SQLite and on the
// PostgreSQL test server, over three hand-written employees whose values are spelled out here.
#include <gtest/gtest.h>

#include "orm/fresh_tables.h"
#include "orm/models.h"
#include "strata/columnar/array.h"
#include "strata/orm/orm.h"
#include "strata/orm/result.h"
#include "strata/sql/connection.h"
#include "support/pg_server.h"

namespace strata::orm {
namespace {

using testing::Department;
using testing::Employee;
using testing::Project;
using testing::ProjectAssignment;

constexpr int64_t kDay = 86400LL * 1000000;
// 2020-01-02 is day 18263, 2021-03-04 day 18690, 2022-05-06 day 19118.
const Timestamp kHire1{18263 * kDay + 250000};                      // 2020-01-02 00:00:00.25
const Timestamp kHire2{18690 * kDay + (5 * 3600 + 6 * 60 + 7) * 1000000LL};  // 2021-03-04 05:06:07
const Timestamp kHire3{19118 * kDay};                               // 2022-05-06

class ToTable : public testing::FreshTables<Department, Employee, Project, ProjectAssignment> {
 protected:
  void SetUp() override {
    FreshTables::SetUp();
    if (stopped()) return;
    const Dialect d = GetParam();
    auto ph = [&](int n) { return sql::placeholder(d, n); };
    const std::string dept = "INSERT INTO department (id, name, location) VALUES (" + ph(1) + ", " + ph(2) + ", " +
                             ph(3) + ")";
    conn_->execute(dept, {Value(int32_t{1}), Value(std::string("A")), Value(std::string("X"))});
    conn_->execute(dept, {Value(int32_t{2}), Value(std::string("B")), Value()});
    std::string emp = "INSERT INTO employee (id, first_name, last_name, email, salary, hire_date, is_active, "
                      "department_id) VALUES (";
    for (int i = 1; i <= 8; ++i) emp += (i > 1 ? ", " : "") + ph(i);
    emp += ")";
    auto add = [&](int32_t id, const char* first, double salary, Timestamp hire, bool active, int32_t dept_id) {
      conn_->execute(emp, {Value(id), Value(std::string(first)), Value(std::string("L")),
                           Value(std::string(first) + "@x.com"), Value(salary), Value(hire), Value(active),
                           Value(dept_id)});
    };
    add(1, "P", 100.5, kHire1, true, 1);
    add(2, "R", 200.25, kHire2, false, 1);
    add(3, "T", 50.0, kHire3, true, 2);
  }
};

std::string type_of(const columnar::Table& t, int i) { return t.schema()->field(i)->type()->to_string(); }

TEST_P(ToTable, TypedFromTheSelectList) {
  if (!conn_) return;
  auto stmt = select(col(&Department::id), col(&Department::name), col(&Department::location))
                  .order_by(&Department::id);
  columnar::Table t = execute(*conn_, stmt).to_table();
  ASSERT_EQ(t.num_columns(), 3);
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(t.schema()->field(0)->name(), "id");
  EXPECT_EQ(t.schema()->field(2)->name(), "location");
  EXPECT_EQ(type_of(t, 0), "int32");  // Department::id is int32_t (the driver reports an integer)
  EXPECT_EQ(type_of(t, 1), "string");
  EXPECT_EQ(type_of(t, 2), "string");
  columnar::Int32Array ids(t.column(0).chunk(0));
  EXPECT_EQ(ids.value(0), 1);
  EXPECT_EQ(ids.value(1), 2);
  columnar::StringArray names(t.column(1).chunk(0));
  EXPECT_EQ(names.value(0), "A");
  EXPECT_EQ(names.value(1), "B");
  EXPECT_FALSE(t.column(2).is_null(0));
  EXPECT_TRUE(t.column(2).is_null(1));
  EXPECT_EQ(t.column(2).null_count(), 1);
}

TEST_P(ToTable, AggregatesAndRoundedNumeric) {
  if (!conn_) return;
  auto stmt = select(col(&Department::name), count(&Employee::id).as("n"), sum(&Employee::salary).as("total"),
                     round(avg(&Employee::salary), 1).as("mean"))
                  .join<Employee>()
                  .group_by(&Department::id)
                  .order_by(&Department::id);
  columnar::Table t = execute(*conn_, stmt).to_table();
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(t.schema()->field(1)->name(), "n");
  EXPECT_EQ(type_of(t, 1), "int64");
  EXPECT_EQ(type_of(t, 2), "double");
  EXPECT_EQ(type_of(t, 3), "double");  // PostgreSQL: round(CAST(... AS NUMERIC), 1) is NUMERIC, read as double
  columnar::Int64Array n(t.column(1).chunk(0));
  columnar::DoubleArray total(t.column(2).chunk(0));
  columnar::DoubleArray mean(t.column(3).chunk(0));
  EXPECT_EQ(n.value(0), 2);
  EXPECT_EQ(n.value(1), 1);
  EXPECT_EQ(total.value(0), 300.75);  // 100.5 + 200.25, exact in binary
  EXPECT_EQ(total.value(1), 50.0);
  EXPECT_EQ(mean.value(0), 150.4);  // round(150.375, 1)
  EXPECT_EQ(mean.value(1), 50.0);
  // The typed rows of the same statement agree.
  auto rows = execute(*conn_, stmt).all();
  ASSERT_EQ(rows.size(), 2u);
  auto [name, count0, sum0, avg0] = rows[0];
  EXPECT_EQ(name, "A");
  EXPECT_EQ(count0, 2);
  EXPECT_EQ(sum0, std::optional<double>(300.75));
  EXPECT_EQ(avg0, std::optional<double>(150.4));
}

TEST_P(ToTable, WholeModelInBatches) {
  if (!conn_) return;
  columnar::Table t = execute(*conn_, select<Employee>().order_by(&Employee::id)).to_table(2);
  ASSERT_EQ(t.num_columns(), 8);
  ASSERT_EQ(t.num_rows(), 3);
  const char* const names[] = {"id", "first_name", "last_name", "email", "salary", "hire_date", "is_active",
                               "department_id"};
  const char* const types[] = {"int32", "string", "string", "string", "double", "timestamp[us]", "bool", "int32"};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(t.schema()->field(i)->name(), names[i]) << i;
    EXPECT_EQ(type_of(t, i), types[i]) << i;
    ASSERT_EQ(t.column(i).num_chunks(), 2) << i;  // 2 rows, then 1
    EXPECT_EQ(t.column(i).chunk(0).length(), 2) << i;
    EXPECT_EQ(t.column(i).chunk(1).length(), 1) << i;
  }
  columnar::Int64Array hire0(t.column(5).chunk(0));
  columnar::Int64Array hire1(t.column(5).chunk(1));
  EXPECT_EQ(hire0.value(0), kHire1.micros);
  EXPECT_EQ(hire0.value(1), kHire2.micros);
  EXPECT_EQ(hire1.value(0), kHire3.micros);
  columnar::BooleanArray active(t.column(6).chunk(0));
  EXPECT_TRUE(active.value(0));
  EXPECT_FALSE(active.value(1));
  columnar::Int32Array dept(t.column(7).chunk(1));
  EXPECT_EQ(dept.value(0), 2);
  columnar::StringArray email(t.column(3).chunk(1));
  EXPECT_EQ(email.value(0), "T@x.com");
}

TEST_P(ToTable, EmptyResultKeepsTheTypes) {
  if (!conn_) return;
  columnar::Table t =
      execute(*conn_, select(col(&Employee::id), col(&Employee::hire_date)).where(col(&Employee::id) < 0)).to_table();
  EXPECT_EQ(t.num_rows(), 0);
  ASSERT_EQ(t.num_columns(), 2);
  EXPECT_EQ(type_of(t, 0), "int32");
  EXPECT_EQ(type_of(t, 1), "timestamp[us]");
}

TEST_P(ToTable, BatchedCursor) {
  if (!conn_) return;
  auto stmt = select(col(&Employee::id), col(&Employee::salary)).order_by(desc(&Employee::salary));
  columnar::Table t = execute_batched(*conn_, stmt, 2).to_table(2);
  ASSERT_EQ(t.num_rows(), 3);
  EXPECT_EQ(type_of(t, 0), "int32");
  const auto combined = t.column(0).combine();
  columnar::Int32Array ids(combined);
  EXPECT_EQ(ids.value(0), 2);  // 200.25
  EXPECT_EQ(ids.value(1), 1);  // 100.5
  EXPECT_EQ(ids.value(2), 3);  // 50.0
  if (conn_->in_transaction()) conn_->commit();
}

INSTANTIATE_TEST_SUITE_P(Backends, ToTable, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

}  // namespace
}  // namespace strata::orm
