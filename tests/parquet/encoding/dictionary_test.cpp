#include "strata/parquet/encoding/dictionary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "encoding_test_util.h"
#include "strata/parquet/encoding/plain.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

TEST(DictionaryBuilder, Int64IndicesAndPage) {
  DictionaryBuilder<int64_t> builder;
  std::vector<uint32_t> indices;
  const std::vector<int64_t> values = {5, 7, 5, 9, 7};
  builder.put(values, indices);
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(builder.size(), 3);
  EXPECT_EQ(builder.plain_size(), 24);
  EXPECT_EQ(builder.index_bit_width(), 2);
  Bytes page;
  builder.write_dictionary_page(page);
  Bytes expected;
  for (int64_t v : {5, 7, 9}) {
    for (int b = 0; b < 8; ++b) expected.push_back(static_cast<uint8_t>(v >> (8 * b)));
  }
  EXPECT_EQ(page, expected);
}

TEST(DictionaryBuilder, FloatsCompareByBits) {
  DictionaryBuilder<double> builder;
  std::vector<uint32_t> indices;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> values = {0.0, -0.0, nan, nan, 0.0, 1.5};
  builder.put(values, indices);
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 2, 2, 0, 3}));
  EXPECT_TRUE(std::signbit(builder.values()[1]));
  EXPECT_TRUE(std::isnan(builder.values()[2]));
}

TEST(DictionaryBuilder, ByteArraysCopyTheirBytes) {
  DictionaryBuilder<std::string_view> builder;
  std::vector<uint32_t> indices;
  {
    std::vector<std::string> owned = {"b", "a", "b", ""};
    std::vector<std::string_view> views(owned.begin(), owned.end());
    builder.put(views, indices);
  }  // the builder's views outlive the caller's strings
  EXPECT_EQ(indices, (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(builder.values()[0], "b");
  EXPECT_EQ(builder.values()[1], "a");
  Bytes page;
  builder.write_dictionary_page(page);
  EXPECT_EQ(page, (Bytes{1, 0, 0, 0, 'b', 1, 0, 0, 0, 'a', 0, 0, 0, 0}));
  EXPECT_EQ(builder.plain_size(), 14);
}

TEST(DictionaryBuilder, FixedLenByteArrays) {
  DictionaryBuilder<std::string_view> builder(1 << 20, 2);
  std::vector<uint32_t> indices;
  const std::vector<std::string_view> values = {"ab", "cd", "ab"};
  builder.put(values, indices);
  Bytes page;
  builder.write_dictionary_page(page);
  EXPECT_EQ(std::string(page.begin(), page.end()), "abcd");
  EXPECT_EQ(builder.plain_size(), 4);
  const std::vector<std::string_view> wrong = {"abc"};
  EXPECT_THROW(builder.put(wrong, indices), InvalidArgument);
}

TEST(DictionaryBuilder, ReportsGrowthPastTheLimit) {
  DictionaryBuilder<int64_t> builder(/*byte_limit=*/20);
  std::vector<uint32_t> indices;
  const std::vector<int64_t> two = {1, 2, 1, 2};
  builder.put(two, indices);
  EXPECT_FALSE(builder.over_limit());  // 16 bytes
  const std::vector<int64_t> three = {3};
  builder.put(three, indices);
  EXPECT_TRUE(builder.over_limit());  // 24 bytes > 20
}

TEST(DictionaryBuilder, ManyDistinctValuesGrowTheTable) {
  DictionaryBuilder<int32_t> builder;
  std::vector<int32_t> values(100000);
  for (int32_t i = 0; i < 100000; ++i) values[static_cast<size_t>(i)] = i * 7919;
  std::vector<uint32_t> indices;
  builder.put(values, indices);
  builder.put(values, indices);
  ASSERT_EQ(indices.size(), 200000u);
  for (uint32_t i = 0; i < 100000; ++i) {
    ASSERT_EQ(indices[i], i);
    ASSERT_EQ(indices[i + 100000], i);
  }
  EXPECT_EQ(builder.index_bit_width(), 17);  // 99999 < 2^17
}

TEST(DictionaryIndices, PageBodyIsWidthByteThenRle) {
  Bytes page;
  const std::vector<uint32_t> indices = {0, 1, 2, 3, 4, 5, 6, 7};
  encode_dictionary_indices(indices, 3, page);
  EXPECT_EQ(page, (Bytes{0x03, 0x03, 0x88, 0xC6, 0xFA}));
  auto decoder = dictionary_index_decoder(page);
  EXPECT_EQ(decoder.bit_width(), 3);
  std::vector<uint32_t> back(8);
  decoder.decode(std::span<uint32_t>(back));
  EXPECT_EQ(back, indices);
  const Bytes bad = {40, 0x02, 0x00};
  expect_format_error([&] { dictionary_index_decoder(bad); }, "RLE bit width 40 exceeds 32");
}

TEST(DictionaryIndices, WriterFlowRoundTrip) {
  // Build a dictionary from strings, write the dictionary page and an index page, read both back.
  std::vector<std::string> owned;
  for (int i = 0; i < 5000; ++i) owned.push_back("key-" + std::to_string((i * 37) % 300));
  const std::vector<std::string_view> values(owned.begin(), owned.end());
  DictionaryBuilder<std::string_view> builder;
  std::vector<uint32_t> indices;
  builder.put(values, indices);
  Bytes dictionary_page, data_page;
  builder.write_dictionary_page(dictionary_page);
  encode_dictionary_indices(indices, builder.index_bit_width(), data_page);

  PlainDecoder plain(dictionary_page);
  std::vector<std::string_view> dictionary(static_cast<size_t>(builder.size()));
  plain.decode_byte_arrays(dictionary);
  auto decoder = dictionary_index_decoder(data_page);
  std::vector<std::string_view> back(values.size());
  decoder.decode_gather<std::string_view>(dictionary, back);
  EXPECT_EQ(back, values);
}

}  // namespace
}  // namespace strata::parquet::encoding
