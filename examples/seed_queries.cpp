// seed_queries --data DIR [--db URL] [--out DIR]: the acceptance program of issue 5. Creates the notebook's schema
// on the database (default sqlite://:memory:), loads DIR's department.csv, employee.csv, project.csv and
// project_assignment.csv through the ORM session, runs the seed queries (include/strata/tour/seed_queries.h) and
// writes each result as ../shared/seed/queries/seed_queries.py does: NAME.json in --out DIR, or all to stdout.
// Rows are written in canonical JSON: floats as Python's repr, timestamps as YYYY-MM-DDTHH:MM:SS, null, booleans.
// 10 and 11 read objects with selectin and joined loading through a fresh session; 12 removes department
// 'Marketing' and Engineering's lowest-id employee (cascade delete-orphan), flushes, counts, rolls back, counts.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "strata/core/error.h"
#include "strata/core/text_format.h"
#include "strata/orm/orm.h"
#include "strata/orm/session.h"
#include "strata/sql/connection.h"
#include "strata/tour/seed_json.h"
#include "strata/tour/notebook_models.h"
#include "strata/tour/seed_queries.h"

namespace {

using namespace strata;       // NOLINT(google-build-using-namespace)
using namespace strata::orm;  // NOLINT(google-build-using-namespace)

std::string canonical(const std::vector<Value>& row) { return tour::seed_json_row(row); }

// A CSV of the seed's shape as seed_data.py writes it (Python's csv module, minimal quoting: a field with a comma,
// quote or line break is quoted, quotes doubled): the header's column names and the rows, fields by name.
struct Csv {
  std::filesystem::path path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  // The position of column `name`; throws SchemaError naming the file when there is none.
  size_t column(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    raise<SchemaError>("seed_queries: {} has no column '{}'", path.string(), name);
  }
};

Csv read_csv(const std::filesystem::path& dir, const std::string& table) {
  Csv csv;
  csv.path = dir / (table + ".csv");
  std::ifstream in(csv.path, std::ios::binary);
  if (!in) raise<IoError>("seed_queries: cannot open {}", csv.path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool any = false;  // the record has a field (an empty line has none)
  int64_t line = 1;
  auto end_record = [&] {
    if (any) {
      record.push_back(std::move(field));
      if (csv.header.empty()) {
        csv.header = std::move(record);
      } else {
        if (record.size() != csv.header.size()) {
          raise<FormatError>("seed_queries: {} line {}: {} fields where the header has {}", csv.path.string(), line,
                             record.size(), csv.header.size());
        }
        csv.rows.push_back(std::move(record));
      }
    }
    record.clear();
    field.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      end_record();
      ++line;
    } else if (c != '\r') {
      field += c;
      any = true;
    }
  }
  if (quoted) raise<FormatError>("seed_queries: {} line {}: a quoted field is not closed", csv.path.string(), line);
  end_record();
  if (csv.header.empty()) raise<FormatError>("seed_queries: {}: no header row", csv.path.string());
  return csv;
}

Timestamp parse_ts(const std::string& s) {
  Timestamp t;
  if (!sql::parse_timestamp(s, &t)) raise<FormatError>("seed_queries: bad timestamp '{}'", s);
  return t;
}

int32_t parse_id(const Csv& csv, const std::string& s) {
  int32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    raise<FormatError>("seed_queries: {}: '{}' is not an integer id", csv.path.string(), s);
  }
  return v;
}

double parse_double(const Csv& csv, const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    raise<FormatError>("seed_queries: {}: '{}' is not a number", csv.path.string(), s);
  }
  return v;
}

bool parse_bool(const Csv& csv, const std::string& s) {
  if (s == "True" || s == "true" || s == "1") return true;
  if (s == "False" || s == "false" || s == "0") return false;
  raise<FormatError>("seed_queries: {}: '{}' is not a boolean", csv.path.string(), s);
}

// Each object keeps its CSV id; foreign keys resolve through id -> object (any ids, any row order).
template <typename M>
M* lookup(const std::unordered_map<int32_t, M*>& by_id, const Csv& csv, int32_t id) {
  auto it = by_id.find(id);
  if (it == by_id.end()) raise<FormatError>("seed_queries: {}: no row with id {} to refer to", csv.path.string(), id);
  return it->second;
}
template <typename M>
void remember(std::unordered_map<int32_t, M*>& by_id, const Csv& csv, int32_t id, M* object) {
  if (id <= 0) raise<FormatError>("seed_queries: {}: id {} is not positive", csv.path.string(), id);
  if (!by_id.emplace(id, object).second) raise<FormatError>("seed_queries: {}: id {} twice", csv.path.string(), id);
}

