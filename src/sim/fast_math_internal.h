// Branch-free scalar kernels for ln, exp and sin/cos(2 pi u), written so that loops calling them vectorise
// (no calls, no branches, no table lookups, integer tricks instead of int<->double conversions that SSE2 and
// AVX2 lack). Private to sim/. Accuracy, measured against glibc in tests/sim/normal_test.cpp: a few ulp.
//
// Every coefficient is a Taylor coefficient computed here at compile time; no minimax tables.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace strata::sim::detail {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^20: kLn2Hi keeps the leading 32 bits of ln 2.
inline constexpr double kLn2Hi = 0x1.62e42feep-1;
inline constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
inline constexpr double kLog2e = 0x1.71547652b82fep0;
inline constexpr double kHalfPi = 0x1.921fb54442d18p0;
// Adding 1.5 * 2^52 rounds a double of magnitude < 2^51 to the nearest integer, which lands in the low bits.
inline constexpr double kRoundShift = 0x1.8p52;

constexpr double factorial(int n) {
  double f = 1.0;
  for (int i = 2; i <= n; ++i) f *= i;  // exact up to 18!
  return f;
}

// exp(r) = sum r^n / n!, n = 0..13: for |r| <= ln2 / 2 the first term left out is below 5e-18 relative.
inline constexpr int kExpTerms = 14;
inline constexpr auto kExpCoeff = [] {
  std::array<double, kExpTerms> c{};
  for (int n = 0; n < kExpTerms; ++n) c[n] = 1.0 / factorial(n);
  return c;
}();

// sin(t) / t = sum (-1)^n t^2n / (2n+1)!, n = 0..7; cos(t) = sum (-1)^n t^2n / (2n)!, n = 0..8.
// For |t| <= pi/4 the first terms left out are below 7e-17 and 2e-18.
inline constexpr int kSinTerms = 8;
inline constexpr int kCosTerms = 9;
inline constexpr auto kSinCoeff = [] {
  std::array<double, kSinTerms> c{};
  for (int n = 0; n < kSinTerms; ++n) c[n] = (n % 2 ? -1.0 : 1.0) / factorial(2 * n + 1);
  return c;
}();
inline constexpr auto kCosCoeff = [] {
  std::array<double, kCosTerms> c{};
  for (int n = 0; n < kCosTerms; ++n) c[n] = (n % 2 ? -1.0 : 1.0) / factorial(2 * n);
  return c;
}();

// ln(m) = 2 atanh(f) = 2 f sum s^n / (2n+1), f = (m-1)/(m+1), s = f^2, n = 0..10: for m in
// [sqrt(1/2), sqrt(2)], s <= 0.0295 and the first term left out is below 6e-19 relative.
inline constexpr int kLogTerms = 11;
inline constexpr auto kAtanhCoeff = [] {
  std::array<double, kLogTerms> c{};
  for (int n = 0; n < kLogTerms; ++n) c[n] = 1.0 / (2 * n + 1);
  return c;
}();

template <size_t N>
inline double horner(const std::array<double, N>& c, double x) {
  double p = c[N - 1];
  for (size_t i = N - 1; i-- > 0;) p = p * x + c[i];
  return p;
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
  return e * kLn2Hi + (e * kLn2Lo + log_m);
}

// exp x; arguments are clamped to [-700, 700] (results stay finite and normal).
inline double fast_exp(double x) {
  x = x < -700.0 ? -700.0 : (x > 700.0 ? 700.0 : x);
  const double shifted = x * kLog2e + kRoundShift;
  const double kd = shifted - kRoundShift;
  const uint64_t k = std::bit_cast<uint64_t>(shifted) - std::bit_cast<uint64_t>(kRoundShift);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
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
