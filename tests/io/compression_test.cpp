#include "strata/io/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

#include "strata/core/error.h"

namespace strata::io {
namespace {

const CompressionType kAllTypes[] = {
    CompressionType::kUncompressed, CompressionType::kSnappy,   CompressionType::kGzip,
    CompressionType::kZstd,         CompressionType::kLz4Raw,   CompressionType::kLz4Frame,
    CompressionType::kLz4Hadoop,    CompressionType::kBrotli,
};

std::vector<uint8_t> text_like(size_t n) {
  // Repetitive enough to compress, varied enough to exercise matches of many lengths.
  std::vector<uint8_t> out(n);
  std::mt19937 rng(42);
  const char* words[] = {"alpha ", "beta ", "gamma ", "delta ", "2026-11-26 ", "12345.67 ", "\n"};
  size_t i = 0;
  while (i < n) {
    const char* w = words[rng() % 7];
    for (; *w && i < n; ++w) out[i++] = static_cast<uint8_t>(*w);
  }
  return out;
}

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> out(n);
  std::mt19937 rng(seed);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

std::vector<uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

class EveryCodec : public ::testing::TestWithParam<CompressionType> {};

TEST_P(EveryCodec, RoundTripsEmptySmallTextAndRandom) {
  auto codec = Codec::make(GetParam());
  EXPECT_EQ(codec->type(), GetParam());
  for (const auto& input : {std::vector<uint8_t>{}, bytes_of("a"), bytes_of("abcabcabcabcabcabc"),
                            text_like(1 << 20), random_bytes(100000, 1)}) {
    auto compressed = codec->compress(input);
    EXPECT_LE(static_cast<int64_t>(compressed.size()), codec->max_compressed_length(static_cast<int64_t>(input.size())));
    auto restored = codec->decompress(compressed, static_cast<int64_t>(input.size()));
    EXPECT_EQ(restored, input) << codec->name() << " size " << input.size();
  }
}

TEST_P(EveryCodec, CompressesTextWhenItCan) {
  auto codec = Codec::make(GetParam());
  auto input = text_like(1 << 20);
  auto compressed = codec->compress(input);
  if (GetParam() == CompressionType::kUncompressed) {
    EXPECT_EQ(compressed, input);
  } else {
    EXPECT_LT(compressed.size(), input.size() / 2) << codec->name();
  }
}

TEST_P(EveryCodec, EveryTruncationIsFormatErrorNamingTheCodec) {
  auto codec = Codec::make(GetParam());
  auto input = text_like(3000);
  auto compressed = codec->compress(input);
  for (size_t cut = 0; cut < compressed.size(); ++cut) {
    std::span<const uint8_t> truncated(compressed.data(), cut);
    std::vector<uint8_t> out(input.size());
    try {
      codec->decompress(truncated, std::span<uint8_t>(out));
      ADD_FAILURE() << codec->name() << ": truncation at " << cut << " of " << compressed.size() << " accepted";
    } catch (const FormatError& e) {
      EXPECT_EQ(e.why().rfind(std::string(codec->name()) + ": ", 0), 0u) << e.what();
    }
  }
}

TEST_P(EveryCodec, WrongExpectedSizeIsFormatError) {
  auto codec = Codec::make(GetParam());
  auto input = text_like(5000);
  auto compressed = codec->compress(input);
  EXPECT_THROW(codec->decompress(compressed, 4999), FormatError) << codec->name();
  EXPECT_THROW(codec->decompress(compressed, 5001), FormatError) << codec->name();
  EXPECT_THROW(codec->decompress(compressed, 0), FormatError) << codec->name();
}

TEST_P(EveryCodec, FlippedBytesNeverCrashOrOverrun) {
  // Codecs without checksums (snappy, lz4 block) may decode a flipped stream to other bytes; what matters is
  // that nothing is written past the output (ASan checks) and that every failure is a FormatError.
  auto codec = Codec::make(GetParam());
  auto input = text_like(4000);
  auto compressed = codec->compress(input);
  std::mt19937 rng(7);
  int failures = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto corrupt = compressed;
    size_t pos = rng() % corrupt.size();
    corrupt[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
    // An exact-size heap vector lets ASan see any write past the end.
    std::vector<uint8_t> out(input.size());
    try {
      codec->decompress(corrupt, std::span<uint8_t>(out));
    } catch (const FormatError&) {
      ++failures;
    }
  }
  if (GetParam() != CompressionType::kUncompressed) {
    EXPECT_GT(failures, 0) << codec->name();
  }
}

TEST_P(EveryCodec, EmptyInputIsEmptyOutput) {
  auto codec = Codec::make(GetParam());
  EXPECT_TRUE(codec->decompress(std::span<const uint8_t>(), 0).empty());
  EXPECT_THROW(codec->decompress(std::span<const uint8_t>(), 1), FormatError) << codec->name();
}

TEST_P(EveryCodec, TrailingGarbageIsFormatError) {
  auto codec = Codec::make(GetParam());
  auto input = text_like(2000);
  auto compressed = codec->compress(input);
  compressed.push_back(0x42);
  compressed.push_back(0x17);
  EXPECT_THROW(codec->decompress(compressed, 2000), FormatError) << codec->name();
}

TEST_P(EveryCodec, EveryLevelRoundTrips) {
  CompressionLevels levels = compression_levels(GetParam());
  if (!levels.supported) {
    EXPECT_THROW(Codec::make(GetParam(), 3), InvalidArgument);
    return;
  }
  auto input = text_like(20000);
  for (int level = levels.minimum; level <= levels.maximum; level += (levels.maximum - levels.minimum > 30 ? 997 : 1)) {
    auto codec = Codec::make(GetParam(), level);
    EXPECT_EQ(codec->level(), level);
    EXPECT_EQ(codec->decompress(codec->compress(input), 20000), input) << codec->name() << " level " << level;
  }
  EXPECT_THROW(Codec::make(GetParam(), levels.maximum + 1), InvalidArgument);
  EXPECT_THROW(Codec::make(GetParam(), levels.minimum - 1), InvalidArgument);
}

TEST_P(EveryCodec, SmallOutputBufferIsInvalidArgumentOrError) {
  auto codec = Codec::make(GetParam());
  auto input = random_bytes(1000, 3);
  std::vector<uint8_t> out(10);
  EXPECT_THROW(codec->compress(input, std::span<uint8_t>(out)), Error) << codec->name();
}

INSTANTIATE_TEST_SUITE_P(Codecs, EveryCodec, ::testing::ValuesIn(kAllTypes),
                         [](const auto& info) { return std::string(compression_name(info.param)); });

// Known answers, built by hand from the format descriptions.

TEST(Snappy, DecodesHandBuiltStream) {
  // varint length 3, literal tag (3-1)<<2, "abc" (snappy format_description.txt sections 1 and 2.1).
  std::vector<uint8_t> stream{0x03, 0x08, 'a', 'b', 'c'};
  EXPECT_EQ(Codec::make(CompressionType::kSnappy)->decompress(stream, 3), bytes_of("abc"));
  // A copy with offset 1 of length 4 after literal "a": "aaaaa". Tag 0b01: len-4 in bits 2..4, offset high 3
  // bits in 5..7, then offset low byte.
  std::vector<uint8_t> copy{0x05, 0x00, 'a', 0x01, 0x01};
  EXPECT_EQ(Codec::make(CompressionType::kSnappy)->decompress(copy, 5), bytes_of("aaaaa"));
  // A copy reaching before the start of the output is corrupt.
  std::vector<uint8_t> bad{0x05, 0x00, 'a', 0x01, 0x02};
  EXPECT_THROW(Codec::make(CompressionType::kSnappy)->decompress(bad, 5), FormatError);
}

TEST(Lz4Raw, DecodesHandBuiltBlock) {
  // Token: 3 literals, no match (lz4_Block_format.md: the last sequence holds only literals).
  std::vector<uint8_t> block{0x30, 'a', 'b', 'c'};
  EXPECT_EQ(Codec::make(CompressionType::kLz4Raw)->decompress(block, 3), bytes_of("abc"));
}

TEST(Lz4Hadoop, DecodesTwoHandBuiltBlocksAndRawFallback) {
  std::vector<uint8_t> framed{0, 0, 0, 3, 0, 0, 0, 4, 0x30, 'a', 'b', 'c',
                              0, 0, 0, 2, 0, 0, 0, 3, 0x20, 'd', 'e'};
  EXPECT_EQ(Codec::make(CompressionType::kLz4Hadoop)->decompress(framed, 5), bytes_of("abcde"));
  std::vector<uint8_t> raw{0x30, 'a', 'b', 'c'};
  EXPECT_EQ(Codec::make(CompressionType::kLz4Hadoop)->decompress(raw, 3), bytes_of("abc"));
}

TEST(Gzip, OutputIsReadByZlibAndZlibOutputIsRead) {
  // zlib is an independent implementation of RFC 1950-1952.
  auto input = text_like(100000);
  auto codec = Codec::make(CompressionType::kGzip);
  auto ours = codec->compress(input);
  z_stream zs{};
  ASSERT_EQ(inflateInit2(&zs, 16 + MAX_WBITS), Z_OK);
  std::vector<uint8_t> restored(input.size());
  zs.next_in = ours.data();
  zs.avail_in = static_cast<uInt>(ours.size());
  zs.next_out = restored.data();
  zs.avail_out = static_cast<uInt>(restored.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  inflateEnd(&zs);
  EXPECT_EQ(restored, input);

  uLongf zlib_len = compressBound(static_cast<uLong>(input.size()));
  std::vector<uint8_t> zlib_stream(zlib_len);
  ASSERT_EQ(compress2(zlib_stream.data(), &zlib_len, input.data(), static_cast<uLong>(input.size()), 6), Z_OK);
  zlib_stream.resize(zlib_len);
  EXPECT_EQ(codec->decompress(zlib_stream, static_cast<int64_t>(input.size())), input);
}

TEST(Gzip, ConcatenatedMembersDecodeInOrder) {
  auto codec = Codec::make(CompressionType::kGzip);
  auto first = text_like(5000);
  auto second = random_bytes(3000, 9);
  auto stream = codec->compress(first);
  auto more = codec->compress(second);
  stream.insert(stream.end(), more.begin(), more.end());
  auto whole = first;
  whole.insert(whole.end(), second.begin(), second.end());
  EXPECT_EQ(codec->decompress(stream, 8000), whole);
}

TEST(Compression, NamesParse) {
  for (auto type : kAllTypes) EXPECT_EQ(parse_compression(compression_name(type)), type);
  EXPECT_EQ(parse_compression("SNAPPY"), CompressionType::kSnappy);
  EXPECT_EQ(parse_compression("none"), CompressionType::kUncompressed);
  EXPECT_EQ(parse_compression("lz4"), CompressionType::kLz4Frame);
  EXPECT_EQ(parse_compression("lzo"), std::nullopt);
}

TEST(Compression, CorruptMessageNamesCodecAndReason) {
  std::vector<uint8_t> junk{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xff};
  try {
    Codec::make(CompressionType::kGzip)->decompress(junk, 10);
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.why(), "gzip: member 0 at input byte 0: corrupt deflate data");
  }
}

}  // namespace
}  // namespace strata::io
