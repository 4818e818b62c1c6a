// Compute kernels on 2,000,000-element arrays against a plain memcpy of the same bytes (issue 2, section
// 3). Bytes/s is reported for every case so the kernel/memcpy ratios can be read off directly:
// targets are sum, max and count_true >= 50% of memcpy; filter >= 1 GB/s of input;
// dictionary_encode >= 100 M values/s (items/s).
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/compute/aggregate.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/compute/selection.h"

namespace {

using namespace strata;
constexpr int64_t kN = 2'000'000;

columnar::Array doubles() {
  static columnar::Array a = [] {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> d(-1000, 1000);
    columnar::DoubleBuilder b;
    b.reserve(kN);
    for (int64_t i = 0; i < kN; ++i) b.unsafe_append(d(rng));
    return b.finish();
  }();
  return a;
}

columnar::Array bools(double p_true) {
  std::mt19937_64 rng(7);
  std::bernoulli_distribution d(p_true);
  columnar::BooleanBuilder b;
  b.reserve(kN);
  for (int64_t i = 0; i < kN; ++i) b.unsafe_append(d(rng));
  return b.finish();
}

void memcpy_bytes(benchmark::State& state, int64_t bytes) {
  std::vector<uint8_t> src(static_cast<size_t>(bytes), 1), dst(static_cast<size_t>(bytes));
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), src.size());
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * bytes);
}

void BM_memcpy_float64(benchmark::State& state) { memcpy_bytes(state, kN * 8); }
void BM_memcpy_bitmap(benchmark::State& state) { memcpy_bytes(state, kN / 8); }

void BM_sum_float64(benchmark::State& state) {
  const auto a = doubles();
  for (auto _ : state) benchmark::DoNotOptimize(compute::sum(a));
  state.SetBytesProcessed(state.iterations() * kN * 8);
}

void BM_max_float64(benchmark::State& state) {
  const auto a = doubles();
  for (auto _ : state) benchmark::DoNotOptimize(compute::max(a));
  state.SetBytesProcessed(state.iterations() * kN * 8);
}

void BM_count_true(benchmark::State& state) {
  const auto a = bools(0.5);
  for (auto _ : state) benchmark::DoNotOptimize(compute::count_true(a));
  state.SetBytesProcessed(state.iterations() * kN / 8);
}

void BM_filter_float64_2pct(benchmark::State& state) {
  const auto a = doubles();
  const auto mask = bools(0.02);
  for (auto _ : state) benchmark::DoNotOptimize(compute::filter(a, mask));
  state.SetBytesProcessed(state.iterations() * kN * 8);  // input bytes
}

void BM_dictionary_encode_6_strings(benchmark::State& state) {
  const std::vector<std::string> words = {"apple", "banana", "cherry", "durian", "elderberry", "fig"};
  std::mt19937_64 rng(3);
  columnar::StringBuilder b;
  for (int64_t i = 0; i < kN; ++i) b.append(words[rng() % words.size()]);
  const auto a = b.finish();
  const int64_t bytes = columnar::StringArray(a).total_values_length() + (kN + 1) * 4;
  for (auto _ : state) benchmark::DoNotOptimize(compute::dictionary_encode(a));
  state.SetItemsProcessed(state.iterations() * kN);
  state.SetBytesProcessed(state.iterations() * bytes);
}

BENCHMARK(BM_memcpy_float64);
BENCHMARK(BM_sum_float64);
BENCHMARK(BM_max_float64);
BENCHMARK(BM_memcpy_bitmap);
BENCHMARK(BM_count_true);
BENCHMARK(BM_filter_float64_2pct);
BENCHMARK(BM_dictionary_encode_6_strings);

}  // namespace

BENCHMARK_MAIN();
