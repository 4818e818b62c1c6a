// The runtime half of the ORM on SQLite (:memory:) and PostgreSQL 15 (the throw-away server of
// tests/support/pg_server.h), one body per test for both: typed results, the session's unit of work, identity
// map, dirty tracking, relationships and loading, and the acceptance cases of issue 4. Expected values are
// computed here from the seed CSVs (../shared/seed/data), independently of the ORM.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "orm/fresh_tables.h"
#include "orm/models.h"
#include "strata/orm/orm.h"
#include "strata/orm/result.h"
#include "strata/orm/session.h"
#include "strata/sql/connection.h"
#include "strata/sql/error.h"
#include "support/pg_server.h"
#include "support/test_support.h"

// A model with an optimistic version counter (the VersionTest cases).
struct VersionedAccount {
  int64_t id = 0;
  std::string owner;
  int64_t balance = 0;
  int32_t version = 0;
};
template <>
inline constexpr auto strata::orm::mapping<VersionedAccount> =
    strata::orm::table("versioned_account", strata::orm::column("id", &VersionedAccount::id, strata::orm::primary_key()),
                       strata::orm::column("owner", &VersionedAccount::owner, strata::orm::length(50)),
                       strata::orm::column("balance", &VersionedAccount::balance),
                       strata::orm::column("version", &VersionedAccount::version, strata::orm::version_id()));

