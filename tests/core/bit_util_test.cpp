#include "strata/core/bit_util.h"

#include <gtest/gtest.h>

#include <vector>

namespace strata::bit_util {
namespace {

TEST(BitUtil, CountSetBitsAtEveryOffsetAndLength) {
  std::vector<uint8_t> bits(40);
  for (size_t i = 0; i < bits.size(); ++i) bits[i] = static_cast<uint8_t>(i * 37 + 11);
  for (int64_t offset = 0; offset < 70; offset += 3) {
    for (int64_t length = 0; offset + length <= 320; length += 7) {
      int64_t expected = 0;
      for (int64_t i = offset; i < offset + length; ++i) expected += get_bit(bits.data(), i);
      ASSERT_EQ(count_set_bits(bits.data(), offset, length), expected) << offset << " " << length;
    }
  }
}

TEST(BitUtil, CopyBitmapUnaligned) {
  std::vector<uint8_t> src(16), dst(16);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>(i * 91 + 5);
  for (int64_t so = 0; so < 9; ++so) {
    for (int64_t d_o = 0; d_o < 9; ++d_o) {
      std::fill(dst.begin(), dst.end(), 0xAA);
      copy_bitmap(src.data(), so, 100, dst.data(), d_o);
      for (int64_t i = 0; i < 100; ++i) ASSERT_EQ(get_bit(dst.data(), d_o + i), get_bit(src.data(), so + i));
      // Bits before the destination range are untouched.
      for (int64_t i = 0; i < d_o; ++i) ASSERT_EQ(get_bit(dst.data(), i), (0xAA >> i) & 1);
    }
  }
}

TEST(BitUtil, SetBitsTo) {
  std::vector<uint8_t> bits(8, 0);
  set_bits_to(bits.data(), 3, 30, true);
  EXPECT_EQ(count_set_bits(bits.data(), 0, 64), 30);
  EXPECT_FALSE(get_bit(bits.data(), 2));
  EXPECT_TRUE(get_bit(bits.data(), 3));
  EXPECT_TRUE(get_bit(bits.data(), 32));
  EXPECT_FALSE(get_bit(bits.data(), 33));
  set_bits_to(bits.data(), 10, 5, false);
  EXPECT_EQ(count_set_bits(bits.data(), 0, 64), 25);
}

}  // namespace
}  // namespace strata::bit_util
