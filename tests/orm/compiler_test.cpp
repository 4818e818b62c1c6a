// Exact SQL and parameters per dialect for each construct of the DSL (the seed queries are in
// seed_queries_test.cpp). Expected strings are written by hand from the SQL grammar of SQLite 3.40 and
// PostgreSQL 15 and SQLAlchemy 1.4's layout (" \nFROM", " \nWHERE", " \nHAVING").
#include "strata/orm/compiler.h"

#include <gtest/gtest.h>

#include "orm/capture.h"
#include "orm/models.h"
#include "strata/orm/orm.h"

namespace strata::orm {
namespace {

using strata::orm::testing::python_repr;

struct Both {
  std::string sqlite;
  std::string postgresql;
  std::string params;  // Python repr, the same for both unless params_pg is set
  std::string params_pg = {};
};

template <typename S>
void expect_sql(const S& stmt, const Both& expected) {
  auto lite = to_sql(stmt, Dialect::kSqlite);
  auto pg = to_sql(stmt, Dialect::kPostgresql);
  EXPECT_EQ(lite.sql, expected.sqlite);
  EXPECT_EQ(pg.sql, expected.postgresql);
  EXPECT_EQ(python_repr(lite.params), expected.params);
  EXPECT_EQ(python_repr(pg.params), expected.params_pg.empty() ? expected.params : expected.params_pg);
}

// The worked example of include/strata/orm/orm.h, as written there.
TEST(Compiler, ModuleOverviewExample) {
  auto stmt = select(col(&Department::name), count(&Employee::id).as("headcount"))
                  .join<Employee>()
                  .group_by(&Department::id)
                  .order_by(desc("headcount"));
  static_assert(std::is_same_v<decltype(stmt)::row_type, std::tuple<std::string, int64_t>>);
  CompiledSql q = to_sql(stmt, Dialect::kSqlite);
  EXPECT_EQ(q.sql,
            "SELECT department.name, count(employee.id) AS headcount \nFROM department JOIN employee ON department.id = "
            "employee.department_id GROUP BY department.id ORDER BY headcount DESC");
  EXPECT_TRUE(q.params.empty());
}

TEST(Compiler, OrderByLabelledItem) {
  auto total = sum(&Employee::salary).as("total");
  expect_sql(select(col(&Employee::department_id), total).group_by(&Employee::department_id).order_by(total, desc("total")),
             {"SELECT employee.department_id, sum(employee.salary) AS total \nFROM employee GROUP BY "
              "employee.department_id ORDER BY total, total DESC",
              "SELECT employee.department_id, sum(employee.salary) AS total \nFROM employee GROUP BY "
              "employee.department_id ORDER BY total, total DESC",
              "()"});
}

TEST(Compiler, WhereOperators) {
  auto e = [](auto member) { return col(member); };
  expect_sql(select(col(&Employee::id))
                 .where(e(&Employee::salary) != 1.5 && e(&Employee::id) < 10 && e(&Employee::id) <= 11 &&
                        e(&Employee::id) > 1 && !(e(&Employee::email) == "x")),
             {"SELECT employee.id \nFROM employee \nWHERE employee.salary != ? AND employee.id < ? AND employee.id <= ? "
              "AND employee.id > ? AND NOT (employee.email = ?)",
              "SELECT employee.id \nFROM employee \nWHERE employee.salary != $1 AND employee.id < $2 AND employee.id <= "
              "$3 AND employee.id > $4 AND NOT (employee.email = $5)",
              "(1.5, 10, 11, 1, 'x')"});
  // OR inside AND keeps its parentheses; AND inside OR needs none.
  expect_sql(select(col(&Employee::id))
                 .where((e(&Employee::id) == 1 || e(&Employee::id) == 2) && e(&Employee::is_active) == false)
                 .where(e(&Employee::id) == 3 || (e(&Employee::id) == 4 && e(&Employee::is_active) == true)),
             {"SELECT employee.id \nFROM employee \nWHERE (employee.id = ? OR employee.id = ?) AND employee.is_active = "
              "0 AND (employee.id = ? OR employee.id = ? AND employee.is_active = 1)",
              "SELECT employee.id \nFROM employee \nWHERE (employee.id = $1 OR employee.id = $2) AND employee.is_active "
              "= false AND (employee.id = $3 OR employee.id = $4 AND employee.is_active = true)",
              "(1, 2, 3, 4)"});
}

TEST(Compiler, InLikeBetweenNull) {
  auto stmt = select(col(&Department::id))
                  .where(col(&Department::id).in_({1, 2}))
                  .where(col(&Department::id).not_in(std::vector<int64_t>{7}))
                  .where(col(&Department::name).like("E%"))
                  .where(col(&Department::name).ilike("%ing"))
                  .where(col(&Department::id).between(1, 9))
                  .where(col(&Department::location).is_null() || col(&Department::location).is_not_null());
  expect_sql(stmt, {"SELECT department.id \nFROM department \nWHERE department.id IN (?, ?) AND department.id NOT IN (?) "
                    "AND department.name LIKE ? AND lower(department.name) LIKE lower(?) AND department.id BETWEEN ? "
                    "AND ? AND (department.location IS NULL OR department.location IS NOT NULL)",
                    "SELECT department.id \nFROM department \nWHERE department.id IN ($1, $2) AND department.id NOT IN "
                    "($3) AND department.name LIKE $4 AND department.name ILIKE $5 AND department.id BETWEEN $6 AND $7 "
                    "AND (department.location IS NULL OR department.location IS NOT NULL)",
                    "(1, 2, 7, 'E%', '%ing', 1, 9)"});
  expect_sql(select(col(&Department::id)).where(col(&Department::id).in_(std::vector<int>{})),
             {"SELECT department.id \nFROM department \nWHERE 1 != 1", "SELECT department.id \nFROM department \nWHERE 1 != 1",
              "()"});
}

TEST(Compiler, ArithmeticAndScalarFunctions) {
  auto s = col(&Employee::salary);
  auto stmt = select((s * 1.1 + 100).as("raised"), (s - (s - 1)).as("one"), (-s).as("neg"),
                     (col(&Employee::id) % 7).as("bucket"), abs(s - 5e4).as("dist"),
                     coalesce(col(&Department::location), "n/a").as("loc"), lower(&Employee::email),
                     upper(col(&Employee::last_name)), length(&Employee::first_name),
                     concat(col(&Employee::first_name), col(&Employee::last_name)).as("full"),
                     cast<int64_t>(s).as("whole"), round(s), func<double>("power", s, 2).as("sq"));
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<double, double, double, int32_t, double, std::string, std::string,
                                          std::string, int32_t, std::string, int64_t, double, double>>);
  expect_sql(stmt, {"SELECT employee.salary * ? + ? AS raised, employee.salary - (employee.salary - ?) AS one, "
                    "-employee.salary AS neg, employee.id % ? AS bucket, abs(employee.salary - ?) AS dist, "
                    "coalesce(department.location, ?) AS loc, lower(employee.email) AS lower_1, "
                    "upper(employee.last_name) AS upper_1, length(employee.first_name) AS length_1, "
                    "employee.first_name || employee.last_name AS full, CAST(employee.salary AS BIGINT) AS whole, "
                    "round(employee.salary) AS anon_1, power(employee.salary, ?) AS sq \nFROM employee, department",
                    "SELECT employee.salary * $1 + $2 AS raised, employee.salary - (employee.salary - $3) AS one, "
                    "-employee.salary AS neg, employee.id % $4 AS bucket, abs(employee.salary - $5) AS dist, "
                    "coalesce(department.location, $6) AS loc, lower(employee.email) AS lower_1, "
                    "upper(employee.last_name) AS upper_1, length(employee.first_name) AS length_1, "
                    "employee.first_name || employee.last_name AS full, CAST(employee.salary AS BIGINT) AS whole, "
                    "round(employee.salary) AS anon_1, power(employee.salary, $7) AS sq \nFROM employee, department",
                    "(1.1, 100, 1, 7, 50000, 'n/a', 2)"});
}

TEST(Compiler, RoundOnPostgresqlCastsDoublesOnly) {
  // round(double, n) -> round(CAST(x AS NUMERIC), n) on PostgreSQL; an integer argument is left alone.
  expect_sql(select(round(col(&Employee::salary) / 3, 2).as("r"), round(col(&Employee::id), 1).as("i")),
             {"SELECT round(employee.salary / ?, ?) AS r, round(employee.id, ?) AS i \nFROM employee",
              "SELECT round(CAST(employee.salary / $1 AS NUMERIC), $2) AS r, round(employee.id, $3) AS i \nFROM employee",
              "(3, 2, 1)"});
}

TEST(Compiler, ExtractDateParts) {
  auto h = col(&Employee::hire_date);
  expect_sql(select(extract(DatePart::kYear, h).as("y"), extract(DatePart::kMonth, h).as("m"),
                    extract(DatePart::kDay, h).as("d"), extract(DatePart::kDayOfWeek, h).as("w")),
             {"SELECT CAST(STRFTIME('%Y', employee.hire_date) AS INTEGER) AS y, CAST(STRFTIME('%m', employee.hire_date) "
              "AS INTEGER) AS m, CAST(STRFTIME('%d', employee.hire_date) AS INTEGER) AS d, CAST(STRFTIME('%w', "
              "employee.hire_date) AS INTEGER) AS w \nFROM employee",
              "SELECT EXTRACT(year FROM employee.hire_date) AS y, EXTRACT(month FROM employee.hire_date) AS m, "
              "EXTRACT(day FROM employee.hire_date) AS d, EXTRACT(dow FROM employee.hire_date) AS w \nFROM employee",
              "()"});
}

TEST(Compiler, CountVariantsDistinctLimitOffsetNulls) {
  auto stmt = select(count(), count_distinct(&Employee::department_id), count(&Employee::id))
                  .distinct()
                  .order_by(col(&Employee::id).desc().nulls_last(), asc(&Employee::email).nulls_first())
                  .limit(10)
                  .offset(20);
  expect_sql(stmt, {"SELECT DISTINCT count(*) AS count_1, count(DISTINCT employee.department_id) AS count_2, "
                    "count(employee.id) AS count_3 \nFROM employee ORDER BY employee.id DESC NULLS LAST, employee.email "
                    "ASC NULLS FIRST\n LIMIT ? OFFSET ?",
                    "SELECT DISTINCT count(*) AS count_1, count(DISTINCT employee.department_id) AS count_2, "
                    "count(employee.id) AS count_3 \nFROM employee ORDER BY employee.id DESC NULLS LAST, employee.email "
                    "ASC NULLS FIRST\n LIMIT $1 OFFSET $2",
                    "(10, 20)"});
  expect_sql(select(col(&Employee::id)).offset(5),
             {"SELECT employee.id \nFROM employee\n LIMIT -1 OFFSET ?",
              "SELECT employee.id \nFROM employee\n LIMIT ALL OFFSET $1", "(5,)"});
}

TEST(Compiler, WindowFunctionsAndFrames) {
  auto by_dept = window().partition_by(&Employee::department_id).order_by(desc(&Employee::salary));
  auto stmt = select(row_number().over(by_dept).as("rn"), dense_rank().over(by_dept).as("dr"),
                     percent_rank().over(by_dept).as("pr"), ntile(4).over(window().order_by(&Employee::salary)).as("q"),
                     lag(&Employee::salary).over(by_dept).as("prev"), lead(&Employee::salary, 2).over(by_dept).as("next2"),
                     first_value(&Employee::salary).over(by_dept).as("top"),
                     last_value(&Employee::salary)
                         .over(by_dept.rows(unbounded_preceding(), unbounded_following()))
                         .as("bottom"),
                     sum(&Employee::salary)
                         .over(window().partition_by(&Employee::department_id).order_by(&Employee::hire_date).rows(
                             preceding(2), current_row()))
                         .as("rolling"),
                     avg(&Employee::salary).over(window().range(unbounded_preceding(), following(0))).as("running"));
  static_assert(std::is_same_v<decltype(stmt)::row_type,
                               std::tuple<int64_t, int64_t, double, int32_t, std::optional<double>,
                                          std::optional<double>, double, double, std::optional<double>,
                                          std::optional<double>>>);
  const std::string w = "PARTITION BY employee.department_id ORDER BY employee.salary DESC";
  expect_sql(stmt,
             {"SELECT row_number() OVER (" + w + ") AS rn, dense_rank() OVER (" + w + ") AS dr, percent_rank() OVER (" +
                  w + ") AS pr, ntile(?) OVER (ORDER BY employee.salary) AS q, lag(employee.salary, ?) OVER (" + w +
                  ") AS prev, lead(employee.salary, ?) OVER (" + w + ") AS next2, first_value(employee.salary) OVER (" +
                  w + ") AS top, last_value(employee.salary) OVER (" + w +
                  " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS bottom, sum(employee.salary) OVER "
                  "(PARTITION BY employee.department_id ORDER BY employee.hire_date ROWS BETWEEN 2 PRECEDING AND "
                  "CURRENT ROW) AS rolling, avg(employee.salary) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND 0 "
                  "FOLLOWING) AS running \nFROM employee",
              "SELECT row_number() OVER (" + w + ") AS rn, dense_rank() OVER (" + w + ") AS dr, percent_rank() OVER (" +
                  w + ") AS pr, ntile($1) OVER (ORDER BY employee.salary) AS q, lag(employee.salary, $2) OVER (" + w +
                  ") AS prev, lead(employee.salary, $3) OVER (" + w + ") AS next2, first_value(employee.salary) OVER (" +
                  w + ") AS top, last_value(employee.salary) OVER (" + w +
                  " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS bottom, sum(employee.salary) OVER "
                  "(PARTITION BY employee.department_id ORDER BY employee.hire_date ROWS BETWEEN 2 PRECEDING AND "
                  "CURRENT ROW) AS rolling, avg(employee.salary) OVER (RANGE BETWEEN UNBOUNDED PRECEDING AND 0 "
                  "FOLLOWING) AS running \nFROM employee",
              "(4, 1, 2)"});
}

TEST(Compiler, ExistsAndInSubquery) {
  auto has_projects =
      exists(select(col(&ProjectAssignment::id)).where(col(&ProjectAssignment::employee_id) == col(&Employee::id)));
  auto in_big = col(&Employee::department_id)
                    .in_(select(col(&Department::id)).where(col(&Department::name).in_({"Engineering", "Sales"})));
  expect_sql(select(col(&Employee::id)).where(has_projects && in_big).where(!exists(select(count()).select_from<Project>())),
             {"SELECT employee.id \nFROM employee \nWHERE EXISTS (SELECT project_assignment.id \nFROM project_assignment "
              "\nWHERE project_assignment.employee_id = employee.id) AND employee.department_id IN (SELECT department.id "
              "\nFROM department \nWHERE department.name IN (?, ?)) AND NOT EXISTS (SELECT count(*) AS count_1 \nFROM "
              "project)",
              "SELECT employee.id \nFROM employee \nWHERE EXISTS (SELECT project_assignment.id \nFROM project_assignment "
              "\nWHERE project_assignment.employee_id = employee.id) AND employee.department_id IN (SELECT department.id "
              "\nFROM department \nWHERE department.name IN ($1, $2)) AND NOT EXISTS (SELECT count(*) AS count_1 \nFROM "
              "project)",
              "('Engineering', 'Sales')"});
}

TEST(Compiler, UnionAndUnionAll) {
  auto a = select(col(&Department::name)).where(col(&Department::id) < 3);
  auto b = select(col(&Project::name)).where(col(&Project::status) == "active");
  expect_sql(a.union_(b).order_by(desc(&Department::name)),
             {"SELECT department.name \nFROM department \nWHERE department.id < ? UNION SELECT project.name \nFROM "
              "project \nWHERE project.status = ? ORDER BY department.name DESC",
              "SELECT department.name \nFROM department \nWHERE department.id < $1 UNION SELECT project.name \nFROM "
              "project \nWHERE project.status = $2 ORDER BY department.name DESC",
              "(3, 'active')"});
  expect_sql(a.union_all(a), {"SELECT department.name \nFROM department \nWHERE department.id < ? UNION ALL SELECT "
                              "department.name \nFROM department \nWHERE department.id < ?",
                              "SELECT department.name \nFROM department \nWHERE department.id < $1 UNION ALL SELECT "
                              "department.name \nFROM department \nWHERE department.id < $1",
                              "(3, 3)", "(3,)"});
}

TEST(Compiler, TwoCtesInDependencyOrder) {
  auto big = select(col(&Department::id).as("dept_id")).where(col(&Department::id) > 2).cte("big");
  auto staff = select(col(&Employee::id).as("emp_id"))
                   .join(big, big.c<0>() == col(&Employee::department_id))
                   .cte("staff");
  auto stmt = select(staff);
  expect_sql(stmt, {"WITH big AS \n(SELECT department.id AS dept_id \nFROM department \nWHERE department.id > ?), \n"
                    "staff AS \n(SELECT employee.id AS emp_id \nFROM employee JOIN big ON big.dept_id = "
                    "employee.department_id)\n SELECT staff.emp_id \nFROM staff",
                    "WITH big AS \n(SELECT department.id AS dept_id \nFROM department \nWHERE department.id > $1), \n"
                    "staff AS \n(SELECT employee.id AS emp_id \nFROM employee JOIN big ON big.dept_id = "
                    "employee.department_id)\n SELECT staff.emp_id \nFROM staff",
                    "(2,)"});
}

TEST(Compiler, SubqueryColumnsByNameAreChecked) {
  auto sq = select(col(&Employee::id), avg(&Employee::salary)).group_by(&Employee::id).subquery("s");
  EXPECT_EQ(sq.names(), (std::vector<std::string>{"id", "avg_1"}));
  EXPECT_NO_THROW(sq.c<std::optional<double>>("avg_1"));
  EXPECT_THROW(sq.c<double>("avg_1"), TypeError);
  try {
    sq.c<int32_t>("nope");
    FAIL();
  } catch (const SchemaError& e) {
    EXPECT_STREQ(e.what(), "orm: subquery \"s\" has no column \"nope\"");
  }
}

TEST(Compiler, InferredJoinFromEitherSide) {
  // Many-to-one and one-to-many directions; the referred table's key is written first, as SQLAlchemy does.
  expect_sql(select(col(&ProjectAssignment::role), col(&Employee::email)).join<Employee>(),
             {"SELECT project_assignment.role, employee.email \nFROM project_assignment JOIN employee ON employee.id = "
              "project_assignment.employee_id",
              "SELECT project_assignment.role, employee.email \nFROM project_assignment JOIN employee ON employee.id = "
              "project_assignment.employee_id",
              "()"});
  expect_sql(select(col(&Department::name)).join<Employee>().join<ProjectAssignment>().left_join<Project>(),
             {"SELECT department.name \nFROM department JOIN employee ON department.id = employee.department_id JOIN "
              "project_assignment ON employee.id = project_assignment.employee_id LEFT OUTER JOIN project ON project.id "
              "= project_assignment.project_id",
              "SELECT department.name \nFROM department JOIN employee ON department.id = employee.department_id JOIN "
              "project_assignment ON employee.id = project_assignment.employee_id LEFT OUTER JOIN project ON project.id "
              "= project_assignment.project_id",
              "()"});
}

TEST(Compiler, InsertValuesUpsertReturning) {
  auto ins = insert<Department>()
                 .values(set(&Department::name, "Legal"), set(&Department::location, "Oslo"))
                 .values(set(&Department::name, "Ops"), set(&Department::location, std::optional<std::string>{}));
  expect_sql(ins, {"INSERT INTO department (name, location) VALUES (?, ?), (?, ?)",
                   "INSERT INTO department (name, location) VALUES ($1, $2), ($3, $4)", "('Legal', 'Oslo', 'Ops', None)"});
  auto upsert = insert<Department>()
                    .values(set(&Department::name, "Legal"), set(&Department::location, "Oslo"))
                    .on_conflict_do_update(columns(&Department::name),
                                           set(&Department::location, excluded(&Department::location)))
                    .returning(col(&Department::id));
  expect_sql(upsert, {"INSERT INTO department (name, location) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
                      "location = excluded.location RETURNING department.id",
                      "INSERT INTO department (name, location) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET "
                      "location = excluded.location RETURNING department.id",
                      "('Legal', 'Oslo')"});
  expect_sql(insert<Department>().values(set(&Department::name, "X")).on_conflict_do_nothing(),
             {"INSERT INTO department (name) VALUES (?) ON CONFLICT DO NOTHING",
              "INSERT INTO department (name) VALUES ($1) ON CONFLICT DO NOTHING", "('X',)"});
  EXPECT_THROW(insert<Department>().values(set(&Department::name, "a")).values(set(&Department::location, "b")),
               InvalidArgument);
}

TEST(Compiler, InsertObjects) {
  Department d1;
  d1.name = "Legal";
  Department d2;
  d2.name = "Ops";
  d2.location = "Oslo";
  expect_sql(insert<Department>().object(d1).object(d2).returning(col(&Department::id)),
             {"INSERT INTO department (name, location) VALUES (?, ?), (?, ?) RETURNING department.id",
              "INSERT INTO department (name, location) VALUES ($1, $2), ($3, $4) RETURNING department.id",
              "('Legal', None, 'Ops', 'Oslo')"});
  Employee e;
  e.id = 7;
  e.first_name = "Ada";
  e.salary = 10.5;
  e.hire_date = Timestamp{0};
  e.department_id = 3;
  auto c = to_sql(insert<Employee>().object(e), Dialect::kSqlite);
  EXPECT_EQ(c.sql,
            "INSERT INTO employee (id, first_name, last_name, email, salary, hire_date, is_active, department_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  EXPECT_EQ(c.params, (std::vector<Value>{int32_t{7}, std::string("Ada"), std::string(), std::string(), 10.5,
                                          Timestamp{0}, true, int32_t{3}}));
  EXPECT_THROW(insert<Department>().object(d1).object(Department{5, "X", {}, {}}), InvalidArgument);
}