namespace strata::orm {
namespace {

std::vector<std::vector<std::string>> read_csv(const std::string& table) {
  std::ifstream in((strata::testing::shared_dir() / "seed/data" / (table + ".csv")).string());
  EXPECT_TRUE(in.good()) << table;
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

Timestamp ts(const std::string& s) {
  Timestamp t;
  EXPECT_TRUE(sql::parse_timestamp(s, &t)) << s;
  return t;
}

struct Seeded {
  std::vector<Department*> departments;
  std::vector<Employee*> employees;
  std::vector<Project*> projects;
  std::vector<ProjectAssignment*> assignments;
};

class SessionTest : public testing::FreshTables<Department, Employee, Project, ProjectAssignment> {
 protected:
  void SetUp() override {
    FreshTables::SetUp();
    if (stopped()) return;
  }
  bool pg() const { return GetParam() == Dialect::kPostgresql; }

  // The notebook's set-up through the session: objects linked by relationships, keys generated.
  Seeded seed(Session& s) {
    Seeded out;
    for (const auto& r : read_csv("department")) {
      out.departments.push_back(s.add(Department{.name = r[1], .location = r[2]}));
    }
    for (const auto& r : read_csv("employee")) {
      Employee* e = s.add(Employee{.first_name = r[1], .last_name = r[2], .email = r[3], .salary = std::stod(r[4]),
                                   .hire_date = ts(r[5]), .is_active = r[6] == "True"});
      s.link(out.departments[std::stoul(r[7]) - 1], &Department::employees, e);
      out.employees.push_back(e);
    }
    for (const auto& r : read_csv("project")) {
      out.projects.push_back(s.add(Project{.name = r[1], .budget = std::stod(r[2]), .status = r[3]}));
    }
    for (const auto& r : read_csv("project_assignment")) {
      auto* a = s.add(ProjectAssignment{.role = r[3], .hours_allocated = std::stod(r[4])});
      s.link(a, &ProjectAssignment::employee, out.employees[std::stoul(r[1]) - 1]);
      s.link(a, &ProjectAssignment::project, out.projects[std::stoul(r[2]) - 1]);
      out.assignments.push_back(a);
    }
    s.commit();
    return out;
  }

  int64_t count_rows(const std::string& table) {
    sql::Result r = conn_->execute("SELECT count(*) FROM " + table);
    EXPECT_TRUE(r.next());
    return r.get_int64(0);
  }

};

TEST_P(SessionTest, SeedThroughSessionAndNavigate) {
  Session s(*conn_);
  Seeded seeded = seed(s);
  // Keys assigned back in insertion order, foreign keys copied from the linked objects.
  const auto emp_csv = read_csv("employee");
  for (size_t i = 0; i < seeded.employees.size(); ++i) {
    EXPECT_EQ(seeded.employees[i]->id, static_cast<int32_t>(i + 1));
    EXPECT_EQ(seeded.employees[i]->department_id, std::stoi(emp_csv[i][7]));
  }
  const auto asg_csv = read_csv("project_assignment");
  for (size_t i = 0; i < seeded.assignments.size(); ++i) {
    EXPECT_EQ(seeded.assignments[i]->id, static_cast<int32_t>(i + 1));
    EXPECT_EQ(seeded.assignments[i]->employee_id, std::stoi(asg_csv[i][1]));
    EXPECT_EQ(seeded.assignments[i]->project_id, std::stoi(asg_csv[i][2]));
  }
  EXPECT_EQ(count_rows("employee"), 50);
  EXPECT_EQ(count_rows("project_assignment"), static_cast<int64_t>(asg_csv.size()));

  // A fresh session navigates from the database.
  Session t(*conn_);
  std::map<int, std::set<std::string>> want_emails;
  for (const auto& r : emp_csv) want_emails[std::stoi(r[7])].insert(r[3]);
  for (Department* d : t.execute(select<Department>().order_by(&Department::id))) {
    std::set<std::string> got;
    for (Employee* e : t.load(d, &Department::employees)) {
      got.insert(e->email);
      EXPECT_EQ(e->department.get(), d);  // back_populates set by the loader
    }
    EXPECT_EQ(got, want_emails[d->id]) << d->name;
  }
  std::map<int, std::string> project_names;
  for (const auto& r : read_csv("project")) project_names[std::stoi(r[0])] = r[1];
  std::map<int, std::multiset<std::string>> want_projects;
  for (const auto& r : asg_csv) want_projects[std::stoi(r[1])].insert(project_names[std::stoi(r[2])]);
  for (int id = 1; id <= 50; ++id) {
    Employee* e = t.get<Employee>(id);
    ASSERT_NE(e, nullptr);
    std::multiset<std::string> got;
    for (Project* p : t.load(e, &Employee::project_list)) got.insert(p->name);
    EXPECT_EQ(got, want_projects[id]) << id;
    EXPECT_EQ(t.load(e, &Employee::department)->id, std::stoi(emp_csv[static_cast<size_t>(id - 1)][7]));
  }
}

TEST_P(SessionTest, TypedRows) {
  Session s(*conn_);
  seed(s);
  const auto emp_csv = read_csv("employee");
  std::map<int, int64_t> headcount;
  std::map<int, std::pair<double, int>> active_salary;
  for (const auto& r : emp_csv) {
    ++headcount[std::stoi(r[7])];
    if (r[6] == "True") {
      active_salary[std::stoi(r[7])].first += std::stod(r[4]);
      active_salary[std::stoi(r[7])].second += 1;
    }
  }
  // Structured bindings over a streaming result.
  int seen = 0;
  for (auto [id, name, n] : s.execute(select(col(&Department::id), col(&Department::name), count(&Employee::id))
                                          .join<Employee>()
                                          .group_by(&Department::id, &Department::name)
                                          .order_by(&Department::id))) {
    static_assert(std::is_same_v<decltype(n), int64_t>);
    EXPECT_EQ(n, headcount[id]) << name;
    ++seen;
  }
  EXPECT_EQ(seen, 5);
  // round() of an average: NUMERIC on PostgreSQL, read as double.
  for (auto [id, avg_salary] : s.execute(select(col(&Department::id), round(cast_numeric(avg(&Employee::salary)), 0))
                                             .join<Employee>()
                                             .where(col(&Employee::is_active) == true)
                                             .group_by(&Department::id))
                                   .all()) {
    const auto& [sum, n] = active_salary[id];
    EXPECT_EQ(avg_salary, std::round(sum / n)) << id;
  }
  // Timestamps and one().
  auto [email, hired] = s.execute(select(col(&Employee::email), col(&Employee::hire_date)).where(col(&Employee::id) == 2)).one();
  EXPECT_EQ(email, emp_csv[1][3]);
  EXPECT_EQ(hired, ts(emp_csv[1][5]));
  // NULL -> empty optional.
  s.add(Department{.name = "Remote"});
  auto locations = s.execute(select(col(&Department::name), col(&Department::location)).order_by(&Department::id)).all();
  ASSERT_EQ(locations.size(), 6u);
  EXPECT_EQ(std::get<1>(locations[0]), std::optional<std::string>(read_csv("department")[0][2]));
  EXPECT_EQ(std::get<1>(locations[5]), std::nullopt);
  // scalar()
  EXPECT_EQ(s.execute(select(count()).select_from<Employee>()).scalar(), 50);
  EXPECT_THROW(s.execute(select(col(&Employee::id)).where(col(&Employee::id) > 1000)).one(), InvalidArgument);
  // to_table()
  columnar::Table t = s.execute(select(col(&Employee::id), col(&Employee::salary)).order_by(&Employee::id)).to_table();
  EXPECT_EQ(t.num_rows(), 50);
  EXPECT_EQ(t.num_columns(), 2);
  s.commit();
  // Batched reading (a server-side cursor on PostgreSQL, 7 rows per FETCH).
  std::vector<int32_t> ids;
  double total = 0;
  for (auto [id, salary] : execute_batched(*conn_, select(col(&Employee::id), col(&Employee::salary)).order_by(&Employee::id), 7)) {
    ids.push_back(id);
    total += salary;
  }
  if (conn_->in_transaction()) conn_->commit();
  ASSERT_EQ(ids.size(), 50u);
  double want_total = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(ids[i], static_cast<int32_t>(i + 1));
    want_total += std::stod(emp_csv[i][4]);
  }
  EXPECT_DOUBLE_EQ(total, want_total);
  // Whole models by value outside a session.
  auto [e] = execute(*conn_, select<Employee>().where(col(&Employee::id) == 3)).one();
  EXPECT_EQ(e.email, emp_csv[2][3]);
  EXPECT_EQ(e.salary, std::stod(emp_csv[2][4]));
}

TEST_P(SessionTest, IdentityMapAndNoUpdateWhenUnchanged) {
  {
    Session s(*conn_);
    seed(s);
  }
  Session s(*conn_);
  Department* d = s.get<Department>(2);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(s.get<Department>(2), d);
  auto all = s.execute(select<Department>().where(col(&Department::id) == 2));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], d);
  EXPECT_EQ(s.get<Department>(999), nullptr);

