// The load workloads of issue 9, shared by tests/reliability/load_test.cpp (a few seconds) and
// bench/load_bench.cpp (60 s runs reporting rows per second).
//
// insert_update: N threads, each with its own connection and its own orm::Session, for a bounded time commit
//   transactions of 5 new rows plus 2 updates of rows the thread committed earlier (read back through
//   Session::get). Each thread keeps, per committed id, the value it last committed; a failed transaction is
//   rolled back and its session dropped (its rows were never committed). At the end the table is compared with
//   the union of those lists: every committed row there exactly once, with its last committed value, and no
//   other row (nothing from a rolled-back transaction). A new Session is started every 50 transactions so the
//   identity map stays small over a 60 s run.
// version_conflicts: a few counter rows with an optimistic version column (orm::version_id()); N threads
//   repeatedly read a random counter (and end that read transaction), then add a random amount and commit.
//   A commit that lost the race raises orm::StaleDataError (counted, rolled back, not retried). At the end each
//   counter's total equals the sum of the amounts whose commit succeeded, and its version 1 + their number.
// SQLite (one file, WAL; the driver sets a 5 s busy timeout): an OperationalError whose message says the
//   database is locked or busy is counted as a retry (the transaction is rolled back and the thread goes on);
//   any other error is a problem.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "strata/orm/mapping.h"
#include "strata/orm/metadata.h"
#include "strata/orm/session.h"
#include "strata/sql/connection.h"
#include "strata/sql/error.h"

namespace strata::reliability::load {

struct LoadRow {
  int64_t id = 0;
  int32_t thread = 0;
  int64_t seq = 0;  // 0, 1, 2, ... per thread, in commit order
  int64_t value = 0;
};

struct LoadCounter {
  int64_t id = 0;
  int64_t total = 0;
  int64_t version = 0;
};

}  // namespace strata::reliability::load

template <>
inline constexpr auto strata::orm::mapping<strata::reliability::load::LoadRow> = strata::orm::table(
    "load_row", strata::orm::column("id", &strata::reliability::load::LoadRow::id, strata::orm::primary_key()),
    strata::orm::column("thread", &strata::reliability::load::LoadRow::thread),
    strata::orm::column("seq", &strata::reliability::load::LoadRow::seq),
    strata::orm::column("value", &strata::reliability::load::LoadRow::value));

template <>
inline constexpr auto strata::orm::mapping<strata::reliability::load::LoadCounter> = strata::orm::table(
    "load_counter",
    strata::orm::column("id", &strata::reliability::load::LoadCounter::id, strata::orm::primary_key()),
    strata::orm::column("total", &strata::reliability::load::LoadCounter::total),
    strata::orm::column("version", &strata::reliability::load::LoadCounter::version, strata::orm::version_id()));

