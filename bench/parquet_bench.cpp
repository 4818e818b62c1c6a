// The notebook's Parquet workload on the transaction table (PEERS.md): write with snappy in row groups of
// 50,000 with statistics, a full read into a table, and the pushdown read of transaction_id, amount and
// category where is_fraud; plus a full read followed by a filter, which the pushdown read must beat.
// Input: STRATA_TX_CSV (see bench/run_peers.sh, which also runs DuckDB on the same files in the same sitting).
// Argument: thread count.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "strata/csv/reader.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace {

using namespace strata;

const columnar::Table* transactions() {
  static const columnar::Table* table = [] {
    const char* p = std::getenv("STRATA_TX_CSV");
    const std::filesystem::path path = p ? p : "build/bench-data/transactions_200000.csv";
    if (!std::filesystem::exists(path)) return static_cast<columnar::Table*>(nullptr);
    csv::ReadOptions o;
    o.schema = columnar::schema({columnar::field("transaction_id", columnar::int64()),
                                 columnar::field("customer_id", columnar::int32()),
                                 columnar::field("amount", columnar::float64()),
                                 columnar::field("currency", columnar::utf8()),
                                 columnar::field("category", columnar::utf8()),
                                 columnar::field("timestamp", columnar::timestamp(columnar::TimeUnit::kMilli)),
                                 columnar::field("is_fraud", columnar::boolean())});
    return new columnar::Table(csv::read_csv(path, o));
  }();
  return table;
}

std::filesystem::path parquet_path() { return std::filesystem::temp_directory_path() / "strata_bench_tx.parquet"; }

parquet::WriterOptions notebook_options(int threads) {
  parquet::WriterOptions o;
  o.compression = io::CompressionType::kSnappy;
  o.row_group_size = 50000;
  o.threads = threads;
  return o;
}

void ensure_file() {
  static bool written = false;
  if (!written) {
    parquet::write_table(*transactions(), parquet_path(), notebook_options(0));
    written = true;
  }
}

void BM_ParquetWrite(benchmark::State& state) {
  if (!transactions()) return state.SkipWithError("set STRATA_TX_CSV (bench/run_peers.sh)");
  const auto options = notebook_options(static_cast<int>(state.range(0)));
  const auto out = std::filesystem::temp_directory_path() / "strata_bench_write.parquet";
  for (auto _ : state) parquet::write_table(*transactions(), out, options);
  state.counters["file_bytes"] = static_cast<double>(std::filesystem::file_size(out));
  state.counters["rows"] = static_cast<double>(transactions()->num_rows());
}
BENCHMARK(BM_ParquetWrite)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParquetReadFull(benchmark::State& state) {
  if (!transactions()) return state.SkipWithError("set STRATA_TX_CSV (bench/run_peers.sh)");
  ensure_file();
  parquet::ReadOptions o;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto t = parquet::read_table(parquet_path(), o);
    benchmark::DoNotOptimize(t.num_rows());
  }
}
BENCHMARK(BM_ParquetReadFull)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParquetReadPushdown(benchmark::State& state) {
  if (!transactions()) return state.SkipWithError("set STRATA_TX_CSV (bench/run_peers.sh)");
  ensure_file();
  parquet::ReadOptions o;
  o.threads = static_cast<int>(state.range(0));
  o.columns = {"transaction_id", "amount", "category"};
  o.filter = parquet::parse_filter("is_fraud = true");
  int64_t rows = 0;
  for (auto _ : state) {
    auto t = parquet::read_table(parquet_path(), o);
    rows = t.num_rows();
  }
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(BM_ParquetReadPushdown)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParquetReadThenFilter(benchmark::State& state) {
  if (!transactions()) return state.SkipWithError("set STRATA_TX_CSV (bench/run_peers.sh)");
  ensure_file();
  parquet::ReadOptions o;
  o.threads = static_cast<int>(state.range(0));
  const auto filter = parquet::parse_filter("is_fraud = true");
  for (auto _ : state) {
    auto t = parquet::apply_filter(parquet::read_table(parquet_path(), o), filter)
                 .select(std::vector<std::string>{"transaction_id", "amount", "category"});
    benchmark::DoNotOptimize(t.num_rows());
  }
}
BENCHMARK(BM_ParquetReadThenFilter)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
