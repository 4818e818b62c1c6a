// CSV read and write of the notebook's transaction table. The input is the CSV written by
// ../shared/seed/gen_transactions.py (path in STRATA_TX_CSV; `bench/run_peers.sh` makes it and runs DuckDB's
// side in the same sitting). Arguments: thread count.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/io/output_stream.h"

namespace {

std::filesystem::path input_path() {
  const char* p = std::getenv("STRATA_TX_CSV");
  return p ? p : "build/bench-data/transactions_2000000.csv";
}

void BM_CsvRead(benchmark::State& state) {
  const auto path = input_path();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("set STRATA_TX_CSV to the transaction CSV (see bench/run_peers.sh)");
    return;
  }
  strata::csv::ReadOptions options;
  options.threads = static_cast<int>(state.range(0));
  int64_t rows = 0;
  for (auto _ : state) {
    auto table = strata::csv::read_csv(path, options);
    rows = table.num_rows();
    benchmark::DoNotOptimize(rows);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(BM_CsvRead)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CsvWrite(benchmark::State& state) {
  const auto path = input_path();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("set STRATA_TX_CSV to the transaction CSV (see bench/run_peers.sh)");
    return;
  }
  auto table = strata::csv::read_csv(path);
  const auto out = std::filesystem::temp_directory_path() / "strata_csv_bench_out.csv";
  for (auto _ : state) strata::csv::write_csv(table, out);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(std::filesystem::file_size(out)));
  std::filesystem::remove(out);
}
BENCHMARK(BM_CsvWrite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
