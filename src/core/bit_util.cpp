#include "strata/core/bit_util.h"

#include <algorithm>

namespace strata::bit_util {

uint64_t load_word_checked(const uint8_t* bits, int64_t offset, int64_t bit_count) {
  // Gather up to 64 bits starting at `offset`, touching only the bytes that hold them.
  uint64_t word = 0;
  const int64_t n = std::min<int64_t>(bit_count, 64);
  int64_t produced = 0;
  int64_t pos = offset;
  while (produced < n) {
    const int64_t byte = pos >> 3;
    const int shift = static_cast<int>(pos & 7);
    const int take = static_cast<int>(std::min<int64_t>(8 - shift, n - produced));
    const uint64_t chunk = (static_cast<uint64_t>(bits[byte]) >> shift) & ((1u << take) - 1);
    word |= chunk << produced;
    produced += take;
    pos += take;
  }
  return word;
}

int64_t count_set_bits(const uint8_t* bits, int64_t offset, int64_t length) {
  if (length <= 0) return 0;
  int64_t count = 0;
  int64_t i = offset;
  const int64_t end = offset + length;
  // Leading bits up to a byte boundary.
  while (i < end && (i & 7) != 0) count += get_bit(bits, i++);
  // Whole 64-bit words.
  for (; i + 64 <= end; i += 64) count += std::popcount(load_u64(bits + (i >> 3)));
  // Whole bytes.
  for (; i + 8 <= end; i += 8) count += std::popcount(static_cast<unsigned>(bits[i >> 3]));
  while (i < end) count += get_bit(bits, i++);
  return count;
}

void copy_bitmap(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst, int64_t dst_offset) {
  if (length <= 0) return;
  if ((src_offset & 7) == 0 && (dst_offset & 7) == 0) {
    const int64_t whole = length >> 3;
    std::memcpy(dst + (dst_offset >> 3), src + (src_offset >> 3), static_cast<size_t>(whole));
    for (int64_t i = whole * 8; i < length; ++i) set_bit_to(dst, dst_offset + i, get_bit(src, src_offset + i));
    return;
  }
  int64_t i = 0;
  // Align the destination to a byte, then move whole bytes gathered from the unaligned source.
  while (i < length && ((dst_offset + i) & 7) != 0) {
    set_bit_to(dst, dst_offset + i, get_bit(src, src_offset + i));
    ++i;
  }
  for (; i + 8 <= length; i += 8) {
    dst[(dst_offset + i) >> 3] = static_cast<uint8_t>(load_word_checked(src, src_offset + i, 8));
  }
  for (; i < length; ++i) set_bit_to(dst, dst_offset + i, get_bit(src, src_offset + i));
}

void set_bits_to(uint8_t* bits, int64_t offset, int64_t length, bool value) {
  int64_t i = offset;
  const int64_t end = offset + length;
  while (i < end && (i & 7) != 0) set_bit_to(bits, i++, value);
  const int64_t whole_bytes = (end - i) >> 3;
  if (whole_bytes > 0) {
    std::memset(bits + (i >> 3), value ? 0xFF : 0x00, static_cast<size_t>(whole_bytes));
    i += whole_bytes * 8;
  }
  while (i < end) set_bit_to(bits, i++, value);
}

}  // namespace strata::bit_util
