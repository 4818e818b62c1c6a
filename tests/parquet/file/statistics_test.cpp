#include "statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace strata::parquet::internal {
namespace {

namespace f = format;

template <typename T>
T decode(const std::string& s) {
  T v;
  std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

TEST(Statistics, SignedUnsignedAndNulls) {
  ColumnStatistics s(f::Type::kInt32, SortOrder::kSigned);
  std::vector<int32_t> a = {5, -3, 7};
  s.add(a);
  s.add_nulls(2);
  EXPECT_EQ(decode<int32_t>(s.min_bytes()), -3);
  EXPECT_EQ(decode<int32_t>(s.max_bytes()), 7);
  auto t = s.to_thrift();
  EXPECT_EQ(t.null_count, 2);
  EXPECT_TRUE(t.min.has_value());  // legacy fields for signed orders
  ColumnStatistics u(f::Type::kInt32, SortOrder::kUnsigned);
  u.add(a);
  EXPECT_EQ(decode<int32_t>(u.min_bytes()), 5);   // 0xFFFFFFFD is the largest unsigned value
  EXPECT_EQ(decode<int32_t>(u.max_bytes()), -3);
  EXPECT_FALSE(u.to_thrift().min.has_value());
}

TEST(Statistics, FloatsIgnoreNanAndSignZeros) {
  ColumnStatistics s(f::Type::kDouble, SortOrder::kSigned);
  std::vector<double> v = {NAN, 0.0, 2.5, NAN};
  s.add(v);
  EXPECT_TRUE(std::signbit(decode<double>(s.min_bytes())));
  EXPECT_EQ(decode<double>(s.max_bytes()), 2.5);
  ColumnStatistics only_nan(f::Type::kDouble, SortOrder::kSigned);
  std::vector<double> n = {NAN};
  only_nan.add(n);
  EXPECT_FALSE(only_nan.has_min_max());
}

TEST(Statistics, ByteArraysUnsignedAndDecimalsSigned) {
  ColumnStatistics s(f::Type::kByteArray, SortOrder::kUnsigned);
  for (const char* v : {"b", "\xC3\xA9", "ab", "a"}) s.add_bytes(v);
  EXPECT_EQ(s.min_bytes(), "a");
  EXPECT_EQ(s.max_bytes(), "\xC3\xA9");
  ColumnStatistics d(f::Type::kFixedLenByteArray, SortOrder::kDecimal);
  d.add_bytes(std::string("\xFF\x38", 2));  // -200
  d.add_bytes(std::string("\x00\x05", 2));  // 5
  d.add_bytes(std::string("\xFF\xFF", 2));  // -1
  EXPECT_EQ(d.min_bytes(), std::string("\xFF\x38", 2));
  EXPECT_EQ(d.max_bytes(), std::string("\x00\x05", 2));
  ColumnStatistics other(f::Type::kByteArray, SortOrder::kUnsigned);
  other.add_bytes("zz");
  other.add_nulls(4);
  ColumnStatistics merged(f::Type::kByteArray, SortOrder::kUnsigned);
  merged.merge(s);
  merged.merge(other);
  EXPECT_EQ(merged.min_bytes(), "a");
  EXPECT_EQ(merged.max_bytes(), "\xC3\xA9");
  EXPECT_EQ(merged.null_count(), 4);
}

TEST(Statistics, SortOrders) {
  f::SchemaElement e;
  e.type = f::Type::kInt32;
  EXPECT_EQ(sort_order_of(e), SortOrder::kSigned);
  e.converted_type = f::ConvertedType::kUint16;
  EXPECT_EQ(sort_order_of(e), SortOrder::kUnsigned);
  e.type = f::Type::kInt96;
  e.converted_type.reset();
  EXPECT_EQ(sort_order_of(e), SortOrder::kUnknown);
}

}  // namespace
}  // namespace strata::parquet::internal