  Employee* e = s.get<Employee>(1);
  const int64_t before = s.statement_count();
  s.flush();
  EXPECT_EQ(s.statement_count(), before);  // nothing changed: no statement at all
  e->salary = e->salary;                     // assigned but equal
  s.commit();
  EXPECT_EQ(s.statement_count(), before + 1);  // only COMMIT
  // An UPDATE names only the changed column: a concurrent change to another column survives.
  conn_->execute(std::string("UPDATE employee SET first_name = 'Changed' WHERE id = 1"));
  e->salary = 1234.5;
  const int64_t b2 = s.statement_count();
  s.flush();
  EXPECT_EQ(s.statement_count(), b2 + 4);  // BEGIN, SAVEPOINT, one UPDATE, RELEASE
  s.commit();
  auto [first, salary] = execute(*conn_, select(col(&Employee::first_name), col(&Employee::salary)).where(col(&Employee::id) == 1)).one();
  EXPECT_EQ(first, "Changed");
  EXPECT_EQ(salary, 1234.5);
  // refresh() reads the database's value.
  EXPECT_EQ(e->first_name, read_csv("employee")[0][1]);
  s.refresh(e);
  EXPECT_EQ(e->first_name, "Changed");
}

TEST_P(SessionTest, IntegrityErrorThenRollbackThenUsable) {
  Session s(*conn_);
  seed(s);
  auto* dup = s.add(Employee{.first_name = "X", .last_name = "Y", .email = read_csv("employee")[0][3]});
  s.link(s.get<Department>(1), &Department::employees, dup);
  EXPECT_THROW(s.flush(), sql::IntegrityError);
  EXPECT_EQ(dup->id, 0);
  s.rollback();
  EXPECT_EQ(count_rows("employee"), 50);
  dup->email = "unique@co.com";
  s.commit();
  EXPECT_GT(dup->id, 50);
  EXPECT_EQ(count_rows("employee"), 51);
}

