// The streaming writer's peak memory (issue 3: "The streaming writer's peak memory on 2M rows stays under twice
// the largest row group's in-memory size"). Writes ROWS rows (default 2,000,000) of the transaction table,
// in batches of BATCH rows (default 10,000), made beforehand and each dropped after its write, through parquet::FileWriter
// with the notebook's options (snappy, row groups of 50,000, statistics) and reports, per thread count:
//   - heap: the peak of live heap bytes while writing, above what was live before the writer opened. Every
//     malloc / calloc / realloc / aligned_alloc / posix_memalign / memalign / free of the process goes through
//     the counting wrappers below (sizes from malloc_usable_size), so this counts exactly what the writer,
//     its encoders and codecs and the batches it still references hold at the worst moment (the batches not yet
//     handed over are subtracted).
//   - rss: the growth of the peak resident set (getrusage ru_maxrss) over the resident set before writing, a
//     coarser check that includes allocator slack and freed-but-kept pages.
// and compares both with one row group's in-memory size: the Arrow buffers of a 50,000-row batch.
// Usage: parquet_stream_memory [ROWS] [BATCH] [THREADS] (default: 2 then 1 thread). Exit status 1 when the heap peak is not under twice that size.
// (Under sanitizers the counting wrappers are left out and only the RSS figure is printed.)
#include <malloc.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/record_batch.h"
#include "strata/parquet/writer.h"

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define STRATA_COUNT_HEAP 1
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

