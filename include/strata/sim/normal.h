// Standard normal variates from Philox4x32-10 streams, by the Box-Muller transform.
//
// Stream `stream` under `seed` is the sequence z[0], z[1], ... where block b = 0, 1, ... is the Philox
// output for key = seed (low word, high word) and counter = (b, stream low word, stream high word, 0):
//
//   x  = c0 << 32 | c1,  u1 = 2 - double(1.0 with mantissa x >> 12)    in [2^-52, 1]
//   y  = c2 << 32 | c3,  u2 = double(1.0 with mantissa y >> 12) - 1    in [0, 1)
//   r  = sqrt(-2 ln u1),  z[2b] = r cos(2 pi u2),  z[2b+1] = r sin(2 pi u2)
//
// so the first n numbers of a stream do not depend on how many are drawn, and any stream can be drawn on any
// thread. ln, cos, sin and exp are Strata's own branch-free polynomial kernels (Chebyshev-economised series:
// exp within 2 ulp, ln within 3, sin and cos within 2 ulp of 1), written so the compiler vectorises them.
// The numbers are fixed by (seed, stream) alone, on every x86-64: the kernels are built for AVX-512, AVX2 and
// baseline x86-64 and chosen at run time, and all three compute the same bits (each fused multiply-add is
// written out; the baseline build takes it from the C library, exact but slower on CPUs without FMA);
// tests/sim/simd_paths_test.cpp compares the dispatched build with the scalar kernels bit for bit.
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <span>

namespace strata::sim {

// Fill `out` with the first out.size() variates of stream `stream` under `seed`.
void fill_standard_normal(uint64_t seed, uint64_t stream, std::span<double> out);

// The uniforms (u1, u2) of block `block` of a stream, exactly as fill_standard_normal derives them.
struct UniformPair {
  double u1;
  double u2;
};
UniformPair box_muller_uniforms(uint64_t seed, uint64_t stream, uint64_t block);

namespace detail {
// Vectorisable kernels, exposed for the tests that compare them with the C library.
// out[i] = ln(x[i]) for x[i] in (0, 2^1023], normal numbers only.
void log_kernel(std::span<const double> x, std::span<double> out);
// out[i] = exp(x[i]), arguments clamped to [-700, 700].
void exp_kernel(std::span<const double> x, std::span<double> out);
// sin_out[i], cos_out[i] = sin(2 pi u[i]), cos(2 pi u[i]) for u[i] in [0, 1).
void sincos_2pi_kernel(std::span<const double> u, std::span<double> sin_out, std::span<double> cos_out);
}  // namespace detail

}  // namespace strata::sim