TEST(Compiler, FullJoinIntersectExcept) {
  auto a = select(col(&Department::id)).full_join<Employee>(col(&Employee::department_id) == col(&Department::id));
  auto b = select(col(&Employee::department_id));
  expect_sql(a.intersect(b).except(b),
             {"SELECT department.id \nFROM department FULL OUTER JOIN employee ON employee.department_id = department.id "
              "INTERSECT SELECT employee.department_id \nFROM employee EXCEPT SELECT employee.department_id \nFROM "
              "employee",
              "SELECT department.id \nFROM department FULL OUTER JOIN employee ON employee.department_id = department.id "
              "INTERSECT SELECT employee.department_id \nFROM employee EXCEPT SELECT employee.department_id \nFROM "
              "employee",
              "()"});
}

TEST(Compiler, InsertFromSelect) {
  auto stmt = insert<Project>().from_select(
      columns(&Project::name, &Project::budget, &Project::status),
      select(concat(col(&Department::name), " project"), literal(0.0), literal("planned")).where(col(&Department::id) > 3));
  expect_sql(stmt, {"INSERT INTO project (name, budget, status) SELECT department.name || ? AS anon_1, ? AS anon_2, ? "
                    "AS anon_3 \nFROM department \nWHERE department.id > ?",
                    "INSERT INTO project (name, budget, status) SELECT department.name || $1 AS anon_1, $2 AS anon_2, "
                    "$3 AS anon_3 \nFROM department \nWHERE department.id > $4",
                    "(' project', 0, 'planned', 3)"});
  EXPECT_THROW(insert<Project>().from_select(columns(&Project::name), select(col(&Department::name), col(&Department::id))),
               InvalidArgument);
}

