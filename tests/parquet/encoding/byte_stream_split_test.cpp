#include "strata/parquet/encoding/byte_stream_split.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

TEST(ByteStreamSplit, SpecExample) {
  const Bytes raw = {0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6};
  Bytes out;
  byte_stream_split_encode(raw, 4, out);
  EXPECT_EQ(out, (Bytes{0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6}));
  ByteStreamSplitDecoder decoder(out, 4);
  std::vector<float> floats(3);
  decoder.decode<float>(floats);
  Bytes back(12);
  std::memcpy(back.data(), floats.data(), 12);
  EXPECT_EQ(back, raw);
}

TEST(ByteStreamSplit, TypedRoundTripsInBatches) {
  std::vector<double> doubles(1001);
  std::vector<int64_t> longs(1001);
  std::vector<int32_t> ints(1001);
  for (size_t i = 0; i < doubles.size(); ++i) {
    doubles[i] = static_cast<double>(testing::rng()() % 100000) / 7.0;
    longs[i] = static_cast<int64_t>(testing::rng()());
    ints[i] = static_cast<int32_t>(testing::rng()());
  }
  Bytes d, l, n;
  byte_stream_split_encode<double>(doubles, d);
  byte_stream_split_encode<int64_t>(longs, l);
  byte_stream_split_encode<int32_t>(ints, n);
  ASSERT_EQ(d.size(), 8008u);
  // Stream 0 holds the low byte of every value.
  for (size_t i = 0; i < ints.size(); ++i) ASSERT_EQ(n[i], static_cast<uint8_t>(ints[i]));
  ByteStreamSplitDecoder dd(d, 8), ld(l, 8), nd(n, 4);
  std::vector<double> d_back(1001);
  std::vector<int64_t> l_back(1001);
  std::vector<int32_t> n_back(1001);
  for (size_t done = 0; done < 1001; done += 300) {
    const size_t k = std::min<size_t>(300, 1001 - done);
    dd.decode(std::span<double>(d_back.data() + done, k));
    ld.decode(std::span<int64_t>(l_back.data() + done, k));
    nd.decode(std::span<int32_t>(n_back.data() + done, k));
  }
  EXPECT_EQ(d_back, doubles);
  EXPECT_EQ(l_back, longs);
  EXPECT_EQ(n_back, ints);
}

TEST(ByteStreamSplit, FixedLenByteArrays) {
  const std::string raw = "abcdef";  // two 3-byte values
  Bytes out;
  byte_stream_split_encode(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(raw.data()), 6), 3, out);
  EXPECT_EQ(std::string(out.begin(), out.end()), "adbecf");
  ByteStreamSplitDecoder decoder(out, 3);
  Bytes back(6);
  decoder.decode_bytes(std::span<uint8_t>(back.data(), 3));
  decoder.decode_bytes(std::span<uint8_t>(back.data() + 3, 3));
  EXPECT_EQ(std::string(back.begin(), back.end()), raw);
}

TEST(ByteStreamSplit, Errors) {
  const Bytes thirteen(13);
  expect_format_error([&] { ByteStreamSplitDecoder d(thirteen, 4); },
                      "BYTE_STREAM_SPLIT data of 13 bytes is not a multiple of value width 4");
  const Bytes twelve(12);
  ByteStreamSplitDecoder decoder(twelve, 4);
  std::vector<float> out(4);
  expect_format_error([&] { decoder.decode<float>(out); }, "BYTE_STREAM_SPLIT holds 3 more values, 4 requested");
  const Bytes empty;
  ByteStreamSplitDecoder none(empty, 8);
  EXPECT_EQ(none.total_values(), 0);
}

}  // namespace
}  // namespace strata::parquet::encoding