namespace strata::reliability::load {

using Clock = std::chrono::steady_clock;

// SQLite's "database is locked" / "database is busy" (SQLITE_BUSY, SQLITE_LOCKED and their extended codes).
inline bool is_busy(const sql::OperationalError& e) {
  const int primary = e.code() & 0xff;
  if (primary == 5 || primary == 6) return true;
  const std::string what = e.what();
  return what.find("database is locked") != std::string::npos || what.find("database is busy") != std::string::npos ||
         what.find("database table is locked") != std::string::npos;
}

struct Problems {
  std::mutex mutex;
  std::vector<std::string> list;
  void add(std::string p) {
    std::lock_guard lock(mutex);
    if (list.size() < 20) list.push_back(std::move(p));
  }
};

template <typename M>
void recreate_table(sql::Connection& c) {
  const auto md = orm::Metadata::of<M>();
  for (const std::string& s : md.drop_all(c.dialect())) c.execute(s);
  for (const std::string& s : md.create_all(c.dialect())) c.execute(s);
}

// ------------------------------------------------------------------------------------------ insert/update
struct InsertUpdateResult {
  double seconds = 0;
  int64_t transactions = 0;  // committed
  int64_t rows_inserted = 0;  // committed
  int64_t updates = 0;        // committed
  int64_t retries = 0;        // transactions rolled back after "database is locked" (SQLite)
  int64_t rows_in_table = 0;
  std::vector<std::string> problems;  // empty when nothing was lost, doubled or half-committed
};

inline InsertUpdateResult insert_update(const std::string& url, int threads, std::chrono::milliseconds duration) {
  constexpr int kInsertsPerTransaction = 5;
  constexpr int kUpdatesPerTransaction = 2;
  constexpr int kTransactionsPerSession = 50;
  {
    auto c = sql::connect(url);
    recreate_table<LoadRow>(*c);
  }
  Problems problems;
  std::atomic<int64_t> transactions{0}, rows{0}, updates{0}, retries{0};
  std::vector<std::unordered_map<int64_t, int64_t>> committed(static_cast<size_t>(threads));  // id -> value
  const auto start = Clock::now();
  const auto deadline = start + duration;

  auto work = [&](int t) {
    std::unique_ptr<sql::Connection> conn;
    try {
      conn = sql::connect(url);
    } catch (const std::exception& e) {
      problems.add(fmt::format("thread {}: connect: {}", t, e.what()));
      return;
    }
    std::mt19937_64 rng(static_cast<uint64_t>(t) * 1000003u + 7);
    auto& mine = committed[static_cast<size_t>(t)];
    std::vector<int64_t> ids;  // committed ids, for picking rows to update
    int64_t seq = 0;
    std::unique_ptr<orm::Session> s;
    int in_session = 0;
    while (Clock::now() < deadline) {
      if (!s || in_session >= kTransactionsPerSession) {
        s.reset();
        s = std::make_unique<orm::Session>(*conn);
        in_session = 0;
      }
      std::vector<LoadRow*> added;
      std::vector<std::pair<int64_t, int64_t>> changed;  // id -> new value, in order
      try {
        for (int k = 0; k < kInsertsPerTransaction; ++k) {
          const int64_t q = seq + k;
          added.push_back(s->add(LoadRow{.thread = t, .seq = q, .value = q * 10}));
        }
        for (int k = 0; k < kUpdatesPerTransaction && !ids.empty(); ++k) {
          const int64_t id = ids[rng() % ids.size()];
          LoadRow* r = s->get<LoadRow>(id);  // flushes the inserts first (SQLite: takes the write lock)
          if (r == nullptr) {
            problems.add(fmt::format("thread {}: committed row {} not found by get()", t, id));
            return;
          }
          if (r->thread != t) problems.add(fmt::format("thread {}: row {} has thread {}", t, id, r->thread));
          r->value += 1 + static_cast<int64_t>(rng() % 5);
          changed.emplace_back(id, r->value);
        }
        s->commit();
      } catch (const sql::OperationalError& e) {
        if (!is_busy(e)) {
          problems.add(fmt::format("thread {}: {}", t, e.what()));
          return;
        }
        ++retries;
        try {
          s->rollback();
        } catch (const std::exception&) {
        }
        s.reset();  // its objects were never committed
        continue;
      } catch (const std::exception& e) {
        problems.add(fmt::format("thread {}: {}", t, e.what()));
        return;
      }
      seq += kInsertsPerTransaction;
      for (LoadRow* r : added) {
        if (r->id <= 0 || !mine.emplace(r->id, r->value).second) {
          problems.add(fmt::format("thread {}: id {} assigned twice or not at all", t, r->id));
        }
        ids.push_back(r->id);
      }
      for (const auto& [id, value] : changed) mine[id] = value;
      ++transactions;
      ++in_session;
      rows += kInsertsPerTransaction;
      updates += static_cast<int64_t>(changed.size());
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& th : pool) th.join();

  InsertUpdateResult out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.transactions = transactions;
  out.rows_inserted = rows;
  out.updates = updates;
  out.retries = retries;
  // Compare the table with what the threads committed.
  auto c = sql::connect(url);
  sql::Result r = c->execute("SELECT id, thread, seq, value FROM load_row");
  std::unordered_map<int64_t, int> seen;
  std::set<std::pair<int64_t, int64_t>> thread_seq;
  int64_t n = 0;
  while (r.next()) {
    ++n;
    const int64_t id = r.get_int64(0);
    const int64_t t = r.get_int64(1);
    const int64_t q = r.get_int64(2);
    const int64_t value = r.get_int64(3);
    if (seen[id]++ > 0) problems.add(fmt::format("id {} twice", id));
    if (!thread_seq.emplace(t, q).second) problems.add(fmt::format("thread {} seq {} twice", t, q));
    if (t < 0 || t >= threads) {
      problems.add(fmt::format("row {} of unknown thread {}", id, t));
      continue;
    }
    const auto& mine = committed[static_cast<size_t>(t)];
    const auto it = mine.find(id);
    if (it == mine.end()) {
      problems.add(fmt::format("row {} (thread {}, seq {}) in the table was never committed", id, t, q));
    } else if (it->second != value) {
      problems.add(fmt::format("row {}: value {} in the table, {} committed", id, value, it->second));
    }
  }
  out.rows_in_table = n;
  for (int t = 0; t < threads; ++t) {
    for (const auto& [id, value] : committed[static_cast<size_t>(t)]) {
      if (seen.find(id) == seen.end()) problems.add(fmt::format("committed row {} (thread {}) missing", id, t));
    }
  }
  if (n != rows.load()) problems.add(fmt::format("{} rows in the table, {} committed", n, rows.load()));
  out.problems = std::move(problems.list);
  return out;
}

// ------------------------------------------------------------------------------------ version conflicts
struct VersionResult {
  double seconds = 0;
  int64_t increments = 0;  // committed
  int64_t stale = 0;       // StaleDataError raised
  int64_t retries = 0;     // "database is locked" (SQLite)
  std::vector<std::string> problems;
};

inline VersionResult version_conflicts(const std::string& url, int threads, int counters,
                                       std::chrono::milliseconds duration) {
  std::vector<int64_t> ids;
  {
    auto c = sql::connect(url);
    recreate_table<LoadCounter>(*c);
    orm::Session s(*c);
    std::vector<LoadCounter*> added;
    for (int i = 0; i < counters; ++i) added.push_back(s.add(LoadCounter{}));
    s.commit();
    for (auto* x : added) ids.push_back(x->id);
  }
  Problems problems;
  std::atomic<int64_t> increments{0}, stale{0}, retries{0};
  // Per thread, per counter: the sum of committed amounts and their number.
  std::vector<std::vector<int64_t>> sums(static_cast<size_t>(threads), std::vector<int64_t>(ids.size(), 0));
  std::vector<std::vector<int64_t>> counts = sums;
  const auto start = Clock::now();
  const auto deadline = start + duration;

  auto work = [&](int t) {
    std::unique_ptr<sql::Connection> conn;
    try {
      conn = sql::connect(url);
    } catch (const std::exception& e) {
      problems.add(fmt::format("thread {}: connect: {}", t, e.what()));
      return;
    }
    std::mt19937_64 rng(static_cast<uint64_t>(t) * 7919u + 3);
    while (Clock::now() < deadline) {
      orm::Session s(*conn);
      const size_t k = rng() % ids.size();
      try {
        LoadCounter* c = s.get<LoadCounter>(ids[k]);
        if (c == nullptr) {
          problems.add(fmt::format("thread {}: counter {} not found", t, ids[k]));
          return;
        }
        s.commit();  // end the read transaction; the UPDATE runs in a new one
        std::this_thread::yield();
        const int64_t amount = 1 + static_cast<int64_t>(rng() % 9);
        c->total += amount;
        s.commit();
        sums[static_cast<size_t>(t)][k] += amount;
        counts[static_cast<size_t>(t)][k] += 1;
        ++increments;
      } catch (const orm::StaleDataError& e) {
        if (e.primary_key() != ids[k]) problems.add(fmt::format("thread {}: StaleDataError for key {}, expected {}", t, e.primary_key(), ids[k]));
        ++stale;
        s.rollback();
      } catch (const sql::OperationalError& e) {
        if (!is_busy(e)) {
          problems.add(fmt::format("thread {}: {}", t, e.what()));
          return;
        }
        ++retries;
        try {
          s.rollback();
        } catch (const std::exception&) {
        }
      } catch (const std::exception& e) {
        problems.add(fmt::format("thread {}: {}", t, e.what()));
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
  for (auto& th : pool) th.join();

  VersionResult out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.increments = increments;
  out.stale = stale;
  out.retries = retries;
  auto c = sql::connect(url);
  for (size_t k = 0; k < ids.size(); ++k) {
    int64_t want_total = 0, want_count = 0;
    for (int t = 0; t < threads; ++t) {
      want_total += sums[static_cast<size_t>(t)][k];
      want_count += counts[static_cast<size_t>(t)][k];
    }
    sql::Result r = c->execute("SELECT total, version FROM load_counter WHERE id = " +
                                   sql::placeholder(c->dialect(), 1),
                               {sql::Value{ids[k]}});
    if (!r.next()) {
      problems.add(fmt::format("counter {} missing", ids[k]));
      continue;
    }
    const int64_t total = r.get_int64(0), version = r.get_int64(1);
    if (total != want_total) {
      problems.add(fmt::format("counter {}: total {} in the table, committed increments sum to {}", ids[k], total,
                               want_total));
    }
    if (version != want_count + 1) {
      problems.add(fmt::format("counter {}: version {}, expected 1 + {} commits", ids[k], version, want_count));
    }
  }
  out.problems = std::move(problems.list);
  return out;
}

}  // namespace strata::reliability::load
