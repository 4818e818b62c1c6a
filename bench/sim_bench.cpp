// GBM simulation: the notebook's 100,000 paths x 252 steps (and its 500 x 252), by thread count.
// bench/sim_vs_numpy.py runs this binary and the notebook's numpy code in the same sitting and prints the
// ratios. The timed region includes allocating the output matrix, as numpy's does.
#include <benchmark/benchmark.h>

#include "strata/sim/gbm.h"
#include "strata/sim/normal.h"

namespace {

void BM_GbmPaths(benchmark::State& state) {
  strata::sim::GbmParams params;
  params.paths = state.range(0);
  params.steps = state.range(1);
  const strata::sim::SimOptions options{static_cast<int>(state.range(2))};
  for (auto _ : state) {
    strata::sim::PathMatrix paths = strata::sim::simulate_gbm(params, options);
    benchmark::DoNotOptimize(paths.data());
  }
  state.SetItemsProcessed(state.iterations() * params.paths * params.steps);
}
BENCHMARK(BM_GbmPaths)
    ->ArgNames({"paths", "steps", "threads"})
    ->Args({100'000, 252, 1})
    ->Args({100'000, 252, 2})
    ->Args({500, 252, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same into a matrix allocated once outside the loop: the simulation without first-touch page faults.
void BM_GbmPathsPreallocated(benchmark::State& state) {
  strata::sim::GbmParams params;
  params.paths = state.range(0);
  params.steps = state.range(1);
  const strata::sim::SimOptions options{static_cast<int>(state.range(2))};
  strata::sim::PathMatrix paths(params.paths, params.steps);
  strata::sim::simulate_gbm_into(params, 0, paths, options);  // first touch outside the timings
  for (auto _ : state) {
    strata::sim::simulate_gbm_into(params, 0, paths, options);
    benchmark::DoNotOptimize(paths.data());
  }
  state.SetItemsProcessed(state.iterations() * params.paths * params.steps);
}
BENCHMARK(BM_GbmPathsPreallocated)
    ->ArgNames({"paths", "steps", "threads"})
    ->Args({100'000, 252, 1})
    ->Args({100'000, 252, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The normal generator alone, one stream of 25.2 M values (no matrix allocation in the loop).
void BM_StandardNormal(benchmark::State& state) {
  std::vector<double> out(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    strata::sim::fill_standard_normal(42, 0, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StandardNormal)->Arg(252 * 100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
