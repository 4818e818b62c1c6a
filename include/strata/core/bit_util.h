// Bit and byte helpers shared by every layer: bitmaps in Arrow's LSB-first order, rounding, popcounts.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace strata::bit_util {

constexpr int64_t bytes_for_bits(int64_t bits) { return (bits + 7) >> 3; }
constexpr int64_t round_up(int64_t value, int64_t multiple) {
  return (value + multiple - 1) / multiple * multiple;
}
constexpr int64_t round_up_to_power_of_2(int64_t value, int64_t power) {
  return (value + power - 1) & ~(power - 1);
}

inline bool get_bit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void set_bit(uint8_t* bits, int64_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void clear_bit(uint8_t* bits, int64_t i) {
  bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7)));
}
inline void set_bit_to(uint8_t* bits, int64_t i, bool value) {
  bits[i >> 3] = static_cast<uint8_t>((bits[i >> 3] & ~(1u << (i & 7))) | (uint32_t(value) << (i & 7)));
}

// Load 8 bytes little-endian from an unaligned address.
inline uint64_t load_u64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Read 64 bits of a bitmap starting at bit `offset` (which need not be byte aligned).
// REQUIRES: the bytes [offset/8, offset/8 + 9) are readable, or fewer when the bitmap ends there;
// use `load_word_checked` near the end of a bitmap.
uint64_t load_word_checked(const uint8_t* bits, int64_t offset, int64_t bit_count);

// Number of set bits in bits[offset, offset + length).
int64_t count_set_bits(const uint8_t* bits, int64_t offset, int64_t length);

// Copy `length` bits from src (starting at src_offset) to dst (starting at dst_offset).
void copy_bitmap(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst, int64_t dst_offset);

// Set bits [offset, offset + length) of dst to `value`.
void set_bits_to(uint8_t* bits, int64_t offset, int64_t length, bool value);

}  // namespace strata::bit_util