TEST_P(SessionTest, FailureMidFlushWritesNothing) {
  Session s(*conn_);
  seed(s);
  Department* a = s.add(Department{.name = "New A"});
  Department* b = s.add(Department{.name = "New B"});
  Department* c = s.add(Department{.name = "Engineering"});  // duplicate name: the third INSERT fails
  Employee* e = s.get<Employee>(5);
  e->salary = 1.0;
  EXPECT_THROW(s.flush(), sql::IntegrityError);
  EXPECT_EQ(a->id, 0);
  EXPECT_EQ(b->id, 0);
  EXPECT_EQ(c->id, 0);
  EXPECT_EQ(count_rows("department"), 5);
  s.remove(c);
  s.commit();
  EXPECT_EQ(count_rows("department"), 7);
  EXPECT_GT(a->id, 5);
  auto [salary] = execute(*conn_, select(col(&Employee::salary)).where(col(&Employee::id) == 5)).one();
  EXPECT_EQ(salary, 1.0);
}

TEST_P(SessionTest, DeletionMarksLastUntilFlushedOrRolledBack) {
  Session s(*conn_);
  seed(s);
  s.commit();
  const int64_t projects = count_rows("project_assignment");
  ASSERT_GT(projects, 2);
  auto ids = execute(*conn_, select(col(&ProjectAssignment::id)).order_by(&ProjectAssignment::id)).all();
  const int32_t first = std::get<0>(ids[0]), second = std::get<0>(ids[1]);
  // Removed, then rolled back: nothing is deleted by the next commit.
  s.remove(s.get<ProjectAssignment>(first));
  s.rollback();
  s.commit();
  EXPECT_EQ(count_rows("project_assignment"), projects);
  EXPECT_NE(s.get<ProjectAssignment>(first), nullptr);
  // Removed and flushed; a later removal in the same session is deleted by its own flush.
  s.remove(s.get<ProjectAssignment>(first));
  s.flush();
  EXPECT_EQ(count_rows("project_assignment"), projects - 1);
  ProjectAssignment* b = s.get<ProjectAssignment>(second);
  b->role = "changed";  // an UPDATE in the same flush as the deletion of another row
  s.commit();
  EXPECT_EQ(count_rows("project_assignment"), projects - 1);
  s.remove(b);
  s.commit();
  EXPECT_EQ(count_rows("project_assignment"), projects - 2);
  EXPECT_EQ(s.get<ProjectAssignment>(second), nullptr);
}

TEST_P(SessionTest, RollbackRestoresObjects) {
  Session s(*conn_);
  seed(s);
  Employee* e = s.get<Employee>(7);
  const double salary = e->salary;
  e->salary = 99.0;
  Department* d = s.add(Department{.name = "Temp"});
  s.flush();
  EXPECT_GT(d->id, 0);
  s.rollback();
  EXPECT_EQ(e->salary, salary);
  EXPECT_EQ(d->id, 0);
  EXPECT_TRUE(s.is_pending(d));
  EXPECT_EQ(count_rows("department"), 5);
  s.commit();  // the pending department is inserted now
  EXPECT_EQ(count_rows("department"), 6);
}

TEST_P(SessionTest, CascadeDeleteAndDeleteOrphan) {
  {
    Session s(*conn_);
    seed(s);
  }
  const auto emp_csv = read_csv("employee");
  const auto asg_csv = read_csv("project_assignment");
  Session s(*conn_);
  // delete-orphan: removing employee 3 from its department deletes it and (cascade) its assignments.
  Employee* e3 = s.get<Employee>(3);
  Department* d = s.load(e3, &Employee::department);
  s.load(d, &Department::employees);
  s.unlink(d, &Department::employees, e3);
  EXPECT_EQ(e3->department.get(), nullptr);
  s.commit();
  int64_t asg3 = 0;
  for (const auto& r : asg_csv) asg3 += r[1] == "3";
  EXPECT_EQ(count_rows("employee"), 49);
  EXPECT_EQ(count_rows("project_assignment"), static_cast<int64_t>(asg_csv.size()) - asg3);
  EXPECT_EQ(s.get<Employee>(3), nullptr);
  // Deleting a department deletes its employees and their assignments.
  Department* d4 = s.get<Department>(4);
  std::set<std::string> emps4;
  for (const auto& r : emp_csv) {
    if (r[7] == "4" && r[0] != "3") emps4.insert(r[0]);
  }
  int64_t asg4 = 0;
  for (const auto& r : asg_csv) asg4 += emps4.count(r[1]) > 0;
  s.remove(d4);
  s.commit();
  EXPECT_EQ(count_rows("department"), 4);
  EXPECT_EQ(count_rows("employee"), 49 - static_cast<int64_t>(emps4.size()));
  EXPECT_EQ(count_rows("project_assignment"), static_cast<int64_t>(asg_csv.size()) - asg3 - asg4);
}

