// Feather (Arrow IPC file) write and read of the notebook's transaction table, 2,000,000 rows by default
// (STRATA_TX_ROWS). The read of an uncompressed file is zero-copy from the memory map, so its speed is the
// bytes of the table over the time to map, check and wrap them. Figures: bytes/s of the table's buffers.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/tour/transactions.h"

namespace {

using namespace strata;

const columnar::Table& table() {
  static const columnar::Table t = [] {
    const char* rows = std::getenv("STRATA_TX_ROWS");
    return tour::generate_transactions(rows ? std::atoll(rows) : 2000000);
  }();
  return t;
}

std::filesystem::path path(const char* name) { return std::filesystem::temp_directory_path() / name; }

void BM_FeatherWrite(benchmark::State& state) {
  ipc::WriteOptions o;
  if (state.range(0) == 1) o.compression = io::CompressionType::kLz4Frame;
  if (state.range(0) == 2) o.compression = io::CompressionType::kZstd;
  const auto file = path("strata_bench.feather");
  for (auto _ : state) ipc::write_feather(table(), file, o);
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(file));
  state.counters["file_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_FeatherWrite)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FeatherRead(benchmark::State& state) {
  ipc::WriteOptions o;
  if (state.range(0) == 1) o.compression = io::CompressionType::kLz4Frame;
  const auto file = path("strata_bench_read.feather");
  ipc::write_feather(table(), file, o);
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(file));
  for (auto _ : state) {
    auto t = ipc::read_feather(file);
    benchmark::DoNotOptimize(t.num_rows());
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}
BENCHMARK(BM_FeatherRead)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
