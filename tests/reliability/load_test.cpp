// Load (issue 9): 8 threads, each with its own connection and orm::Session, on SQLite (one WAL file) and on
// PostgreSQL (the throw-away test server), for a few seconds each (the 60 s runs are bench/load_bench.cpp).
// The workloads and what they check are described in load_workload.h: every committed row there exactly once
// with its last committed value and nothing from rolled-back transactions; with an optimistic version column,
// every lost race raises orm::StaleDataError and each counter equals the sum of the successful increments.
#include <gtest/gtest.h>

#include <cstdio>

#include "load_workload.h"
#include "support/pg_server.h"
#include "support/test_support.h"

namespace strata::reliability {
namespace {

using namespace std::chrono_literals;

constexpr int kThreads = 8;

std::string join(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += s + "\n";
  return out;
}

void check_insert_update(const std::string& url, const char* name) {
  const auto r = load::insert_update(url, kThreads, 2000ms);
  std::printf("[ %s ] %lld transactions, %lld rows inserted, %lld updates, %lld busy retries in %.1f s: %.0f rows/s\n",
              name, static_cast<long long>(r.transactions), static_cast<long long>(r.rows_inserted),
              static_cast<long long>(r.updates), static_cast<long long>(r.retries), r.seconds,
              static_cast<double>(r.rows_inserted) / r.seconds);
  EXPECT_TRUE(r.problems.empty()) << join(r.problems);
  EXPECT_GT(r.transactions, kThreads) << "every thread should commit something";
  EXPECT_GT(r.updates, 0);
  EXPECT_EQ(r.rows_in_table, r.rows_inserted);
}

void check_versions(const std::string& url, const char* name) {
  const auto r = load::version_conflicts(url, kThreads, 3, 1500ms);
  std::printf("[ %s ] %lld increments committed, %lld StaleDataError, %lld busy retries in %.1f s\n", name,
              static_cast<long long>(r.increments), static_cast<long long>(r.stale), static_cast<long long>(r.retries),
              r.seconds);
  EXPECT_TRUE(r.problems.empty()) << join(r.problems);
  EXPECT_GT(r.increments, 0);
  // 8 threads on 3 rows: some races must have been lost, else the version check was not exercised.
  EXPECT_GT(r.stale, 0);
}

TEST(LoadSqlite, InsertUpdateNothingLostOrDoubled) {
  testing::TempDir dir;
  check_insert_update("sqlite://" + (dir / "load.db").string(), "sqlite");
}

TEST(LoadSqlite, VersionColumnTurnsLostUpdatesIntoStaleDataError) {
  testing::TempDir dir;
  check_versions("sqlite://" + (dir / "load.db").string(), "sqlite");
}

TEST(LoadPostgres, InsertUpdateNothingLostOrDoubled) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  check_insert_update(url, "postgresql");
}

TEST(LoadPostgres, VersionColumnTurnsLostUpdatesIntoStaleDataError) {
  STRATA_POSTGRES_URL_OR_RETURN(url);
  check_versions(url, "postgresql");
}

}  // namespace
}  // namespace strata::reliability