// Loads the four tables through the session: every object with the id its CSV gives it, linked to the objects
// its foreign keys name (looked up by id, so the CSVs may use any ids in any order). On PostgreSQL the SERIAL
// sequences then move past the loaded ids (as seed_queries.py does with setval), so later INSERTs get new keys.
void load(Session& s, sql::Connection& conn, const std::filesystem::path& dir) {
  std::unordered_map<int32_t, Department*> departments;
  std::unordered_map<int32_t, Employee*> employees;
  std::unordered_map<int32_t, Project*> projects;
  {
    const Csv csv = read_csv(dir, "department");
    const size_t id = csv.column("id"), name = csv.column("name"), location = csv.column("location");
    for (const auto& r : csv.rows) {
      const int32_t key = parse_id(csv, r[id]);
      std::optional<std::string> loc;
      if (!r[location].empty()) loc = r[location];
      remember(departments, csv, key, s.add(Department{.id = key, .name = r[name], .location = loc}));
    }
  }
  {
    const Csv csv = read_csv(dir, "employee");
    const size_t id = csv.column("id"), first = csv.column("first_name"), last = csv.column("last_name"),
                 email = csv.column("email"), salary = csv.column("salary"), hire = csv.column("hire_date"),
                 active = csv.column("is_active"), dept = csv.column("department_id");
    for (const auto& r : csv.rows) {
      const int32_t key = parse_id(csv, r[id]);
      Employee* e = s.add(Employee{.id = key, .first_name = r[first], .last_name = r[last], .email = r[email],
                                   .salary = parse_double(csv, r[salary]), .hire_date = parse_ts(r[hire]),
                                   .is_active = parse_bool(csv, r[active])});
      s.link(lookup(departments, csv, parse_id(csv, r[dept])), &Department::employees, e);
      remember(employees, csv, key, e);
    }
  }
  {
    const Csv csv = read_csv(dir, "project");
    const size_t id = csv.column("id"), name = csv.column("name"), budget = csv.column("budget"),
                 status = csv.column("status");
    for (const auto& r : csv.rows) {
      const int32_t key = parse_id(csv, r[id]);
      remember(projects, csv, key,
               s.add(Project{.id = key, .name = r[name], .budget = parse_double(csv, r[budget]), .status = r[status]}));
    }
  }
  {
    const Csv csv = read_csv(dir, "project_assignment");
    const size_t id = csv.column("id"), emp = csv.column("employee_id"), proj = csv.column("project_id"),
                 role = csv.column("role"), hours = csv.column("hours_allocated");
    std::unordered_map<int32_t, bool> seen;
    for (const auto& r : csv.rows) {
      const int32_t key = parse_id(csv, r[id]);
      if (key <= 0 || !seen.emplace(key, true).second) {
        raise<FormatError>("seed_queries: {}: id {} is not positive or comes twice", csv.path.string(), key);
      }
      auto* a = s.add(ProjectAssignment{.id = key, .role = r[role], .hours_allocated = parse_double(csv, r[hours])});
      s.link(a, &ProjectAssignment::employee, lookup(employees, csv, parse_id(csv, r[emp])));
      s.link(a, &ProjectAssignment::project, lookup(projects, csv, parse_id(csv, r[proj])));
    }
  }
  s.commit();
  if (conn.dialect() == Dialect::kPostgresql) {
    for (const char* t : {"department", "employee", "project", "project_assignment"}) {
      conn.execute(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                               "coalesce((SELECT max(id) FROM {0}), 0) + 1, false)",
                               t));
    }
  }
}

struct Output {
  std::optional<std::filesystem::path> dir;
  void write(const std::string& name, const std::vector<std::string>& rows) const {
    std::string text;
    if (rows.empty()) {
      text = "[]\n";
    } else {
      text = "[\n";
      for (size_t i = 0; i < rows.size(); ++i) text += rows[i] + (i + 1 < rows.size() ? ",\n" : "\n");
      text += "]\n";
    }
    if (!dir) {
      std::cout << "# " << name << "\n" << text;
      return;
    }
    const std::filesystem::path path = *dir / (name + ".json");
    std::ofstream out(path);
    out << text;
    if (!out) raise<IoError>("seed_queries: cannot write {}", path.string());
  }
};

