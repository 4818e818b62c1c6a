#include "strata/parquet/encoding/delta_binary_packed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

template <typename T>
Bytes encode(const std::vector<T>& values) {
  Bytes out;
  delta_binary_packed_encode<T>(values, out);
  return out;
}

template <typename T>
std::vector<T> decode(const Bytes& data, size_t batch = 1 << 20) {
  DeltaBinaryPackedDecoder<T> decoder(data);
  std::vector<T> out(static_cast<size_t>(decoder.total_values()));
  for (size_t done = 0; done < out.size(); done += batch) {
    decoder.decode(std::span<T>(out.data() + done, std::min(batch, out.size() - done)));
  }
  return out;
}

// Encodings.md examples 1 and 2, with the real block layout (128 values, 4 miniblocks of 32) instead of the
// spec's illustrative block of 8.
TEST(DeltaBinaryPacked, SpecExample1) {
  // header: 128 (80 01), 4 miniblocks, 5 values, first value 1 (zigzag 2)
  // block: min delta 1 (zigzag 2), widths 0 0 0 0, no miniblock bytes
  const Bytes expected = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(encode<int32_t>({1, 2, 3, 4, 5}), expected);
  EXPECT_EQ(decode<int32_t>(expected), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(DeltaBinaryPackedDecoder<int32_t>(expected).encoded_size(), 10);
}

TEST(DeltaBinaryPacked, SpecExample2) {
  // deltas -2 -2 -2 1 1 1 1, min -2 (zigzag 3), relative 0 0 0 3 3 3 3 at width 2, padded to 32 values:
  // byte 0 = 3 << 6 = 0xC0, byte 1 = 0b00111111, then 6 zero bytes.
  const Bytes expected = {0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00,
                          0xC0, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(encode<int64_t>({7, 5, 3, 1, 2, 3, 4, 5}), expected);
  EXPECT_EQ(decode<int64_t>(expected), (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
}

TEST(DeltaBinaryPacked, SpecIllustrativeBlockOf8IsRejected) {
  const Bytes example1 = {0x08, 0x01, 0x05, 0x02, 0x02, 0x00};
  expect_format_error([&] { DeltaBinaryPackedDecoder<int32_t> d(example1); },
                      "DELTA_BINARY_PACKED block size 8 is not a positive multiple of 128 up to 1048576");
}

TEST(DeltaBinaryPacked, OtherLayoutsDecode) {
  // Block of 128 in one miniblock of 128, 3 values from 10: deltas 5, 6 -> min 5 (zigzag 10), relative
  // 0, 1 at width 1 -> 16 bytes, the first 0x02.
  Bytes data = {0x80, 0x01, 0x01, 0x03, 0x14, 0x0A, 0x01, 0x02};
  data.resize(data.size() + 15, 0);
  EXPECT_EQ(decode<int32_t>(data), (std::vector<int32_t>{10, 15, 21}));
  EXPECT_EQ(DeltaBinaryPackedDecoder<int32_t>(data).encoded_size(), static_cast<int64_t>(data.size()));
}

TEST(DeltaBinaryPacked, UnusedMiniblockWidthsMayHoldAnything) {
  const Bytes data = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0xFF, 0xFF, 0xFF, 0xAA};
  EXPECT_EQ(decode<int32_t>(data), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(DeltaBinaryPackedDecoder<int32_t>(data).encoded_size(), 10);  // trailing byte not part of it
}

TEST(DeltaBinaryPacked, EmptyAndSingle) {
  EXPECT_EQ(encode<int64_t>({}), (Bytes{0x80, 0x01, 0x04, 0x00, 0x00}));
  EXPECT_EQ(encode<int64_t>({-3}), (Bytes{0x80, 0x01, 0x04, 0x01, 0x05}));
  EXPECT_EQ(decode<int64_t>(encode<int64_t>({})), std::vector<int64_t>{});
  EXPECT_EQ(decode<int64_t>(encode<int64_t>({-3})), std::vector<int64_t>{-3});
}

TEST(DeltaBinaryPacked, Int64ExtremesWrapAround) {
  const int64_t lo = std::numeric_limits<int64_t>::min();
  const int64_t hi = std::numeric_limits<int64_t>::max();
  const std::vector<int64_t> values = {hi, lo, 0, lo, hi, -1, 1, hi, hi, lo};
  const Bytes encoded = encode(values);
  EXPECT_EQ(decode<int64_t>(encoded), values);
  const std::vector<int32_t> ints = {INT32_MAX, INT32_MIN, 0, INT32_MIN, INT32_MAX, -1};
  const Bytes encoded32 = encode(ints);
  EXPECT_EQ(decode<int32_t>(encoded32), ints);
}

template <typename T>
void round_trip(const std::vector<T>& values) {
  const Bytes encoded = encode(values);
  for (size_t batch : {size_t{1}, size_t{7}, size_t{32}, size_t{100}, size_t{1} << 20}) {
    ASSERT_EQ(decode<T>(encoded, batch), values) << "batch " << batch << " n " << values.size();
  }
  EXPECT_EQ(encode(decode<T>(encoded)), encoded);
  EXPECT_EQ(DeltaBinaryPackedDecoder<T>(encoded).encoded_size(), static_cast<int64_t>(encoded.size()));
}

TEST(DeltaBinaryPacked, RoundTripsAtEveryDeltaWidth) {
  for (size_t n : {2, 31, 32, 33, 127, 128, 129, 130, 1000}) {
    for (int width = 0; width <= 64; ++width) {
      std::vector<int64_t> v64(n);
      std::vector<int32_t> v32(n);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t r = testing::rng()();
        v64[i] = static_cast<int64_t>(width == 64 ? r : (width == 0 ? 0 : r >> (64 - width)));
        v32[i] = static_cast<int32_t>(width >= 32 ? r : (width == 0 ? 0 : r >> (64 - width)));
      }
      round_trip(v64);
      if (width <= 32) round_trip(v32);
    }
  }
}

TEST(DeltaBinaryPacked, TimestampsAreSmall) {
  std::vector<int64_t> ts(10000);
  int64_t t = 1'700'000'000'000'000;
  for (auto& v : ts) v = t += 1'000'000 + static_cast<int64_t>(testing::rng()() % 1000);
  round_trip(ts);
  EXPECT_LT(encode(ts).size(), ts.size() * 2);  // about 10 bits a value
}

TEST(DeltaBinaryPacked, Errors) {
  const Bytes width70 = {0x80, 0x01, 0x01, 0x02, 0x00, 0x00, 70};
  expect_format_error([&] { decode<int64_t>(width70); }, "DELTA_BINARY_PACKED miniblock bit width 70 exceeds 64");
  const Bytes width33 = {0x80, 0x01, 0x01, 0x02, 0x00, 0x00, 33};
  expect_format_error([&] { decode<int32_t>(width33); }, "DELTA_BINARY_PACKED miniblock bit width 33 exceeds 32");
  const Bytes too_many = {0x80, 0x01, 0x04, 0xFF, 0xFF, 0x03, 0x00};
  expect_format_error([&] { DeltaBinaryPackedDecoder<int64_t> d(too_many); },
                      "DELTA_BINARY_PACKED header claims 65535 values but only 0 bytes follow");
  const Bytes bad_miniblocks = {0x80, 0x01, 0x03, 0x00, 0x00};
  expect_format_error([&] { DeltaBinaryPackedDecoder<int64_t> d(bad_miniblocks); },
                      "DELTA_BINARY_PACKED block size 128 with 3 miniblocks: miniblock size is not a multiple of 32");
  const Bytes five = encode<int32_t>({1, 2, 3, 4, 5});
  DeltaBinaryPackedDecoder<int32_t> decoder(five);
  std::vector<int32_t> out(6);
  expect_format_error([&] { decoder.decode(out); }, "DELTA_BINARY_PACKED holds 5 more values, 6 requested");
  const Bytes short_miniblock = {0x80, 0x01, 0x04, 0x03, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01};
  expect_format_error([&] { decode<int32_t>(short_miniblock); },
                      "DELTA_BINARY_PACKED miniblock truncated: need 32 bytes, 1 left");
}

TEST(DeltaBinaryPacked, TruncationsAndFlips) {
  std::vector<int64_t> values(300);
  for (auto& v : values) v = static_cast<int64_t>(testing::rng()() >> 40) - (int64_t{1} << 23);
  const Bytes encoded = encode(values);
  const int errors = testing::check_truncations(encoded, [&](const Bytes& data) {
    return decode<int64_t>(data, 50) == values;
  });
  EXPECT_GT(errors, static_cast<int>(encoded.size()) - 64);  // only the last miniblock's padding may go
  testing::check_byte_flips(encoded, [&](const Bytes& data) {
    DeltaBinaryPackedDecoder<int64_t> decoder(data);
    std::vector<int64_t> out(static_cast<size_t>(std::min<int64_t>(decoder.total_values(), 1000)));
    decoder.decode(out);
    decoder.encoded_size();
  });
}

}  // namespace
}  // namespace strata::parquet::encoding
