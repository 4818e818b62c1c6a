#include "strata/plot/histogram.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "strata/core/error.h"

namespace strata::plot {
namespace {

std::vector<double> lcg_sample(int n, uint64_t seed, double lo, double width) {
  std::vector<double> out;
  uint64_t state = seed;
  for (int i = 0; i < n; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out.push_back(lo + static_cast<double>(state >> 11) * 0x1p-53 * width);
  }
  return out;
}

TEST(HistogramTest, MatchesNumpy) {
  // numpy.histogram(x, bins=40) and density=True, printed by tests/plot/make_histogram_expected.py.
  const std::vector<double> x = lcg_sample(1001, 3, 60.0, 90.0);
  const std::vector<int64_t> counts = {29, 27, 21, 21, 23, 20, 20, 19, 31, 28, 29, 30, 19, 28,
                                       22, 34, 24, 23, 26, 19, 13, 15, 24, 19, 33, 31, 31, 26,
                                       34, 29, 27, 19, 27, 31, 23, 23, 22, 30, 25, 26};
  const Histogram h = histogram(x, 40, false);
  EXPECT_EQ(h.counts, counts);
  ASSERT_EQ(h.edges.size(), 41u);
  EXPECT_EQ(h.edges[0], 0x1.e04e8894f777dp+5);
  EXPECT_EQ(h.edges[17], 0x1.8912d8789e40cp+6);
  EXPECT_EQ(h.edges[40], 0x1.2bfb9bc4ee01cp+7);
  EXPECT_EQ(h.heights[5], 20.0);
  const Histogram d = histogram(x, 40, true);
  EXPECT_EQ(d.counts, counts);
  EXPECT_DOUBLE_EQ(d.heights[0], 0x1.a6242b2540084p-7);
  EXPECT_DOUBLE_EQ(d.heights[17], 0x1.4ecd3cb39cb72p-7);
  EXPECT_DOUBLE_EQ(d.heights[39], 0x1.7a78b3ec6e5fap-7);
}

TEST(HistogramTest, EdgesAndTheClosedLastBin) {
  // 0..10 in 5 bins of width 2: [0,2) [2,4) [4,6) [6,8) [8,10]; values on an edge go right, 10 stays last.
  const std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const Histogram h = histogram(x, 5, false);
  EXPECT_EQ(h.edges, (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(h.counts, (std::vector<int64_t>{2, 2, 2, 2, 3}));
  const Histogram d = histogram(x, 5, true);
  // density = count / (11 * 2); integrates to 1.
  EXPECT_DOUBLE_EQ(d.heights[4], 3.0 / 22.0);
  double area = 0;
  for (size_t i = 0; i < 5; ++i) area += d.heights[i] * 2.0;
  EXPECT_DOUBLE_EQ(area, 1.0);
}

TEST(HistogramTest, SingleValueAndErrors) {
  const std::vector<double> same = {4.0, 4.0, 4.0};
  const Histogram h = histogram(same, 2, false);  // numpy widens to [3.5, 4.5]
  EXPECT_EQ(h.edges, (std::vector<double>{3.5, 4.0, 4.5}));
  EXPECT_EQ(h.counts, (std::vector<int64_t>{0, 3}));
  EXPECT_THROW(histogram(same, 0, false), InvalidArgument);
  EXPECT_THROW(histogram(std::vector<double>{}, 3, false), InvalidArgument);
  EXPECT_THROW(histogram(std::vector<double>{1.0, NAN}, 3, false), InvalidArgument);
}

}  // namespace
}  // namespace strata::plot