TEST_P(SessionTest, EagerLoadingStatementCounts) {
  {
    Session s(*conn_);
    seed(s);
  }
  const auto emp_csv = read_csv("employee");
  {
    Session s(*conn_);
    const int64_t b = s.statement_count();
    auto ds = s.execute(select<Department>(), selectin(&Department::employees));
    EXPECT_EQ(s.statement_count() - b, 3);  // BEGIN, SELECT departments, SELECT employees IN (...)
    size_t total = 0;
    for (Department* d : ds) total += s.load(d, &Department::employees).size();
    EXPECT_EQ(total, 50u);
    EXPECT_EQ(s.statement_count() - b, 3);  // loaded already
  }
  {
    Session s(*conn_);
    auto es = s.execute(select<Employee>().order_by(&Employee::id), joined(&Employee::department));
    ASSERT_EQ(es.size(), 50u);
    const int64_t b = s.statement_count();
    for (size_t i = 0; i < es.size(); ++i) {
      ASSERT_NE(es[i]->department.get(), nullptr);
      EXPECT_EQ(es[i]->department->id, std::stoi(emp_csv[static_cast<size_t>(es[i]->id - 1)][7]));
      EXPECT_EQ(s.load(es[i], &Employee::department), es[i]->department.get());
    }
    EXPECT_EQ(s.statement_count(), b);
    // Five departments, one object each.
    std::set<Department*> distinct;
    for (Employee* e : es) distinct.insert(e->department.get());
    EXPECT_EQ(distinct.size(), 5u);
  }
  {
    Session s(*conn_);
    auto ds = s.execute(select<Department>(), joined(&Department::employees));
    size_t total = 0;
    for (Department* d : ds) total += d->employees.size();
    EXPECT_EQ(ds.size(), 5u);
    EXPECT_EQ(total, 50u);
  }
}

TEST_P(SessionTest, InjectionLookingStringsStoredVerbatim) {
  Session s(*conn_);
  const std::string evil = "Robert'); DROP TABLE employee;--";
  const std::string evil2 = "x' OR '1'='1";
  Department* d = s.add(Department{.name = evil, .location = evil2});
  s.commit();
  Session t(*conn_);
  Department* back = t.get<Department>(d->id);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->name, evil);
  EXPECT_EQ(back->location, evil2);
  EXPECT_EQ(count_rows("employee"), 0);  // the table is still there
}

TEST_P(SessionTest, SaveUpdateCascadeAddsReachableObjects) {
  // Objects the program owns, reachable only through relationships of session objects: the flush adds them
  // where they are (they outlive the session here).
  Employee e1{.first_name = "Ann", .last_name = "Lee", .email = "ann@cascade.co", .salary = 10.0};
  Employee e2{.first_name = "Bo", .last_name = "Kim", .email = "bo@cascade.co", .salary = 20.0};
  Project p{.name = "Outside", .budget = 5.0};
  Session s(*conn_);
  Department* d = s.add(Department{.name = "Cascade"});
  d->employees.push_back(&e1);  // plain pushes, not link(): no back references, no keys yet
  d->employees.push_back(&e2);
  ProjectAssignment a{.role = "Dev", .hours_allocated = 3.0};
  a.project.set(&p);
  a.employee.set(&e1);
  ProjectAssignment* pa = s.add(std::move(a));
  EXPECT_EQ(s.size(), 2u);
  s.commit();
  EXPECT_EQ(s.size(), 5u);
  EXPECT_TRUE(s.is_persistent(&e1));
  EXPECT_TRUE(s.is_persistent(&e2));
  EXPECT_TRUE(s.is_persistent(&p));
  EXPECT_GT(e1.id, 0);
  EXPECT_GT(e2.id, 0);
  EXPECT_EQ(e1.department_id, d->id);
  EXPECT_EQ(e2.department_id, d->id);
  EXPECT_EQ(e1.department.get(), d);  // back reference set as link() would
  EXPECT_EQ(pa->project_id, p.id);
  EXPECT_EQ(pa->employee_id, e1.id);
  ASSERT_EQ(p.assignments.size(), 1u);
  EXPECT_EQ(p.assignments[0], pa);
  EXPECT_EQ(count_rows("employee"), 2);
  EXPECT_EQ(count_rows("project"), 1);
  EXPECT_EQ(count_rows("project_assignment"), 1);
  auto [emp_dept] = execute(*conn_, select(col(&Employee::department_id)).where(col(&Employee::email) == "bo@cascade.co")).one();
  EXPECT_EQ(emp_dept, d->id);
  // A later change to a cascaded object is tracked like any other.
  e2.salary = 25.0;
  s.commit();
  auto [salary] = execute(*conn_, select(col(&Employee::salary)).where(col(&Employee::id) == e2.id)).one();
  EXPECT_EQ(salary, 25.0);
}

