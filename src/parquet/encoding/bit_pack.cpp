// Bit-packing kernels: one unpack loop per bit width, instantiated from a template (the width is a
// compile-time constant, so every shift, mask and load size below folds to a constant), selected through a
// table built once. See bit_pack.h for the bit order.
#include "strata/parquet/encoding/bit_pack.h"

#include <array>
#include <cstring>
#include <utility>

namespace strata::parquet::encoding {
namespace {

// Value I of a group of 8 values of width W starting at `in`. With kWide, one 8-byte load per value (the
// caller guarantees 8 readable bytes past the value's first byte); otherwise the value's bytes are
// assembled one by one, reading nothing past the group. (Loading a 3-, 5-, 6- or 7-byte memcpy into a
// 64-bit word stalls store forwarding: widths 17..31 measured 30x slower that way.)
template <int W, typename T, int I, bool kWide>
inline T unpack_one(const uint8_t* in) {
  if constexpr (W == 0) {
    return 0;
  } else {
    constexpr int kBit = I * W;
    constexpr int kByte = kBit / 8;
    constexpr int kShift = kBit % 8;
    constexpr int kBytes = (kShift + W + 7) / 8;  // 1..9
    uint64_t word = 0;
    if constexpr (kWide) {
      std::memcpy(&word, in + kByte, 8);
    } else {
      for (int b = 0; b < (kBytes < 8 ? kBytes : 8); ++b) word |= uint64_t{in[kByte + b]} << (8 * b);
    }
    uint64_t value = word >> kShift;
    if constexpr (kBytes > 8) value |= uint64_t{in[kByte + 8]} << (64 - kShift);
    constexpr uint64_t kMask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;
    return static_cast<T>(value & kMask);
  }
}

template <int W, typename T, bool kWide, size_t... I>
inline void unpack_group(const uint8_t* in, T* out, std::index_sequence<I...>) {
  ((out[I] = unpack_one<W, T, static_cast<int>(I), kWide>(in)), ...);
}

template <int W, typename T>
void unpack_groups(const uint8_t* in, T* out, int64_t groups) {
  // A group's wide loads reach (7W)/8 + 9 bytes past its start; the last kTail groups take the exact path.
  constexpr int64_t kTail = W == 0 ? 0 : ((7 * W) / 8 + 9 + W - 1) / W;
  const int64_t wide_groups = groups > kTail ? groups - kTail : 0;
  int64_t g = 0;
  for (; g < wide_groups; ++g) {
    unpack_group<W, T, true>(in, out, std::make_index_sequence<8>{});
    in += W;
    out += 8;
  }
  for (; g < groups; ++g) {
    unpack_group<W, T, false>(in, out, std::make_index_sequence<8>{});
    in += W;
    out += 8;
  }
}

template <typename T>
using UnpackFn = void (*)(const uint8_t*, T*, int64_t);

template <typename T, size_t... W>
constexpr auto make_unpack_table(std::index_sequence<W...>) {
  return std::array<UnpackFn<T>, sizeof...(W)>{&unpack_groups<static_cast<int>(W), T>...};
}

constexpr auto kUnpack32 = make_unpack_table<uint32_t>(std::make_index_sequence<33>{});
constexpr auto kUnpack64 = make_unpack_table<uint64_t>(std::make_index_sequence<65>{});

template <typename T>
void pack_values(const T* values, int64_t count, int bit_width, uint8_t* out) {
  if (bit_width == 0) return;
  const uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  uint64_t acc = 0;
  int bits = 0;  // bits pending in acc, always < 64
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t v = static_cast<uint64_t>(values[i]) & mask;
    acc |= v << bits;
    int total = bits + bit_width;
    if (total >= 64) {
      std::memcpy(out, &acc, 8);
      out += 8;
      acc = bits == 0 ? 0 : v >> (64 - bits);
      total -= 64;
    }
    bits = total;
  }
  std::memcpy(out, &acc, static_cast<size_t>(bits / 8));  // count % 8 == 0 makes bits a whole byte count
}

}  // namespace

void unpack_u32(const uint8_t* in, int bit_width, uint32_t* out, int64_t count) {
  kUnpack32[static_cast<size_t>(bit_width)](in, out, count / 8);
}

void unpack_u64(const uint8_t* in, int bit_width, uint64_t* out, int64_t count) {
  kUnpack64[static_cast<size_t>(bit_width)](in, out, count / 8);
}

void pack_u32(const uint32_t* values, int64_t count, int bit_width, uint8_t* out) {
  pack_values(values, count, bit_width, out);
}

void pack_u64(const uint64_t* values, int64_t count, int bit_width, uint8_t* out) {
  pack_values(values, count, bit_width, out);
}

}  // namespace strata::parquet::encoding
