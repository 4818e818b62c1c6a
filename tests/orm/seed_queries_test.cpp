// The notebook's queries and ../shared/seed/queries/seed_queries.py written in Strata's DSL, compiled for SQLite
// and PostgreSQL and compared with the SQL SQLAlchemy 1.4 emitted for them (../shared/seed/expected/*.sql):
// the same text and the same parameters, in the same order. For PostgreSQL the expected text is SQLAlchemy's
// with its %(name)s placeholders numbered $1, $2, ... per bind name (one number per parameter object, which
// is what a server-side prepared statement needs; see COMPARISON.md, 03p). Queries 01 and 03 compile on
// PostgreSQL to the portable spelling of 01p / 03p (round(CAST(x AS NUMERIC), n)).
#include <gtest/gtest.h>

#include "orm/capture.h"
#include "orm/models.h"
#include "orm/seed_queries.h"
#include "strata/orm/orm.h"

namespace strata::orm {
namespace {

using testing::read_capture;

void expect_same(const CompiledSql& got, const std::string& name, Dialect dialect, size_t statement = 0) {
  auto expected = read_capture(name, dialect);
  ASSERT_GT(expected.size(), statement) << name;
  EXPECT_EQ(got.sql, expected[statement].sql) << name << " " << dialect_name(dialect);
  EXPECT_EQ(testing::python_repr(got.params), expected[statement].params) << name << " " << dialect_name(dialect);
}

TEST(SeedQueries, Q01DeptSalaryStats) {
  auto stmt = testing::q01();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<std::string, std::optional<std::string>, int64_t, std::optional<double>,
                                          std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "01_dept_salary_stats", Dialect::kSqlite);
  // PostgreSQL: SQLAlchemy's own text fails there (round(double precision, integer)); Strata emits the portable
  // spelling, which is exactly SQLAlchemy's 01p.
  expect_same(to_sql(stmt, Dialect::kPostgresql), "01p_dept_salary_stats_portable", Dialect::kPostgresql);
}

TEST(SeedQueries, Q01pPortableSpelling) {
  auto stmt = testing::q01p();
  expect_same(to_sql(stmt, Dialect::kSqlite), "01p_dept_salary_stats_portable", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "01p_dept_salary_stats_portable", Dialect::kPostgresql);
}

TEST(SeedQueries, Q02Top2PerDept) {
  EXPECT_EQ(testing::q02_ranked().names(),
            (std::vector<std::string>{"id", "first_name", "last_name", "salary", "dept_name", "salary_rank"}));
  auto stmt = testing::q02();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, double, std::string, int64_t>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "02_top2_per_dept", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "02_top2_per_dept", Dialect::kPostgresql);
}

TEST(SeedQueries, Q03SalaryBands) {
  auto stmt = testing::q03();
  static_assert(
      std::is_same_v<decltype(stmt)::row_type, std::tuple<std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "03_salary_bands", Dialect::kSqlite);
  // The CASE in SELECT and GROUP BY shares its parameters ($1..$5), as PostgreSQL needs for the grouping.
  expect_same(to_sql(stmt, Dialect::kPostgresql), "03p_salary_bands_portable", Dialect::kPostgresql);
  expect_same(to_sql(testing::q03p(), Dialect::kSqlite), "03p_salary_bands_portable", Dialect::kSqlite);
  expect_same(to_sql(testing::q03p(), Dialect::kPostgresql), "03p_salary_bands_portable", Dialect::kPostgresql);
}

TEST(SeedQueries, Q04OuterJoinAllDepartments) {
  auto stmt = testing::q04();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "04_outer_join_all_departments", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "04_outer_join_all_departments", Dialect::kPostgresql);
}

TEST(SeedQueries, Q05ProjectHoursHaving) {
  auto stmt = testing::q05();
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<int32_t, std::string, std::string, int64_t,
                                                                     int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "05_project_hours_having", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "05_project_hours_having", Dialect::kPostgresql);
}