TEST_P(SessionTest, DefaultValueAppliedWhenMemberLeftAtItsDefault) {
  Session s(*conn_);
  Project* p1 = s.add(Project{.name = "Defaulted", .budget = 1.0});  // status "" as constructed -> "active"
  Project* p2 = s.add(Project{.name = "Given", .budget = 1.0, .status = "planning"});
  Department* d = s.add(Department{.name = "D"});
  Employee* e = s.add(Employee{.first_name = "F", .last_name = "L", .email = "f@l.co", .is_active = false});
  s.link(d, &Department::employees, e);
  EXPECT_EQ(p1->status, "");  // applied at INSERT, not at add()
  s.commit();
  EXPECT_EQ(p1->status, "active");
  EXPECT_EQ(p2->status, "planning");
  EXPECT_FALSE(e->is_active);  // differs from the struct's initialiser (true): kept
  std::map<std::string, std::string> status;
  for (auto [name, st] : execute(*conn_, select(col(&Project::name), col(&Project::status))).all()) status[name] = st;
  EXPECT_EQ(status["Defaulted"], "active");
  EXPECT_EQ(status["Given"], "planning");
  auto [active] = execute(*conn_, select(col(&Employee::is_active)).where(col(&Employee::id) == e->id)).one();
  EXPECT_FALSE(active);
  // A failed flush takes the applied default back.
  Project* p3 = s.add(Project{.name = "Failing", .budget = 1.0});
  s.add(Department{.name = "D"});  // duplicate name: the flush fails
  EXPECT_THROW(s.flush(), sql::IntegrityError);
  EXPECT_EQ(p3->status, "");
  s.rollback();
}

TEST_P(SessionTest, ManyToManyCollectionWritesAssociationRows) {
  {
    Session s(*conn_);
    seed(s);
  }
  const auto asg_csv = read_csv("project_assignment");
  std::multiset<int> want;  // employee 1's projects
  for (const auto& r : asg_csv) {
    if (r[1] == "1") want.insert(std::stoi(r[2]));
  }
  auto projects_of = [&](int employee) {  // from the database, not through the session
    std::multiset<int> got;
    for (auto [p] : execute(*conn_, select(col(&ProjectAssignment::project_id))
                                        .where(col(&ProjectAssignment::employee_id) == employee))
                        .all()) {
      got.insert(p);
    }
    return got;
  };
  ASSERT_EQ(projects_of(1), want);
  int missing = 0;  // a project employee 1 is not on
  for (int p = 1; p <= 8 && missing == 0; ++p) {
    if (want.count(p) == 0) missing = p;
  }
  ASSERT_GT(missing, 0);
  const int64_t rows_before = count_rows("project_assignment");
  Session s(*conn_);
  Employee* e = s.get<Employee>(1);
  Many<Project>& list = s.load(e, &Employee::project_list);
  ASSERT_EQ(list.size(), std::set<int>(want.begin(), want.end()).size());
  // Append: one new association row, with both keys.
  Project* p = s.get<Project>(missing);
  s.link(e, &Employee::project_list, p);
  s.commit();
  want.insert(missing);
  EXPECT_EQ(projects_of(1), want);
  EXPECT_EQ(count_rows("project_assignment"), rows_before + 1);
  // The new association object is in the session, linked both ways.
  ProjectAssignment* added = nullptr;
  for (ProjectAssignment* a : e->projects) {
    if (a->project_id == missing) added = a;
  }
  ASSERT_NE(added, nullptr);
  EXPECT_GT(added->id, 0);
  EXPECT_EQ(added->employee.get(), e);
  // A new project appended: the cascade inserts it first, then the row.
  Project* fresh = s.add(Project{.name = "Fresh", .budget = 2.0});
  e->project_list.push_back(fresh);
  s.commit();
  EXPECT_GT(fresh->id, 0);
  want.insert(fresh->id);
  EXPECT_EQ(projects_of(1), want);
  // Remove: the association rows of that pair are deleted.
  const int first = *want.begin();
  const size_t n_first = want.count(first);
  auto& items = e->project_list.items();
  items.erase(std::find_if(items.begin(), items.end(), [&](Project* x) { return x->id == first; }));
  s.commit();
  want.erase(first);
  EXPECT_EQ(projects_of(1), want);
  EXPECT_EQ(count_rows("project_assignment"), rows_before + 2 - static_cast<int64_t>(n_first));
  // A fresh session sees the collection as written.
  Session t(*conn_);
  std::multiset<int> seen;
  for (Project* x : t.load(t.get<Employee>(1), &Employee::project_list)) seen.insert(x->id);
  EXPECT_EQ(seen, std::multiset<int>(want.begin(), want.end()));
}

