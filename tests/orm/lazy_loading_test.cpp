// Loading on attribute access (SQLAlchemy's lazy="select") on SQLite (:memory:) and PostgreSQL 15 (the throw-away
// server of tests/support/pg_server.h): reading an unloaded One<>/Many<> of an object the session read runs one
// SELECT (counted with Session::statement_count()), then serves from memory; eager loading runs none on access;
// many-to-one, one-to-many, many-to-many and a NULL many-to-one; detached copies raise; expire, refresh,
// rollback and deletion. The expected rows are the few written here by hand.
#include <optional>
#include <set>
#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include "orm/fresh_tables.h"
#include "orm/models.h"
#include "strata/orm/orm.h"
#include "strata/orm/session.h"
#include "strata/sql/connection.h"
#include "support/pg_server.h"

// A many-to-one whose foreign key may be NULL (a volume on no shelf).
struct LazyVolume;
struct LazyShelf {
  int32_t id = 0;
  std::string label;
  strata::orm::Many<LazyVolume> volumes;
};
struct LazyVolume {
  int32_t id = 0;
  std::string title;
  std::optional<int32_t> shelf_id;
  strata::orm::One<LazyShelf> shelf;
};
namespace strata::orm {
template <>
inline constexpr auto mapping<LazyShelf> =
    table("lazy_shelf", column("id", &LazyShelf::id, primary_key()), column("label", &LazyShelf::label, length(40)),
          one_to_many(&LazyShelf::volumes, &LazyVolume::shelf_id, back_populates(&LazyVolume::shelf)));
template <>
inline constexpr auto mapping<LazyVolume> =
    table("lazy_volume", column("id", &LazyVolume::id, primary_key()),
          column("title", &LazyVolume::title, length(80)),
          column("shelf_id", &LazyVolume::shelf_id, foreign_key(&LazyShelf::id)),
          many_to_one(&LazyVolume::shelf, &LazyVolume::shelf_id, back_populates(&LazyShelf::volumes)));
}  // namespace strata::orm

namespace strata::orm {
namespace {

using testing::Department;
using testing::Employee;
using testing::Project;
using testing::ProjectAssignment;

// The loader pointer keeps models cheap to move (std::vector moves, not copies, them when it grows).
static_assert(std::is_nothrow_move_constructible_v<Employee> && std::is_nothrow_move_assignable_v<Employee>);

std::set<std::string> first_names(const Many<Employee>& employees) {
  std::set<std::string> out;
  for (Employee* e : employees) out.insert(e->first_name);
  return out;
}

class LazyLoadingTest : public testing::FreshTables<Department, Employee, Project, ProjectAssignment, LazyShelf, LazyVolume> {
 protected:
  void SetUp() override {
    FreshTables::SetUp();
    if (stopped()) return;
    // Research (1): Ada (1), Bob (2); Sales (2): Cy (3). Apollo (1): Ada, Bob; Gemini (2): Ada.
    // Shelf A (1): Dune (1); Loose (2) on no shelf.
    Session s(*conn_);
    Department* research = s.add(Department{.name = "Research", .location = "Oslo"});
    Department* sales = s.add(Department{.name = "Sales"});
    Employee* ada = s.add(Employee{.first_name = "Ada", .last_name = "L", .email = "ada@x", .salary = 1});
    Employee* bob = s.add(Employee{.first_name = "Bob", .last_name = "M", .email = "bob@x", .salary = 2});
    Employee* cy = s.add(Employee{.first_name = "Cy", .last_name = "N", .email = "cy@x", .salary = 3});
    s.link(research, &Department::employees, ada);
    s.link(research, &Department::employees, bob);
    s.link(sales, &Department::employees, cy);
    Project* apollo = s.add(Project{.name = "Apollo"});
    Project* gemini = s.add(Project{.name = "Gemini"});
    for (auto [e, p] : {std::pair{ada, apollo}, {ada, gemini}, {bob, apollo}}) {
      auto* a = s.add(ProjectAssignment{.role = "dev"});
      s.link(a, &ProjectAssignment::employee, e);
      s.link(a, &ProjectAssignment::project, p);
    }
    LazyShelf* shelf = s.add(LazyShelf{.label = "A"});
    LazyVolume* dune = s.add(LazyVolume{.title = "Dune"});
    s.link(shelf, &LazyShelf::volumes, dune);
    s.add(LazyVolume{.title = "Loose"});
    s.commit();
    ASSERT_EQ(ada->id, 1);
    ASSERT_EQ(cy->department_id, 2);
    ASSERT_EQ(gemini->id, 2);
  }

