#include "strata/compute/dictionary_encode.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;
using columnar::ChunkedArray;

TEST(DictionaryEncode, StringsFirstAppearanceNullsAsNullIndices) {
  const Array s = strings({"red", "green", std::nullopt, "red", "blue", "green"});
  const Array d = dictionary_encode(s);
  EXPECT_TRUE(d.type()->equals(*columnar::dictionary(columnar::int32(), columnar::utf8())));
  const columnar::DictionaryArray da(d);
  EXPECT_EQ(da.dictionary().to_string(), "[\"red\", \"green\", \"blue\"]");
  EXPECT_EQ(da.indices().to_string(), "[0, 1, null, 0, 2, 1]");
  EXPECT_TRUE(dictionary_decode(d).equals(s));
}

TEST(DictionaryEncode, SlicedLargeStringsAndIntegers) {
  columnar::LargeStringBuilder b;
  for (const char* v : {"a", "bb", "a", "ccc", "bb"}) b.append(v);
  const Array ls = b.finish().slice(1, 4);
  const columnar::DictionaryArray d(dictionary_encode(ls));
  EXPECT_TRUE(d.dictionary().type()->equals(*columnar::large_utf8()));
  EXPECT_EQ(d.dictionary().to_string(), "[\"bb\", \"a\", \"ccc\"]");
  EXPECT_EQ(d.indices().to_string(), "[0, 1, 2, 0]");
  const columnar::DictionaryArray di(dictionary_encode(numbers<int16_t>({7, -2, 7, std::nullopt})));
  EXPECT_EQ(di.dictionary().to_string(), "[7, -2]");
  EXPECT_EQ(di.indices().to_string(), "[0, 1, 0, null]");
  EXPECT_EQ(dictionary_encode(strings({})).length(), 0);
}

TEST(DictionaryEncode, ManyDistinctValuesGrowTheTable) {
  columnar::StringBuilder b;
  for (int i = 0; i < 5000; ++i) b.append(std::to_string(i % 2500));
  const Array s = b.finish();
  const columnar::DictionaryArray d(dictionary_encode(s));
  EXPECT_EQ(d.dictionary().length(), 2500);
  EXPECT_EQ(d.index(4999), 2499);
  EXPECT_TRUE(dictionary_decode(d).equals(s));
}

TEST(DictionaryEncode, ChunkedShareOneDictionary) {
  const ChunkedArray c({strings({"a", "b"}), strings({"b", "c"})});
  const ChunkedArray d = dictionary_encode(c);
  ASSERT_EQ(d.num_chunks(), 2);
  EXPECT_EQ(columnar::DictionaryArray(d.chunk(1)).indices().to_string(), "[1, 2]");
  EXPECT_TRUE(dictionary_decode(d).equals(c));
}

TEST(DictionaryEncode, UnsupportedTypes) {
  EXPECT_THROW(dictionary_encode(f64({1.0})), TypeError);
  EXPECT_THROW(dictionary_decode(i64({1})), TypeError);
}

}  // namespace
}  // namespace strata::compute
