#include "strata/sim/gbm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <cstring>
#include <vector>

#include "strata/core/error.h"
#include "strata/sim/normal.h"
#include "strata/sim/risk.h"

namespace strata::sim {
namespace {

bool same_bits(const PathMatrix& a, const PathMatrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<size_t>(a.size()) * sizeof(double)) == 0;
}

TEST(GbmTest, IdenticalForAnyThreadCount) {
  GbmParams params;
  params.paths = 1003;  // not a multiple of the 4-path groups or of any thread split
  params.steps = 37;
  const PathMatrix one = simulate_gbm(params, {1});
  for (int threads : {2, 3, 7, 0}) {
    EXPECT_TRUE(same_bits(one, simulate_gbm(params, {threads}))) << threads << " threads";
  }
}

TEST(GbmTest, BlocksIntoCallerMemoryEqualTheWhole) {
  GbmParams params;
  params.paths = 300;
  params.steps = 30;
  params.include_initial = true;
  const PathMatrix whole = simulate_gbm(params, {2});
  for (int64_t first = 0; first < 300; first += 120) {
    PathMatrix part(std::min<int64_t>(120, 300 - first), 31);
    simulate_gbm_into(params, first, part, {3});
    for (int64_t r = 0; r < part.rows(); ++r) {
      ASSERT_EQ(std::memcmp(part.row(r).data(), whole.row(first + r).data(), 31 * sizeof(double)), 0) << first + r;
    }
  }
  PathMatrix wrong(10, 30);
  EXPECT_THROW(simulate_gbm_into(params, 0, wrong), InvalidArgument);
}

TEST(GbmTest, NotebookSchemeOnEachPath) {
  // The notebook: paths = S0 * exp(cumsum((mu - 0.5 sigma^2) dt + sigma sqrt(dt) W, axis=1)), with W row p
  // being normal stream p; evaluated here with the C library's exp.
  GbmParams params;
  params.paths = 13;
  params.steps = 252;
  params.seed = 2024;
  const PathMatrix paths = simulate_gbm(params);
  ASSERT_EQ(paths.rows(), 13);
  ASSERT_EQ(paths.cols(), 252);
  const double dt = 1.0 / 252;
  const double drift = (0.08 - 0.5 * (0.2 * 0.2)) * dt;
  const double vol = 0.2 * std::sqrt(dt);
  std::vector<double> w(252);
  for (int64_t p = 0; p < paths.rows(); ++p) {
    fill_standard_normal(2024, static_cast<uint64_t>(p), w);
    double acc = 0.0;
    for (int64_t s = 0; s < 252; ++s) {
      acc += drift + vol * w[s];
      const double expected = 100.0 * std::exp(acc);
      ASSERT_NEAR(paths(p, s), expected, 1e-13 * expected) << "path " << p << " step " << s;
    }
  }
}

TEST(GbmTest, IncludeInitialPrependsS0) {
  GbmParams params;
  params.paths = 9;
  params.steps = 20;
  params.s0 = 50.0;
  const PathMatrix plain = simulate_gbm(params);
  params.include_initial = true;
  const PathMatrix with_s0 = simulate_gbm(params);
  ASSERT_EQ(with_s0.cols(), 21);
  for (int64_t p = 0; p < 9; ++p) {
    EXPECT_EQ(with_s0(p, 0), 50.0);
    for (int64_t s = 0; s < 20; ++s) EXPECT_EQ(with_s0(p, s + 1), plain(p, s));
  }
}

TEST(GbmTest, FinalPriceMomentsMatchTheLognormalLaw) {
  GbmParams params;
  params.paths = 20000;
  params.steps = 50;
  const PathMatrix paths = simulate_gbm(params);
  const std::vector<double> final_prices = paths.column(paths.cols() - 1);
  // S_T = S0 exp((mu - sigma^2/2) T + sigma sqrt(T) Z): E = S0 e^{mu T} = 108.3287,
  // sd = E sqrt(e^{sigma^2 T} - 1) = 21.885; the standard error of the mean is 0.155.
  EXPECT_NEAR(mean(final_prices), 100.0 * std::exp(0.08), 0.75);
  EXPECT_NEAR(stddev(final_prices), 100.0 * std::exp(0.08) * std::sqrt(std::exp(0.04) - 1.0), 0.6);
  // Median of a lognormal: S0 e^{(mu - sigma^2/2) T} = 106.18.
  EXPECT_NEAR(percentile(final_prices, 50), 100.0 * std::exp(0.06), 0.9);
}

TEST(GbmTest, ColumnMeansAddRowsInOrder) {
  GbmParams params;
  params.paths = 5;
  params.steps = 3;
  const PathMatrix paths = simulate_gbm(params);
  const std::vector<double> means = column_means(paths);
  for (int64_t s = 0; s < 3; ++s) {
    double sum = paths(0, s);
    for (int64_t p = 1; p < 5; ++p) sum += paths(p, s);
    EXPECT_EQ(means[s], sum / 5.0);
  }
  const PathMatrix head = paths.head(2);
  EXPECT_EQ(head.rows(), 2);
  EXPECT_EQ(head(1, 2), paths(1, 2));
}

TEST(GbmTest, LinspaceMatchesNumpy) {
  // numpy.linspace(0, 1, 252)[[1, 100, 250]], printed by tests/sim/make_risk_expected.py.
  const std::vector<double> t = linspace(0.0, 1.0, 252);
  ASSERT_EQ(t.size(), 252u);
  EXPECT_EQ(t[0], 0.0);
  EXPECT_EQ(t[1], 0x1.05197f7d73404p-8);
  EXPECT_EQ(t[100], 0x1.97f7d73404146p-2);
  EXPECT_EQ(t[250], 0x1.fdf5cd0105198p-1);
  EXPECT_EQ(t[251], 1.0);
}

TEST(GbmTest, RejectsBadParameters) {
  GbmParams params;
  params.steps = 0;
  EXPECT_THROW(simulate_gbm(params), InvalidArgument);
  params = {};
  params.sigma = -0.1;
  EXPECT_THROW(simulate_gbm(params), InvalidArgument);
  params = {};
  params.s0 = 0.0;
  EXPECT_THROW(simulate_gbm(params), InvalidArgument);
  EXPECT_THROW(simulate_gbm(GbmParams{}, {-1}), InvalidArgument);
  params = {};
  params.paths = 0;
  EXPECT_EQ(simulate_gbm(params).rows(), 0);
}

}  // namespace
}  // namespace strata::sim