  // Statements a session sent since `mark` (BEGIN included: each test opens the transaction first).
  static int64_t since(const Session& s, int64_t mark) { return s.statement_count() - mark; }

};

TEST_P(LazyLoadingTest, ManyToOneOnAccessRunsOneSelectThenServesFromMemory) {
  Session s(*conn_);
  Employee* ada = s.get<Employee>(1);
  Employee* bob = s.get<Employee>(2);
  ASSERT_NE(ada, nullptr);
  const int64_t mark = s.statement_count();
  ASSERT_TRUE(ada->department);  // operator bool reads it: SELECT department WHERE id IN (1)
  EXPECT_EQ(since(s, mark), 1);
  EXPECT_EQ(ada->department->name, "Research");
  EXPECT_EQ((*ada->department).location, std::optional<std::string>("Oslo"));
  EXPECT_EQ(since(s, mark), 1);
  // Bob's department is the same row: from the identity map, no statement.
  EXPECT_EQ(bob->department.get(), ada->department.get());
  EXPECT_EQ(since(s, mark), 1);
  // load() after access: loaded already.
  EXPECT_EQ(s.load(ada, &Employee::department), ada->department.get());
  EXPECT_EQ(since(s, mark), 1);
}

TEST_P(LazyLoadingTest, OneToManyOnAccessRunsOneSelectAndSetsBackReferences) {
  Session s(*conn_);
  Department* research = s.get<Department>(1);
  ASSERT_NE(research, nullptr);
  const int64_t mark = s.statement_count();
  EXPECT_EQ(research->employees.size(), 2u);
  EXPECT_EQ(since(s, mark), 1);
  EXPECT_EQ(first_names(research->employees), (std::set<std::string>{"Ada", "Bob"}));
  EXPECT_FALSE(research->employees.empty());
  EXPECT_EQ(research->employees[0]->department.get(), research);  // loaded by the collection's SELECT
  EXPECT_EQ(research->employees[1]->department.get(), research);
  EXPECT_EQ(since(s, mark), 1);
  // Sales: its own SELECT, once.
  Department* sales = s.get<Department>(2);
  EXPECT_EQ(since(s, mark), 2);  // the get()
  EXPECT_EQ(first_names(sales->employees), (std::set<std::string>{"Cy"}));
  EXPECT_EQ(sales->employees.size(), 1u);
  EXPECT_EQ(since(s, mark), 3);
}

TEST_P(LazyLoadingTest, ManyToManyOnAccessRunsOneSelect) {
  Session s(*conn_);
  Employee* ada = s.get<Employee>(1);
  Employee* cy = s.get<Employee>(3);
  const int64_t mark = s.statement_count();
  std::set<std::string> names;
  for (Project* p : ada->project_list) names.insert(p->name);
  EXPECT_EQ(names, (std::set<std::string>{"Apollo", "Gemini"}));
  EXPECT_EQ(since(s, mark), 1);
  EXPECT_EQ(ada->project_list.size(), 2u);
  EXPECT_TRUE(cy->project_list.empty());  // a SELECT that finds nothing, then known to be empty
  EXPECT_TRUE(cy->project_list.empty());
  EXPECT_EQ(since(s, mark), 2);
  // The association objects of one side (one-to-many), and their many-to-one to the project.
  std::set<std::string> via;
  for (ProjectAssignment* a : ada->projects) via.insert(a->project->name);  // projects in the identity map
  EXPECT_EQ(via, names);
  EXPECT_EQ(since(s, mark), 3);
}

TEST_P(LazyLoadingTest, NullManyToOneRunsNoSelect) {
  Session s(*conn_);
  auto volumes = s.execute(select<LazyVolume>().order_by(&LazyVolume::id));
  ASSERT_EQ(volumes.size(), 2u);
  const int64_t mark = s.statement_count();
  EXPECT_FALSE(volumes[1]->shelf);  // shelf_id NULL
  EXPECT_EQ(volumes[1]->shelf.get(), nullptr);
  EXPECT_EQ(since(s, mark), 0);
  ASSERT_TRUE(volumes[0]->shelf);
  EXPECT_EQ(volumes[0]->shelf->label, "A");
  EXPECT_EQ(since(s, mark), 1);
}

TEST_P(LazyLoadingTest, EagerLoadedRelationshipsRunNoSelectOnAccess) {
  {
    Session s(*conn_);
    auto ds = s.execute(select<Department>().order_by(&Department::id), selectin(&Department::employees));
    const int64_t mark = s.statement_count();
    ASSERT_EQ(ds.size(), 2u);
    EXPECT_EQ(first_names(ds[0]->employees), (std::set<std::string>{"Ada", "Bob"}));
    EXPECT_EQ(first_names(ds[1]->employees), (std::set<std::string>{"Cy"}));
    for (Department* d : ds) {
      for (Employee* e : d->employees) EXPECT_EQ(e->department.get(), d);  // back references set by the load
    }
    EXPECT_EQ(since(s, mark), 0);
  }
  {
    Session s(*conn_);
    auto es = s.execute(select<Employee>().order_by(&Employee::id), joined(&Employee::department));
    const int64_t mark = s.statement_count();
    ASSERT_EQ(es.size(), 3u);
    EXPECT_EQ(es[0]->department->name, "Research");
    EXPECT_EQ(es[2]->department->name, "Sales");
    EXPECT_EQ(since(s, mark), 0);
  }
  {
    Session s(*conn_);
    auto ds = s.execute(select<Department>().order_by(&Department::id), joined(&Department::employees));
    const int64_t mark = s.statement_count();
    EXPECT_EQ(ds[0]->employees.size(), 2u);
    EXPECT_EQ(ds[1]->employees[0]->department.get(), ds[1]);
    EXPECT_EQ(since(s, mark), 0);
  }
  {
    Session s(*conn_);
    auto es = s.execute(select<Employee>().where(col(&Employee::id) == 1), selectin(&Employee::project_list));
    const int64_t mark = s.statement_count();
    ASSERT_EQ(es.size(), 1u);
    EXPECT_EQ(es[0]->project_list.size(), 2u);
    EXPECT_EQ(since(s, mark), 0);
  }
}

TEST_P(LazyLoadingTest, DetachedCopyRaisesForWhatWasNotLoaded) {
  Session s(*conn_);
  Employee* ada = s.get<Employee>(1);
  EXPECT_EQ(ada->department->name, "Research");  // loaded before the copy
  const Employee copy = *ada;
  EXPECT_EQ(copy.department->name, "Research");
  EXPECT_THROW(copy.project_list.size(), DetachedInstanceError);  // not loaded when copied
  EXPECT_THROW((void)copy.projects.begin(), DetachedInstanceError);
  try {
    (void)copy.project_list.empty();
    ADD_FAILURE() << "no DetachedInstanceError";
  } catch (const DetachedInstanceError& e) {
    EXPECT_EQ(e.table(), "employee");
    EXPECT_EQ(e.target(), "project");
  }
  // The session's object still loads lazily (the copy took no hook of it).
  const int64_t mark = s.statement_count();
  EXPECT_EQ(ada->project_list.size(), 2u);
  EXPECT_EQ(since(s, mark), 1);
  // A copy of a copy stays detached; assigning a loaded member makes it usable.
  Employee again = copy;
  EXPECT_THROW(again.project_list.size(), DetachedInstanceError);
  again.project_list = ada->project_list;
  EXPECT_EQ(again.project_list.size(), 2u);
  EXPECT_THROW(again.projects.items(), DetachedInstanceError);
}

TEST_P(LazyLoadingTest, ProgramOwnedObjectIsDetachedWhenItsSessionEnds) {
  LazyVolume outside{.title = "Outside"};  // the program's object, joined through the save-update cascade
  {
    Session s(*conn_);
    LazyShelf* shelf = s.get<LazyShelf>(1);
    shelf->volumes.push_back(&outside);  // loads the collection (Dune), then appends
    EXPECT_EQ(shelf->volumes.size(), 2u);
    s.commit();
    EXPECT_GT(outside.id, 0);
    EXPECT_EQ(outside.shelf_id, std::optional<int32_t>(1));
    s.expire(&outside);  // its relationship is to be loaded again
  }
  EXPECT_THROW((void)outside.shelf.get(), DetachedInstanceError);
  outside.shelf.set(nullptr);  // assigning makes it usable again
  EXPECT_EQ(outside.shelf.get(), nullptr);
}

TEST_P(LazyLoadingTest, ExpireLoadsTheRelationshipAgain) {
  Session s(*conn_);
  Department* research = s.get<Department>(1);
  EXPECT_EQ(first_names(research->employees), (std::set<std::string>{"Ada", "Bob"}));
  // A row written behind the session's back (same connection, same transaction): not seen until expired.
  conn_->execute(fmt::format("INSERT INTO employee (first_name, last_name, email, salary, hire_date, is_active, "
                             "department_id) VALUES ('Dee', 'O', 'dee@x', 4, '2020-01-01 00:00:00', {}, 1)",
                             GetParam() == Dialect::kSqlite ? "1" : "TRUE"));
  int64_t mark = s.statement_count();
  EXPECT_EQ(research->employees.size(), 2u);
  EXPECT_EQ(since(s, mark), 0);
  s.expire(research);
  EXPECT_EQ(first_names(research->employees), (std::set<std::string>{"Ada", "Bob", "Dee"}));
  EXPECT_EQ(since(s, mark), 1);
  // Many-to-one after refresh(): the new foreign key is followed.
  Employee* cy = s.get<Employee>(3);
  EXPECT_EQ(cy->department->name, "Sales");
  conn_->execute("UPDATE employee SET department_id = 1 WHERE id = 3");
  EXPECT_EQ(cy->department->name, "Sales");  // loaded: from memory
  s.refresh(cy);
  EXPECT_EQ(cy->department_id, 1);
  mark = s.statement_count();
  EXPECT_EQ(cy->department.get(), research);  // in the identity map, but expired above: its row read again
  EXPECT_EQ(since(s, mark), 1);
  EXPECT_EQ(s.get<Employee>(1)->department.get(), research);  // now current: no statement
  EXPECT_EQ(since(s, mark), 1);
  // expire() of a many-to-one: its columns are read again with the relationship when the object is read.
  conn_->execute("UPDATE employee SET department_id = 2 WHERE id = 3");
  s.expire(cy);
  EXPECT_EQ(cy->department->name, "Sales");
  EXPECT_EQ(cy->department_id, 2);
}

TEST_P(LazyLoadingTest, RollbackLoadsRelationshipsAgain) {
  Session s(*conn_);
  Department* research = s.get<Department>(1);
  EXPECT_EQ(research->employees.size(), 2u);
  Employee* dee = s.add(Employee{.first_name = "Dee", .last_name = "O", .email = "dee@x", .salary = 4});
  research->employees.push_back(dee);
  s.flush();
  EXPECT_EQ(dee->department_id, 1);
  s.rollback();
  // Dee is pending again and still in the collection; the collection is read again on access.
  const int64_t mark = s.statement_count();
  EXPECT_EQ(first_names(research->employees), (std::set<std::string>{"Ada", "Bob", "Dee"}));
  EXPECT_GE(since(s, mark), 2);  // BEGIN, the autoflush's INSERT (Dee is pending), the SELECT
  EXPECT_GT(dee->id, 0);
  s.commit();
  Session t(*conn_);
  EXPECT_EQ(first_names(t.get<Department>(1)->employees), (std::set<std::string>{"Ada", "Bob", "Dee"}));
}

TEST_P(LazyLoadingTest, WritesLoadCollectionsFirstAndAssignmentCountsAsLoaded) {
  Session s(*conn_);
  Department* sales = s.get<Department>(2);
  Employee* ada = s.get<Employee>(1);
  Employee* bob = s.get<Employee>(2);
  int64_t mark = s.statement_count();
  // set() on an unloaded many-to-one: no SELECT of the old value; load() keeps what was assigned.
  ada->department.set(sales);
  EXPECT_EQ(s.load(ada, &Employee::department), sales);
  EXPECT_EQ(since(s, mark), 0);
  s.commit();  // UPDATE employee SET department_id = 2 WHERE id = 1
  EXPECT_EQ(ada->department_id, 2);
  // push_back on an unloaded collection loads it first (Ada, Cy: one SELECT), then appends.
  mark = s.statement_count();
  sales->employees.push_back(bob);
  EXPECT_EQ(since(s, mark), 2);  // BEGIN, SELECT
  EXPECT_EQ(sales->employees.size(), 3u);
  EXPECT_EQ(first_names(sales->employees), (std::set<std::string>{"Ada", "Bob", "Cy"}));
  s.commit();  // Bob's foreign key from the collection
  EXPECT_EQ(bob->department_id, 2);
  EXPECT_EQ(bob->department.get(), sales);  // from the identity map
  Session t(*conn_);
  EXPECT_EQ(first_names(t.get<Department>(2)->employees), (std::set<std::string>{"Ada", "Bob", "Cy"}));
  EXPECT_TRUE(t.get<Department>(1)->employees.empty());
}

TEST_P(LazyLoadingTest, DeletedObjectsServeMemoryThenAreDetached) {
  Session s(*conn_);
  LazyVolume* loose = s.get<LazyVolume>(2);
  Employee* cy = s.get<Employee>(3);
  s.remove(loose);
  s.flush();
  const int64_t mark = s.statement_count();
  EXPECT_EQ(loose->shelf.get(), nullptr);  // deleted in this transaction: what is in memory, no SELECT
  EXPECT_EQ(since(s, mark), 0);
  s.remove(cy);  // (the delete cascade loads its assignments: none)
  s.commit();
  EXPECT_THROW((void)cy->department.get(), DetachedInstanceError);  // deleted and committed, never loaded
  EXPECT_THROW(cy->project_list.size(), DetachedInstanceError);
  EXPECT_TRUE(cy->projects.empty());  // loaded by the cascade before the deletion
}

INSTANTIATE_TEST_SUITE_P(Backends, LazyLoadingTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return info.param == Dialect::kSqlite ? "sqlite" : "postgresql"; });

}  // namespace
}  // namespace strata::orm
