#include "strata/sim/gbm.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "sim/normal_internal.h"
#include "strata/core/error.h"
#include "strata/sim/philox.h"

namespace strata::sim {
namespace {

// Rows processed together so the running sums of kGroup paths form independent dependency chains
// (one add each per step) instead of one chain of latency-bound adds. With 4 chains the loop still waited on
// the adds' latency (3 cycles for 4 values); 8 make it bound by loads and stores (perf, 100,000 x 252).
constexpr int64_t kGroup = 8;

struct Scheme {
  PhiloxKey key;
  double s0;
  double drift;  // (mu - 0.5 sigma^2) dt
  double vol;    // sigma sqrt(dt)
  int64_t steps;
  int64_t first_col;  // 1 when column 0 holds S0
};

// Rows [begin, end) of `out`, which hold paths first_path + begin, ...
void simulate_rows(const Scheme& scheme, int64_t first_path, PathMatrix& out, int64_t begin, int64_t end) {
  const int64_t steps = scheme.steps;
  for (int64_t group_begin = begin; group_begin < end; group_begin += kGroup) {
    const int64_t group_size = std::min(kGroup, end - group_begin);
    double* rows[kGroup];
    for (int64_t g = 0; g < group_size; ++g) {
      const int64_t row_idx = group_begin + g;
      const int64_t path_idx = first_path + row_idx;
      double* row = out.row(row_idx).data();
      if (scheme.first_col == 1) row[0] = scheme.s0;
      rows[g] = row + scheme.first_col;
      // The increments drift + vol * w, straight from the normal generator.
      detail::fill_normal_stream(scheme.key, static_cast<uint64_t>(path_idx), rows[g], steps, scheme.drift,
                                 scheme.vol);
    }
    // Running sums of the increments, from the first one, as numpy's cumsum.
    if (group_size == kGroup) {
      double acc[kGroup] = {};
      for (int64_t step_idx = 0; step_idx < steps; ++step_idx) {
        for (int64_t g = 0; g < kGroup; ++g) {
          acc[g] += rows[g][step_idx];
          rows[g][step_idx] = acc[g];
        }
      }
    } else {
      for (int64_t g = 0; g < group_size; ++g) {
        double acc = 0.0;
        for (int64_t step_idx = 0; step_idx < steps; ++step_idx) {
          acc += rows[g][step_idx];
          rows[g][step_idx] = acc;
        }
      }
    }
    for (int64_t g = 0; g < group_size; ++g) detail::scaled_exp_in_place(rows[g], steps, scheme.s0);
  }
}

}  // namespace

int resolve_threads(const SimOptions& options) {
  if (options.threads < 0) raise("simulation: thread count {} is negative", options.threads);
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

Scheme make_scheme(const GbmParams& params) {
  if (params.steps <= 0) raise("simulate_gbm: steps must be positive, got {}", params.steps);
  if (!(params.s0 > 0.0) || !std::isfinite(params.s0)) raise("simulate_gbm: S0 must be positive, got {}", params.s0);
  if (!(params.sigma >= 0.0) || !std::isfinite(params.sigma)) {
    raise("simulate_gbm: sigma must be finite and non-negative, got {}", params.sigma);
  }
  if (!std::isfinite(params.mu)) raise("simulate_gbm: mu must be finite, got {}", params.mu);
  const double dt = params.dt == 0.0 ? 1.0 / static_cast<double>(params.steps) : params.dt;
  if (!(dt > 0.0) || !std::isfinite(dt)) raise("simulate_gbm: dt must be positive, got {}", params.dt);
  if (static_cast<uint64_t>(params.steps) > 2 * detail::kMaxBlocksPerStream) {
    raise("simulate_gbm: {} steps exceed the {} normals of one stream", params.steps,
          2 * detail::kMaxBlocksPerStream);
  }
  // As numpy evaluates the notebook: drift = (mu - 0.5 * sigma**2) * dt and vol = sigma * sqrt(dt) once.
  return Scheme{philox_key_from_seed(params.seed), params.s0,
                (params.mu - 0.5 * (params.sigma * params.sigma)) * dt, params.sigma * std::sqrt(dt),
                params.steps, params.include_initial ? 1 : 0};
}

}  // namespace

void simulate_gbm_into(const GbmParams& params, int64_t first_path, PathMatrix& out, const SimOptions& options) {
  const Scheme scheme = make_scheme(params);
  if (out.cols() != params.steps + scheme.first_col) {
    raise("simulate_gbm_into: the matrix has {} columns, the simulation needs {}", out.cols(),
          params.steps + scheme.first_col);
  }
  if (first_path < 0) raise("simulate_gbm_into: first path {} is negative", first_path);
  const int64_t rows = out.rows();
  // Small jobs stay on the calling thread: a thread costs more than 64 paths of work.
  const int threads = static_cast<int>(std::min<int64_t>(resolve_threads(options), std::max<int64_t>(1, rows / 64)));
  if (threads <= 1) {
    simulate_rows(scheme, first_path, out, 0, rows);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (int t = 0; t < threads; ++t) {
    const int64_t begin = rows * t / threads;
    const int64_t end = rows * (t + 1) / threads;
    workers.emplace_back([&scheme, &out, first_path, begin, end] { simulate_rows(scheme, first_path, out, begin, end); });
  }
  for (auto& worker : workers) worker.join();
}

PathMatrix simulate_gbm(const GbmParams& params, const SimOptions& options) {
  if (params.paths < 0) raise("simulate_gbm: paths must not be negative, got {}", params.paths);
  (void)make_scheme(params);  // validate before allocating
  PathMatrix out(params.paths, params.steps + (params.include_initial ? 1 : 0));
  simulate_gbm_into(params, 0, out, options);
  return out;
}

std::vector<double> linspace(double start, double stop, int64_t n) {
  if (n < 0) raise("linspace: n must not be negative, got {}", n);
  std::vector<double> out(static_cast<size_t>(n));
  if (n == 0) return out;
  if (n == 1) {
    out[0] = start;
    return out;
  }
  // numpy: step = (stop - start) / (n - 1); y = arange(n) * step + start; y[-1] = stop.
  const double step = (stop - start) / static_cast<double>(n - 1);
  for (int64_t i = 0; i < n; ++i) out[i] = static_cast<double>(i) * step + start;
  out[n - 1] = stop;
  return out;
}

}  // namespace strata::sim
