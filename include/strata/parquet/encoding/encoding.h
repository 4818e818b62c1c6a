// Parquet value encodings (apache/parquet-format Encodings.md): the map of this folder, and the small pieces
// every encoding shares (ULEB128 / zigzag varints, INT96, the FormatError helpers).
//
// Open first: rle.h (RLE / bit-packed hybrid: levels, booleans, dictionary indices). Then one file per
// encoding, each with its encoder and decoder:
//   plain.h               PLAIN for every physical type
//   rle.h                 RLE = 3, with and without the 4-byte length prefix (data page v1 vs v2 levels)
//   dictionary.h          RLE_DICTIONARY indices (1-byte bit width + RLE) and DictionaryBuilder<T>
//   delta_binary_packed.h DELTA_BINARY_PACKED = 5 (INT32, INT64)
//   delta_byte_array.h    DELTA_LENGTH_BYTE_ARRAY = 6 and DELTA_BYTE_ARRAY = 7
//   byte_stream_split.h   BYTE_STREAM_SPLIT = 9
//   bit_pack.h            the bit-packing kernels (bit width as a template parameter inside)
//
// The format core knows nothing of columnar::: encoders take std::span of plain values (int32_t, int64_t,
// float, double, booleans as uint8_t 0/1, byte arrays as std::string_view) and append bytes to a
// std::vector<uint8_t>; decoders read a std::span<const uint8_t> page body and fill caller buffers, a batch
// at a time. Decoders validate what they read and throw strata::FormatError(why) without file context; the
// column reader catches, adds file / column / row group / page offset, and rethrows.
//
// Worked example (RLE-encode definition levels for a data page v1, read them back):
//   std::vector<uint8_t> page;
//   std::vector<uint32_t> levels = {1, 1, 0, 1};
//   strata::parquet::encoding::encode_rle_length_prefixed(levels, /*bit_width=*/1, page);
//   auto decoder = strata::parquet::encoding::RleDecoder::length_prefixed(page, 1);
//   std::vector<uint32_t> back(4);
//   decoder.decode(back);  // back == levels; decoder.end_offset() == page.size()
//
// Thread safety: encoders and decoders are plain values; use one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace strata::parquet::encoding {

// INT96 (deprecated timestamps): 12 bytes little endian, kept as raw bytes.
struct Int96 {
  uint8_t bytes[12];
  friend bool operator==(const Int96&, const Int96&) = default;
};

// Throw FormatError("<what> truncated: need N bytes, M left"). Cold, out of line.
[[noreturn]] void throw_truncated(std::string_view what, int64_t need, int64_t left);
// Throw FormatError(why).
[[noreturn]] void throw_format_error(const std::string& why);

// Append `value` as ULEB128.
void write_uleb128(uint64_t value, std::vector<uint8_t>& out);
inline void write_zigzag(int64_t value, std::vector<uint8_t>& out) {
  write_uleb128((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63), out);
}

// Read a ULEB128 at `pos` (advanced past it). Throws FormatError naming `what` when the varint runs past
// `end` or is longer than 10 bytes / overflows 64 bits.
uint64_t read_uleb128(const uint8_t*& pos, const uint8_t* end, std::string_view what);
inline int64_t read_zigzag(const uint8_t*& pos, const uint8_t* end, std::string_view what) {
  const uint64_t u = read_uleb128(pos, end, what);
  return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

// Number of bits needed to store `max_value` (0 for 0).
constexpr int bit_width_for(uint64_t max_value) {
  int bits = 0;
  while (max_value != 0) {
    ++bits;
    max_value >>= 1;
  }
  return bits;
}

inline void append_bytes(std::vector<uint8_t>& out, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + size);
}

inline void append_u32_le(std::vector<uint8_t>& out, uint32_t value) {
  const uint8_t b[4] = {uint8_t(value), uint8_t(value >> 8), uint8_t(value >> 16), uint8_t(value >> 24)};
  out.insert(out.end(), b, b + 4);
}

inline uint32_t load_u32_le(const uint8_t* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

}  // namespace strata::parquet::encoding
