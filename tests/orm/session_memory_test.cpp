// The session's memory (src/orm/session_memory.h), on SQLite (:memory:) and PostgreSQL 15: objects live in
// arena blocks after their state, found again from their address; blocks of a finished session are kept per
// thread for the next one, up to the limit; primary keys with a stride and models larger than a block keep the
// identity map and the state lookup right.
#include <array>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "orm/fresh_tables.h"
#include "orm/models.h"
#include "strata/orm/orm.h"
#include "strata/orm/session.h"

// A model whose object is larger than one 64 KiB block (an unmapped member makes it so).
struct BigRecord {
  int32_t id = 0;
  std::string name;
  std::array<char, 100'000> scratch{};
};
namespace strata::orm {
template <>
inline constexpr auto mapping<BigRecord> =
    table("big_record", column("id", &BigRecord::id, primary_key(false)), column("name", &BigRecord::name));
}  // namespace strata::orm

namespace strata::orm {
namespace {

using testing::Department;
using testing::Employee;

class SessionMemoryTest : public testing::FreshTables<Department, Employee, BigRecord> {
 protected:
  void SetUp() override {
    FreshTables::SetUp();
    if (stopped()) return;
    saved_limit_ = session_memory_cache_limit();
    trim_session_memory();
  }
  void TearDown() override {
    set_session_memory_cache_limit(saved_limit_);
    trim_session_memory();
  }
  // A session that adds `n` employees in 5 departments, commits, and reads them all back.
  void add_and_read(int n) {
    Session s(*conn_);
    std::vector<Department*> ds;
    for (int i = 0; i < 5; ++i) ds.push_back(s.add(Department{.name = "d" + std::to_string(i)}));
    for (int i = 0; i < n; ++i) {
      Employee* e = s.add(Employee{.first_name = "F" + std::to_string(i), .last_name = "L", .email = "e" + std::to_string(i)});
      s.link(e, &Employee::department, ds[static_cast<size_t>(i % 5)]);
    }
    s.commit();
    Session r(*conn_);
    const auto es = r.execute(select<Employee>(), joined(&Employee::department));
    ASSERT_EQ(es.size(), static_cast<size_t>(n));
    for (const Employee* e : es) {
      ASSERT_TRUE(r.is_persistent(e));
      ASSERT_NE(e->department.get(), nullptr);
      ASSERT_EQ(e->department->name, "d" + std::to_string((e->id - 1) % 5));
    }
  }
  size_t saved_limit_ = 0;
};

TEST_P(SessionMemoryTest, BlocksOfAFinishedSessionServeTheNext) {
  if (stopped()) return;
  ASSERT_EQ(session_memory_cached(), 0u);
  ASSERT_NO_FATAL_FAILURE(add_and_read(3'000));
  const size_t kept = session_memory_cached();
  // 3,000 employees and their snapshots need several 64 KiB blocks, all kept.
  EXPECT_GE(kept, size_t{4} * 65536);
  {
    Session s(*conn_);
    const auto es = s.execute(select<Employee>());
    ASSERT_EQ(es.size(), 3'000u);
    EXPECT_LT(session_memory_cached(), kept);  // the new session took blocks from the cache
  }
  EXPECT_EQ(session_memory_cached(), kept);  // and gave them back
  trim_session_memory();
  EXPECT_EQ(session_memory_cached(), 0u);
}

TEST_P(SessionMemoryTest, LimitBoundsWhatIsKept) {
  if (stopped()) return;
  set_session_memory_cache_limit(0);
  ASSERT_NO_FATAL_FAILURE(add_and_read(1'000));
  EXPECT_EQ(session_memory_cached(), 0u);
  set_session_memory_cache_limit(size_t{3} * 65536);
  {
    Session s(*conn_);
    ASSERT_EQ(s.execute(select<Employee>()).size(), 1'000u);
  }
  EXPECT_GT(session_memory_cached(), 0u);
  EXPECT_LE(session_memory_cached(), size_t{3} * 65536);
}

TEST_P(SessionMemoryTest, EachThreadKeepsItsOwnBlocks) {
  if (stopped()) return;
  ASSERT_NO_FATAL_FAILURE(add_and_read(500));
  const size_t here = session_memory_cached();
  EXPECT_GT(here, 0u);
  size_t there = 1;
  std::thread([&] { there = session_memory_cached(); }).join();
  EXPECT_EQ(there, 0u);
  EXPECT_EQ(session_memory_cached(), here);
}

TEST_P(SessionMemoryTest, StridedKeysAndTheStateOfEveryObject) {
  if (stopped()) return;
  // Keys 1024 apart: one run of the identity map's hash each. Every object is found by key and by address.
  constexpr int kObjects = 4'000;
  {
    Session s(*conn_);
    for (int i = 1; i <= kObjects; ++i) s.add(Department{.id = i * 1024, .name = "d" + std::to_string(i)});
    s.commit();
  }
  Session s(*conn_);
  const auto ds = s.execute(select<Department>());
  ASSERT_EQ(ds.size(), static_cast<size_t>(kObjects));
  for (Department* d : ds) {
    ASSERT_EQ(d->id % 1024, 0);
    ASSERT_TRUE(s.is_persistent(d));
    ASSERT_EQ(s.get<Department>(d->id), d);
    ASSERT_EQ(d->name, "d" + std::to_string(d->id / 1024));
  }
  EXPECT_EQ(s.get<Department>(1025), nullptr);
  // Addresses that are not a tracked object's: a copy, a member inside a tracked object, one past the end.
  Department copy = *ds[0];
  EXPECT_FALSE(s.is_persistent(&copy));
  EXPECT_FALSE(s.is_persistent(reinterpret_cast<const Department*>(&ds[1]->name)));
  EXPECT_FALSE(s.is_pending(ds.back() + 1));
  EXPECT_EQ(s.size(), static_cast<size_t>(kObjects));
}

TEST_P(SessionMemoryTest, ModelLargerThanABlock) {
  if (stopped()) return;
  {
    Session s(*conn_);
    std::vector<BigRecord*> added;
    for (int i = 1; i <= 5; ++i) {
      BigRecord* b = s.add(BigRecord{.id = i, .name = "big" + std::to_string(i)});
      b->scratch[99'999] = static_cast<char>('a' + i);
      added.push_back(b);
    }
    for (BigRecord* b : added) EXPECT_TRUE(s.is_pending(b));
    s.commit();
    for (BigRecord* b : added) EXPECT_TRUE(s.is_persistent(b));
    EXPECT_EQ(added[2]->scratch[99'999], 'd');
  }
  Session s(*conn_);
  const auto bs = s.execute(select<BigRecord>().order_by(&BigRecord::id));
  ASSERT_EQ(bs.size(), 5u);
  for (size_t i = 0; i < bs.size(); ++i) {
    EXPECT_EQ(bs[i]->name, "big" + std::to_string(i + 1));
    EXPECT_TRUE(s.is_persistent(bs[i]));
    EXPECT_EQ(s.get<BigRecord>(static_cast<int32_t>(i + 1)), bs[i]);
  }
  bs[3]->name = "changed";
  s.commit();
  Session t(*conn_);
  EXPECT_EQ(t.get<BigRecord>(4)->name, "changed");
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionMemoryTest, ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql),
                         [](const auto& info) { return std::string(info.param == Dialect::kSqlite ? "sqlite" : "postgresql"); });

}  // namespace
}  // namespace strata::orm
