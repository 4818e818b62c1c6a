#include "strata/sim/normal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "strata/sim/philox.h"

namespace strata::sim {
namespace {

// Distance in units in the last place between two finite doubles of the same sign.
int64_t ulp_distance(double a, double b) {
  const auto ia = std::bit_cast<int64_t>(a);
  const auto ib = std::bit_cast<int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

TEST(NormalTest, UniformsComeFromThePhiloxBlock) {
  const PhiloxCounter c = philox4x32({5, 7, 0, 0}, philox_key_from_seed(42));
  const UniformPair u = box_muller_uniforms(42, 7, 5);
  const uint64_t x = (uint64_t{c[0]} << 32) | c[1];
  const uint64_t y = (uint64_t{c[2]} << 32) | c[3];
  // u1 = 1 - k / 2^52 and u2 = j / 2^52 with k, j the top 52 bits.
  EXPECT_EQ(u.u1, 1.0 - static_cast<double>(x >> 12) * 0x1p-52);
  EXPECT_EQ(u.u2, static_cast<double>(y >> 12) * 0x1p-52);
  EXPECT_GT(u.u1, 0.0);
  EXPECT_LE(u.u1, 1.0);
  EXPECT_GE(u.u2, 0.0);
  EXPECT_LT(u.u2, 1.0);
}

TEST(NormalTest, MatchesBoxMullerWithTheCLibrary) {
  constexpr int kCount = 4001;  // odd: the last block contributes one value
  std::vector<double> z(kCount);
  fill_standard_normal(1234, 99, z);
  for (int i = 0; i < kCount; ++i) {
    const UniformPair u = box_muller_uniforms(1234, 99, static_cast<uint64_t>(i / 2));
    const double r = std::sqrt(-2.0 * std::log(u.u1));
    const double angle = 2.0 * std::numbers::pi * u.u2;
    const double expected = i % 2 == 0 ? r * std::cos(angle) : r * std::sin(angle);
    // Our polynomials and glibc differ by a few ulp; the angle 2 pi u2 is rounded differently too.
    ASSERT_NEAR(z[i], expected, 1e-13 * std::max(1.0, std::abs(expected))) << "index " << i;
  }
}

TEST(NormalTest, StreamsArePrefixStableAndDistinct) {
  std::vector<double> short_run(7);
  std::vector<double> long_run(300);
  fill_standard_normal(42, 3, short_run);
  fill_standard_normal(42, 3, long_run);
  for (size_t i = 0; i < short_run.size(); ++i) EXPECT_EQ(short_run[i], long_run[i]);
  std::vector<double> other_stream(300);
  std::vector<double> other_seed(300);
  fill_standard_normal(42, 4, other_stream);
  fill_standard_normal(43, 3, other_seed);
  EXPECT_NE(other_stream, long_run);
  EXPECT_NE(other_seed, long_run);
  // A stream above 2^32 uses the counter's third word.
  std::vector<double> high_stream(300);
  fill_standard_normal(42, (uint64_t{1} << 32) + 3, high_stream);
  EXPECT_NE(high_stream, long_run);
}

TEST(NormalTest, MomentsOfAMillionVariates) {
  std::vector<double> z(1'000'000);
  fill_standard_normal(7, 0, z);
  double sum = 0;
  double sum2 = 0;
  double sum4 = 0;
  int64_t beyond_3 = 0;
  for (double v : z) {
    sum += v;
    sum2 += v * v;
    sum4 += v * v * v * v;
    beyond_3 += std::abs(v) > 3.0;
  }
  const double n = static_cast<double>(z.size());
  // Bounds are about 5 standard errors: mean 1e-3, variance 1.4e-3, fourth moment 9.8e-3.
  EXPECT_NEAR(sum / n, 0.0, 5e-3);
  EXPECT_NEAR(sum2 / n, 1.0, 7e-3);
  EXPECT_NEAR(sum4 / n, 3.0, 0.05);
  // P(|Z| > 3) = 0.0026998; standard error 5.2e-5.
  EXPECT_NEAR(static_cast<double>(beyond_3) / n, 0.0026998, 2.6e-4);
}

TEST(NormalKernelsTest, LogWithinTwoUlpOfGlibc) {
  std::vector<double> x;
  for (int i = 1; i <= 20000; ++i) x.push_back(static_cast<double>(i) / 20000.0);
  for (int e = -1000; e <= 1000; e += 7) x.push_back(std::ldexp(1.2345, e));
  x.push_back(0x1p-52);
  x.push_back(1.0);
  x.push_back(std::sqrt(2.0));
  x.push_back(std::nextafter(std::sqrt(2.0), 0.0));
  std::vector<double> out(x.size());
  detail::log_kernel(x, out);
  for (size_t i = 0; i < x.size(); ++i) {
    const double expected = std::log(x[i]);
    if (expected == 0.0) {
      EXPECT_EQ(out[i], 0.0);
    } else {
      ASSERT_LE(ulp_distance(out[i], expected), 2) << "ln " << x[i];
    }
  }
}

TEST(NormalKernelsTest, ExpWithinTwoUlpOfGlibc) {
  std::vector<double> x;
  for (int i = -20000; i <= 20000; ++i) x.push_back(static_cast<double>(i) / 2000.0);
  for (int i = -700; i <= 700; i += 3) x.push_back(i + 0.25);
  std::vector<double> out(x.size());
  detail::exp_kernel(x, out);
  for (size_t i = 0; i < x.size(); ++i) ASSERT_LE(ulp_distance(out[i], std::exp(x[i])), 2) << "exp " << x[i];
  // Clamped, not overflowed.
  std::vector<double> big = {1000.0, -1000.0};
  std::vector<double> big_out(2);
  detail::exp_kernel(big, big_out);
  EXPECT_LE(ulp_distance(big_out[0], std::exp(700.0)), 2);
  EXPECT_LE(ulp_distance(big_out[1], std::exp(-700.0)), 2);
}

// The economised polynomials (src/sim/make_poly_coeffs.py) over their whole argument ranges, on 300,000
// pseudo-random arguments each, against long double references (64-bit mantissa, so the reference's own
// error is far below our ulp): exp within 2 ulp; ln within 3 (the Taylor coefficients before these reached
// 3 ulp on the same arguments too: the division in f = (m-1)/(m+1) and the final sum each round); sin and cos
// of 2 pi u within 2 ulp of 1 (they are absolute-accurate: near their zeros an ulp of the result is smaller
// than the rounding of 2 pi u itself).
TEST(NormalKernelsTest, EconomisedPolynomialsOnRandomArguments) {
  constexpr int kN = 300'000;
  std::vector<double> u(kN);
  for (int i = 0; i < kN; ++i) {
    const PhiloxCounter c = philox4x32({static_cast<uint32_t>(i), 0, 0, 0}, philox_key_from_seed(7));
    u[i] = static_cast<double>(((uint64_t{c[0]} << 32) | c[1]) >> 11) * 0x1p-53;  // [0, 1)
  }
  std::vector<double> x(kN);
  std::vector<double> out(kN);
  std::vector<double> out2(kN);
  // ln over (0, 1] (the Box-Muller u1) and over [1, 2^40].
  for (int i = 0; i < kN; ++i) x[i] = i % 2 ? 1.0 - u[i] : std::ldexp(1.0 + u[i], (i / 2) % 41);
  detail::log_kernel(x, out);
  int64_t worst = 0;
  for (int i = 0; i < kN; ++i) {
    const auto expected = static_cast<double>(std::log(static_cast<long double>(x[i])));
    if (expected != 0.0) worst = std::max(worst, ulp_distance(out[i], expected));
  }
  EXPECT_LE(worst, 3) << "ln, worst " << worst;
  // exp over [-40, 40] (reduced arguments cover all of [-ln2/2, ln2/2]).
  for (int i = 0; i < kN; ++i) x[i] = 80.0 * u[i] - 40.0;
  detail::exp_kernel(x, out);
  worst = 0;
  for (int i = 0; i < kN; ++i) {
    worst = std::max(worst, ulp_distance(out[i], static_cast<double>(std::exp(static_cast<long double>(x[i])))));
  }
  EXPECT_LE(worst, 2) << "exp, worst " << worst;
  detail::sincos_2pi_kernel(u, out, out2);
  double worst_abs = 0.0;
  for (int i = 0; i < kN; ++i) {
    const long double angle = 2.0L * std::numbers::pi_v<long double> * static_cast<long double>(u[i]);
    worst_abs = std::max(worst_abs, std::abs(out[i] - static_cast<double>(std::sin(angle))));
    worst_abs = std::max(worst_abs, std::abs(out2[i] - static_cast<double>(std::cos(angle))));
  }
  EXPECT_LE(worst_abs, 2 * 0x1p-53) << "sin/cos, worst " << worst_abs;
}

TEST(NormalKernelsTest, SinCosOfTwoPiU) {
  std::vector<double> u;
  for (int i = 0; i < 40000; ++i) u.push_back(static_cast<double>(i) / 40000.0);
  u.push_back(std::nextafter(1.0, 0.0));
  std::vector<double> s(u.size());
  std::vector<double> c(u.size());
  detail::sincos_2pi_kernel(u, s, c);
  for (size_t i = 0; i < u.size(); ++i) {
    const double angle = 2.0 * std::numbers::pi * u[i];
    // glibc sees 2 pi u rounded (up to 4.4e-16 off for angles near 2 pi); ours reduces 4u exactly.
    ASSERT_NEAR(s[i], std::sin(angle), 1e-15) << "sin 2 pi " << u[i];
    ASSERT_NEAR(c[i], std::cos(angle), 1e-15) << "cos 2 pi " << u[i];
  }
  // Quadrant boundaries are exact.
  EXPECT_EQ(s[0], 0.0);
  EXPECT_EQ(c[0], 1.0);
  EXPECT_EQ(s[10000], 1.0);   // u = 1/4
  EXPECT_EQ(c[20000], -1.0);  // u = 1/2
  EXPECT_EQ(s[30000], -1.0);  // u = 3/4
}

}  // namespace
}  // namespace strata::sim
