#include "strata/sim/risk.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "strata/core/error.h"

namespace strata::sim {
namespace {

// The same 64-bit LCG as tests/sim/make_risk_expected.py: exact doubles in [lo, lo + width).
std::vector<double> lcg_sample(int n, uint64_t seed, double lo, double width) {
  std::vector<double> out;
  uint64_t state = seed;
  for (int i = 0; i < n; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out.push_back(lo + static_cast<double>(state >> 11) * 0x1p-53 * width);
  }
  return out;
}

struct Expected {
  const char* name;
  int n;
  uint64_t seed;
  // sum, mean, std, std(ddof=1), p5, p1, p50, p95, p99, p37.5, es95, es99
  double v[12];
};

// Printed by /usr/bin/python3 tests/sim/make_risk_expected.py (numpy 1.24.2).
constexpr Expected kExpected[] = {
  {"small", 7, 1, {0x1.7d9e369975b17p+9, 0x1.b422878acfa63p+6, 0x1.75b1a45185d0fp+3, 0x1.93a2b3ff72563p+3, 0x1.7e302b9289fbbp+6, 0x1.7ab3c93d9c2b4p+6, 0x1.a762fd6c74d83p+6, 0x1.fe79c4067f5f8p+6, 0x1.05978ff981527p+7, 0x1.a4fc165c9fc52p+6, 0x1.79d4b0a860b72p+6, 0x1.79d4b0a860b72p+6}},
  {"block", 128, 2, {0x1.9ad616a560bcbp+13, 0x1.9ad616a560bcbp+6, 0x1.a6db783cd4b31p+4, 0x1.a884d226b1a9dp+4, 0x1.f59dc45c59d7ep+5, 0x1.e4132cd75090dp+5, 0x1.955eedbd8ff92p+6, 0x1.2430ed5c559cfp+7, 0x1.2817344469615p+7, 0x1.5e502b8235721p+6, 0x1.eb1000d5fe4fap+5, 0x1.e2823ccc637cap+5}},
  {"odd", 1001, 3, {0x1.9d78ee0d59a7bp+16, 0x1.a6f905ef7aa90p+6, 0x1.a04942bd64d99p+4, 0x1.a07e883259786p+4, 0x1.ffce8e838dbe6p+5, 0x1.e7cc9c2d0e4e6p+5, 0x1.a91c0b9c51151p+6, 0x1.2318c5cdecc8ep+7, 0x1.2a66028f2dcd4p+7, 0x1.790f3941592dcp+6, 0x1.efe85e4046953p+5, 0x1.e3804f0b19583p+5}},
  {"large", 100000, 4, {0x1.4075f438877f1p+23, 0x1.a408c97c25adbp+6, 0x1.9fce550b76931p+4, 0x1.9fcedd4c0f15ap+4, 0x1.01b7ff391563dp+6, 0x1.e745882c04c1cp+5, 0x1.a46aa12922344p+6, 0x1.22ab04f92a9e8p+7, 0x1.2a1404a4ed56fp+7, 0x1.778e2866d4adap+6, 0x1.f1a8b955e7ec5p+5, 0x1.e39a5eb26a5a2p+5}},
};

class RiskTest : public ::testing::TestWithParam<Expected> {};

TEST_P(RiskTest, MatchesNumpy) {
  const Expected& e = GetParam();
  const std::vector<double> x = lcg_sample(e.n, e.seed, 60.0, 90.0);
  // Sums and means follow numpy's pairwise order, so they agree to the bit; percentiles use numpy's lerp.
  EXPECT_EQ(pairwise_sum(x), e.v[0]);
  EXPECT_EQ(mean(x), e.v[1]);
  EXPECT_DOUBLE_EQ(stddev(x), e.v[2]);
  EXPECT_DOUBLE_EQ(stddev(x, 1), e.v[3]);
  EXPECT_EQ(percentile(x, 5), e.v[4]);
  EXPECT_EQ(percentile(x, 1), e.v[5]);
  EXPECT_EQ(percentile(x, 50), e.v[6]);
  EXPECT_EQ(percentile(x, 95), e.v[7]);
  EXPECT_EQ(percentile(x, 99), e.v[8]);
  EXPECT_EQ(percentile(x, 37.5), e.v[9]);
  EXPECT_EQ(value_at_risk(x, 95), e.v[4]);
  EXPECT_EQ(value_at_risk(x, 99), e.v[5]);
  EXPECT_DOUBLE_EQ(expected_shortfall(x, 95), e.v[10]);
  EXPECT_DOUBLE_EQ(expected_shortfall(x, 99), e.v[11]);

  const RiskSummary s = summarize_risk(x);
  EXPECT_EQ(s.count, e.n);
  EXPECT_EQ(s.mean, e.v[1]);
  EXPECT_DOUBLE_EQ(s.std, e.v[2]);
  EXPECT_EQ(s.median, e.v[6]);
  EXPECT_EQ(s.var_95, e.v[4]);
  EXPECT_EQ(s.var_99, e.v[5]);
  EXPECT_DOUBLE_EQ(s.es_95, e.v[10]);
  EXPECT_DOUBLE_EQ(s.es_99, e.v[11]);
  const std::vector<double> qs = {1, 5, 50};
  EXPECT_EQ(percentiles(x, qs), (std::vector<double>{e.v[5], e.v[4], e.v[6]}));
}

INSTANTIATE_TEST_SUITE_P(Samples, RiskTest, ::testing::ValuesIn(kExpected),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RiskEdgeTest, HandComputedPercentiles) {
  const std::vector<double> x = {4.0, 1.0, 3.0, 2.0};
  // Sorted 1 2 3 4; virtual index 3q: q=50 -> 1.5 -> 2.5; q=10 -> 0.3 -> 1.3; q=100 -> 4.
  EXPECT_EQ(percentile(x, 50), 2.5);
  EXPECT_DOUBLE_EQ(percentile(x, 10), 1.3);
  EXPECT_EQ(percentile(x, 100), 4.0);
  EXPECT_EQ(percentile(x, 0), 1.0);
  EXPECT_EQ(mean(x), 2.5);
  EXPECT_DOUBLE_EQ(stddev(x), std::sqrt(1.25));
  // The worst 25%: percentile(25) = 1.75, values <= 1.75 are {1}.
  EXPECT_EQ(expected_shortfall(x, 75), 1.0);
}

TEST(RiskEdgeTest, RejectsBadInput) {
  const std::vector<double> empty;
  EXPECT_THROW(mean(empty), InvalidArgument);
  EXPECT_THROW(percentile(empty, 5), InvalidArgument);
  const std::vector<double> one = {1.0};
  EXPECT_THROW(percentile(one, 101), InvalidArgument);
  EXPECT_THROW(percentile(one, -1), InvalidArgument);
  EXPECT_THROW(stddev(one, 1), InvalidArgument);
  EXPECT_EQ(percentile(one, 37), 1.0);
}

}  // namespace
}  // namespace strata::sim
