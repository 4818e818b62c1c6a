// PLAIN encoding (Encodings.md "Plain: (PLAIN = 0)"): values back to back, little endian.
//   BOOLEAN               bit-packed, LSB first (as the RLE hybrid's bit-packed runs), last byte zero-padded
//   INT32 / FLOAT         4 bytes        INT64 / DOUBLE   8 bytes        INT96   12 bytes (decode only)
//   BYTE_ARRAY            u32 LE length, then the bytes
//   FIXED_LEN_BYTE_ARRAY  the bytes (the length comes from the schema's type_length)
// Also the body of a dictionary page.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "strata/parquet/encoding/encoding.h"

namespace strata::parquet::encoding {

// Append PLAIN values. T is int32_t, int64_t, float or double.
template <typename T>
void plain_encode(std::span<const T> values, std::vector<uint8_t>& out) {
  append_bytes(out, values.data(), values.size_bytes());
}
// Booleans (0 / non-zero bytes) bit-packed LSB first; a page's booleans are encoded in one call.
void plain_encode_booleans(std::span<const uint8_t> values, std::vector<uint8_t>& out);
// BYTE_ARRAY: 4-byte length prefix per value. InvalidArgument for a value longer than 2^31 - 1 bytes.
void plain_encode_byte_arrays(std::span<const std::string_view> values, std::vector<uint8_t>& out);
// FIXED_LEN_BYTE_ARRAY: InvalidArgument when a value's size is not `type_length`.
void plain_encode_fixed_len_byte_arrays(std::span<const std::string_view> values, int type_length,
                                        std::vector<uint8_t>& out);

// Reads PLAIN values a batch at a time from a view of the page body (caller keeps the bytes alive).
// Every decode_* checks the batch against the bytes left before copying and throws FormatError
// ("PLAIN INT64 truncated: need 80 bytes, 12 left") without reading past the end.
class PlainDecoder {
 public:
  explicit PlainDecoder(std::span<const uint8_t> data) : data_(data) {}

  // T is int32_t, int64_t, float, double or Int96.
  template <typename T>
  void decode(std::span<T> out);
  void decode_booleans(std::span<uint8_t> out);
  // Views point into the page bytes.
  void decode_byte_arrays(std::span<std::string_view> out);
  void decode_fixed_len_byte_arrays(std::span<std::string_view> out, int type_length);

  // Bytes consumed (booleans count a partly used byte as consumed).
  int64_t offset() const { return pos_ + (bit_pos_ + 7) / 8; }
  int64_t remaining() const { return static_cast<int64_t>(data_.size()) - offset(); }

 private:
  std::span<const uint8_t> data_;
  int64_t pos_ = 0;      // whole bytes consumed
  int64_t bit_pos_ = 0;  // bits consumed after pos_ by boolean decoding
};

}  // namespace strata::parquet::encoding
