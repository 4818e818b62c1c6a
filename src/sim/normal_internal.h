// The batch kernels behind normal.h and gbm.cpp. Private to sim/.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "strata/sim/philox.h"

// Compile the hot kernels for AVX-512, AVX2 and baseline x86-64 and pick one at load time (GCC function
// multi-versioning). All three give the same bits: the kernels write out every fused multiply-add
// (fast_math_internal.h's fmadd) and sim/ compiles with -ffp-contract=off; the Philox rounds are integer.
// Sanitizer builds keep one version.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(STRATA_SIM_NO_MULTIVERSION)
#define STRATA_SIM_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define STRATA_SIM_MULTIVERSION
#endif

namespace strata::sim::detail {

// 128 blocks (256 normals) per call: a 252-step path in one call; 64 took 6% longer (two calls per path).
inline constexpr int kNormalBlockBatch = 128;
// Counter word 0 holds the block index, so a stream has at most 2^32 blocks (2^33 normals).
inline constexpr uint64_t kMaxBlocksPerStream = uint64_t{1} << 32;

// Ten Philox4x32 rounds over kNormalBlockBatch counters in structure-of-arrays form, each word in a 64-bit
// lane (values < 2^32), in place.
using PhiloxBatchFn = void (*)(PhiloxKey key, uint64_t* c0, uint64_t* c1, uint64_t* c2, uint64_t* c3);
// The fastest of them on this CPU (chosen once).
void philox_rounds(PhiloxKey key, uint64_t* c0, uint64_t* c1, uint64_t* c2, uint64_t* c3);
// Every implementation this CPU can run (portable C++, then SSE2, AVX2, AVX-512), for tests.
std::vector<std::pair<std::string, PhiloxBatchFn>> philox_batch_variants();

// Write 2 * count values drift + vol * z of blocks [first_block, first_block + count) of `stream` (z the
// normals; the product rounded before the sum, no fused multiply-add, as numpy evaluates the notebook).
// REQUIRES: 0 < count <= kNormalBlockBatch, first_block + count <= kMaxBlocksPerStream.
void normal_blocks(PhiloxKey key, uint64_t stream, uint64_t first_block, int count, double* out, double drift,
                   double vol);
// Write the first n values drift + vol * z of `stream` to out; the defaults give the normals themselves
// (-0.0 + 1.0 * z is z for every z, zeros included).
void fill_normal_stream(PhiloxKey key, uint64_t stream, double* out, int64_t n, double drift = -0.0, double vol = 1.0);
// Paths simulated together, one per vector lane (8 doubles: one AVX-512 register, two AVX2 ones).
inline constexpr int kGbmLanes = 8;
// Running sums of drift + vol * z over streams first_stream, ..., first_stream + kGbmLanes - 1, step-major:
// out[s * kGbmLanes + g] = sum over t <= s of (drift + vol * z_t of stream first_stream + g), each increment
// rounded and added exactly as fill_normal_stream's values summed in step order (numpy's cumsum). Writes
// 2 * ceil(steps / 2) steps (an odd count gets one extra).
// REQUIRES: 0 < steps <= 2 * kMaxBlocksPerStream.
void cumulative_normal_lanes(PhiloxKey key, uint64_t first_stream, int64_t steps, double drift, double vol,
                             double* out);
// values[i] = scale * exp(values[i]), arguments clamped to [-700, 700].
void scaled_exp_in_place(double* values, int64_t n, double scale);

}  // namespace strata::sim::detail
