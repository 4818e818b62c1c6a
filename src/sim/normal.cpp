// Standard normal streams: Philox4x32-10 blocks, computed 128 at a time in structure-of-arrays form so the
// rounds vectorise (32x32->64 products become pmuludq), then Box-Muller through fast_math_internal.h.
#include "strata/sim/normal.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/fast_math_internal.h"
#include "sim/normal_internal.h"
#include "strata/core/error.h"
#include "strata/sim/philox.h"

namespace strata::sim {
namespace detail {
namespace {

constexpr uint64_t kOneBits = 0x3FF0000000000000ull;

inline double uniform_open_low(uint64_t hi, uint64_t lo) {  // [2^-52, 1]; hi, lo < 2^32
  const uint64_t x = (hi << 32) | lo;
  return 2.0 - std::bit_cast<double>(kOneBits | (x >> 12));
}

inline double uniform_closed_low(uint64_t hi, uint64_t lo) {  // [0, 1); hi, lo < 2^32
  const uint64_t x = (hi << 32) | lo;
  return std::bit_cast<double>(kOneBits | (x >> 12)) - 1.0;
}


// Ten Philox rounds over kNormalBlockBatch counters held in 64-bit lanes (values < 2^32). x86 has the exact
// instruction for a round's products, pmuludq (low 32 bits of each 64-bit lane, 64-bit product); GCC 12 does
// not find it from plain C++ (it widens and uses vpmullq), so the x86 versions say it with intrinsics.
using PhiloxRoundsFn = PhiloxBatchFn;

void philox_rounds_portable(PhiloxKey key, uint64_t* c0, uint64_t* c1, uint64_t* c2,
                                             uint64_t* c3) {
  constexpr uint64_t kLow32 = 0xFFFFFFFFull;
  uint32_t k0 = key[0];
  uint32_t k1 = key[1];
  for (int round = 0; round < kPhiloxRounds; ++round) {
    for (int i = 0; i < kNormalBlockBatch; ++i) {
      const uint64_t p0 = (c0[i] & kLow32) * kPhiloxM0;
      const uint64_t p1 = (c2[i] & kLow32) * kPhiloxM1;
      const uint64_t n0 = (p1 >> 32) ^ c1[i] ^ k0;
      const uint64_t n2 = (p0 >> 32) ^ c3[i] ^ k1;
      c1[i] = p1 & kLow32;
      c3[i] = p0 & kLow32;
      c0[i] = n0;
      c2[i] = n2;
    }
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
// One definition per vector width: V is the register type, the macros name its intrinsics. U independent
// registers go through each round together: a round is a chain of multiply, shift and xor, so one register
// at a time waits on latency (measured: 4 cycles per round per register, 2.5x slower than U = 4).
// Between rounds the high halves of the lanes are left dirty: pmuludq reads only the low 32 bits of each lane,
// and the words that feed the next round's xor only reach lanes that are multiplied next, so one mask per word
// after the last round is enough (a round is 2 multiplies, 2 shifts and 4 xors, no ands).
// XOR3 is a three-way xor (one vpternlogq on AVX-512). The round keys are broadcast once per call.
#define STRATA_PHILOX_X86(NAME, TARGET, V, LANES, U, LOAD, STORE, SET1, MUL, SRL, XOR3, AND)              \
  __attribute__((target(TARGET))) void NAME(PhiloxKey key, uint64_t* c0, uint64_t* c1, uint64_t* c2,     \
                                            uint64_t* c3) {                                               \
    static_assert(kNormalBlockBatch % (LANES * U) == 0);                                                  \
    const V m0 = SET1(static_cast<long long>(kPhiloxM0));                                                 \
    const V m1 = SET1(static_cast<long long>(kPhiloxM1));                                                 \
    const V low = SET1(static_cast<long long>(0xFFFFFFFFull));                                            \
    V key0[kPhiloxRounds];                                                                                \
    V key1[kPhiloxRounds];                                                                                \
    {                                                                                                     \
      uint32_t k0 = key[0];                                                                               \
      uint32_t k1 = key[1];                                                                               \
      for (int round = 0; round < kPhiloxRounds; ++round) {                                               \
        key0[round] = SET1(static_cast<long long>(k0));                                                   \
        key1[round] = SET1(static_cast<long long>(k1));                                                   \
        k0 += kPhiloxW0;                                                                                  \
        k1 += kPhiloxW1;                                                                                  \
      }                                                                                                   \
    }                                                                                                     \
    for (int i = 0; i < kNormalBlockBatch; i += LANES * U) {                                              \
      V x0[U], x1[U], x2[U], x3[U];                                                                       \
      for (int u = 0; u < U; ++u) {                                                                       \
        x0[u] = LOAD(reinterpret_cast<const V*>(c0 + i + u * LANES));                                     \
        x1[u] = LOAD(reinterpret_cast<const V*>(c1 + i + u * LANES));                                     \
        x2[u] = LOAD(reinterpret_cast<const V*>(c2 + i + u * LANES));                                     \
        x3[u] = LOAD(reinterpret_cast<const V*>(c3 + i + u * LANES));                                     \
      }                                                                                                   \
      _Pragma("GCC unroll 10") for (int round = 0; round < kPhiloxRounds; ++round) {                      \
        for (int u = 0; u < U; ++u) {                                                                     \
          const V p0 = MUL(x0[u], m0);                                                                    \
          const V p1 = MUL(x2[u], m1);                                                                    \
          x0[u] = XOR3(SRL(p1, 32), x1[u], key0[round]);                                                  \
          x2[u] = XOR3(SRL(p0, 32), x3[u], key1[round]);                                                  \
          x1[u] = p1;                                                                                     \
          x3[u] = p0;                                                                                     \
        }                                                                                                 \
      }                                                                                                   \
      for (int u = 0; u < U; ++u) {                                                                       \
        STORE(reinterpret_cast<V*>(c0 + i + u * LANES), AND(x0[u], low));                                 \
        STORE(reinterpret_cast<V*>(c1 + i + u * LANES), AND(x1[u], low));                                 \
        STORE(reinterpret_cast<V*>(c2 + i + u * LANES), AND(x2[u], low));                                 \
        STORE(reinterpret_cast<V*>(c3 + i + u * LANES), AND(x3[u], low));                                 \
      }                                                                                                   \
    }                                                                                                     \
  }

#define STRATA_XOR3_SSE2(a, b, c) _mm_xor_si128(_mm_xor_si128(a, b), c)
#define STRATA_XOR3_AVX2(a, b, c) _mm256_xor_si256(_mm256_xor_si256(a, b), c)
#define STRATA_XOR3_AVX512(a, b, c) _mm512_ternarylogic_epi64(a, b, c, 0x96)
STRATA_PHILOX_X86(philox_rounds_sse2, "sse2", __m128i, 2, 2, _mm_load_si128, _mm_store_si128, _mm_set1_epi64x,
                  _mm_mul_epu32, _mm_srli_epi64, STRATA_XOR3_SSE2, _mm_and_si128)
STRATA_PHILOX_X86(philox_rounds_avx2, "avx2", __m256i, 4, 2, _mm256_load_si256, _mm256_store_si256,
                  _mm256_set1_epi64x, _mm256_mul_epu32, _mm256_srli_epi64, STRATA_XOR3_AVX2, _mm256_and_si256)
// GCC 12's avx512fintrin.h trips -Wuninitialized on its own _mm512_undefined_epi32 (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
STRATA_PHILOX_X86(philox_rounds_avx512, "avx512f", __m512i, 8, 4, _mm512_load_si512, _mm512_store_si512,
                  _mm512_set1_epi64, _mm512_mul_epu32, _mm512_srli_epi64, STRATA_XOR3_AVX512, _mm512_and_si512)
#pragma GCC diagnostic pop
#undef STRATA_XOR3_SSE2
#undef STRATA_XOR3_AVX2
#undef STRATA_XOR3_AVX512
#undef STRATA_PHILOX_X86

PhiloxRoundsFn select_philox_rounds() {
  __builtin_cpu_init();  // in case the first draw happens during static initialisation
  if (__builtin_cpu_supports("avx512f")) return philox_rounds_avx512;
  if (__builtin_cpu_supports("avx2")) return philox_rounds_avx2;
  return philox_rounds_sse2;
}
#else
PhiloxRoundsFn select_philox_rounds() { return philox_rounds_portable; }
#endif

}  // namespace

void philox_rounds(PhiloxKey key, uint64_t* c0, uint64_t* c1, uint64_t* c2, uint64_t* c3) {
  static const PhiloxRoundsFn fn = select_philox_rounds();
  fn(key, c0, c1, c2, c3);
}

std::vector<std::pair<std::string, PhiloxBatchFn>> philox_batch_variants() {
  std::vector<std::pair<std::string, PhiloxBatchFn>> out = {{"portable", philox_rounds_portable}};
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  out.emplace_back("sse2", philox_rounds_sse2);
  if (__builtin_cpu_supports("avx2")) out.emplace_back("avx2", philox_rounds_avx2);
  if (__builtin_cpu_supports("avx512f")) out.emplace_back("avx512f", philox_rounds_avx512);
#endif
  return out;
}

namespace {
// out[2i], out[2i+1] = drift + vol * (radius * cos), drift + vol * (radius * sin): no contraction, as numpy
// rounds vol * w before adding drift (and -0.0 + 1.0 * z is z, bit for bit, for the plain normals).
STRATA_SIM_MULTIVERSION
void store_affine_pairs(const double* radius, const double* cos_v, const double* sin_v, int count, double drift,
                        double vol, double* out) {
  for (int i = 0; i < count; ++i) {
    out[2 * i] = drift + vol * (radius[i] * cos_v[i]);
    out[2 * i + 1] = drift + vol * (radius[i] * sin_v[i]);
  }
}
}  // namespace

// REQUIRES: count <= kNormalBlockBatch. Writes 2 * count values to out.
STRATA_SIM_MULTIVERSION
void normal_blocks(PhiloxKey key, uint64_t stream, uint64_t first_block, int count, double* out, double drift,
                   double vol) {
  // The four counter words live in 64-bit lanes (high halves zero) so that each 32x32->64 product is one
  // pmuludq; with 32-bit lanes GCC 12 widens, multiplies 64x64 (vpmullq) and shuffles, twice as slow.
  constexpr uint64_t kLow32 = 0xFFFFFFFFull;
  alignas(64) uint64_t c0[kNormalBlockBatch];
  alignas(64) uint64_t c1[kNormalBlockBatch];
  alignas(64) uint64_t c2[kNormalBlockBatch];
  alignas(64) uint64_t c3[kNormalBlockBatch];
  const uint64_t stream_lo = stream & kLow32;
  const uint64_t stream_hi = stream >> 32;
  // Block indices stay below 2^32 for every stream (checked by the callers).
  for (int i = 0; i < kNormalBlockBatch; ++i) {
    c0[i] = (first_block + static_cast<uint64_t>(i)) & kLow32;
    c1[i] = stream_lo;
    c2[i] = stream_hi;
    c3[i] = 0;
  }
  philox_rounds(key, c0, c1, c2, c3);
  alignas(64) double radius[kNormalBlockBatch];
  alignas(64) double sin_v[kNormalBlockBatch];
  alignas(64) double cos_v[kNormalBlockBatch];
  for (int i = 0; i < kNormalBlockBatch; ++i) {
    const double u1 = uniform_open_low(c0[i], c1[i]);
    radius[i] = std::sqrt(-2.0 * fast_log(u1));
    fast_sincos_2pi(uniform_closed_low(c2[i], c3[i]), &sin_v[i], &cos_v[i]);
  }
  store_affine_pairs(radius, cos_v, sin_v, count, drift, vol, out);
}

namespace {
// acc[g] += drift + vol * (radius * cos), then += drift + vol * (radius * sin), lane g of each block, the running
// sums stored step-major. Each increment is rounded as store_affine_pairs rounds it (no contraction), and added
// to the sum in the path's step order, as numpy's cumsum.
STRATA_SIM_MULTIVERSION
void accumulate_lanes(const double* radius, const double* cos_v, const double* sin_v, int block_count, double drift,
                      double vol, double* acc, double* out) {
  // GCC's vector extension, 4 lanes a vector (one AVX2 register, two SSE2 ones; 8-lane vectors went through
  // the stack on AVX2), element-wise IEEE operations: the loop over lanes was left scalar by the
  // auto-vectoriser.
  using Quad = double __attribute__((vector_size(4 * sizeof(double))));
  static_assert(kGbmLanes == 8);
  Quad sum_lo;
  Quad sum_hi;
  std::memcpy(&sum_lo, acc, sizeof sum_lo);
  std::memcpy(&sum_hi, acc + 4, sizeof sum_hi);
  for (int b = 0; b < block_count; ++b) {
    Quad r_lo, r_hi, c_lo, c_hi, s_lo, s_hi;
    std::memcpy(&r_lo, radius + b * kGbmLanes, sizeof r_lo);
    std::memcpy(&r_hi, radius + b * kGbmLanes + 4, sizeof r_hi);
    std::memcpy(&c_lo, cos_v + b * kGbmLanes, sizeof c_lo);
    std::memcpy(&c_hi, cos_v + b * kGbmLanes + 4, sizeof c_hi);
    std::memcpy(&s_lo, sin_v + b * kGbmLanes, sizeof s_lo);
    std::memcpy(&s_hi, sin_v + b * kGbmLanes + 4, sizeof s_hi);
    double* even = out + 2 * b * kGbmLanes;
    double* odd = even + kGbmLanes;
    sum_lo += drift + vol * (r_lo * c_lo);
    sum_hi += drift + vol * (r_hi * c_hi);
    std::memcpy(even, &sum_lo, sizeof sum_lo);
    std::memcpy(even + 4, &sum_hi, sizeof sum_hi);
    sum_lo += drift + vol * (r_lo * s_lo);
    sum_hi += drift + vol * (r_hi * s_hi);
    std::memcpy(odd, &sum_lo, sizeof sum_lo);
    std::memcpy(odd + 4, &sum_hi, sizeof sum_hi);
  }
  std::memcpy(acc, &sum_lo, sizeof sum_lo);
  std::memcpy(acc + 4, &sum_hi, sizeof sum_hi);
}
}  // namespace

// The zeroing of c3 stays in the counter loop instead of becoming a rep stos per batch (GCC).
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif
STRATA_SIM_MULTIVERSION
void cumulative_normal_lanes(PhiloxKey key, uint64_t first_stream, int64_t steps, double drift, double vol,
                             double* out) {
  constexpr uint64_t kLow32 = 0xFFFFFFFFull;
  constexpr int kBlocksPerBatch = kNormalBlockBatch / kGbmLanes;
  alignas(64) uint64_t c0[kNormalBlockBatch];
  alignas(64) uint64_t c1[kNormalBlockBatch];
  alignas(64) uint64_t c2[kNormalBlockBatch];
  alignas(64) uint64_t c3[kNormalBlockBatch];
  alignas(64) double radius[kNormalBlockBatch];
  alignas(64) double sin_v[kNormalBlockBatch];
  alignas(64) double cos_v[kNormalBlockBatch];
  // Counter i of a batch is block first_block + i / kGbmLanes of stream first_stream + i % kGbmLanes: the
  // block offsets and stream words are the same for every batch, set once here.
  alignas(64) uint64_t block_offset[kNormalBlockBatch];
  alignas(64) uint64_t stream_lo[kNormalBlockBatch];
  alignas(64) uint64_t stream_hi[kNormalBlockBatch];
  for (int i = 0; i < kNormalBlockBatch; ++i) {
    const uint64_t stream = first_stream + static_cast<uint64_t>(i % kGbmLanes);
    block_offset[i] = static_cast<uint64_t>(i / kGbmLanes);
    stream_lo[i] = stream & kLow32;
    stream_hi[i] = stream >> 32;
  }
  double acc[kGbmLanes] = {};
  const int64_t blocks = (steps + 1) / 2;
  for (int64_t first_block = 0; first_block < blocks; first_block += kBlocksPerBatch) {
    for (int i = 0; i < kNormalBlockBatch; ++i) {
      c0[i] = (static_cast<uint64_t>(first_block) + block_offset[i]) & kLow32;
      c1[i] = stream_lo[i];
      c2[i] = stream_hi[i];
      c3[i] = 0;
    }
    philox_rounds(key, c0, c1, c2, c3);
    for (int i = 0; i < kNormalBlockBatch; ++i) {
      const double u1 = uniform_open_low(c0[i], c1[i]);
      radius[i] = std::sqrt(-2.0 * fast_log(u1));
      fast_sincos_2pi(uniform_closed_low(c2[i], c3[i]), &sin_v[i], &cos_v[i]);
    }
    const int count = static_cast<int>(std::min<int64_t>(kBlocksPerBatch, blocks - first_block));
    accumulate_lanes(radius, cos_v, sin_v, count, drift, vol, acc, out + 2 * first_block * kGbmLanes);
  }
}

STRATA_SIM_MULTIVERSION
void scaled_exp_in_place(double* values, int64_t n, double scale) {
  const double lo = opaque_bound(-kExpArgMax);
  const double hi = opaque_bound(kExpArgMax);
  for (int64_t i = 0; i < n; ++i) values[i] = scale * fast_exp(values[i], lo, hi);
}

void log_kernel(std::span<const double> x, std::span<double> out) {
  for (size_t i = 0; i < x.size(); ++i) out[i] = fast_log(x[i]);
}

void exp_kernel(std::span<const double> x, std::span<double> out) {
  std::copy(x.begin(), x.end(), out.begin());
  scaled_exp_in_place(out.data(), static_cast<int64_t>(x.size()), 1.0);
}

void sincos_2pi_kernel(std::span<const double> u, std::span<double> sin_out, std::span<double> cos_out) {
  for (size_t i = 0; i < u.size(); ++i) fast_sincos_2pi(u[i], &sin_out[i], &cos_out[i]);
}

void fill_normal_stream(PhiloxKey key, uint64_t stream, double* out, int64_t n, double drift, double vol) {
  if (n < 0 || static_cast<uint64_t>(n) > 2 * kMaxBlocksPerStream) {
    raise("standard normal stream {}: {} values requested, at most {} per stream", stream, n,
          2 * kMaxBlocksPerStream);
  }
  alignas(64) double tail[2];
  const int64_t full_blocks = n / 2;
  int64_t block = 0;
  while (block < full_blocks) {
    const int count = static_cast<int>(std::min<int64_t>(kNormalBlockBatch, full_blocks - block));
    normal_blocks(key, stream, static_cast<uint64_t>(block), count, out + 2 * block, drift, vol);
    block += count;
  }
  if (n % 2 != 0) {
    normal_blocks(key, stream, static_cast<uint64_t>(block), 1, tail, drift, vol);
    out[n - 1] = tail[0];
  }
}

}  // namespace detail

void fill_standard_normal(uint64_t seed, uint64_t stream, std::span<double> out) {
  detail::fill_normal_stream(philox_key_from_seed(seed), stream, out.data(), static_cast<int64_t>(out.size()));
}

UniformPair box_muller_uniforms(uint64_t seed, uint64_t stream, uint64_t block) {
  const PhiloxCounter c = philox4x32({static_cast<uint32_t>(block), static_cast<uint32_t>(stream),
                                      static_cast<uint32_t>(stream >> 32), 0},
                                     philox_key_from_seed(seed));
  return {detail::uniform_open_low(c[0], c[1]), detail::uniform_closed_low(c[2], c[3])};
}

}  // namespace strata::sim