TEST(Compiler, UpdateAndDelete) {
  auto up = update<Employee>()
                .set(set(&Employee::salary, col(&Employee::salary) * 1.1), set(&Employee::is_active, true))
                .where(col(&Employee::department_id) == 2)
                .returning(col(&Employee::id), col(&Employee::salary));
  expect_sql(up, {"UPDATE employee SET salary=employee.salary * ?, is_active=1 WHERE employee.department_id = ? "
                  "RETURNING employee.id, employee.salary",
                  "UPDATE employee SET salary=employee.salary * $1, is_active=true WHERE employee.department_id = $2 "
                  "RETURNING employee.id, employee.salary",
                  "(1.1, 2)"});
  // A correlated subquery in DELETE ... WHERE: the deleted table stays outside the subquery's FROM.
  auto del = delete_from<Department>().where(
      !exists(select(col(&Employee::id)).where(col(&Employee::department_id) == col(&Department::id))));
  expect_sql(del, {"DELETE FROM department WHERE NOT EXISTS (SELECT employee.id \nFROM employee \nWHERE "
                   "employee.department_id = department.id)",
                   "DELETE FROM department WHERE NOT EXISTS (SELECT employee.id \nFROM employee \nWHERE "
                   "employee.department_id = department.id)",
                   "()"});
}

TEST(Compiler, ParameterValuesKeepTheirTypes) {
  auto stmt = select(col(&Employee::id))
                  .where(col(&Employee::id) == 1)
                  .where(col(&Employee::id) == int64_t{2})
                  .where(col(&Employee::salary) == 2.5)
                  .where(col(&Employee::email) == std::string("a"))
                  .where(col(&Employee::hire_date) >= Timestamp{86400000000});
  auto c = to_sql(stmt, Dialect::kPostgresql);
  ASSERT_EQ(c.params.size(), 5u);
  EXPECT_EQ(c.params[0], Value{int32_t{1}});
  EXPECT_EQ(c.params[1], Value{int64_t{2}});
  EXPECT_EQ(c.params[2], Value{2.5});
  EXPECT_EQ(c.params[3], Value{std::string("a")});
  EXPECT_EQ(c.params[4], Value{Timestamp{86400000000}});
}

}  // namespace
}  // namespace strata::orm
