#include "strata/parquet/encoding/rle.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

Bytes rle(const std::vector<uint32_t>& values, int width) {
  Bytes out;
  encode_rle(values, width, out);
  return out;
}

std::vector<uint32_t> decode_all(const Bytes& data, int width, size_t n, size_t batch = 1 << 20) {
  RleDecoder decoder(data, width);
  std::vector<uint32_t> out(n);
  for (size_t done = 0; done < n; done += batch) {
    decoder.decode(std::span<uint32_t>(out.data() + done, std::min(batch, n - done)));
  }
  return out;
}

// ---- byte-exact encodings, computed by hand from Encodings.md --------------------------------------------

TEST(RleEncode, SpecBitPackedExample) {
  // One bit-packed group: header (1 << 1) | 1, then the spec's three bytes for 0..7 at width 3.
  EXPECT_EQ(rle({0, 1, 2, 3, 4, 5, 6, 7}, 3), (Bytes{0x03, 0b10001000, 0b11000110, 0b11111010}));
}

TEST(RleEncode, LongRepeatIsOneRleRun) {
  // 100 << 1 = 200 = ULEB128 C8 01, value 4 in one byte.
  EXPECT_EQ(rle(std::vector<uint32_t>(100, 4), 3), (Bytes{0xC8, 0x01, 0x04}));
}

