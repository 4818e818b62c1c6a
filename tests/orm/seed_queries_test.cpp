// The notebook's queries and ../shared/seed/queries/seed_queries.py written in Strata's DSL, compiled for SQLite
// and PostgreSQL and compared with the SQL SQLAlchemy 1.4 emitted for them (../shared/seed/expected/*.sql):
// the same text and the same parameters, in the same order. For PostgreSQL the expected text is SQLAlchemy's
// with its %(name)s placeholders numbered $1, $2, ... per bind name (one number per parameter object, which
// is what a server-side prepared statement needs; see COMPARISON.md, 03p). Queries 01 and 03 compile on
// PostgreSQL to the portable spelling of 01p / 03p (round(CAST(x AS NUMERIC), n)).
#include <gtest/gtest.h>

#include "orm/capture.h"
#include "orm/models.h"
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

const char* const kSenior = "Senior (≥$120k)";
const char* const kMid = "Mid ($90k–$120k)";
const char* const kJunior = "Junior (<$90k)";

// notebook: Department headcount and salary stats
auto q01() {
  return select(col(&Department::name), col(&Department::location), count(&Employee::id).as("headcount"),
                round(avg(&Employee::salary), 0).as("avg_salary"), round(max(&Employee::salary), 0).as("max_salary"))
      .join<Employee>()
      .where(col(&Employee::is_active) == true)
      .group_by(&Department::id)
      .order_by(desc("avg_salary"));
}

TEST(SeedQueries, Q01DeptSalaryStats) {
  auto stmt = q01();
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<std::string, std::optional<std::string>, int64_t, std::optional<double>,
                                          std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "01_dept_salary_stats", Dialect::kSqlite);
  // PostgreSQL: SQLAlchemy's own text fails there (round(double precision, integer)); Strata emits the portable
  // spelling, which is exactly SQLAlchemy's 01p.
  expect_same(to_sql(stmt, Dialect::kPostgresql), "01p_dept_salary_stats_portable", Dialect::kPostgresql);
}

TEST(SeedQueries, Q01pPortableSpelling) {
  auto stmt = select(col(&Department::name), col(&Department::location), count(&Employee::id).as("headcount"),
                     round(cast_numeric(avg(&Employee::salary)), 0).as("avg_salary"),
                     round(cast_numeric(max(&Employee::salary)), 0).as("max_salary"))
                  .join<Employee>()
                  .where(col(&Employee::is_active) == true)
                  .group_by(&Department::id)
                  .order_by(desc("avg_salary"));
  expect_same(to_sql(stmt, Dialect::kSqlite), "01p_dept_salary_stats_portable", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "01p_dept_salary_stats_portable", Dialect::kPostgresql);
}

// notebook: Top 2 earners per department
TEST(SeedQueries, Q02Top2PerDept) {
  auto ranked = select(col(&Employee::id), col(&Employee::first_name), col(&Employee::last_name),
                       col(&Employee::salary), col(&Department::name).as("dept_name"),
                       rank()
                           .over(window().partition_by(&Department::id).order_by(desc(&Employee::salary)))
                           .as("salary_rank"))
                    .join<Department>()
                    .where(col(&Employee::is_active) == true)
                    .subquery();
  EXPECT_EQ(ranked.names(),
            (std::vector<std::string>{"id", "first_name", "last_name", "salary", "dept_name", "salary_rank"}));
  auto stmt = select(ranked).where(ranked.c<5>() <= 2).order_by(ranked.c<std::string>("dept_name"));
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, double, std::string, int64_t>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "02_top2_per_dept", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "02_top2_per_dept", Dialect::kPostgresql);
}

// notebook: Salary bands using CASE
TEST(SeedQueries, Q03SalaryBands) {
  auto band = case_(when(col(&Employee::salary) >= 120000, kSenior), when(col(&Employee::salary) >= 90000, kMid))
                  .else_(kJunior);
  auto stmt = select(band.as("band"), count(&Employee::id).as("count"), round(avg(&Employee::salary), 0).as("avg"))
                  .group_by(band)
                  .order_by(desc("avg"));
  static_assert(
      std::is_same_v<decltype(stmt)::row_type, std::tuple<std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "03_salary_bands", Dialect::kSqlite);
  // The CASE in SELECT and GROUP BY shares its parameters ($1..$5), as PostgreSQL needs for the grouping.
  expect_same(to_sql(stmt, Dialect::kPostgresql), "03p_salary_bands_portable", Dialect::kPostgresql);
}

TEST(SeedQueries, Q04OuterJoinAllDepartments) {
  auto on = col(&Employee::department_id) == col(&Department::id) && col(&Employee::salary) >= 120000 &&
            col(&Employee::is_active) == true;
  auto stmt = select(col(&Department::id), col(&Department::name), count(&Employee::id).as("n_senior_active"),
                     max(&Employee::salary).as("max_senior_salary"))
                  .select_from<Department>()
                  .left_join<Employee>(on)
                  .group_by(&Department::id, &Department::name)
                  .order_by(&Department::id);
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "04_outer_join_all_departments", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "04_outer_join_all_departments", Dialect::kPostgresql);
}

