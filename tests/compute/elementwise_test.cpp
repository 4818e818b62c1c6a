#include "strata/compute/elementwise.h"

#include <gtest/gtest.h>

#include "strata/compute/dictionary_encode.h"
#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;

TEST(Compare, ArrayVsScalarWithNulls) {
  const Array a = i64({1, 5, std::nullopt, 10, 5});
  EXPECT_EQ(compare(a, CompareOp::kGreater, make_scalar(int64_t{4})).to_string(), "[false, true, null, true, true]");
  EXPECT_EQ(compare(a, CompareOp::kEqual, make_scalar(int64_t{5})).to_string(), "[false, true, null, false, true]");
  EXPECT_EQ(compare(a, CompareOp::kLessEqual, make_scalar(5.5)).to_string(), "[true, true, null, false, true]");
  EXPECT_EQ(compare(a, CompareOp::kNotEqual, Scalar::null(columnar::int64())).null_count(), 5);
  // Sliced input: offset 2.
  EXPECT_EQ(compare(a.slice(2), CompareOp::kLess, make_scalar(int64_t{6})).to_string(), "[null, false, true]");
}

TEST(Compare, MixedSignsCompareByValue) {
  const Array u = numbers<uint64_t>({0, 18446744073709551615ull});
  EXPECT_EQ(compare(u, CompareOp::kGreater, make_scalar(int64_t{-1})).to_string(), "[true, true]");
}

TEST(Compare, ArrayVsArrayAndLongInputs) {
  const Array a = f64({1.0, 2.0, std::nullopt, 4.0});
  const Array b = numbers<int32_t>({1, 3, 3, std::nullopt});
  EXPECT_EQ(compare(a, CompareOp::kLess, b).to_string(), "[false, true, null, null]");
  EXPECT_EQ(compare(a, CompareOp::kGreaterEqual, b).to_string(), "[true, false, null, null]");
  // 200 values, crossing 64-bit words: x[i] = i, y[i] = 199 - i.
  std::vector<std::optional<int64_t>> x, y;
  for (int64_t i = 0; i < 200; ++i) {
    x.push_back(i);
    y.push_back(199 - i);
  }
  const Array r = compare(i64(x), CompareOp::kLess, i64(y));
  for (int64_t i = 0; i < 200; ++i) EXPECT_EQ(columnar::BooleanArray(r).value(i), i < 199 - i) << i;
  EXPECT_THROW(compare(a, CompareOp::kLess, i64({1})), InvalidArgument);
}

TEST(Compare, StringsAndDictionaries) {
  const Array s = strings({"apple", std::nullopt, "pear", "fig"});
  EXPECT_EQ(compare(s, CompareOp::kEqual, make_scalar("pear")).to_string(), "[false, null, true, false]");
  EXPECT_EQ(compare(s, CompareOp::kLess, make_scalar("b")).to_string(), "[true, null, false, false]");
  const Array d = dictionary_encode(s);
  EXPECT_EQ(compare(d, CompareOp::kGreater, make_scalar("b")).to_string(), "[false, null, true, true]");
  EXPECT_EQ(compare(d, CompareOp::kEqual, strings({"apple", "x", "x", "fig"})).to_string(),
            "[true, null, false, true]");
  EXPECT_THROW(compare(s, CompareOp::kLess, make_scalar(int64_t{1})), TypeError);
}

TEST(Compare, TimestampsAsIntegers) {
  const Array t = numbers<int64_t>({1000, 2000}, columnar::timestamp(columnar::TimeUnit::kMilli));
  EXPECT_EQ(compare(t, CompareOp::kGreater, make_scalar(int64_t{1500})).to_string(), "[false, true]");
}

TEST(Arithmetic, IntegersFloatsNullsAndScalars) {
  const Array a = numbers<int32_t>({1, 2, std::nullopt, -4});
  const Array b = i64({10, std::nullopt, 3, 4});
  EXPECT_EQ(add(a, b).to_string(), "[11, null, null, 0]");
  EXPECT_EQ(subtract(a, b).to_string(), "[-9, null, null, -8]");
  EXPECT_EQ(multiply(a, b).to_string(), "[10, null, null, -16]");
  EXPECT_EQ(divide(i64({7, -7, 9}), i64({2, 2, 3})).to_string(), "[3, -3, 3]");
  EXPECT_EQ(add(a, f64({0.5, 0.5, 0.5, 0.5})).to_string(), "[1.5, 2.5, null, -3.5]");
  EXPECT_EQ(divide(f64({1, 3}), f64({4, 0})).to_string(), "[0.25, Infinity]");
  EXPECT_EQ(arithmetic(a, ArithmeticOp::kMultiply, make_scalar(int64_t{3})).to_string(), "[3, 6, null, -12]");
  EXPECT_TRUE(add(numbers<uint8_t>({1}), numbers<uint16_t>({2})).type()->equals(*columnar::uint64()));
  EXPECT_TRUE(add(numbers<float>({1}), numbers<float>({2})).type()->equals(*columnar::float32()));
}

TEST(Arithmetic, OverflowAndDivisionByZeroThrow) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  EXPECT_THROW(add(i64({big}), i64({1})), InvalidArgument);
  EXPECT_THROW(divide(i64({1, 2}), i64({1, 0})), InvalidArgument);
  // A zero divisor under a null is fine.
  EXPECT_EQ(divide(i64({1, std::nullopt}), i64({1, 0})).to_string(), "[1, null]");
  EXPECT_THROW(add(strings({"a"}), i64({1})), TypeError);
}

TEST(Kleene, AndOrNotTruthTables) {
  // All nine combinations of {true, false, null}.
  const Array a = bools({true, true, true, false, false, false, std::nullopt, std::nullopt, std::nullopt});
  const Array b = bools({true, false, std::nullopt, true, false, std::nullopt, true, false, std::nullopt});
  EXPECT_EQ(and_kleene(a, b).to_string(), "[true, false, null, false, false, false, null, false, null]");
  EXPECT_EQ(or_kleene(a, b).to_string(), "[true, true, true, true, false, null, true, null, null]");
  EXPECT_EQ(invert(a).to_string(), "[false, false, false, true, true, true, null, null, null]");
  EXPECT_EQ(and_kleene(a.slice(6, 3), b.slice(3, 3)).to_string(), "[null, false, null]");
}

TEST(NullTests, IsNullIsValid) {
  const Array a = strings({"x", std::nullopt, "y"});
  EXPECT_EQ(is_null(a).to_string(), "[false, true, false]");
  EXPECT_EQ(is_valid(a).to_string(), "[true, false, true]");
  EXPECT_EQ(is_null(a.slice(1)).to_string(), "[true, false]");
  EXPECT_EQ(is_null(i64({})).length(), 0);
}

}  // namespace
}  // namespace strata::compute
