// "SQLAlchemy 2.0": the notebook's models created on the database (SQLite in memory by default), its data
// (../shared/seed/data, the rows the notebook creates) added through the session and committed, relationships
// navigated, and its three queries — salary statistics per department, the top two earners per department
// through rank() over a subquery, salary bands through CASE — printed as tables.
#include <fmt/ostream.h>

#include "strata/columnar/pretty_print.h"
#include "strata/compute/selection.h"
#include "strata/csv/reader.h"
#include "strata/orm/result.h"
#include "strata/orm/session.h"
#include "strata/sql/connection.h"
#include "strata/tour/notebook_models.h"
#include "tour_internal.h"

namespace strata::tour::internal {

namespace {

using columnar::Table;

Table read_seed(const std::filesystem::path& dir, const std::string& name) {
  return csv::read_csv(dir / (name + ".csv")).combine_chunks();
}

std::string text(const Table& t, const std::string& column, int64_t row) {
  return columnar::value_to_string(t.column(column).chunk(0), row);
}

// The query's result with the notebook's column headings.
void print_query(Context& ctx, const std::string& title, Table table, const std::vector<std::string>& headings) {
  std::vector<columnar::FieldPtr> fields;
  for (int i = 0; i < table.num_columns() && i < static_cast<int>(headings.size()); ++i) {
    fields.push_back(table.schema()->field(i)->with_name(headings[static_cast<size_t>(i)]));
  }
  table = Table(columnar::schema(fields), table.columns(), table.num_rows());
  ctx.report.table(fmt::format("\n{}\n{}\n", title, columnar::to_string(table)), report_table(table, title));
}

}  // namespace

void orm_part(Context& ctx) {
  ctx.report.heading("ORM: models, session, relationships and queries");
  const auto& seed_dir = ctx.options.seed_dir;
  if (!std::filesystem::exists(seed_dir / "employee.csv")) {
    const std::string skipped = fmt::format("(skipped: the notebook's data is not at {}; give --seed DIR)", seed_dir.string());
    ctx.report.text(skipped + "\n", skipped);
    return;
  }
  auto conn = sql::connect(ctx.options.db_url);
  const auto dialect = conn->dialect();
  auto metadata = orm::Metadata::of<Department, Employee, Project, ProjectAssignment>();
  for (const auto& statement : metadata.drop_all(dialect)) conn->execute(statement);
  for (const auto& statement : metadata.create_all(dialect)) conn->execute(statement);
  const std::string created = fmt::format("Database: {} ({} tables created)", ctx.options.db_url, 4);
  ctx.report.text(created + "\n", created);

  // The notebook's set-up, through the session: objects linked by their relationships, ids generated on flush.
  const Table departments = read_seed(seed_dir, "department");
  const Table employees = read_seed(seed_dir, "employee");
  const Table projects = read_seed(seed_dir, "project");
  const Table assignments = read_seed(seed_dir, "project_assignment");
  auto t0 = std::chrono::steady_clock::now();
  orm::Session session(*conn);
  std::vector<Department*> dept_objects;
  std::vector<Employee*> employee_objects;
  std::vector<Project*> project_objects;
  for (int64_t r = 0; r < departments.num_rows(); ++r) {
    dept_objects.push_back(session.add(Department{.name = text(departments, "name", r),
                                                  .location = text(departments, "location", r)}));
  }
  const auto& hire = columnar::NumericArray<int64_t>(employees.column("hire_date").chunk(0));
  const int64_t hire_ticks = columnar::ticks_per_second(employees.column("hire_date").type()->unit());
  for (int64_t r = 0; r < employees.num_rows(); ++r) {
    Employee* e = session.add(Employee{
        .first_name = text(employees, "first_name", r),
        .last_name = text(employees, "last_name", r),
        .email = text(employees, "email", r),
        .salary = columnar::DoubleArray(employees.column("salary").chunk(0)).value(r),
        .hire_date = orm::Timestamp{hire.value(r) * (1000000 / hire_ticks)},
        .is_active = columnar::BooleanArray(employees.column("is_active").chunk(0)).value(r)});
    const int64_t dept = std::stoll(text(employees, "department_id", r));
    session.link(dept_objects.at(static_cast<size_t>(dept - 1)), &Department::employees, e);
    employee_objects.push_back(e);
  }
  for (int64_t r = 0; r < projects.num_rows(); ++r) {
    project_objects.push_back(session.add(Project{.name = text(projects, "name", r),
                                                  .budget = columnar::DoubleArray(projects.column("budget").chunk(0)).value(r),
                                                  .status = text(projects, "status", r)}));
  }
  for (int64_t r = 0; r < assignments.num_rows(); ++r) {
    auto* a = session.add(ProjectAssignment{
        .role = text(assignments, "role", r),
        .hours_allocated = columnar::DoubleArray(assignments.column("hours_allocated").chunk(0)).value(r)});
    session.link(a, &ProjectAssignment::employee,
                 employee_objects.at(static_cast<size_t>(std::stoll(text(assignments, "employee_id", r)) - 1)));
    session.link(a, &ProjectAssignment::project,
                 project_objects.at(static_cast<size_t>(std::stoll(text(assignments, "project_id", r)) - 1)));
  }
  session.commit();
  const std::string seeded = fmt::format(
      "Seeded {} departments, {} employees, {} projects, {} assignments in {:.1f} ms (ids assigned: departments 1..{}, "
      "employees 1..{})",
      dept_objects.size(), employee_objects.size(), project_objects.size(), assignments.num_rows(), elapsed_ms(t0),
      dept_objects.back()->id, employee_objects.back()->id);
  ctx.report.text(seeded + "\n", seeded);

  // Relationships, navigated in memory as the notebook does.
  Department* first = dept_objects.front();
  const std::string navigated =
      fmt::format("{} ({}) has {} employees; first: {} {}", first->name, first->location.value_or("-"),
                  first->employees.size(), first->employees[0]->first_name, first->employees[0]->last_name);
  // The employee of the first assignment, and every project they work on.
  Employee* someone = employee_objects.at(static_cast<size_t>(std::stoll(text(assignments, "employee_id", 0)) - 1));
  std::string names;
  for (const auto& assignment : session.load(someone, &Employee::projects)) {
    if (!names.empty()) names += ", ";
    names += assignment->project->name;
  }
  const std::string works_on =
      fmt::format("{} {} works on: {}", someone->first_name, someone->last_name, names.empty() ? "-" : names);
  ctx.report.text("\n" + navigated + "\n" + works_on + "\n", navigated + "\n" + works_on);

  // The three queries (on PostgreSQL, round() of a double is compiled through NUMERIC).
  print_query(ctx, "Department headcount and salary stats", orm::execute(*conn, department_salary_stats()).to_table(),
              {"Department", "Location", "Headcount", "Avg Salary", "Max Salary"});
  // The notebook orders the top earners by department only: within one, SQLite happens to return rank order and
  // PostgreSQL need not, so the rows are sorted by (department, rank) here (stable) and both print the same.
  Table top_two = orm::execute(*conn, top_two_earners()).to_table();
  if (top_two.num_columns() == 6 && top_two.num_rows() > 0) {
    top_two = compute::take(top_two, compute::sort_indices(top_two, {{top_two.schema()->field(4)->name(), compute::SortOrder::kAscending},
                                                                     {top_two.schema()->field(5)->name(), compute::SortOrder::kAscending}}));
  }
  print_query(ctx, "Top 2 earners per department", std::move(top_two),
              {"id", "first_name", "last_name", "salary", "dept", "rank"});
  print_query(ctx, "Salary bands", orm::execute(*conn, salary_bands()).to_table(), {"Band", "Count", "Avg Salary"});
}

}  // namespace strata::tour::internal