namespace {
std::atomic<int64_t> g_live{0};
std::atomic<int64_t> g_peak{0};
std::atomic<int64_t> g_not_yet_written{0};  // bytes of input batches the writer has not been given yet

void* counted(void* p) {
  if (p != nullptr) {
    const int64_t now = g_live.fetch_add(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed) +
                        static_cast<int64_t>(malloc_usable_size(p)) - g_not_yet_written.load(std::memory_order_relaxed);
    int64_t peak = g_peak.load(std::memory_order_relaxed);
    while (now > peak && !g_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
  }
  return p;
}
void uncount(void* p) {
  if (p != nullptr) g_live.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)), std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* malloc(size_t n) { return counted(__libc_malloc(n)); }
void* calloc(size_t n, size_t m) { return counted(__libc_calloc(n, m)); }
void* realloc(void* p, size_t n) {
  uncount(p);
  void* q = __libc_realloc(p, n);
  if (q == nullptr && n != 0) {
    counted(p);  // the old block is still live
    return nullptr;
  }
  return counted(q);
}
void free(void* p) {
  uncount(p);
  __libc_free(p);
}
void* memalign(size_t a, size_t n) { return counted(__libc_memalign(a, n)); }
void* aligned_alloc(size_t a, size_t n) { return counted(__libc_memalign(a, n)); }
int posix_memalign(void** out, size_t a, size_t n) {
  void* p = counted(__libc_memalign(a, n));
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}
#endif

namespace {

using namespace strata;

// The transaction table's shape (../shared/seed/gen_transactions.py), `rows` rows from `first`.
columnar::RecordBatch make_batch(int64_t first, int64_t rows, std::mt19937_64& rng) {
  static const char* kCurrencies[] = {"USD", "EUR", "GBP", "JPY"};
  static const char* kCategories[] = {"Electronics", "Groceries", "Travel", "Dining", "Healthcare", "Entertainment"};
  std::lognormal_distribution<double> amount(3.5, 1.2);
  columnar::Int64Builder id;
  columnar::Int32Builder customer;
  columnar::DoubleBuilder amounts;
  columnar::StringBuilder currency, category;
  columnar::NumericBuilder<int64_t> ts(columnar::timestamp(columnar::TimeUnit::kMilli));
  columnar::BooleanBuilder fraud;
  for (int64_t r = 0; r < rows; ++r) {
    const bool is_fraud = rng() % 50 == 0;
    id.append(first + r);
    customer.append(static_cast<int32_t>(1 + rng() % 10000));
    amounts.append(amount(rng) * (is_fraud ? 5.0 : 1.0));
    currency.append(kCurrencies[rng() % 4]);
    category.append(kCategories[rng() % 6]);
    ts.append(1704067200000LL + static_cast<int64_t>(rng() % 31536000000ULL));
    fraud.append(is_fraud);
  }
  auto schema = columnar::schema({columnar::field("transaction_id", columnar::int64()),
                                  columnar::field("customer_id", columnar::int32()),
                                  columnar::field("amount", columnar::float64()),
                                  columnar::field("currency", columnar::utf8()),
                                  columnar::field("category", columnar::utf8()),
                                  columnar::field("timestamp", columnar::timestamp(columnar::TimeUnit::kMilli)),
                                  columnar::field("is_fraud", columnar::boolean())});
  // Exact-size copies of the builders' buffers (which grow by doubling), so a batch takes what it holds and
  // one row group's size below is what a row group of batches really occupies.
  std::vector<columnar::Array> columns;
  for (auto a : {id.finish(), customer.finish(), amounts.finish(), currency.finish(), category.finish(), ts.finish(),
                 fraud.finish()}) {
    auto data = std::make_shared<columnar::ArrayData>(*a.data());
    for (auto& b : data->buffers) {
      if (b) b = columnar::Buffer::copy_of(b->data(), b->size());
    }
    columns.emplace_back(data);
  }
  return columnar::RecordBatch(schema, std::move(columns), rows);
}

int64_t buffer_bytes(const columnar::RecordBatch& b) {
  int64_t n = 0;
  for (int c = 0; c < b.num_columns(); ++c) {
    for (const auto& buf : b.column(c).data()->buffers) n += buf ? buf->size() : 0;
  }
  return n;
}

// The heap bytes a batch's buffers take (as the counting wrappers see them).
int64_t heap_bytes(const columnar::RecordBatch& b) {
  int64_t n = 0;
  for (int c = 0; c < b.num_columns(); ++c) {
    for (const auto& buf : b.column(c).data()->buffers) {
      if (buf) n += static_cast<int64_t>(malloc_usable_size(const_cast<uint8_t*>(buf->data())));
    }
  }
  return n;
}

int64_t rss_kb() {
  std::ifstream in("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  in >> pages >> resident;
  return resident * 4;
}

int64_t max_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  const int64_t rows = argc > 1 ? std::atoll(argv[1]) : 2'000'000;
  const int64_t batch = argc > 2 ? std::atoll(argv[2]) : 10'000;
  constexpr int64_t kRowGroup = 50'000;
  std::mt19937_64 rng(7);
  const int64_t group_bytes = buffer_bytes(make_batch(0, kRowGroup, rng));
  std::printf("rows %lld, batches of %lld, row groups of %lld; one row group in memory: %.2f MB\n",
              static_cast<long long>(rows), static_cast<long long>(batch), static_cast<long long>(kRowGroup),
              static_cast<double>(group_bytes) / 1e6);
  const auto path = std::filesystem::temp_directory_path() / "strata_stream_memory.parquet";
  bool ok = true;
  // The thread counts from the largest: ru_maxrss only rises, so a later run can only under-report its own RSS
  // growth when an earlier one peaked higher (its heap figure is exact either way).
  std::vector<int> thread_counts = {2, 1};
  if (argc > 3) thread_counts = {std::atoi(argv[3])};
  for (int threads : thread_counts) {
    parquet::WriterOptions o;
    o.compression = io::CompressionType::kSnappy;
    o.row_group_size = kRowGroup;
    o.threads = threads;
    // All batches are made first (the caller's work is not the writer's memory), then handed over one by one
    // and dropped after each write: what stays live is what the writer keeps (its buffered row group included).
    std::vector<columnar::RecordBatch> input;
    int64_t input_bytes = 0;
    for (int64_t at = 0; at < rows; at += batch) {
      input.push_back(make_batch(at, std::min(batch, rows - at), rng));
      input_bytes += heap_bytes(input.back());
    }
    const int64_t rss_before = rss_kb();
#ifdef STRATA_COUNT_HEAP
    g_not_yet_written.store(input_bytes);
    const int64_t live_before = g_live.load() - input_bytes;
    g_peak.store(live_before);
#endif
    {
      parquet::FileWriter writer(path, input.front().schema(), o);
      for (auto& b : input) {
        const int64_t bytes = heap_bytes(b);
        columnar::RecordBatch mine = std::move(b);
        b = columnar::RecordBatch();
#ifdef STRATA_COUNT_HEAP
        g_not_yet_written.fetch_sub(bytes);
#endif
        writer.write(mine);
      }
      writer.close();
    }
    input.clear();
    const int64_t rss_growth = std::max<int64_t>(0, max_rss_kb() - rss_before);
    std::printf("threads %d: file %.1f MB", threads, static_cast<double>(std::filesystem::file_size(path)) / 1e6);
#ifdef STRATA_COUNT_HEAP
    const int64_t heap = g_peak.load() - live_before;
    std::printf(", peak heap above the start %.2f MB (%.2fx a row group)", static_cast<double>(heap) / 1e6,
                static_cast<double>(heap) / static_cast<double>(group_bytes));
    ok = ok && heap < 2 * group_bytes;
#endif
    std::printf(", peak RSS growth %.2f MB (%.2fx)\n", static_cast<double>(rss_growth) * 1024 / 1e6,
                static_cast<double>(rss_growth) * 1024 / static_cast<double>(group_bytes));
  }
  std::filesystem::remove(path);
  std::printf("%s\n", ok ? "under twice a row group" : "OVER twice a row group");
  return ok ? 0 : 1;
}
