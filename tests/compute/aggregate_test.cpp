#include "strata/compute/aggregate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;
using columnar::ChunkedArray;

TEST(Sum, IntegersWithNullsAsInt64) {
  const Array a = numbers<int32_t>({1, std::nullopt, -5, 100, std::nullopt});
  const Scalar s = sum(a);
  EXPECT_TRUE(s.type->equals(*columnar::int64()));
  EXPECT_EQ(s.as<int64_t>(), 96);
}

TEST(Sum, UnsignedAsUInt64AndInt8Widens) {
  EXPECT_EQ(sum(numbers<uint8_t>({200, 100, 250})).as<uint64_t>(), 550u);
  EXPECT_EQ(sum(numbers<int8_t>({-100, -100, -100})).as<int64_t>(), -300);
}

TEST(Sum, EmptyAndAllNullAreNull) {
  EXPECT_TRUE(sum(i64({})).is_null());
  EXPECT_TRUE(sum(i64({std::nullopt, std::nullopt})).is_null());
  EXPECT_TRUE(mean(f64({})).is_null());
  EXPECT_TRUE(min(f64({std::nullopt})).is_null());
}

TEST(Sum, LongArrayWithMixedValidityAndSlices) {
  // 1000 values 0..999, every third null: sum of i for i % 3 != 0.
  std::vector<std::optional<int64_t>> v;
  int64_t expected = 0;
  for (int64_t i = 0; i < 1000; ++i) {
    if (i % 3 == 0) {
      v.push_back(std::nullopt);
    } else {
      v.push_back(i);
      expected += i;
    }
  }
  const Array a = i64(v);
  EXPECT_EQ(sum(a).as<int64_t>(), expected);
  // Slice [5, 805): sum of i in [5, 805) with i % 3 != 0.
  int64_t sliced = 0;
  for (int64_t i = 5; i < 805; ++i) sliced += i % 3 ? i : 0;
  EXPECT_EQ(sum(a.slice(5, 800)).as<int64_t>(), sliced);
  EXPECT_EQ(count(a.slice(5, 800)), 533);
  EXPECT_EQ(count(a.slice(5, 800), CountMode::kOnlyNull), 267);
  EXPECT_EQ(count(a.slice(5, 800), CountMode::kAll), 800);
}

TEST(Sum, FloatsArePairwiseAccurate) {
  // 1e6 copies of 0.1: naive left-to-right summation drifts by ~1e-6; pairwise stays within 1e-9.
  std::vector<std::optional<double>> v(1'000'000, 0.1);
  const double s = sum(f64(v)).as<double>();
  EXPECT_NEAR(s, 100000.0, 1e-8);
}

TEST(Sum, ChunkedMatchesWhole) {
  const ChunkedArray c({f64({1.5, std::nullopt}), f64({}), f64({2.25, 4.0})});
  EXPECT_DOUBLE_EQ(sum(c).as<double>(), 7.75);
  EXPECT_DOUBLE_EQ(mean(c).as<double>(), 7.75 / 3);
  EXPECT_EQ(count(c), 3);
  EXPECT_EQ(count(c, CountMode::kOnlyNull), 1);
}

TEST(MinMax, IntegersFloatsAndSlices) {
  const Array a = i64({5, std::nullopt, -3, 12, 7});
  EXPECT_EQ(min(a).as<int64_t>(), -3);
  EXPECT_EQ(max(a).as<int64_t>(), 12);
  EXPECT_EQ(min(a.slice(3)).as<int64_t>(), 7);
  auto [lo, hi] = min_max(numbers<uint16_t>({9, 3, 65535}));
  EXPECT_EQ(lo.as<uint64_t>(), 3u);
  EXPECT_EQ(hi.as<uint64_t>(), 65535u);
  EXPECT_TRUE(lo.type->equals(*columnar::uint16()));
  const Array f = f64({2.5, std::nan(""), -7.0, std::nullopt});
  EXPECT_EQ(min(f).as<double>(), -7.0);
  EXPECT_EQ(max(f).as<double>(), 2.5);
  EXPECT_TRUE(std::isnan(max(f64({std::nan("")})).as<double>()));
}

TEST(MinMax, TimestampsKeepTheirType) {
  const Array t = numbers<int64_t>({1000, 50, std::nullopt, 7000}, columnar::timestamp(columnar::TimeUnit::kMilli));
  const Scalar m = max(t);
  EXPECT_EQ(m.as<int64_t>(), 7000);
  EXPECT_EQ(m.type->id(), columnar::TypeId::kTimestamp);
  EXPECT_EQ(min(numbers<int32_t>({19000, 18000}, columnar::date32())).as<int64_t>(), 18000);
}

TEST(MinMax, ChunkedArray) {
  const ChunkedArray c({i64({4, 8}), i64({std::nullopt}), i64({-2, 3})});
  EXPECT_EQ(min(c).as<int64_t>(), -2);
  EXPECT_EQ(max(c).as<int64_t>(), 8);
}

