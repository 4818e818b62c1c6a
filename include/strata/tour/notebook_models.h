// The notebook's four models (../shared/seed/queries/models.py: Department, Employee, Project,
// ProjectAssignment) mapped with Strata's ORM, and the notebook's three queries in the query language.
// The tour runs them; the ORM's tests use the same definitions. Integer keys are int32_t because
// SQLAlchemy's Integer is INTEGER/SERIAL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "strata/orm/orm.h"

namespace strata::tour {

using orm::Many;
using orm::One;
using orm::Timestamp;

struct Employee;
struct ProjectAssignment;
struct Project;

struct Department {
  int32_t id = 0;
  std::string name;
  std::optional<std::string> location;
  Many<Employee> employees;
};

struct Employee {
  int32_t id = 0;
  std::string first_name;
  std::string last_name;
  std::string email;
  double salary = 0;
  Timestamp hire_date;
  bool is_active = true;
  int32_t department_id = 0;
  One<Department> department;
  Many<ProjectAssignment> projects;
  Many<Project> project_list;  // many-to-many through ProjectAssignment
};

struct Project {
  int32_t id = 0;
  std::string name;
  double budget = 0;
  std::string status;
  Many<ProjectAssignment> assignments;
};

struct ProjectAssignment {
  int32_t id = 0;
  int32_t employee_id = 0;
  int32_t project_id = 0;
  std::string role;
  double hours_allocated = 0;
  One<Employee> employee;
  One<Project> project;
};

}  // namespace strata::tour

namespace strata::orm {
using tour::Department;
using tour::Employee;
using tour::Project;
using tour::ProjectAssignment;

template <>
inline constexpr auto mapping<Department> =
    table("department", column("id", &Department::id, primary_key()),
          column("name", &Department::name, length(100), unique()),
          column("location", &Department::location, length(100)),
          one_to_many(&Department::employees, &Employee::department_id, back_populates(&Employee::department),
                      cascade::all_delete_orphan));

template <>
inline constexpr auto mapping<Employee> =
    table("employee", column("id", &Employee::id, primary_key()),
          column("first_name", &Employee::first_name, length(60)),
          column("last_name", &Employee::last_name, length(60)),
          column("email", &Employee::email, length(120), unique()), column("salary", &Employee::salary),
          column("hire_date", &Employee::hire_date), column("is_active", &Employee::is_active, default_value(true)),
          column("department_id", &Employee::department_id, foreign_key(&Department::id)),
          many_to_one(&Employee::department, &Employee::department_id, back_populates(&Department::employees)),
          one_to_many(&Employee::projects, &ProjectAssignment::employee_id,
                      back_populates(&ProjectAssignment::employee), cascade::all_delete_orphan),
          many_to_many(&Employee::project_list,
                       through(&ProjectAssignment::employee_id, &ProjectAssignment::project_id)));

template <>
inline constexpr auto mapping<Project> =
    table("project", column("id", &Project::id, primary_key()), column("name", &Project::name, length(120)),
          column("budget", &Project::budget), column("status", &Project::status, length(20), default_value("active")),
          one_to_many(&Project::assignments, &ProjectAssignment::project_id,
                      back_populates(&ProjectAssignment::project), cascade::all_delete_orphan));

template <>
inline constexpr auto mapping<ProjectAssignment> = table(
    "project_assignment", column("id", &ProjectAssignment::id, primary_key()),
    column("employee_id", &ProjectAssignment::employee_id, foreign_key(&Employee::id)),
    column("project_id", &ProjectAssignment::project_id, foreign_key(&Project::id)),
    column("role", &ProjectAssignment::role, length(60)),
    column("hours_allocated", &ProjectAssignment::hours_allocated, default_value(0.0)),
    many_to_one(&ProjectAssignment::employee, &ProjectAssignment::employee_id,
                back_populates(&Employee::projects)),
    many_to_one(&ProjectAssignment::project, &ProjectAssignment::project_id, back_populates(&Project::assignments)));

}  // namespace strata::orm

namespace strata::tour {

inline const char* const kSeniorBand = "Senior (≥$120k)";
inline const char* const kMidBand = "Mid ($90k–$120k)";
inline const char* const kJuniorBand = "Junior (<$90k)";

// The notebook's "Department headcount and salary stats".
inline auto department_salary_stats() {
  using namespace orm;
  return select(col(&Department::name), col(&Department::location), count(&Employee::id).as("headcount"),
                round(avg(&Employee::salary), 0).as("avg_salary"), round(max(&Employee::salary), 0).as("max_salary"))
      .join<Employee>()
      .where(col(&Employee::is_active) == true)
      .group_by(&Department::id)
      .order_by(desc("avg_salary"));
}

// The notebook's "Top 2 earners per department": rank() over a subquery.
inline auto top_two_earners_ranked() {
  using namespace orm;
  return select(col(&Employee::id), col(&Employee::first_name), col(&Employee::last_name), col(&Employee::salary),
                col(&Department::name).as("dept_name"),
                rank().over(window().partition_by(&Department::id).order_by(desc(&Employee::salary))).as("salary_rank"))
      .join<Department>()
      .where(col(&Employee::is_active) == true)
      .subquery();
}
inline auto top_two_earners() {
  using namespace orm;
  auto ranked = top_two_earners_ranked();
  return select(ranked).where(ranked.c<5>() <= 2).order_by(ranked.c<std::string>("dept_name"));
}

// The notebook's "Salary bands using CASE".
inline auto salary_band() {
  using namespace orm;
  return case_(when(col(&Employee::salary) >= 120000, kSeniorBand), when(col(&Employee::salary) >= 90000, kMidBand))
      .else_(kJuniorBand);
}
inline auto salary_bands() {
  using namespace orm;
  auto band = salary_band();
  return select(band.as("band"), count(&Employee::id).as("count"), round(avg(&Employee::salary), 0).as("avg"))
      .group_by(band)
      .order_by(desc("avg"));
}

}  // namespace strata::tour
