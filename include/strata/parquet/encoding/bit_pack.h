// Bit-packing kernels shared by the RLE / bit-packed hybrid and DELTA_BINARY_PACKED (Encodings.md, RLE note 1:
// values packed from the least significant bit of each byte, each value's bits in the usual order).
// The public functions dispatch once per call on the bit width to a loop instantiated for that width
// (template parameter), so the inner loop has constant shifts and masks. Little-endian hosts only.
#pragma once

#include <cstdint>

namespace strata::parquet::encoding {

// Unpack `count` values of `bit_width` bits from `in` into `out`.
// REQUIRES: count % 8 == 0; 0 <= bit_width <= 32 (u32) or 64 (u64); `in` holds count * bit_width / 8 bytes.
// Reads exactly those bytes, never past them.
void unpack_u32(const uint8_t* in, int bit_width, uint32_t* out, int64_t count);
void unpack_u64(const uint8_t* in, int bit_width, uint64_t* out, int64_t count);

// Pack `count` values into count * bit_width / 8 bytes at `out`. Bits above `bit_width` are ignored.
// REQUIRES: count % 8 == 0; 0 <= bit_width <= 32 (u32) or 64 (u64).
void pack_u32(const uint32_t* values, int64_t count, int bit_width, uint8_t* out);
void pack_u64(const uint64_t* values, int64_t count, int bit_width, uint8_t* out);

}  // namespace strata::parquet::encoding