TEST_P(SessionTest, LostConnectionIsOperationalError) {
  if (!pg()) GTEST_SKIP() << "PostgreSQL only: the server is stopped mid-session";
  Session s(*conn_);
  seed(s);
  Employee* e = s.get<Employee>(1);
  e->salary = 5.0;
  strata::testing::PgServer::instance().stop();
  EXPECT_THROW(s.flush(), sql::OperationalError);
  EXPECT_THROW(s.execute(select(count()).select_from<Employee>()).scalar(), sql::OperationalError);
  EXPECT_NO_THROW(s.rollback());
  strata::testing::PgServer::instance().start();
  EXPECT_NE(e->salary, 5.0);  // restored to the committed value
}

// ------------------------------------------------------------------------- optimistic version column
// Two connections to one database (SQLite: a file; PostgreSQL: the test server), a model with version_id().
class VersionTest : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == Dialect::kSqlite) {
      url = "sqlite://" + (dir_ / "version.db").string();
    } else {
      STRATA_POSTGRES_URL_OR_RETURN(pg_url);
      url = pg_url;
    }
    a_ = sql::connect(url);
    b_ = sql::connect(url);
    auto md = Metadata::of<VersionedAccount>();
    for (const std::string& s : md.drop_all(GetParam())) a_->execute(s);
    for (const std::string& s : md.create_all(GetParam())) a_->execute(s);
  }
  std::pair<int64_t, int64_t> row(int64_t id) {  // {balance, version} as the database has them
    sql::Result r = a_->execute("SELECT balance, version FROM versioned_account WHERE id = " +
                                std::string(sql::placeholder(GetParam(), 1)), {Value{id}});
    EXPECT_TRUE(r.next());
    return {r.get_int64(0), r.get_int64(1)};
  }
  int64_t count() {  // the Result goes out of scope here: no read snapshot left open on SQLite
    sql::Result r = a_->execute("SELECT count(*) FROM versioned_account");
    EXPECT_TRUE(r.next());
    return r.get_int64(0);
  }
  strata::testing::TempDir dir_;
  std::unique_ptr<sql::Connection> a_, b_;
};

