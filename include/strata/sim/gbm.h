// Monte Carlo geometric Brownian motion, the notebook's scheme:
//
//   W = standard normals (paths x steps);  dt = 1 / steps
//   paths = S0 * exp(cumsum((mu - 0.5 sigma^2) dt + sigma sqrt(dt) W, axis=1))
//
// evaluated in the same order as numpy (drift and vol computed once; each increment drift + vol * w; a
// running sum from the first increment; then S0 * exp). Path p uses normal stream p under the seed
// (normal.h), so the matrix depends only on the parameters and the seed, never on the thread count.
//
//   sim::GbmParams params;                 // the notebook's S0=100, mu=0.08, sigma=0.2, 500 x 252
//   sim::PathMatrix paths = sim::simulate_gbm(params);
//   std::vector<double> final_prices = paths.column(paths.cols() - 1);
//   sim::RiskSummary risk = sim::summarize_risk(final_prices);    // risk.h
#pragma once

#include <cstdint>
#include <vector>

#include "strata/sim/path_matrix.h"

namespace strata::sim {

struct GbmParams {
  double s0 = 100.0;
  double mu = 0.08;
  double sigma = 0.20;
  int64_t steps = 252;
  int64_t paths = 500;
  // Time step in years; 0 means 1 / steps, as the notebook.
  double dt = 0.0;
  uint64_t seed = 42;
  // The notebook's matrix has `steps` columns, the first already one step past S0. With true, column 0 holds
  // S0 and the matrix has steps + 1 columns.
  bool include_initial = false;
};

struct SimOptions {
  // Worker threads; 0 means std::thread::hardware_concurrency(). The result never depends on it.
  int threads = 0;
};

// Simulate params.paths GBM paths. Throws InvalidArgument for non-positive steps, negative paths,
// non-finite or negative sigma, non-positive S0 or dt.
PathMatrix simulate_gbm(const GbmParams& params, const SimOptions& options = {});

// Simulate paths [first_path, first_path + out.rows()) into `out`, which must have params.steps columns (+1
// with include_initial); params.paths is ignored. Row r of `out` is exactly row first_path + r of
// simulate_gbm(params): use it to simulate in blocks (e.g. one HDF5 hyperslab at a time) or to reuse memory.
void simulate_gbm_into(const GbmParams& params, int64_t first_path, PathMatrix& out, const SimOptions& options = {});

// The notebook's time axis: numpy.linspace(0, 1, n) (n evenly spaced values, the last exactly 1).
std::vector<double> linspace(double start, double stop, int64_t n);

// Threads simulate_gbm would use for `options` (resolves 0 to the hardware concurrency, at least 1).
int resolve_threads(const SimOptions& options);

}  // namespace strata::sim
