// Branch-free scalar kernels for ln, exp and sin/cos(2 pi u), written so that loops calling them vectorise
// (no calls, no branches, no table lookups, integer tricks instead of int<->double conversions that SSE2 and
// AVX2 lack). Private to sim/. Accuracy, measured against glibc in tests/sim/normal_test.cpp: a few ulp.
//
// The coefficients are Chebyshev-economised Taylor series (src/sim/make_poly_coeffs.py prints them): 12 terms
// for exp, 8 for ln, 7 and 8 for sin and cos, against 14, 11, 8 and 9 Taylor terms for the same accuracy.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <utility>

namespace strata::sim::detail {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20: kLn2Hi keeps the leading 32 bits of ln 2.
inline constexpr double kLn2Hi = 0x1.62e42feep-1;
inline constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
inline constexpr double kLog2e = 0x1.71547652b82fep0;
inline constexpr double kHalfPi = 0x1.921fb54442d18p0;
// Adding 1.5 * 2^52 rounds a double of magnitude < 2^51 to the nearest integer, which lands in the low bits.
inline constexpr double kRoundShift = 0x1.8p52;

// Polynomial coefficients, printed by src/sim/make_poly_coeffs.py: each kernel's Taylor series economised
// in the Chebyshev basis over the interval its argument covers (exactly, in rational arithmetic, then rounded
// to doubles). The bounds below are the economisation error relative to the function; the rounding of the
// evaluation adds about an ulp; tests/sim/normal_test.cpp checks exp within 2 ulp, ln within 3, sin/cos within
// 2 ulp of 1, against glibc and long double references.
//   exp(r) for |r| <= ln2/2;  atanh(f)/f in s = f^2 <= 0.0295 (ln m = 2 atanh(f), f = (m-1)/(m+1),
//   m in [sqrt(1/2), sqrt(2)));  sin(t)/t and cos(t) in v = t^2 <= (pi/4)^2.
// exp on [-0.35, 0.35], 12 terms: economisation error below 5.0e-18
inline constexpr std::array<double, 12> kExpCoeff = {
    0x1.0000000000000p+0, 0x1.0000000000000p+0, 0x1.0000000000012p-1, 0x1.5555555555564p-3, 0x1.555555554e890p-5,
    0x1.111111110d711p-7, 0x1.6c16c189aec35p-10, 0x1.a01a01b976c56p-13, 0x1.a0198d2c55cb3p-16,
    0x1.71dde415860a9p-19, 0x1.28b824c72db5cp-22, 0x1.af7ddbd608ddfp-26};
// atanh on [0.0, 0.0295], 8 terms: economisation error below 1.2e-18
inline constexpr std::array<double, 8> kAtanhCoeff = {
    0x1.0000000000000p+0, 0x1.55555555555afp-2, 0x1.999999997a646p-3, 0x1.2492494587e8ap-3, 0x1.c71c4fa18aa4ap-4,
    0x1.7466ad159d3f6p-4, 0x1.3997b6043ae9fp-4, 0x1.2f628a9fcf6c1p-4};
// sin on [0.0, 0.6169], 7 terms: economisation error below 3.5e-18
inline constexpr std::array<double, 7> kSinCoeff = {
    0x1.0000000000000p+0, -0x1.5555555555543p-3, 0x1.111111110f3dbp-7, -0x1.a01a019ba9380p-13,
    0x1.71de353089dd9p-19, -0x1.ae5e37cb3eff3p-26, 0x1.5d87602ee0c4bp-33};
// cos on [0.0, 0.6169], 8 terms: economisation error below 4.3e-20
inline constexpr std::array<double, 8> kCosCoeff = {
    0x1.0000000000000p+0, -0x1.0000000000000p-1, 0x1.5555555555536p-5, -0x1.6c16c16c13a03p-10,
    0x1.a01a019b1df01p-16, -0x1.27e4f727cc014p-22, 0x1.1ee96ce863bfep-29, -0x1.8f7619db17069p-37};

// a * b + c rounded once. Every fused multiply-add of the kernels is written out with it, and sim/ compiles
// with -ffp-contract=off, so the compiler adds none: the AVX2 and AVX-512 builds (one vfmadd instruction) and
// the baseline x86-64 build (the C library's fma, exact in software where the CPU has no FMA: slow but the
// same bits) compute the same numbers.
inline double fmadd(double a, double b, double c) { return __builtin_fma(a, b, c); }

// p = c[N-1]; p = p * x + c[i] for i = N-2 down to 0, written out by a fold so the loops calling the kernels
// vectorise (GCC kept a counted loop rolled once the step was an fma, and then vectorised nothing).
template <size_t N, size_t... I>
inline double horner_unrolled(const std::array<double, N>& c, double x, std::index_sequence<I...>) {
  double p = c[N - 1];
  ((p = fmadd(p, x, c[N - 2 - I])), ...);
  return p;
}

template <size_t N>
inline double horner(const std::array<double, N>& c, double x) {
  return horner_unrolled(c, x, std::make_index_sequence<N - 1>{});
}

// ln x for a positive normal double.
inline double fast_log(double x) {
  constexpr uint64_t kMantissaMask = 0x000FFFFFFFFFFFFFull;
  constexpr uint64_t kSqrt2Mantissa = 0x6A09E667F3BCDull;  // mantissa bits of sqrt(2)
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  const uint64_t mantissa = bits & kMantissaMask;
  const uint64_t above = mantissa >= kSqrt2Mantissa ? 1 : 0;
  // m = mantissa scaled into [sqrt(1/2), sqrt(2)); e = the matching exponent.
  const double m = std::bit_cast<double>(mantissa | ((1023 - above) << 52));
  const uint64_t biased_exponent = (bits >> 52) + above;
  const double e = std::bit_cast<double>(0x4330000000000000ull | biased_exponent) - (0x1p52 + 1023.0);
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;
  const double log_m = 2.0 * f * horner(kAtanhCoeff, s);
  return fmadd(e, kLn2Hi, fmadd(e, kLn2Lo, log_m));
}

// The clamp bounds of fast_exp. A loop passes them through opaque_bound() so that GCC sees two plain
// min/max (vmaxpd, vminpd): with the literal constants it proved the clamped lanes' result constant and
// computed every lane under masks instead (8 mask-register instructions per vector).
inline constexpr double kExpArgMax = 700.0;
inline double opaque_bound(double bound) {
#if defined(__GNUC__)
  asm("" : "+r"(bound));  // the value is unchanged; the compiler only forgets it
#endif
  return bound;
}

// exp x; arguments are clamped to [lo, hi] = [-700, 700] (results stay finite and normal).
inline double fast_exp(double x, double lo = -kExpArgMax, double hi = kExpArgMax) {
  x = x < lo ? lo : x;  // in the order maxpd / minpd evaluate them, so each is one instruction
  x = x > hi ? hi : x;
  const double shifted = fmadd(x, kLog2e, kRoundShift);
  const double kd = shifted - kRoundShift;
  const uint64_t k = std::bit_cast<uint64_t>(shifted) - std::bit_cast<uint64_t>(kRoundShift);
  const double r = fmadd(-kd, kLn2Lo, fmadd(-kd, kLn2Hi, x));
  const double p = horner(kExpCoeff, r);
  return std::bit_cast<double>(std::bit_cast<uint64_t>(p) + (k << 52));
}

// sin and cos of 2 pi u for u in [0, 1): 2 pi u = q pi/2 + t with q = round(4u), |t| <= pi/4; the quadrant
// q swaps sin and cos and sets their signs.
inline void fast_sincos_2pi(double u, double* sin_out, double* cos_out) {
  const double x = 4.0 * u;  // exact
  const double shifted = x + kRoundShift;
  const double qd = shifted - kRoundShift;
  const uint64_t q = std::bit_cast<uint64_t>(shifted) - std::bit_cast<uint64_t>(kRoundShift);
  const double t = (x - qd) * kHalfPi;  // x - qd is exact
  const double t2 = t * t;
  const uint64_t s_bits = std::bit_cast<uint64_t>(t * horner(kSinCoeff, t2));
  const uint64_t c_bits = std::bit_cast<uint64_t>(horner(kCosCoeff, t2));
  const uint64_t swap = 0 - (q & 1);  // all ones in odd quadrants
  const uint64_t sin_bits = (s_bits & ~swap) | (c_bits & swap);
  const uint64_t cos_bits = (c_bits & ~swap) | (s_bits & swap);
  *sin_out = std::bit_cast<double>(sin_bits ^ ((q & 2) << 62));
  *cos_out = std::bit_cast<double>(cos_bits ^ (((q + 1) & 2) << 62));
}

}  // namespace strata::sim::detail
