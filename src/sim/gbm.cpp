#include "strata/sim/gbm.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <new>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/normal_internal.h"
#include "strata/core/error.h"
#include "strata/sim/philox.h"

namespace strata::sim {
namespace {

// 64-byte-aligned storage for the step-major scratch block (aligned vector loads in transpose_lanes).
struct AlignedDelete {
  void operator()(double* p) const { ::operator delete(p, std::align_val_t{64}); }
};
using AlignedDoubles = std::unique_ptr<double, AlignedDelete>;
AlignedDoubles allocate_aligned(size_t count) {
  return AlignedDoubles(static_cast<double*>(::operator new(count * sizeof(double), std::align_val_t{64})));
}

struct Scheme {
  PhiloxKey key;
  double s0;
  double drift;  // (mu - 0.5 sigma^2) dt
  double vol;    // sigma sqrt(dt)
  int64_t steps;
  int64_t first_col;  // 1 when column 0 holds S0
};

// dst[0, n) = src[0, n) with non-temporal stores: the finished paths go straight to memory instead of first
// reading every destination line into the cache (a write-allocate that doubled the memory traffic of the
// 200 MB matrix) and evicting the scratch rows still in use: 100,000 x 252 into a reused matrix, 69 ms against
// 79 with plain stores (sim_bench, 1 thread); into a new matrix no difference (the kernel's zeroing of each
// faulted page costs the same either way). Bit-for-bit a copy. Callers end with stream_fence() before other
// threads read the rows.
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512f"))) void stream_copy_avx512(double* dst, const double* src, int64_t n) {
  int64_t i = 0;
  for (; i < n && (reinterpret_cast<uintptr_t>(dst + i) & 63) != 0; ++i) dst[i] = src[i];
  for (; i + 8 <= n; i += 8) _mm512_stream_pd(dst + i, _mm512_loadu_pd(src + i));
  for (; i < n; ++i) dst[i] = src[i];
}

void stream_copy_sse2(double* dst, const double* src, int64_t n) {
  int64_t i = 0;
  for (; i < n && (reinterpret_cast<uintptr_t>(dst + i) & 15) != 0; ++i) dst[i] = src[i];
  for (; i + 2 <= n; i += 2) _mm_stream_pd(dst + i, _mm_loadu_pd(src + i));
  for (; i < n; ++i) dst[i] = src[i];
}

using StreamCopyFn = void (*)(double*, const double*, int64_t);
StreamCopyFn select_stream_copy() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? stream_copy_avx512 : stream_copy_sse2;
}

void stream_copy(double* dst, const double* src, int64_t n) {
  static const StreamCopyFn fn = select_stream_copy();
  fn(dst, src, n);
}

void stream_fence() { _mm_sfence(); }
#else
void stream_copy(double* dst, const double* src, int64_t n) { std::copy(src, src + n, dst); }
void stream_fence() {}
#endif