TEST_P(VersionTest, SecondWriterGetsStaleDataError) {
  int64_t id = 0;
  {
    Session s(*a_);
    VersionedAccount* acc = s.add(VersionedAccount{.owner = "ann", .balance = 100, .version = 42});
    s.commit();
    EXPECT_EQ(acc->version, 1);  // set by the INSERT, whatever the member held
    id = acc->id;
  }
  EXPECT_EQ(row(id), std::make_pair(int64_t{100}, int64_t{1}));
  Session s1(*a_), s2(*b_);
  VersionedAccount* x1 = s1.get<VersionedAccount>(id);
  VersionedAccount* x2 = s2.get<VersionedAccount>(id);
  ASSERT_NE(x1, nullptr);
  ASSERT_NE(x2, nullptr);
  s1.commit();  // end the read transactions (SQLite would refuse to upgrade a stale snapshot)
  s2.commit();
  x1->balance = 150;
  x2->balance = 70;
  s1.commit();
  EXPECT_EQ(x1->version, 2);
  EXPECT_EQ(row(id), std::make_pair(int64_t{150}, int64_t{2}));
  try {
    s2.commit();
    ADD_FAILURE() << "no StaleDataError";
  } catch (const StaleDataError& e) {
    EXPECT_EQ(e.table(), "versioned_account");
    EXPECT_EQ(e.primary_key(), id);
    EXPECT_EQ(e.expected_version(), 1);
    const std::string what = e.what();
    EXPECT_NE(what.find("versioned_account"), std::string::npos) << what;
    EXPECT_NE(what.find("primary key " + std::to_string(id)), std::string::npos) << what;
    EXPECT_NE(what.find("expected version 1"), std::string::npos) << what;
  }
  // The failed flush left the object as it was and wrote nothing.
  EXPECT_EQ(x2->balance, 70);
  EXPECT_EQ(x2->version, 1);
  s2.rollback();
  EXPECT_EQ(row(id), std::make_pair(int64_t{150}, int64_t{2}));
  EXPECT_EQ(x2->balance, 100);  // rollback: the loaded values
  // Refresh, apply again: now it goes through.
  s2.refresh(x2);
  EXPECT_EQ(x2->balance, 150);
  EXPECT_EQ(x2->version, 2);
  x2->balance += 5;
  s2.commit();
  EXPECT_EQ(x2->version, 3);
  EXPECT_EQ(row(id), std::make_pair(int64_t{155}, int64_t{3}));
  // An assignment to the version member alone writes nothing.
  x2->version = 99;
  const int64_t before = s2.statement_count();
  s2.flush();
  EXPECT_EQ(x2->version, 3);
  EXPECT_LE(s2.statement_count() - before, 3);  // BEGIN, SAVEPOINT, RELEASE at most: no UPDATE
  s2.commit();
  EXPECT_EQ(row(id), std::make_pair(int64_t{155}, int64_t{3}));
}

TEST_P(VersionTest, StaleDeleteAndStaleUpdateInOneFlushUndoneTogether) {
  std::vector<int64_t> ids;
  {
    Session s(*a_);
    auto accs = s.add_all(std::vector<VersionedAccount>{{.owner = "a", .balance = 1}, {.owner = "b", .balance = 2}});
    s.commit();
    for (auto* x : accs) ids.push_back(x->id);
  }
  Session s1(*a_), s2(*b_);
  VersionedAccount* p1 = s1.get<VersionedAccount>(ids[0]);
  VersionedAccount* q2 = s2.get<VersionedAccount>(ids[0]);
  VersionedAccount* r2 = s2.get<VersionedAccount>(ids[1]);
  s1.commit();
  s2.commit();
  p1->balance = 10;
  s1.commit();
  // s2: an UPDATE of a fresh row, a new row, and the DELETE of the stale one.
  r2->balance = 20;
  VersionedAccount* n2 = s2.add(VersionedAccount{.owner = "c", .balance = 3});
  s2.remove(q2);
  EXPECT_THROW(s2.flush(), StaleDataError);
  EXPECT_EQ(n2->id, 0);       // generated id taken back
  EXPECT_EQ(r2->version, 1);  // version increment taken back
  EXPECT_EQ(r2->balance, 20);
  s2.rollback();
  EXPECT_EQ(row(ids[0]), std::make_pair(int64_t{10}, int64_t{2}));
  EXPECT_EQ(row(ids[1]), std::make_pair(int64_t{2}, int64_t{1}));
  EXPECT_EQ(count(), 2);
  // Deleting with the current version works.
  s2.refresh(q2);
  s2.remove(q2);
  s2.remove(n2);
  s2.commit();
  EXPECT_EQ(count(), 1);  // ids[1]'s row; q2's row is gone and n2 was never written
}

INSTANTIATE_TEST_SUITE_P(Backends, VersionTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

INSTANTIATE_TEST_SUITE_P(Backends, SessionTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

}  // namespace
}  // namespace strata::orm
