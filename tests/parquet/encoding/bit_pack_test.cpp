#include "strata/parquet/encoding/bit_pack.h"

#include <gtest/gtest.h>

#include "encoding_test_util.h"

namespace strata::parquet::encoding {
namespace {

using testing::Bytes;

// Encodings.md, RLE note 1: 0..7 at bit width 3 packs to 10001000 11000110 11111010.
TEST(BitPack, SpecExampleWidth3) {
  const uint32_t values[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  uint8_t out[3] = {};
  pack_u32(values, 8, 3, out);
  EXPECT_EQ(out[0], 0b10001000);
  EXPECT_EQ(out[1], 0b11000110);
  EXPECT_EQ(out[2], 0b11111010);
  uint32_t back[8] = {};
  unpack_u32(out, 3, back, 8);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(back[i], values[i]);
}

// Each value's bit i lands at stream bit (index * width + i): checked against a bit-by-bit reference.
uint64_t reference_get(const Bytes& packed, int64_t index, int width) {
  uint64_t v = 0;
  for (int b = 0; b < width; ++b) {
    const int64_t bit = index * width + b;
    v |= uint64_t{(packed[static_cast<size_t>(bit / 8)] >> (bit % 8)) & 1u} << b;
  }
  return v;
}

TEST(BitPack, EveryWidthU32MatchesBitReference) {
  for (int width = 0; width <= 32; ++width) {
    // 1024 values: most groups take the wide-load path, the last few the exact one. The packed bytes sit in
    // a buffer of exactly their size, so ASan reports any read past them.
    const auto values = testing::random_u32(1024, width);
    Bytes guarded(static_cast<size_t>(1024 * width / 8) + 1, 0xee);  // one guard byte
    pack_u32(values.data(), 1024, width, guarded.data());
    EXPECT_EQ(guarded.back(), 0xee) << "width " << width << " wrote past its bytes";
    const Bytes packed(guarded.begin(), guarded.end() - 1);
    std::vector<uint32_t> back(1024);
    unpack_u32(packed.data(), width, back.data(), 1024);
    for (int64_t i = 0; i < 1024; ++i) {
      EXPECT_EQ(reference_get(packed, i, width), values[static_cast<size_t>(i)]) << width;
      EXPECT_EQ(back[static_cast<size_t>(i)], values[static_cast<size_t>(i)]) << width;
    }
  }
}

TEST(BitPack, EveryWidthU64MatchesBitReference) {
  for (int width = 0; width <= 64; ++width) {
    std::vector<uint64_t> values(1024);
    for (auto& v : values) v = width == 0 ? 0 : (width == 64 ? testing::rng()() : testing::rng()() >> (64 - width));
    values[0] = width == 0 ? 0 : (width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1);  // all ones
    Bytes packed(static_cast<size_t>(1024 * width / 8));
    pack_u64(values.data(), 1024, width, packed.data());
    std::vector<uint64_t> back(1024);
    unpack_u64(packed.data(), width, back.data(), 1024);
    for (int64_t i = 0; i < 1024; ++i) {
      EXPECT_EQ(reference_get(packed, i, width), values[static_cast<size_t>(i)]) << width;
      EXPECT_EQ(back[static_cast<size_t>(i)], values[static_cast<size_t>(i)]) << width;
    }
  }
}

TEST(BitPack, PackIgnoresBitsAboveWidth) {
  const uint32_t values[8] = {0xffffffff, 0, 0, 0, 0, 0, 0, 0};
  uint8_t out[2] = {};
  pack_u32(values, 8, 2, out);
  EXPECT_EQ(out[0], 0x03);
  EXPECT_EQ(out[1], 0x00);
}

}  // namespace
}  // namespace strata::parquet::encoding