// rows[g][s] = lanes[s * kGbmLanes + g] for g < row_count, s < steps: the step-major block of a group of paths
// written out as rows. A copy, bit for bit, whichever version runs.
void transpose_lanes_portable(const double* lanes, int64_t steps, double* const* rows, int row_count) {
  for (int g = 0; g < row_count; ++g) {
    double* row = rows[g];
    for (int64_t step_idx = 0; step_idx < steps; ++step_idx) row[step_idx] = lanes[step_idx * detail::kGbmLanes + g];
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// GCC 12's avx512fintrin.h trips -Wmaybe-uninitialized on its own _mm512_undefined_pd (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// 8 x 8 tiles: unpack pairs within 128-bit lanes, then two rounds of two-source permutes.
__attribute__((target("avx512f"))) void transpose_lanes_avx512(const double* lanes, int64_t steps,
                                                               double* const* rows, int row_count) {
  static_assert(detail::kGbmLanes == 8);
  if (row_count != 8) {
    transpose_lanes_portable(lanes, steps, rows, row_count);
    return;
  }
  const __m512i lo_pairs = _mm512_setr_epi64(0, 1, 8, 9, 4, 5, 12, 13);
  const __m512i hi_pairs = _mm512_setr_epi64(2, 3, 10, 11, 6, 7, 14, 15);
  const __m512i lo_halves = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
  const __m512i hi_halves = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
  int64_t s = 0;
  for (; s + 8 <= steps; s += 8) {
    const double* in = lanes + s * 8;
    __m512d r[8];
    for (int k = 0; k < 8; ++k) r[k] = _mm512_load_pd(in + k * 8);
    __m512d t[8];
    for (int k = 0; k < 8; k += 2) {
      t[k] = _mm512_unpacklo_pd(r[k], r[k + 1]);      // r_k[0] r_k+1[0] | r_k[2] r_k+1[2] | ...
      t[k + 1] = _mm512_unpackhi_pd(r[k], r[k + 1]);  // r_k[1] r_k+1[1] | r_k[3] r_k+1[3] | ...
    }
    // x[j]: lanes j and j + 4 of steps s..s+3 (rows 0-3) or s+4..s+7 (rows 4-7 for the upper four).
    const __m512d x0 = _mm512_permutex2var_pd(t[0], lo_pairs, t[2]);  // lanes 0 and 4, steps 0-3
    const __m512d x2 = _mm512_permutex2var_pd(t[0], hi_pairs, t[2]);  // lanes 2 and 6
    const __m512d x1 = _mm512_permutex2var_pd(t[1], lo_pairs, t[3]);  // lanes 1 and 5
    const __m512d x3 = _mm512_permutex2var_pd(t[1], hi_pairs, t[3]);  // lanes 3 and 7
    const __m512d y0 = _mm512_permutex2var_pd(t[4], lo_pairs, t[6]);  // the same for steps 4-7
    const __m512d y2 = _mm512_permutex2var_pd(t[4], hi_pairs, t[6]);
    const __m512d y1 = _mm512_permutex2var_pd(t[5], lo_pairs, t[7]);
    const __m512d y3 = _mm512_permutex2var_pd(t[5], hi_pairs, t[7]);
    _mm512_storeu_pd(rows[0] + s, _mm512_permutex2var_pd(x0, lo_halves, y0));
    _mm512_storeu_pd(rows[4] + s, _mm512_permutex2var_pd(x0, hi_halves, y0));
    _mm512_storeu_pd(rows[2] + s, _mm512_permutex2var_pd(x2, lo_halves, y2));
    _mm512_storeu_pd(rows[6] + s, _mm512_permutex2var_pd(x2, hi_halves, y2));
    _mm512_storeu_pd(rows[1] + s, _mm512_permutex2var_pd(x1, lo_halves, y1));
    _mm512_storeu_pd(rows[5] + s, _mm512_permutex2var_pd(x1, hi_halves, y1));
    _mm512_storeu_pd(rows[3] + s, _mm512_permutex2var_pd(x3, lo_halves, y3));
    _mm512_storeu_pd(rows[7] + s, _mm512_permutex2var_pd(x3, hi_halves, y3));
  }
  for (; s < steps; ++s) {
    for (int g = 0; g < 8; ++g) rows[g][s] = lanes[s * 8 + g];
  }
}

#pragma GCC diagnostic pop

using TransposeFn = void (*)(const double*, int64_t, double* const*, int);
TransposeFn select_transpose() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? transpose_lanes_avx512 : transpose_lanes_portable;
}
#else
using TransposeFn = void (*)(const double*, int64_t, double* const*, int);
TransposeFn select_transpose() { return transpose_lanes_portable; }
#endif

void transpose_lanes(const double* lanes, int64_t steps, double* const* rows, int row_count) {
  static const TransposeFn fn = select_transpose();
  fn(lanes, steps, rows, row_count);
}

// Rows [begin, end) of `out`, which hold paths first_path + begin, ... kGbmLanes paths at a time, one per vector
// lane: their running sums step-major in a scratch block (8 x 252 doubles, 16 KB: it stays in L1), exp in
// place, transposed into a second block laid out as the group's rows in `out`, which is streamed out in one
// copy. A last group of fewer paths computes all the lanes and keeps its own.
// Longer paths (more than kMaxLaneSteps steps, where the two scratch blocks would pass 2 x 256 KB) go one at a
// time through the same arithmetic in place in their rows: normals as increments, running sum, exp.
constexpr int64_t kMaxLaneSteps = 4096;

void simulate_rows_in_place(const Scheme& scheme, int64_t first_path, PathMatrix& out, int64_t begin, int64_t end) {
  for (int64_t row_idx = begin; row_idx < end; ++row_idx) {
    double* row = out.row(row_idx).data();
    if (scheme.first_col == 1) row[0] = scheme.s0;
    double* values = row + scheme.first_col;
    detail::fill_normal_stream(scheme.key, static_cast<uint64_t>(first_path + row_idx), values, scheme.steps,
                               scheme.drift, scheme.vol);
    double acc = 0.0;
    for (int64_t step_idx = 0; step_idx < scheme.steps; ++step_idx) {
      acc += values[step_idx];
      values[step_idx] = acc;
    }
    detail::scaled_exp_in_place(values, scheme.steps, scheme.s0);
  }
}

void simulate_rows(const Scheme& scheme, int64_t first_path, PathMatrix& out, int64_t begin, int64_t end) {
  constexpr int64_t kLanes = detail::kGbmLanes;
  const int64_t steps = scheme.steps;
  const int64_t cols = out.cols();
  if (steps > kMaxLaneSteps) {
    simulate_rows_in_place(scheme, first_path, out, begin, end);
    return;
  }
  const AlignedDoubles lanes = allocate_aligned(static_cast<size_t>((steps + 1) / 2 * 2 * kLanes));
  const AlignedDoubles block = allocate_aligned(static_cast<size_t>(kLanes * cols));
  for (int64_t group_begin = begin; group_begin < end; group_begin += kLanes) {
    const int row_count = static_cast<int>(std::min(kLanes, end - group_begin));
    detail::cumulative_normal_lanes(scheme.key, static_cast<uint64_t>(first_path + group_begin), steps,
                                    scheme.drift, scheme.vol, lanes.get());
    detail::scaled_exp_in_place(lanes.get(), steps * kLanes, scheme.s0);
    double* rows[kLanes];
    for (int g = 0; g < row_count; ++g) {
      double* row = block.get() + g * cols;
      if (scheme.first_col == 1) row[0] = scheme.s0;
      rows[g] = row + scheme.first_col;
    }
    transpose_lanes(lanes.get(), steps, rows, row_count);
    stream_copy(out.row(group_begin).data(), block.get(), row_count * cols);
  }
  stream_fence();
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
