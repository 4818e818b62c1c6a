// The queries of the notebook and ../shared/seed/queries/seed_queries.py in Strata's DSL, one builder per query
// (q01..q13, with the portable spellings 01p and 03p), over the notebook's models. Used by the seed_queries
// program (examples/seed_queries.cpp) and the ORM tests.
#pragma once

#include "strata/orm/orm.h"
#include "strata/tour/notebook_models.h"

namespace strata::orm::seed {


inline const char* const kSenior = tour::kSeniorBand;
inline const char* const kMid = tour::kMidBand;
inline const char* const kJunior = tour::kJuniorBand;

// notebook: Department headcount and salary stats
inline auto q01() { return tour::department_salary_stats(); }

// 01 spelled with an explicit CAST to NUMERIC, as SQLAlchemy needs it for PostgreSQL.
inline auto q01p() {
  return select(col(&Department::name), col(&Department::location), count(&Employee::id).as("headcount"),
                round(cast_numeric(avg(&Employee::salary)), 0).as("avg_salary"),
                round(cast_numeric(max(&Employee::salary)), 0).as("max_salary"))
      .join<Employee>()
      .where(col(&Employee::is_active) == true)
      .group_by(&Department::id)
      .order_by(desc("avg_salary"));
}

inline auto q02_ranked() { return tour::top_two_earners_ranked(); }

// notebook: Top 2 earners per department
inline auto q02() { return tour::top_two_earners(); }

inline auto salary_band() { return tour::salary_band(); }

// notebook: Salary bands using CASE
inline auto q03() { return tour::salary_bands(); }

inline auto q03p() {
  auto band = salary_band();
  return select(band.as("band"), count(&Employee::id).as("count"),
                round(cast_numeric(avg(&Employee::salary)), 0).as("avg"))
      .group_by(band)
      .order_by(desc("avg"));
}

inline auto q04() {
  auto on = col(&Employee::department_id) == col(&Department::id) && col(&Employee::salary) >= 120000 &&
            col(&Employee::is_active) == true;
  return select(col(&Department::id), col(&Department::name), count(&Employee::id).as("n_senior_active"),
                max(&Employee::salary).as("max_senior_salary"))
      .select_from<Department>()
      .left_join<Employee>(on)
      .group_by(&Department::id, &Department::name)
      .order_by(&Department::id);
}

inline auto q05() {
  auto total = sum(&ProjectAssignment::hours_allocated);
  return select(col(&Project::id), col(&Project::name), col(&Project::status),
                count(&ProjectAssignment::id).as("n_assigned"), count(distinct(&ProjectAssignment::role)).as("n_roles"),
                total.as("total_hours"))
      .join<ProjectAssignment>()
      .group_by(&Project::id)
      .having(total > 1000)
      .order_by(desc("total_hours"), &Project::id);
}

inline auto q06() {
  auto e2 = aliased<Employee>();
  auto dept_avg = select(avg(e2(&Employee::salary)))
                      .where(e2(&Employee::department_id) == col(&Employee::department_id))
                      .scalar_subquery();
  return select(col(&Employee::id), col(&Employee::email), col(&Department::name), col(&Employee::salary),
                dept_avg.as("dept_avg"))
      .join<Department>()
      .where(col(&Employee::salary) > dept_avg)
      .order_by(&Employee::id);
}

inline auto q07() {
  auto emp_hours = select(col(&ProjectAssignment::employee_id).as("employee_id"),
                          count(&ProjectAssignment::id).as("n_projects"),
                          sum(&ProjectAssignment::hours_allocated).as("total_hours"))
                       .group_by(&ProjectAssignment::employee_id)
                       .cte("emp_hours");
  return select(col(&Employee::id), col(&Employee::email), col(&Department::name), emp_hours.c<1>(),
                emp_hours.c<2>())
      .join(emp_hours, emp_hours.c<0>() == col(&Employee::id))
      .join<Department>(col(&Department::id) == col(&Employee::department_id))
      .where(emp_hours.c<int64_t>("n_projects") >= 2)
      .order_by(desc(emp_hours.c<2>()), &Employee::id);
}

inline auto q08() {
  auto base = select(literal(2017).as("y")).cte_recursive("years");
  auto years = base.union_all(select(base.c<0>() + 1).where(base.c<0>() < 2024));
  return select(years.c<0>(), count(&Employee::id).as("hires"),
                sum(case_(when(col(&Employee::is_active) == true, 1)).else_(0)).as("active_hires"))
      .select_from(years)
      .left_join<Employee>(extract(DatePart::kYear, col(&Employee::hire_date)) == years.c<0>())
      .group_by(years.c<0>())
      .order_by(years.c<0>());
}

inline auto q09() {
  using PA = ProjectAssignment;
  auto pa1 = aliased<PA>("pa1");
  auto pa2 = aliased<PA>("pa2");
  auto e1 = aliased<Employee>("e1");
  auto e2 = aliased<Employee>("e2");
  return select(col(&Project::name), col(&Department::name), e1(&Employee::email), e2(&Employee::email),
                pa1(&PA::role), pa2(&PA::role))
      .select_from(pa1)
      .join(pa2, pa2(&PA::project_id) == pa1(&PA::project_id) && pa1(&PA::employee_id) < pa2(&PA::employee_id))
      .join(e1, e1(&Employee::id) == pa1(&PA::employee_id))
      .join(e2, e2(&Employee::id) == pa2(&PA::employee_id))
      .join<Project>(col(&Project::id) == pa1(&PA::project_id))
      .join<Department>(col(&Department::id) == e1(&Employee::department_id))
      .where(e1(&Employee::department_id) == e2(&Employee::department_id))
      .order_by(&Project::id, e1(&Employee::id), e2(&Employee::id));
}

inline auto q13() {
  return select(col(&Department::id), count(&Employee::id), sum(&Employee::salary), avg(&Employee::salary),
                min(&Employee::salary), max(&Employee::salary))
      .join<Employee>()
      .group_by(&Department::id)
      .order_by(&Department::id);
}

}  // namespace strata::orm::seed