TEST(Boolean, CountTrueAnyAll) {
  // 130 values so words and a tail are exercised: true at i % 4 == 0, null at i % 10 == 9.
  std::vector<std::optional<bool>> v;
  int64_t trues = 0;
  for (int i = 0; i < 130; ++i) {
    if (i % 10 == 9) {
      v.push_back(std::nullopt);
    } else {
      v.push_back(i % 4 == 0);
      trues += i % 4 == 0;
    }
  }
  const Array a = bools(v);
  EXPECT_EQ(count_true(a), trues);
  int64_t sliced = 0;
  for (int i = 3; i < 130; ++i) sliced += (i % 10 != 9) && (i % 4 == 0);
  EXPECT_EQ(count_true(a.slice(3)), sliced);
  EXPECT_TRUE(any(a));
  EXPECT_FALSE(all(a));
  EXPECT_TRUE(all(bools({true, std::nullopt, true})));
  EXPECT_FALSE(any(bools({false, std::nullopt})));
  EXPECT_FALSE(any(bools({})));
  EXPECT_TRUE(all(bools({})));
  EXPECT_EQ(count_true(ChunkedArray({bools({true, false}), bools({true})})), 2);
  EXPECT_THROW(count_true(i64({1})), TypeError);
}

TEST(Boolean, CountTrueOnLongArraysWholeBlocksAndTails) {
  // 5000 values (whole 32-byte blocks plus a tail): true when i % 3 == 0 or i % 7 == 0, null when
  // i % 11 == 0; expected counts by a plain loop over the same rule.
  std::vector<std::optional<bool>> v;
  for (int i = 0; i < 5000; ++i) {
    if (i % 11 == 0) {
      v.push_back(std::nullopt);
    } else {
      v.push_back(i % 3 == 0 || i % 7 == 0);
    }
  }
  auto expected = [](int from, int to) {
    int64_t n = 0;
    for (int i = from; i < to; ++i) n += i % 11 != 0 && (i % 3 == 0 || i % 7 == 0);
    return n;
  };
  const Array a = bools(v);
  EXPECT_EQ(count_true(a), expected(0, 5000));
  EXPECT_EQ(count_true(a.slice(8, 4000)), expected(8, 4008));
  EXPECT_EQ(count_true(a.slice(5, 4900)), expected(5, 4905));
  std::vector<std::optional<bool>> dense(4096 + 17, true);
  EXPECT_EQ(count_true(bools(dense)), 4096 + 17);
}

TEST(Variance, MatchesNumpyAndIsStable) {
  // numpy 1.24: x = [1e8+1, 1e8+2, 1e8+3, 1e8+4, 1e8+7.5]; np.var(x) = 5.0, np.var(x, ddof=1) = 6.25,
  // np.std(x, ddof=1) = 2.5. A naive sum-of-squares formula loses these to cancellation.
  const Array x = f64({1e8 + 1, 1e8 + 2, std::nullopt, 1e8 + 3, 1e8 + 4, 1e8 + 7.5});
  EXPECT_DOUBLE_EQ(variance(x).as<double>(), 5.0);
  EXPECT_DOUBLE_EQ(variance(x, 1).as<double>(), 6.25);
  EXPECT_DOUBLE_EQ(stddev(x, 1).as<double>(), 2.5);
  // The same split over chunks merges to the same answer.
  const ChunkedArray c({f64({1e8 + 1, 1e8 + 2}), f64({1e8 + 3}), f64({1e8 + 4, 1e8 + 7.5})});
  EXPECT_NEAR(variance(c).as<double>(), 5.0, 1e-9);
  EXPECT_NEAR(stddev(c, 1).as<double>(), 2.5, 1e-9);
  EXPECT_TRUE(variance(f64({1.0}), 1).is_null());
  EXPECT_DOUBLE_EQ(variance(i64({2, 4, 4, 4, 5, 5, 7, 9})).as<double>(), 4.0);  // textbook: sd 2
}

TEST(Quantile, MatchesNumpyLinear) {
  // numpy 1.24: np.quantile([3.5, -1.0, 7.25, 2.0, 10.0, 4.0, 0.5], [0, .1, .25, .5, .75, .9, 1])
  //   = [-1.0, -0.09999999999999987, 1.25, 3.5, 5.625, 8.350000000000001, 10.0]
  const Array a = f64({3.5, std::nullopt, -1.0, 7.25, 2.0, 10.0, 4.0, 0.5});
  const Array q = quantile(a, {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0});
  const std::vector<double> expected = {-1.0, -0.09999999999999987, 1.25, 3.5, 5.625, 8.350000000000001, 10.0};
  ASSERT_EQ(q.length(), 7);
  for (int i = 0; i < 7; ++i) EXPECT_DOUBLE_EQ(columnar::DoubleArray(q).value(i), expected[static_cast<size_t>(i)]) << i;
  // numpy 1.24: np.quantile(np.array([1,5,2,8,3,13,21,0,34,-7]), [.33, .5, .95])
  //   = [1.9700000000000002, 4.0, 28.149999999999984]
  const ChunkedArray c({i64({1, 5, 2, 8}), i64({3, 13, 21, 0, 34, -7})});
  const Array qi = quantile(c, {0.33, 0.5, 0.95});
  EXPECT_DOUBLE_EQ(columnar::DoubleArray(qi).value(0), 1.9700000000000002);
  EXPECT_DOUBLE_EQ(columnar::DoubleArray(qi).value(1), 4.0);
  EXPECT_DOUBLE_EQ(columnar::DoubleArray(qi).value(2), 28.149999999999984);
  EXPECT_EQ(quantile(f64({}), {0.5}).null_count(), 1);
  EXPECT_THROW(quantile(a, {1.5}), InvalidArgument);
}

TEST(Aggregate, UnsupportedTypeNamesKernelAndType) {
  try {
    sum(strings({"a"}));
    FAIL();
  } catch (const TypeError& e) {
    EXPECT_NE(std::string(e.what()).find("sum"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("string"), std::string::npos) << e.what();
  }
  EXPECT_THROW(variance(strings({"a"})), TypeError);
}

}  // namespace
}  // namespace strata::compute