TEST(RleEncode, RunThenLiteralsPaddedToAGroup) {
  // 8 ones: RLE run (8 << 1 = 0x10, value 1); then 2, 3 padded with zeros to a group: 0x03, 2 | 3 << 2.
  EXPECT_EQ(rle({1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, 2), (Bytes{0x10, 0x01, 0x03, 0x0E, 0x00}));
}

TEST(RleEncode, SevenRepeatsStayBitPacked) {
  // 5 x7 then 1 at width 3: no run of 8, so one literal group: 5 = 101 repeated, 1 last.
  // bits (LSB first): 101 101 101 101 101 101 101 001 -> 0x6D 0xDB 0x36
  EXPECT_EQ(rle({5, 5, 5, 5, 5, 5, 5, 1}, 3), (Bytes{0x03, 0x6D, 0xDB, 0x36}));
}

TEST(RleEncode, ShortAllEqualInputIsAnRleRun) {
  EXPECT_EQ(rle({7, 7, 7}, 3), (Bytes{0x06, 0x07}));
  EXPECT_EQ(rle(std::vector<uint32_t>(10, 0), 0), (Bytes{0x14}));  // width 0: no value bytes
  EXPECT_EQ(rle({}, 3), Bytes{});
}

TEST(RleEncode, ValueBytesFollowTheBitWidth) {
  // Width 17 -> 3 value bytes, little endian.
  EXPECT_EQ(rle(std::vector<uint32_t>(9, 0x10203), 17), (Bytes{0x12, 0x03, 0x02, 0x01}));
  EXPECT_EQ(rle(std::vector<uint32_t>(9, 0xdeadbeef), 32), (Bytes{0x12, 0xef, 0xbe, 0xad, 0xde}));
}

TEST(RleEncode, LengthPrefixedForm) {
  Bytes out;
  encode_rle_length_prefixed(std::vector<uint32_t>(100, 4), 3, out);
  EXPECT_EQ(out, (Bytes{0x03, 0x00, 0x00, 0x00, 0xC8, 0x01, 0x04}));
}

TEST(RleEncode, Booleans) {
  // 1,0,1,1,0,0,0,1 at width 1: one literal group, bits LSB first = 0b10001101.
  Bytes out;
  const std::vector<uint8_t> values = {1, 0, 1, 1, 0, 0, 0, 1};
  encode_rle_booleans(values, out);
  EXPECT_EQ(out, (Bytes{0x02, 0x00, 0x00, 0x00, 0x03, 0x8D}));
  auto decoder = RleDecoder::length_prefixed(out, 1);
  std::vector<uint8_t> back(8);
  decoder.decode(std::span<uint8_t>(back));
  EXPECT_EQ(back, values);
  EXPECT_EQ(decoder.end_offset(), 6);
}

// ---- decoding ----------------------------------------------------------------------------------------------

TEST(RleDecode, MixedRunsInAnyBatchSize) {
  // bit-packed 0..7 (width 3), then 100 x 4, then a bit-packed group.
  const Bytes data = {0x03, 0x88, 0xC6, 0xFA, 0xC8, 0x01, 0x04, 0x03, 0x6D, 0xDB, 0x36};
  std::vector<uint32_t> expected = {0, 1, 2, 3, 4, 5, 6, 7};
  expected.insert(expected.end(), 100, 4);
  for (uint32_t v : {5, 5, 5, 5, 5, 5, 5, 1}) expected.push_back(v);
  for (size_t batch : {1, 2, 3, 5, 7, 8, 9, 16, 33, 116}) {
    EXPECT_EQ(decode_all(data, 3, expected.size(), batch), expected) << "batch " << batch;
  }
}

TEST(RleDecode, IntoNarrowTypes) {
  const Bytes data = {0x03, 0x88, 0xC6, 0xFA, 0x06, 0x02};
  RleDecoder decoder(data, 3);
  std::vector<int16_t> levels(11);
  decoder.decode(std::span<int16_t>(levels));
  EXPECT_EQ(levels, (std::vector<int16_t>{0, 1, 2, 3, 4, 5, 6, 7, 2, 2, 2}));
}

TEST(RleDecode, DictionaryGather) {
  const std::vector<double> dictionary = {0.5, 1.5, 2.5, 3.5, 4.5};
  const Bytes data = rle({4, 0, 3, 3, 1, 2, 0, 4, 4, 4}, 3);
  RleDecoder decoder(data, 3);
  std::vector<double> out(10);
  decoder.decode_gather<double>(dictionary, out);
  EXPECT_EQ(out, (std::vector<double>{4.5, 0.5, 3.5, 3.5, 1.5, 2.5, 0.5, 4.5, 4.5, 4.5}));

  const Bytes bad = rle({4, 0, 5, 1}, 3);
  RleDecoder bad_decoder(bad, 3);
  expect_format_error([&] { bad_decoder.decode_gather<double>(dictionary, std::span<double>(out.data(), 4)); },
                      "dictionary index 5 out of range for a dictionary of 5 values");
}

TEST(RleDecode, FinalBitPackedRunCutShort) {
  // Header claims 2 groups (16 values) at width 8, but only 10 value bytes follow: 10 values decode.
  Bytes data = {0x05};
  for (uint8_t i = 0; i < 10; ++i) data.push_back(static_cast<uint8_t>(i * 3));
  RleDecoder decoder(data, 8);
  std::vector<uint32_t> out(10);
  decoder.decode(std::span<uint32_t>(out));
  EXPECT_EQ(out, (std::vector<uint32_t>{0, 3, 6, 9, 12, 15, 18, 21, 24, 27}));
  expect_format_error([&] { decoder.decode(std::span<uint32_t>(out.data(), 1)); },
                      "RLE data ends after 10 values (1 more requested)");
}

TEST(RleDecode, Errors) {
  const Bytes empty;
  expect_format_error([&] { RleDecoder(empty, 63); }, "RLE bit width 63 exceeds 32");
  const Bytes three_sevens = {0x06, 0x07};
  expect_format_error([&] { decode_all(three_sevens, 3, 5); }, "RLE data ends after 3 values (2 more requested)");
  const Bytes too_wide = {0x06, 0x09};
  expect_format_error([&] { decode_all(too_wide, 3, 1); }, "RLE run value 9 does not fit in bit width 3");
  const Bytes short_value = {0x06, 0x01};
  expect_format_error([&] { decode_all(short_value, 9, 1); }, "RLE run value truncated: need 2 bytes, 1 left");
  const Bytes open_varint = {0x80};
  expect_format_error([&] { decode_all(open_varint, 3, 1); }, "RLE run header: varint truncated after 1 bytes");
  const Bytes long_varint(11, 0xff);
  expect_format_error([&] { decode_all(long_varint, 3, 1); }, "RLE run header: varint overflows 64 bits");
  const Bytes big_prefix = {0x10, 0x00, 0x00, 0x00, 0x01};
  expect_format_error([&] { RleDecoder::length_prefixed(big_prefix, 1); },
                      "RLE length prefix 16 exceeds the 1 bytes that follow it");
  const Bytes short_prefix = {0x01, 0x00};
  expect_format_error([&] { RleDecoder::length_prefixed(short_prefix, 1); },
                      "RLE length prefix truncated: need 4 bytes, 2 left");
}

// ---- round trips -------------------------------------------------------------------------------------------

// Data with runs of random lengths (1..40) of random values, so both run kinds appear.
std::vector<uint32_t> runny(size_t n, int width) {
  std::vector<uint32_t> out;
  const auto values = testing::random_u32(n, width);
  size_t i = 0;
  while (out.size() < n) {
    const size_t run = 1 + testing::rng()() % 40;
    for (size_t r = 0; r < run && out.size() < n; ++r) out.push_back(values[i]);
    ++i;
  }
  return out;
}

TEST(RleRoundTrip, EveryBitWidthAndLength) {
  for (int width = 0; width <= 32; ++width) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{1000}}) {
      for (const auto& values : {testing::random_u32(n, width), runny(n, width)}) {
        const Bytes encoded = rle(values, width);
        EXPECT_EQ(decode_all(encoded, width, n), values) << "width " << width << " n " << n;
        EXPECT_EQ(decode_all(encoded, width, n, 13), values) << "width " << width << " n " << n;
        // Encode -> decode -> re-encode gives the same bytes.
        EXPECT_EQ(rle(decode_all(encoded, width, n), width), encoded);
      }
    }
  }
}

