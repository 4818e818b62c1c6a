#include "strata/compute/cast.h"

#include <gtest/gtest.h>

#include "strata/compute/dictionary_encode.h"
#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;

TEST(Cast, WideningAndNarrowingIntegers) {
  const Array a = i64({1, std::nullopt, -128, 127});
  const Array r = cast(a, columnar::int8());
  EXPECT_TRUE(r.type()->equals(*columnar::int8()));
  EXPECT_EQ(r.to_string(), "[1, null, -128, 127]");
  EXPECT_EQ(cast(numbers<uint8_t>({255}), columnar::int64()).to_string(), "[255]");
  try {
    cast(i64({1, 300}), columnar::int8());
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("300 at row 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cast(i64({-1}), columnar::uint32()), InvalidArgument);
  EXPECT_THROW(cast(numbers<uint64_t>({9223372036854775808ull}), columnar::int64()), InvalidArgument);
  // A value that would not fit, under a null, is ignored.
  const Array sliced = cast(i64({1000, 5}).slice(1), columnar::int8());
  EXPECT_EQ(sliced.to_string(), "[5]");
}

TEST(Cast, FloatsAndIntegers) {
  EXPECT_EQ(cast(f64({1.0, -2.0, std::nullopt}), columnar::int32()).to_string(), "[1, -2, null]");
  EXPECT_THROW(cast(f64({1.5}), columnar::int32()), InvalidArgument);
  EXPECT_THROW(cast(f64({std::nan("")}), columnar::int64()), InvalidArgument);
  EXPECT_THROW(cast(f64({9.3e18}), columnar::int64()), InvalidArgument);
  EXPECT_EQ(cast(f64({255.0}), columnar::uint8()).to_string(), "[255]");
  EXPECT_THROW(cast(f64({256.0}), columnar::uint8()), InvalidArgument);
  EXPECT_EQ(cast(numbers<int32_t>({3, -4}), columnar::float64()).to_string(), "[3, -4]");
  EXPECT_EQ(cast(f64({0.5}), columnar::float32()).to_string(), "[0.5]");
}

TEST(Cast, BoolAndStrings) {
  EXPECT_EQ(cast(bools({true, false, std::nullopt}), columnar::int32()).to_string(), "[1, 0, null]");
  EXPECT_EQ(cast(i64({0, 7}), columnar::boolean()).to_string(), "[false, true]");
  EXPECT_EQ(cast(f64({1.5, std::nullopt, 1e21}), columnar::utf8()).to_string(), "[\"1.5\", null, \"1e+21\"]");
  EXPECT_EQ(cast(i64({-12, 40}), columnar::large_utf8()).to_string(), "[\"-12\", \"40\"]");
  EXPECT_EQ(cast(numbers<int32_t>({0, 19000}, columnar::date32()), columnar::utf8()).to_string(),
            "[\"1970-01-01\", \"2022-01-08\"]");
  EXPECT_EQ(cast(strings({"42", std::nullopt, "-7"}), columnar::int16()).to_string(), "[42, null, -7]");
  EXPECT_EQ(cast(strings({"2.5", "1e3"}), columnar::float64()).to_string(), "[2.5, 1000]");
  EXPECT_EQ(cast(strings({"true", "0"}), columnar::boolean()).to_string(), "[true, false]");
  EXPECT_THROW(cast(strings({"12x"}), columnar::int32()), InvalidArgument);
  EXPECT_THROW(cast(strings({"70000"}), columnar::int16()), InvalidArgument);
  EXPECT_THROW(cast(strings({""}), columnar::int32()), InvalidArgument);
  EXPECT_EQ(cast(dictionary_encode(strings({"5", "6", "5"})), columnar::int64()).to_string(), "[5, 6, 5]");
}

TEST(Cast, TimestampsAsIntegersAndUnsupportedPairs) {
  const Array t = cast(i64({1000}), columnar::timestamp(columnar::TimeUnit::kMilli));
  EXPECT_EQ(t.type()->id(), columnar::TypeId::kTimestamp);
  EXPECT_EQ(cast(t, columnar::utf8()).to_string(), "[\"1970-01-01T00:00:01\"]");
  EXPECT_THROW(cast(strings({"a"}), columnar::date32()), TypeError);
  EXPECT_EQ(cast(columnar::ChunkedArray({i64({1}), i64({2})}), columnar::int8()).combine().to_string(), "[1, 2]");
}

}  // namespace
}  // namespace strata::compute
