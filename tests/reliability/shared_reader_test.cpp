// Readers shared across threads (issue 9). One Parquet file (10 row groups, small pages, page index,
// dictionaries) is read with 8 filters. The reference is one thread reading each filter once, checked against
// an independent scan of the in-memory table the file was written from (row count and sum of ids). Then
// 8 threads read it at once, each running every filter in its own order several times:
//   - all through ONE FileReader (reader.h: "const members may be called from many threads at once"),
//     with read() and with batches();
//   - each thread with its own FileReader on the same file.
// Every result's canonical dump must equal the one-thread reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <random>
#include <thread>

#include "seed_inputs.h"
#include "strata/columnar/array.h"
#include "strata/columnar/canonical.h"
#include "strata/parquet/filter.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "support/test_support.h"

namespace strata::reliability {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 2;

struct Case {
  std::string filter;
  // The same predicate written by hand over the source table's values (nullopt = null).
  std::function<bool(std::optional<int64_t> id, double amount, std::optional<std::string_view> name, bool flag)>
      keep;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      {"id < 0", [](auto id, double, auto, bool) { return id && *id < 0; }},
      {"id >= 90000", [](auto id, double, auto, bool) { return id && *id >= 90000; }},
      {"amount > 5000 and flag = true", [](auto, double a, auto, bool f) { return a > 5000 && f; }},
      {"name = 'Travel'", [](auto, double, auto n, bool) { return n && *n == "Travel"; }},
      {"name is null", [](auto, double, auto n, bool) { return !n; }},
      {"id is null or amount < 100", [](auto id, double a, auto, bool) { return !id || a < 100; }},
      {"name in ('Dining', 'Grocery') and id > 40000",
       [](auto id, double, auto n, bool) { return n && (*n == "Dining" || *n == "Grocery") && id && *id > 40000; }},
      {"id = 12345", [](auto id, double, auto, bool) { return id && *id == 12345; }},
  };
  return kCases;
}

struct Expected {
  int64_t rows = 0;
  int64_t id_sum = 0;
};

// The independent scan of the source table.
Expected scan(const columnar::Table& table, const Case& c) {
  const columnar::Table t = table.combine_chunks();
  const columnar::Int64Array ids(t.column("id").chunk(0));
  const columnar::DoubleArray amounts(t.column("amount").chunk(0));
  const columnar::StringArray names(t.column("name").chunk(0));
  const columnar::BooleanArray flags(t.column("flag").chunk(0));
  Expected e;
  for (int64_t i = 0; i < t.num_rows(); ++i) {
    const std::optional<int64_t> id = ids.is_null(i) ? std::nullopt : std::optional<int64_t>(ids.value(i));
    const std::optional<std::string_view> name =
        names.is_null(i) ? std::nullopt : std::optional<std::string_view>(names.value(i));
    if (c.keep(id, amounts.value(i), name, flags.value(i))) {
      ++e.rows;
      e.id_sum += id.value_or(0);
    }
  }
  return e;
}

Expected summarise(const columnar::Table& table) {
  Expected e;
  e.rows = table.num_rows();
  for (const auto& chunk : table.column("id").chunks()) {
    const columnar::Int64Array ids(chunk);
    for (int64_t i = 0; i < ids.length(); ++i) e.id_sum += ids.is_null(i) ? 0 : ids.value(i);
  }
  return e;
}

class SharedReader : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = fuzz::seed_table(20'000, 31);
    parquet::WriterOptions o;
    o.row_group_size = 2'000;
    o.data_page_size = 2'048;
    o.threads = 1;
    path_ = dir_ / "shared.parquet";
    parquet::write_table(source_, path_, o);

    const auto reader = parquet::FileReader::open(path_);
    ASSERT_EQ(reader.num_row_groups(), 10);
    for (const auto& c : cases()) {
      parquet::ReadOptions r;
      r.filter = parquet::parse_filter(c.filter);
      r.threads = 1;
      const columnar::Table t = reader.read(r);
      const Expected want = scan(source_, c);
      const Expected got = summarise(t);
      EXPECT_EQ(got.rows, want.rows) << c.filter;
      EXPECT_EQ(got.id_sum, want.id_sum) << c.filter;
      reference_.push_back(columnar::to_canonical(t));
    }
    // The filters must select different, non-trivial parts of the file (else the comparison proves little).
    for (size_t i = 0; i + 1 < cases().size(); ++i) EXPECT_GT(scan(source_, cases()[i]).rows, 0) << cases()[i].filter;
  }

  // Run `read(filter index, thread)` from kThreads threads, each over every filter kRounds times in its own
  // order; return how many results differed from the reference (with the first difference in `first`).
  int run_threads(const std::function<std::string(size_t, int)>& read) {
    std::atomic<int> mismatches{0};
    std::atomic<int> errors{0};
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        std::mt19937 rng(static_cast<uint32_t>(t) * 7919u + 1);
        std::vector<size_t> order(cases().size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        for (int round = 0; round < kRounds; ++round) {
          std::shuffle(order.begin(), order.end(), rng);
          for (size_t k : order) {
            try {
              if (read(k, t) != reference_[k]) {
                if (mismatches++ == 0) {
                  std::lock_guard lock(mutex);
                  first_ = cases()[k].filter;
                }
              }
            } catch (const std::exception& e) {
              errors++;
              std::lock_guard lock(mutex);
              first_ = cases()[k].filter + ": " + e.what();
            }
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(errors.load(), 0) << first_;
    return mismatches.load();
  }

  testing::TempDir dir_;
  std::filesystem::path path_;
  columnar::Table source_;
  std::vector<std::string> reference_;
  std::string first_;
};

parquet::ReadOptions options_for(size_t k, int threads) {
  parquet::ReadOptions r;
  r.filter = parquet::parse_filter(cases()[k].filter);
  r.threads = threads;
  return r;
}

TEST_F(SharedReader, OneReaderManyThreadsRead) {
  const auto reader = parquet::FileReader::open(path_);
  // Alternate 1 and 2 decoding threads per read, so reads also run their own workers concurrently.
  EXPECT_EQ(run_threads([&](size_t k, int t) { return columnar::to_canonical(reader.read(options_for(k, 1 + t % 2))); }),
            0)
      << first_;
}

TEST_F(SharedReader, OneReaderManyThreadsBatches) {
  const auto reader = parquet::FileReader::open(path_);
  EXPECT_EQ(run_threads([&](size_t k, int) {
              auto batches = reader.batches(options_for(k, 1));
              std::vector<columnar::RecordBatch> all;
              while (auto b = batches.next()) all.push_back(std::move(*b));
              if (all.empty()) return columnar::to_canonical(reader.read(options_for(k, 1)));  // no rows: same schema
              return columnar::to_canonical(columnar::Table::from_batches(all, all.front().schema()));
            }),
            0)
      << first_;
}

TEST_F(SharedReader, ReaderPerThread) {
  std::vector<parquet::FileReader> readers;
  for (int t = 0; t < kThreads; ++t) readers.push_back(parquet::FileReader::open(path_));
  EXPECT_EQ(run_threads([&](size_t k, int t) {
              return columnar::to_canonical(readers[static_cast<size_t>(t)].read(options_for(k, 1)));
            }),
            0)
      << first_;
}

}  // namespace
}  // namespace strata::reliability