TEST(SeedQueries, Q05ProjectHoursHaving) {
  auto total = sum(&ProjectAssignment::hours_allocated);
  auto stmt = select(col(&Project::id), col(&Project::name), col(&Project::status),
                     count(&ProjectAssignment::id).as("n_assigned"),
                     count(distinct(&ProjectAssignment::role)).as("n_roles"), total.as("total_hours"))
                  .join<ProjectAssignment>()
                  .group_by(&Project::id)
                  .having(total > 1000)
                  .order_by(desc("total_hours"), &Project::id);
  expect_same(to_sql(stmt, Dialect::kSqlite), "05_project_hours_having", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "05_project_hours_having", Dialect::kPostgresql);
}

TEST(SeedQueries, Q06CorrelatedAboveDeptAvg) {
  auto e2 = aliased<Employee>();
  auto dept_avg = select(avg(e2(&Employee::salary)))
                      .where(e2(&Employee::department_id) == col(&Employee::department_id))
                      .scalar_subquery();
  auto stmt = select(col(&Employee::id), col(&Employee::email), col(&Department::name), col(&Employee::salary),
                     dept_avg.as("dept_avg"))
                  .join<Department>()
                  .where(col(&Employee::salary) > dept_avg)
                  .order_by(&Employee::id);
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, double, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "06_correlated_above_dept_avg", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "06_correlated_above_dept_avg", Dialect::kPostgresql);
}

TEST(SeedQueries, Q07CteEmployeeHours) {
  auto emp_hours = select(col(&ProjectAssignment::employee_id).as("employee_id"),
                          count(&ProjectAssignment::id).as("n_projects"),
                          sum(&ProjectAssignment::hours_allocated).as("total_hours"))
                       .group_by(&ProjectAssignment::employee_id)
                       .cte("emp_hours");
  auto stmt = select(col(&Employee::id), col(&Employee::email), col(&Department::name), emp_hours.c<1>(),
                     emp_hours.c<2>())
                  .join(emp_hours, emp_hours.c<0>() == col(&Employee::id))
                  .join<Department>(col(&Department::id) == col(&Employee::department_id))
                  .where(emp_hours.c<int64_t>("n_projects") >= 2)
                  .order_by(desc(emp_hours.c<2>()), &Employee::id);
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, std::string, std::string, int64_t, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "07_cte_employee_hours", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "07_cte_employee_hours", Dialect::kPostgresql);
}

TEST(SeedQueries, Q08RecursiveCteHiresPerYear) {
  auto base = select(literal(2017).as("y")).cte_recursive("years");
  auto years = base.union_all(select(base.c<0>() + 1).where(base.c<0>() < 2024));
  auto stmt = select(years.c<0>(), count(&Employee::id).as("hires"),
                     sum(case_(when(col(&Employee::is_active) == true, 1)).else_(0)).as("active_hires"))
                  .select_from(years)
                  .left_join<Employee>(extract(DatePart::kYear, col(&Employee::hire_date)) == years.c<0>())
                  .group_by(years.c<0>())
                  .order_by(years.c<0>());
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<int32_t, int64_t, std::optional<int64_t>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "08_recursive_cte_hires_per_year", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "08_recursive_cte_hires_per_year", Dialect::kPostgresql);
}

TEST(SeedQueries, Q09SelfJoinSameDeptPairs) {
  using PA = ProjectAssignment;
  auto pa1 = aliased<PA>("pa1");
  auto pa2 = aliased<PA>("pa2");
  auto e1 = aliased<Employee>("e1");
  auto e2 = aliased<Employee>("e2");
  auto stmt = select(col(&Project::name), col(&Department::name), e1(&Employee::email), e2(&Employee::email),
                     pa1(&PA::role), pa2(&PA::role))
                  .select_from(pa1)
                  .join(pa2, pa2(&PA::project_id) == pa1(&PA::project_id) && pa1(&PA::employee_id) < pa2(&PA::employee_id))
                  .join(e1, e1(&Employee::id) == pa1(&PA::employee_id))
                  .join(e2, e2(&Employee::id) == pa2(&PA::employee_id))
                  .join<Project>(col(&Project::id) == pa1(&PA::project_id))
                  .join<Department>(col(&Department::id) == e1(&Employee::department_id))
                  .where(e1(&Employee::department_id) == e2(&Employee::department_id))
                  .order_by(&Project::id, e1(&Employee::id), e2(&Employee::id));
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
  auto stmt = select(col(&Department::id), count(&Employee::id), sum(&Employee::salary), avg(&Employee::salary),
                     min(&Employee::salary), max(&Employee::salary))
                  .join<Employee>()
                  .group_by(&Department::id)
                  .order_by(&Department::id);
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int32_t, int64_t, std::optional<double>, std::optional<double>,
                                          std::optional<double>, std::optional<double>>>);
  expect_same(to_sql(stmt, Dialect::kSqlite), "13_raw_float_aggregates", Dialect::kSqlite);
  expect_same(to_sql(stmt, Dialect::kPostgresql), "13_raw_float_aggregates", Dialect::kPostgresql);
}

}  // namespace
}  // namespace strata::orm
