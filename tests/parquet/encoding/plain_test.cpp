#include "strata/parquet/encoding/plain.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

TEST(Plain, Int32AndDoubleAreLittleEndian) {
  Bytes out;
  const std::vector<int32_t> ints = {1, -2, 0x01020304};
  plain_encode<int32_t>(ints, out);
  EXPECT_EQ(out, (Bytes{1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 4, 3, 2, 1}));
  Bytes doubles;
  const std::vector<double> d = {1.0, -2.5};
  plain_encode<double>(d, doubles);
  EXPECT_EQ(doubles, (Bytes{0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0}));
  PlainDecoder decoder(doubles);
  std::vector<double> back(2);
  decoder.decode<double>(back);
  EXPECT_EQ(back, d);
  EXPECT_EQ(decoder.remaining(), 0);
}

TEST(Plain, Int64AndFloatRoundTripInBatches) {
  const std::vector<int64_t> values = {INT64_MIN, -1, 0, 1, INT64_MAX};
  Bytes out;
  plain_encode<int64_t>(values, out);
  ASSERT_EQ(out.size(), 40u);
  PlainDecoder decoder(out);
  std::vector<int64_t> back(5);
  decoder.decode(std::span<int64_t>(back.data(), 2));
  decoder.decode(std::span<int64_t>(back.data() + 2, 3));
  EXPECT_EQ(back, values);
  const std::vector<float> floats = {1.5f, -0.0f};
  Bytes fout;
  plain_encode<float>(floats, fout);
  EXPECT_EQ(fout, (Bytes{0, 0, 0xC0, 0x3F, 0, 0, 0, 0x80}));
}

TEST(Plain, BooleansAreBitPackedLsbFirst) {
  const std::vector<uint8_t> values = {1, 0, 1, 1, 0, 0, 0, 1, 1, 1};
  Bytes out;
  plain_encode_booleans(values, out);
  EXPECT_EQ(out, (Bytes{0x8D, 0x03}));
  PlainDecoder decoder(out);
  std::vector<uint8_t> back(10);
  decoder.decode_booleans(std::span<uint8_t>(back.data(), 3));  // batches that end mid-byte
  decoder.decode_booleans(std::span<uint8_t>(back.data() + 3, 6));
  decoder.decode_booleans(std::span<uint8_t>(back.data() + 9, 1));
  EXPECT_EQ(back, values);
  EXPECT_EQ(decoder.offset(), 2);
  expect_format_error([&] { decoder.decode_booleans(std::span<uint8_t>(back.data(), 7)); },
                      "PLAIN BOOLEAN truncated: need 7 values, 6 bits left");
}

TEST(Plain, ByteArraysHaveLengthPrefixes) {
  const std::vector<std::string_view> values = {"ab", "", "xyz"};
  Bytes out;
  plain_encode_byte_arrays(values, out);
  EXPECT_EQ(out, (Bytes{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 3, 0, 0, 0, 'x', 'y', 'z'}));
  PlainDecoder decoder(out);
  std::vector<std::string_view> back(3);
  decoder.decode_byte_arrays(back);
  EXPECT_EQ(back, values);
  EXPECT_EQ(back[2].data(), reinterpret_cast<const char*>(out.data()) + 14);  // a view, no copy
  Bytes again;
  plain_encode_byte_arrays(back, again);
  EXPECT_EQ(again, out);

  Bytes cut(out.begin(), out.end() - 1);
  PlainDecoder short_decoder(cut);
  expect_format_error([&] { short_decoder.decode_byte_arrays(back); },
                      "PLAIN BYTE_ARRAY value 2 truncated: need 3 bytes, 2 left");
  const int errors = testing::check_truncations(out, [&](const Bytes& data) {
    PlainDecoder d(data);
    std::vector<std::string_view> got(3);
    d.decode_byte_arrays(got);
    return got == values;
  });
  EXPECT_EQ(errors, static_cast<int>(out.size()));
}

TEST(Plain, FixedLenByteArrays) {
  const std::vector<std::string_view> values = {"abc", "def"};
  Bytes out;
  plain_encode_fixed_len_byte_arrays(values, 3, out);
  EXPECT_EQ(std::string(out.begin(), out.end()), "abcdef");
  PlainDecoder decoder(out);
  std::vector<std::string_view> back(2);
  decoder.decode_fixed_len_byte_arrays(back, 3);
  EXPECT_EQ(back, values);
  EXPECT_THROW(plain_encode_fixed_len_byte_arrays(values, 4, out), InvalidArgument);
  PlainDecoder short_decoder(std::span<const uint8_t>(out.data(), 5));
  expect_format_error([&] { short_decoder.decode_fixed_len_byte_arrays(back, 3); },
                      "PLAIN FIXED_LEN_BYTE_ARRAY truncated: need 6 bytes, 5 left");
}

TEST(Plain, Int96DecodesAsTwelveBytes) {
  Bytes data(24);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  PlainDecoder decoder(data);
  std::vector<Int96> values(2);
  decoder.decode<Int96>(values);
  EXPECT_EQ(values[0].bytes[0], 0);
  EXPECT_EQ(values[0].bytes[11], 11);
  EXPECT_EQ(values[1].bytes[0], 12);
  EXPECT_EQ(values[1].bytes[11], 23);
  PlainDecoder short_decoder(std::span<const uint8_t>(data.data(), 5));
  expect_format_error([&] { short_decoder.decode(std::span<Int96>(values.data(), 1)); },
                      "PLAIN INT96 truncated: need 12 bytes, 5 left");
}

TEST(Plain, EmptyBatches) {
  const Bytes empty;
  PlainDecoder decoder(empty);
  decoder.decode(std::span<int32_t>());
  decoder.decode_booleans(std::span<uint8_t>());
  decoder.decode_byte_arrays(std::span<std::string_view>());
  EXPECT_EQ(decoder.offset(), 0);
}

}  // namespace
}  // namespace strata::parquet::encoding
