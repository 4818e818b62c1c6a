#include "strata/plot/ticks.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"

namespace strata::plot {
namespace {

TEST(NiceNumberTest, RoundedAndCeiling) {
  // Heckbert: round picks 1 (<1.5), 2 (<3), 5 (<7), else 10; ceiling picks the smallest of 1, 2, 5, 10 >= x.
  EXPECT_DOUBLE_EQ(nice_number(1.4, true), 1.0);
  EXPECT_DOUBLE_EQ(nice_number(1.5, true), 2.0);
  EXPECT_DOUBLE_EQ(nice_number(2.9, true), 2.0);
  EXPECT_DOUBLE_EQ(nice_number(3.0, true), 5.0);
  EXPECT_DOUBLE_EQ(nice_number(6.9, true), 5.0);
  EXPECT_DOUBLE_EQ(nice_number(7.0, true), 10.0);
  EXPECT_DOUBLE_EQ(nice_number(22.2, true), 20.0);
  EXPECT_DOUBLE_EQ(nice_number(0.0056, true), 0.005);
  EXPECT_DOUBLE_EQ(nice_number(1.0, false), 1.0);
  EXPECT_DOUBLE_EQ(nice_number(1.1, false), 2.0);
  EXPECT_DOUBLE_EQ(nice_number(110.0, false), 200.0);
  EXPECT_DOUBLE_EQ(nice_number(4.9, false), 5.0);
  EXPECT_DOUBLE_EQ(nice_number(5.1, false), 10.0);
  EXPECT_DOUBLE_EQ(nice_number(0.0215, false), 0.05);
  EXPECT_THROW(nice_number(0.0, true), InvalidArgument);
  EXPECT_THROW(nice_number(-1.0, false), InvalidArgument);
}

TEST(NiceTicksTest, PriceAxis) {
  // 65.3..174.2, 10 labels: range 108.9 -> 200; 200 / 9 = 22.2 -> 20; 60 .. 180.
  const Ticks t = nice_ticks(65.3, 174.2, 10);
  EXPECT_EQ(t.step, 20.0);
  EXPECT_EQ(t.graph_min, 60.0);
  EXPECT_EQ(t.graph_max, 180.0);
  EXPECT_EQ(t.fraction_digits, 0);
  EXPECT_EQ(t.values, (std::vector<double>{60, 80, 100, 120, 140, 160, 180}));
  EXPECT_EQ(ticks_within(t, 65.3, 174.2), (std::vector<double>{80, 100, 120, 140, 160}));
}

TEST(NiceTicksTest, HeckbertsFiveLabels) {
  // The paper's loose labelling with 5 labels: 0..0.0215 -> range 0.05, step 0.0125 -> 0.01, 2 digits.
  const Ticks t = nice_ticks(0.0, 0.0215, 5);
  EXPECT_DOUBLE_EQ(t.step, 0.01);
  EXPECT_EQ(t.fraction_digits, 2);
  ASSERT_EQ(t.values.size(), 4u);
  EXPECT_EQ(format_tick(t.values[0], 2), "0.00");
  EXPECT_EQ(format_tick(t.values[3], 2), "0.03");
  // With 10 labels the step is 0.005 and labels carry 3 digits.
  const Ticks fine = nice_ticks(0.0, 0.0215, 10);
  EXPECT_DOUBLE_EQ(fine.step, 0.005);
  EXPECT_EQ(fine.fraction_digits, 3);
  EXPECT_EQ(format_tick(fine.values[3], 3), "0.015");
}

TEST(NiceTicksTest, UnitIntervalWithMargins) {
  const Ticks t = nice_ticks(-0.05, 1.05, 10);
  EXPECT_DOUBLE_EQ(t.step, 0.2);
  EXPECT_DOUBLE_EQ(t.graph_min, -0.2);
  EXPECT_DOUBLE_EQ(t.graph_max, 1.2);
  EXPECT_EQ(t.fraction_digits, 1);
  const std::vector<double> inside = ticks_within(t, -0.05, 1.05);
  std::vector<std::string> labels;
  for (double v : inside) labels.push_back(format_tick(v, t.fraction_digits));
  EXPECT_EQ(labels, (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
}

TEST(NiceTicksTest, NegativeAndDegenerateRanges) {
  const Ticks t = nice_ticks(-37.0, -3.0, 5);  // range 34 -> 50; 12.5 -> 10
  EXPECT_EQ(t.step, 10.0);
  EXPECT_EQ(t.values, (std::vector<double>{-40, -30, -20, -10, 0}));
  const Ticks point = nice_ticks(3.0, 3.0, 5);  // widened to 2.5..3.5: range 1; 0.25 -> 0.2
  EXPECT_DOUBLE_EQ(point.step, 0.2);
  EXPECT_EQ(point.fraction_digits, 1);
  const Ticks swapped = nice_ticks(174.2, 65.3, 10);
  EXPECT_EQ(swapped.step, 20.0);
  EXPECT_THROW(nice_ticks(0.0, INFINITY), InvalidArgument);
}

TEST(FormatTickTest, FixedDigitsWithoutNegativeZero) {
  EXPECT_EQ(format_tick(100.0, 0), "100");
  EXPECT_EQ(format_tick(0.6000000000000001, 1), "0.6");
  EXPECT_EQ(format_tick(-0.0, 1), "0.0");
  EXPECT_EQ(format_tick(-1e-17, 2), "0.00");
  EXPECT_EQ(format_tick(-2.5, 1), "-2.5");
  EXPECT_EQ(format_tick(1250.0, 0), "1250");
}

}  // namespace
}  // namespace strata::plot
