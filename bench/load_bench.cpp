// Load bench (issue 9): the workloads of tests/reliability/load_workload.h for 60 s each (first argument:
// seconds, default 60; second: threads, default 8), on SQLite (a WAL file in the temp folder) and PostgreSQL
// (STRATA_PG_URL, else the test harness's throw-away server). Prints rows/s, updates/s and transactions/s of the
// insert/update run, increments/s and StaleDataError of the version-column run, and whether the final check
// found anything lost, doubled or half-committed (exit status 1 if it did).
//
//   build/<dir>/bench/load_bench 60 8
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "reliability/load_workload.h"
#include "support/pg_server.h"

namespace {

using namespace strata::reliability;

std::string pg_url() {
  if (const char* u = std::getenv("STRATA_PG_URL")) return u;
  return strata::testing::PgServer::instance().url();
}

bool report(const char* name, const load::InsertUpdateResult& r) {
  std::printf("%-11s insert/update  %8.0f rows/s  %8.0f updates/s  %7.0f tx/s  rows %lld (table %lld)  busy retries %lld  %s\n",
              name, static_cast<double>(r.rows_inserted) / r.seconds, static_cast<double>(r.updates) / r.seconds,
              static_cast<double>(r.transactions) / r.seconds, static_cast<long long>(r.rows_inserted),
              static_cast<long long>(r.rows_in_table), static_cast<long long>(r.retries),
              r.problems.empty() ? "nothing lost or doubled" : "PROBLEMS:");
  for (const auto& p : r.problems) std::printf("    %s\n", p.c_str());
  return r.problems.empty();
}

bool report(const char* name, const load::VersionResult& r) {
  std::printf("%-11s version column %8.0f increments/s  committed %lld  StaleDataError %lld  busy retries %lld  %s\n",
              name, static_cast<double>(r.increments) / r.seconds, static_cast<long long>(r.increments),
              static_cast<long long>(r.stale), static_cast<long long>(r.retries),
              r.problems.empty() ? "totals = sum of committed increments" : "PROBLEMS:");
  for (const auto& p : r.problems) std::printf("    %s\n", p.c_str());
  return r.problems.empty();
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 8;
  const auto duration = std::chrono::milliseconds(int64_t{seconds} * 1000);
  std::printf("load bench: %d threads, %d s per run\n", threads, seconds);
  bool ok = true;
  try {
    const auto db = std::filesystem::temp_directory_path() / "strata_load_bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    const std::string sqlite = "sqlite://" + db.string();
    ok &= report("sqlite", load::insert_update(sqlite, threads, duration));
    ok &= report("sqlite", load::version_conflicts(sqlite, threads, 4, duration));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
    const std::string pg = pg_url();
    ok &= report("postgresql", load::insert_update(pg, threads, duration));
    ok &= report("postgresql", load::version_conflicts(pg, threads, 4, duration));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_bench: %s\n", e.what());
    return 2;
  }
  return ok ? 0 : 1;
}
