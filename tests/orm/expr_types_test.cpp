// Types in the DSL: the result row type of a select, the value types of expressions, and the calls that must
// not compile (as requires-expressions in static_assert; the messages of hard errors are checked by the
// compile_fail/ tests in CMakeLists.txt).
#include <gtest/gtest.h>

#include "orm/models.h"
#include "strata/orm/orm.h"

namespace strata::orm {
namespace {

template <typename A, typename B>
concept CanEq = requires(const A& a, const B& b) { a == b; };
template <typename A, typename B>
concept CanLess = requires(const A& a, const B& b) { a < b; };
template <typename A, typename B>
concept CanAdd = requires(const A& a, const B& b) { a + b; };
template <typename A, typename B>
concept CanMod = requires(const A& a, const B& b) { a % b; };
template <typename A, typename B>
concept CanAnd = requires(const A& a, const B& b) { a && b; };
template <typename X>
concept CanSum = requires(const X& x) { sum(x); };
template <typename X>
concept CanAvg = requires(const X& x) { avg(x); };
template <typename X>
concept CanLower = requires(const X& x) { lower(x); };
template <typename X>
concept CanExtract = requires(const X& x) { extract(DatePart::kYear, x); };
template <typename X, typename P>
concept CanLike = requires(const X& x, const P& p) { x.like(p); };
template <typename S, typename C>
concept CanWhere = requires(const S& s, const C& c) { s.where(c); };
template <typename M, typename T, typename V>
concept CanSet = requires(T M::*m, const V& v) { set(m, v); };
template <typename X, typename V>
concept CanIn = requires(const X& x, const std::vector<V>& v) { x.in_(v); };

using Email = Col<Employee, std::string>;
using Salary = Col<Employee, double>;
using Id = Col<Employee, int32_t>;
using Active = Col<Employee, bool>;
using Hired = Col<Employee, Timestamp>;
using Location = Col<Department, std::optional<std::string>>;

// Comparing a string column with a number does not compile; numbers of any kind compare with each other.
static_assert(!CanEq<Email, int>);
static_assert(!CanLess<Email, double>);
static_assert(!CanEq<Salary, const char*>);
static_assert(!CanEq<Hired, int>);
static_assert(!CanEq<Active, int>);
static_assert(CanEq<Email, const char*>);
static_assert(CanEq<Salary, int>);
static_assert(CanLess<Salary, Id>);
static_assert(CanEq<Active, bool>);
static_assert(CanLess<Hired, Timestamp>);
static_assert(CanEq<Location, std::string>);
static_assert(!CanEq<int, int Department::*>);  // no expression on either side: not ours

// Summing or averaging a string does not compile.
static_assert(!CanSum<std::string Employee::*>);
static_assert(!CanSum<Email>);
static_assert(!CanAvg<Email>);
static_assert(CanSum<double Employee::*>);
static_assert(CanAvg<Id>);

// Arithmetic on numbers only; % on integers only; AND/OR on booleans only.
static_assert(!CanAdd<Email, int>);
static_assert(CanAdd<Salary, int>);
static_assert(!CanMod<Salary, int>);
static_assert(CanMod<Id, int>);
static_assert(!CanAnd<Id, Active>);
static_assert(CanAnd<Active, Expr<bool>>);

// Text functions on text, date parts of dates, LIKE on text, IN lists of a comparable type.
static_assert(!CanLower<Salary>);
static_assert(CanLower<Email>);
static_assert(!CanExtract<Salary>);
static_assert(CanExtract<Hired>);
static_assert(!CanLike<Salary, const char*>);
static_assert(CanLike<Email, const char*>);
static_assert(!CanIn<Email, int>);
static_assert(CanIn<Id, int64_t>);

// WHERE takes a boolean; SET takes a value of the member's type.
using EmployeeSelect = decltype(select(col(&Employee::id)));
static_assert(!CanWhere<EmployeeSelect, Salary>);
static_assert(CanWhere<EmployeeSelect, Expr<bool>>);
static_assert(!CanSet<Department, std::string, int>);
static_assert(CanSet<Department, std::string, const char*>);
static_assert(CanSet<Department, std::optional<std::string>, std::optional<std::string>>);

// join<M>() infers ON only from exactly one foreign key.
using FromEmployeeAndProject = decltype(select(col(&Employee::id), col(&Project::id)));
static_assert(!FromEmployeeAndProject::can_join<ProjectAssignment>);  // two foreign keys
static_assert(!decltype(select(col(&Department::id)))::can_join<Project>);  // none
static_assert(decltype(select(col(&Department::id)))::can_join<Employee>);
static_assert(decltype(select(col(&Project::id)))::can_join<ProjectAssignment>);

TEST(ExprTypes, NullabilityPropagates) {
  auto loc = col(&Department::location);
  static_assert(std::is_same_v<decltype(loc == "Oslo")::value_type, std::optional<bool>>);
  static_assert(std::is_same_v<decltype(col(&Department::name) == "x")::value_type, bool>);
  static_assert(std::is_same_v<decltype(coalesce(loc, "n/a"))::value_type, std::string>);
  static_assert(std::is_same_v<decltype(coalesce(loc, loc))::value_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(length(loc))::value_type, std::optional<int32_t>>);
  static_assert(std::is_same_v<decltype(col(&Employee::salary) + col(&Employee::id))::value_type, double>);
  static_assert(std::is_same_v<decltype(col(&Employee::id) + 1)::value_type, int32_t>);
  static_assert(std::is_same_v<decltype(col(&Employee::id) + int64_t{1})::value_type, int64_t>);
  static_assert(std::is_same_v<decltype(sum(&Employee::id))::value_type, std::optional<int64_t>>);
  static_assert(std::is_same_v<decltype(max(&Employee::hire_date))::value_type, std::optional<Timestamp>>);
  auto band = case_(when(col(&Employee::salary) > 1, "a"));
  static_assert(std::is_same_v<decltype(band)::value_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(band.else_("b"))::value_type, std::string>);
  auto scalar = select(max(&Employee::salary)).scalar_subquery();
  static_assert(std::is_same_v<decltype(scalar)::value_type, std::optional<double>>);
  EXPECT_EQ(to_sql(select(scalar.as("m")), Dialect::kSqlite).sql,
            "SELECT (SELECT max(employee.salary) AS max_1 \nFROM employee) AS m");
}

TEST(ExprTypes, RowTypeOfModelsSubqueriesAndCtes) {
  auto s = select(col(&Department::location), col(&Employee::hire_date), count());
  using Row = decltype(s)::row_type;
  static_assert(std::is_same_v<Row, std::tuple<std::optional<std::string>, Timestamp, int64_t>>);
  auto sq = s.join<Employee>().group_by(&Department::id).subquery();
  static_assert(std::is_same_v<decltype(select(sq))::row_type, Row>);
  static_assert(std::is_same_v<decltype(sq.c<0>())::value_type, std::optional<std::string>>);
  static_assert(std::is_same_v<decltype(select<Project>())::row_type, std::tuple<Project>>);
  // Structured bindings over the row type work as a later executor will use them.
  Row row{std::string("Oslo"), Timestamp{5}, 3};
  auto [location, hired, n] = row;
  EXPECT_EQ(*location, "Oslo");
  EXPECT_EQ(hired.micros, 5);
  EXPECT_EQ(n, 3);
  EXPECT_EQ(sq.names(), (std::vector<std::string>{"location", "hire_date", "count_1"}) );
}

}  // namespace
}  // namespace strata::orm
