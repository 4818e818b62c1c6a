#include "strata/parquet/encoding/delta_byte_array.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;
using testing::expect_format_error;

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// DELTA_BINARY_PACKED of small INT32 sequences, computed by hand (header 80 01 04 <count> <zigzag first>,
// then one block: zigzag min delta, 4 widths, one 32-value miniblock).
// (5, 5, 6, 6): deltas 0 1 0, min 0, width 1, value 1 at bit 1.
const Bytes kLengths5566 = {0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
// (0, 2, 0, 3): deltas 2 -2 3, min -2 (zigzag 3), relative 4 0 5 at width 3 -> 0x44 0x01 + 10 zero bytes.
const Bytes kPrefixes0203 = {0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00,
                             0x44, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
// (4, 2, 6, 5): deltas -2 4 -1, min -2, relative 0 6 1 at width 3 -> 0x70 + 11 zero bytes.
const Bytes kSuffixLengths4265 = {0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00,
                                  0x70, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

TEST(DeltaLengthByteArray, SpecExample) {
  const std::vector<std::string_view> values = {"Hello", "World", "Foobar", "ABCDEF"};
  const Bytes expected = concat({kLengths5566, bytes_of("HelloWorldFoobarABCDEF")});
  Bytes out;
  delta_length_byte_array_encode(values, out);
  EXPECT_EQ(out, expected);
  DeltaLengthByteArrayDecoder decoder(expected);
  std::vector<std::string_view> back(4);
  decoder.decode(std::span<std::string_view>(back.data(), 1));
  decoder.decode(std::span<std::string_view>(back.data() + 1, 3));
  EXPECT_EQ(back, values);
}

TEST(DeltaByteArray, SpecExample) {
  const std::vector<std::string_view> values = {"axis", "axle", "babble", "babyhood"};
  const Bytes expected = concat({kPrefixes0203, kSuffixLengths4265, bytes_of("axislebabbleyhood")});
  Bytes out;
  delta_byte_array_encode(values, out);
  EXPECT_EQ(out, expected);
  DeltaByteArrayDecoder decoder(expected);
  std::vector<std::string_view> back(4);
  decoder.decode(std::span<std::string_view>(back.data(), 3));
  std::vector<std::string> kept(back.begin(), back.begin() + 3);  // views last until the next decode
  decoder.decode(std::span<std::string_view>(back.data() + 3, 1));
  EXPECT_EQ(kept, (std::vector<std::string>{"axis", "axle", "babble"}));
  EXPECT_EQ(back[3], "babyhood");
}

std::vector<std::string> random_strings(size_t n, size_t fixed_length = 0) {
  std::vector<std::string> out;
  std::string previous;
  for (size_t i = 0; i < n; ++i) {
    const size_t keep = previous.empty() ? 0 : testing::rng()() % (previous.size() + 1);
    std::string s = previous.substr(0, keep);
    const size_t extra = testing::rng()() % 12;
    for (size_t k = 0; k < extra; ++k) s.push_back(static_cast<char>('a' + testing::rng()() % 26));
    if (fixed_length > 0) s.resize(fixed_length, 'z');
    out.push_back(s);
    previous = s;
  }
  return out;
}

TEST(DeltaByteArray, RoundTrips) {
  for (size_t fixed : {size_t{0}, size_t{6}}) {
    for (size_t n : {0, 1, 2, 129, 1000}) {
      const auto owned = random_strings(n, fixed);
      const std::vector<std::string_view> values(owned.begin(), owned.end());
      Bytes dba, dlba;
      delta_byte_array_encode(values, dba);
      delta_length_byte_array_encode(values, dlba);
      for (size_t batch : {size_t{1}, size_t{5}, size_t{300}, size_t{5000}}) {
        DeltaByteArrayDecoder decoder(dba);
        DeltaLengthByteArrayDecoder length_decoder(dlba);
        ASSERT_EQ(decoder.total_values(), static_cast<int64_t>(n));
        std::vector<std::string> back;
        std::vector<std::string_view> back_views;
        for (size_t done = 0; done < n; done += batch) {
          std::vector<std::string_view> views(std::min(batch, n - done));
          decoder.decode(views);
          back.insert(back.end(), views.begin(), views.end());
          std::vector<std::string_view> lviews(views.size());
          length_decoder.decode(lviews);
          back_views.insert(back_views.end(), lviews.begin(), lviews.end());
        }
        EXPECT_EQ(back, owned);
        EXPECT_EQ(back_views, values);
        Bytes again;
        std::vector<std::string_view> back_as_views(back.begin(), back.end());
        delta_byte_array_encode(back_as_views, again);
        EXPECT_EQ(again, dba);
      }
    }
  }
}

TEST(DeltaByteArray, Errors) {
  auto dbp = [](std::vector<int32_t> v) {
    Bytes out;
    delta_binary_packed_encode<int32_t>(v, out);
    return out;
  };
  auto dlba = [](std::vector<std::string_view> v) {
    Bytes out;
    delta_length_byte_array_encode(v, out);
    return out;
  };
  const Bytes long_prefix = concat({dbp({0, 5}), dlba({"ab", "c"})});
  expect_format_error(
      [&] {
        DeltaByteArrayDecoder d(long_prefix);
        std::vector<std::string_view> out(2);
        d.decode(out);
      },
      "DELTA_BYTE_ARRAY prefix length 5 of value 1 exceeds the previous value's 2 bytes");
  const Bytes mismatch = concat({dbp({0, 0}), dlba({"a"})});
  expect_format_error([&] { DeltaByteArrayDecoder d(mismatch); },
                      "DELTA_BYTE_ARRAY has 2 prefix lengths but 1 suffixes");
  const Bytes negative = dbp({-1});
  expect_format_error(
      [&] {
        DeltaLengthByteArrayDecoder d(negative);
        std::vector<std::string_view> out(1);
        d.decode(out);
      },
      "DELTA_LENGTH_BYTE_ARRAY negative value length -1");
  const Bytes spec = concat({kLengths5566, bytes_of("HelloWorldFoobarABCDE")});
  expect_format_error(
      [&] {
        DeltaLengthByteArrayDecoder d(spec);
        std::vector<std::string_view> out(4);
        d.decode(out);
      },
      "DELTA_LENGTH_BYTE_ARRAY data truncated: need 22 bytes, 21 left");
}

TEST(DeltaByteArray, TruncationsAndFlips) {
  const auto owned = random_strings(200);
  const std::vector<std::string_view> values(owned.begin(), owned.end());
  Bytes encoded;
  delta_byte_array_encode(values, encoded);
  auto decode = [&](const Bytes& data) {
    DeltaByteArrayDecoder decoder(data);
    std::vector<std::string_view> out(static_cast<size_t>(std::min<int64_t>(decoder.total_values(), 1000)));
    decoder.decode(out);
    return std::vector<std::string>(out.begin(), out.end()) == owned;
  };
  const int errors = testing::check_truncations(encoded, decode);
  EXPECT_EQ(errors, static_cast<int>(encoded.size()));  // the value bytes come last: every cut shows
  testing::check_byte_flips(encoded, [&](const Bytes& data) { decode(data); });
}

}  // namespace
}  // namespace strata::parquet::encoding