template <typename S>
std::vector<std::string> run(sql::Connection& conn, const S& stmt) {
  CompiledSql q = to_sql(stmt, conn.dialect());
  sql::Result result = conn.execute(q.sql, q.params);
  std::vector<std::string> rows;
  for (const auto& row : result.fetch_all()) rows.push_back(canonical(row));
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Loads a seed-shaped data set through the ORM session and runs the seed queries"};
  std::string data;
  std::string url = "sqlite://:memory:";
  std::string out_dir;
  app.add_option("--data", data, "folder with department.csv, employee.csv, project.csv, project_assignment.csv")
      ->required();
  app.add_option("--db", url, "database URL (sqlite://:memory:, sqlite:///path, postgresql://...)");
  app.add_option("--out", out_dir, "folder for NAME.json (default: all to stdout)");
  CLI11_PARSE(app, argc, argv);
  try {
    auto conn = sql::connect(url);
    const Dialect dialect = conn->dialect();
    auto md = Metadata::of<Department, Employee, Project, ProjectAssignment>();
    for (const std::string& s : md.drop_all(dialect)) conn->execute(s);
    for (const std::string& s : md.create_all(dialect)) conn->execute(s);
    {
      Session s(*conn);
      load(s, *conn, data);
    }
    Output out;
    if (!out_dir.empty()) {
      std::filesystem::create_directories(out_dir);
      out.dir = out_dir;
    }
    const bool pg = dialect == Dialect::kPostgresql;
    // 01 and 03 fail on PostgreSQL under SQLAlchemy (round(double precision, integer)); there is no expected
    // PostgreSQL result for them, so they are written only on SQLite.
    if (!pg) out.write("01_dept_salary_stats", run(*conn, seed::q01()));
    out.write("01p_dept_salary_stats_portable", run(*conn, seed::q01p()));
    out.write("02_top2_per_dept", run(*conn, seed::q02()));
    if (!pg) out.write("03_salary_bands", run(*conn, seed::q03()));
    out.write("03p_salary_bands_portable", run(*conn, seed::q03p()));
    out.write("04_outer_join_all_departments", run(*conn, seed::q04()));
    out.write("05_project_hours_having", run(*conn, seed::q05()));
    out.write("06_correlated_above_dept_avg", run(*conn, seed::q06()));
    out.write("07_cte_employee_hours", run(*conn, seed::q07()));
    out.write("08_recursive_cte_hires_per_year", run(*conn, seed::q08()));
    out.write("09_self_join_same_dept_pairs", run(*conn, seed::q09()));
    {
      Session s(*conn);
      std::vector<std::string> rows;
      for (Department* d : s.execute(select<Department>().order_by(&Department::id), selectin(&Department::employees))) {
        std::vector<int64_t> ids;
        int64_t active = 0;
        for (Employee* e : d->employees) {
          ids.push_back(e->id);
          active += e->is_active ? 1 : 0;
        }
        std::sort(ids.begin(), ids.end());
        rows.push_back(canonical({Value(static_cast<int64_t>(d->id)), Value(d->name),
                                  Value(static_cast<int64_t>(ids.size())), Value(active)}));
        rows.back().pop_back();
        rows.back() += fmt::format(", [{}]]", fmt::join(ids, ", "));
      }
      out.write("10_selectinload_dept_employees", rows);
    }
    {
      Session s(*conn);
      std::vector<std::string> rows;
      for (Employee* e : s.execute(select<Employee>().order_by(&Employee::id), joined(&Employee::department))) {
        rows.push_back(canonical({Value(static_cast<int64_t>(e->id)), Value(e->first_name), Value(e->last_name),
                                  Value(e->email), Value(e->salary), Value(e->hire_date), Value(e->is_active),
                                  Value(static_cast<int64_t>(e->department_id)), Value(e->department->name)}));
      }
      out.write("11_joinedload_employee_department", rows);
    }
    {
      Session s(*conn);
      const char* const tables[] = {"department", "employee", "project", "project_assignment"};
      auto counts = [&] {
        std::vector<int64_t> n;
        for (const char* t : tables) {
          sql::Result r = conn->execute(std::string("SELECT count(*) FROM ") + t);
          if (!r.next()) raise<Error>("seed_queries: count(*) of {} returned no row", t);
          n.push_back(r.get_int64(0));
        }
        return n;
      };
      const auto before = counts();
      auto mk = s.execute(select<Department>().where(col(&Department::name) == std::string("Marketing")));
      auto eng = s.execute(select<Department>().where(col(&Department::name) == std::string("Engineering")));
      if (mk.size() != 1 || eng.size() != 1) {
        std::fprintf(stderr, "seed_queries: 12_cascade_delete_orphan skipped (no departments Marketing and Engineering)\n");
      } else {
      s.remove(mk[0]);
      Employee* victim = nullptr;
      for (Employee* e : s.load(eng[0], &Department::employees)) {
        if (victim == nullptr || e->id < victim->id) victim = e;
      }
      if (victim != nullptr) s.unlink(eng[0], &Department::employees, victim);
      s.flush();
      const auto after = counts();
      s.rollback();
      const auto after_rb = counts();
      std::vector<std::string> rows;
      for (size_t i = 0; i < 4; ++i) {
        rows.push_back(canonical({Value(std::string(tables[i])), Value(before[i]), Value(after[i]), Value(after_rb[i])}));
      }
      out.write("12_cascade_delete_orphan", rows);
      }
    }
    out.write("13_raw_float_aggregates", run(*conn, seed::q13()));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "seed_queries: %s\n", e.what());
    return 1;
  }
  return 0;
}
