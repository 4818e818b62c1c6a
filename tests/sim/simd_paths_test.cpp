// The vectorised paths of sim/ against the scalar kernels, bit for bit. The kernels spell out every fused
// multiply-add (fast_math_internal.h) and sim/ compiles without contraction, so the baseline x86-64, AVX2 and
// AVX-512 builds compute the same numbers; here the build this CPU dispatches to (AVX-512 on the development
// machine) is compared with the kernels evaluated one value at a time in this (baseline) translation unit.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "sim/fast_math_internal.h"
#include "sim/normal_internal.h"
#include "strata/sim/gbm.h"
#include "strata/sim/normal.h"
#include "strata/sim/philox.h"

namespace strata::sim {
namespace {

TEST(SimdPathsTest, VectorNormalsEqualTheScalarKernels) {
  constexpr int kCount = 5001;  // 19 batches of 128 blocks and an odd tail
  for (uint64_t stream : {uint64_t{0}, uint64_t{77}, (uint64_t{1} << 32) + 5}) {
    std::vector<double> z(kCount);
    fill_standard_normal(2024, stream, z);
    for (int i = 0; i < kCount; ++i) {
      const UniformPair u = box_muller_uniforms(2024, stream, static_cast<uint64_t>(i / 2));
      const double r = std::sqrt(-2.0 * detail::fast_log(u.u1));
      double sin_v;
      double cos_v;
      detail::fast_sincos_2pi(u.u2, &sin_v, &cos_v);
      const double expected = i % 2 == 0 ? r * cos_v : r * sin_v;
      ASSERT_EQ(std::bit_cast<uint64_t>(z[i]), std::bit_cast<uint64_t>(expected))
          << "stream " << stream << " index " << i << ": " << z[i] << " vs " << expected;
    }
  }
}

TEST(SimdPathsTest, VectorExpEqualsTheScalarKernel) {
  std::vector<double> x;
  for (int i = 0; i < 3000; ++i) x.push_back(-720.0 + 1440.0 * i / 2999.0);  // clamped ends included
  for (int i = 0; i < 3000; ++i) x.push_back(std::ldexp(static_cast<double>(i) - 1500.0, -9));  // GBM's range
  std::vector<double> out(x.size());
  detail::exp_kernel(x, out);
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = detail::fast_exp(x[i]);
    ASSERT_EQ(std::bit_cast<uint64_t>(out[i]), std::bit_cast<uint64_t>(expected)) << "exp(" << x[i] << ")";
  }
}

// simulate_gbm runs 8 paths per vector lane set (step-major running sums, then transposed); each row must be
// exactly the per-path pipeline: stream's increments drift + vol * z, summed in step order, then S0 * exp.
TEST(SimdPathsTest, LanesEqualThePerPathPipeline) {
  // 37 steps: odd, the last Philox block gives one value; 4099: past kMaxLaneSteps, the paths go one at a
  // time in place (gbm.cpp), which must give the same rows.
  for (int64_t steps : {int64_t{37}, int64_t{4099}}) {
    GbmParams params;
    params.steps = steps;
    params.seed = 99;
    params.include_initial = true;
    const double dt = 1.0 / static_cast<double>(steps);
    const double drift = (params.mu - 0.5 * (params.sigma * params.sigma)) * dt;
    const double vol = params.sigma * std::sqrt(dt);
    // 21 rows: two full lane sets and 5 rows; the stream numbers cross 2^32 inside the first set.
    const int64_t first_path = (int64_t{1} << 32) - 5;
    for (int threads : {1, 2}) {
      PathMatrix out(21, steps + 1);
      simulate_gbm_into(params, first_path, out, {threads});
      std::vector<double> row(static_cast<size_t>(steps));
      for (int64_t r = 0; r < out.rows(); ++r) {
        detail::fill_normal_stream(philox_key_from_seed(99), static_cast<uint64_t>(first_path + r), row.data(),
                                   steps, drift, vol);
        double acc = 0.0;
        for (double& value : row) {
          acc += value;
          value = acc;
        }
        detail::scaled_exp_in_place(row.data(), steps, params.s0);
        ASSERT_EQ(out(r, 0), params.s0);
        ASSERT_EQ(std::memcmp(out.row(r).data() + 1, row.data(), row.size() * sizeof(double)), 0)
            << steps << " steps, " << threads << " threads, row " << r;
      }
    }
  }
}

}  // namespace
}  // namespace strata::sim