TEST(RleRoundTrip, LongRunsAcrossLiteralGroups) {
  std::vector<uint32_t> values(3, 1);
  values.insert(values.end(), 1000, 2);
  values.insert(values.end(), {3, 4, 5});
  values.insert(values.end(), 17, 6);
  const Bytes encoded = rle(values, 3);
  // Hand-traced (runs start only at group boundaries, as in parquet-cpp):
  //   group [1,1,1,2,2,2,2,2] literal; then 2 x 995 as a run (8 buffered + 987);
  //   then [3,4,5,6,6,6,6,6] literal; then 6 x 12 as a run.
  EXPECT_EQ(encoded, (Bytes{0x03, 0x49, 0x24, 0x49,             // 1 group: 1,1,1,2,2,2,2,2
                            0xC6, 0x0F, 0x02,                     // 995 << 1 = 1990 = C6 0F, value 2
                            0x03, 0x63, 0x6D, 0xDB,               // 1 group: 3,4,5,6,6,6,6,6
                            0x18, 0x06}));                        // 12 << 1 = 24, value 6
  EXPECT_EQ(decode_all(encoded, 3, values.size(), 7), values);
}

TEST(RleCorrupt, TruncationsAndFlips) {
  for (int width : {1, 3, 8, 17, 32}) {
    const auto values = runny(300, width);
    const Bytes encoded = rle(values, width);
    const int errors = testing::check_truncations(encoded, [&](const Bytes& data) {
      return decode_all(data, width, values.size(), 37) == values;
    });
    EXPECT_GT(errors, 0);
    testing::check_byte_flips(encoded, [&](const Bytes& data) { decode_all(data, width, values.size(), 37); });
    Bytes prefixed;
    encode_rle_length_prefixed(values, width, prefixed);
    testing::check_truncations(prefixed, [&](const Bytes& data) {
      auto decoder = RleDecoder::length_prefixed(data, width);
      std::vector<uint32_t> out(values.size());
      decoder.decode(std::span<uint32_t>(out));
      return out == values;
    });
  }
}

}  // namespace
}  // namespace strata::parquet::encoding