TEST(SeedQueries, Q06CorrelatedAboveDeptAvg) {
  auto stmt = testing::q06();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, double, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "06_correlated_above_dept_avg", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "06_correlated_above_dept_avg", Dialect::kPostgresql);
}

TEST(SeedQueries, Q07CteEmployeeHours) {
  auto stmt = testing::q07();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "07_cte_employee_hours", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "07_cte_employee_hours", Dialect::kPostgresql);
}

TEST(SeedQueries, Q08RecursiveCteHiresPerYear) {
  auto stmt = testing::q08();
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<int32_t, int64_t, std::optional<int64_t>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "08_recursive_cte_hires_per_year", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "08_recursive_cte_hires_per_year", Dialect::kPostgresql);
}

TEST(SeedQueries, Q09SelfJoinSameDeptPairs) {
  auto stmt = testing::q09();
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<std::string, std::string, std::string,
                                                                     std::string, std::string, std::string>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "09_self_join_same_dept_pairs", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "09_self_join_same_dept_pairs", Dialect::kPostgresql);
}

// 10: the first statement of selectinload (the second, keyed by the loaded ids, is the loader's business).
TEST(SeedQueries, Q10SelectDepartments) {
  auto stmt = select<Department>().order_by(&Department::id);
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<Department>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "10_selectinload_dept_employees", Dialect::kSqlite, 0);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "10_selectinload_dept_employees", Dialect::kPostgresql, 0);
  // The IN list of the second statement, without SQLAlchemy's entity labels.
  auto children = select<Employee>().where(col(&Employee::department_id).in_({1, 2, 3, 4, 5}));
  auto sql = to_sql(children, Dialect::kPostgresql);
  EXPECT_EQ(sql.sql,
            "SELECT employee.id, employee.first_name, employee.last_name, employee.email, employee.salary, "
            "employee.hire_date, employee.is_active, employee.department_id \nFROM employee \nWHERE "
            "employee.department_id IN ($1, $2, $3, $4, $5)");
  EXPECT_EQ(testing::python_repr(sql.params), "(1, 2, 3, 4, 5)");
}

// 11: joinedload's statement, spelled as an explicit LEFT OUTER JOIN of an anonymous alias.
TEST(SeedQueries, Q11JoinedLoadStatement) {
  auto d = aliased<Department>();
  auto stmt = select(col(&Employee::id), col(&Employee::first_name), col(&Employee::last_name), col(&Employee::email),
                     col(&Employee::salary), col(&Employee::hire_date), col(&Employee::is_active),
                     col(&Employee::department_id), d(&Department::id), d(&Department::name), d(&Department::location))
                  .left_join(d, d(&Department::id) == col(&Employee::department_id))
                  .order_by(&Employee::id);
  expect_same(to_sql(stmt, Dialect::kSqlite), "11_joinedload_employee_department", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "11_joinedload_employee_department", Dialect::kPostgresql);
}

// 12: the counting and lookup statements around the cascade (the DELETEs are the unit of work's).
TEST(SeedQueries, Q12CountsAndLookup) {
  expect_same(to_sql(select(count()).select_from<Department>(), Dialect::kSqlite), "12_cascade_delete_orphan",
              Dialect::kSqlite, 0);
  expect_same(to_sql(select(count()).select_from<ProjectAssignment>(), Dialect::kPostgresql),
              "12_cascade_delete_orphan", Dialect::kPostgresql, 3);
  auto lookup = select<Department>().where(col(&Department::name) == "Marketing");
  expect_same(to_sql(lookup, Dialect::kSqlite), "12_cascade_delete_orphan", Dialect::kSqlite, 4);
  expect_same(to_sql(lookup, Dialect::kPostgresql), "12_cascade_delete_orphan", Dialect::kPostgresql, 4);
}

TEST(SeedQueries, Q13RawFloatAggregates) {
  auto stmt = testing::q13();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, int64_t, std::optional<double>, std::optional<double>,
                                          std::optional<double>, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "13_raw_float_aggregates", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "13_raw_float_aggregates", Dialect::kPostgresql);
}

}  // namespace
}  // namespace strata::orm
