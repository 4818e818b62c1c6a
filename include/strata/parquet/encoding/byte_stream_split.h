// BYTE_STREAM_SPLIT (Encodings.md "Byte Stream Split: (BYTE_STREAM_SPLIT = 9)"): FLOAT, DOUBLE, INT32, INT64
// and FIXED_LEN_BYTE_ARRAY. N values of K bytes become K streams of N bytes: stream k holds byte k of every
// value, streams back to back. No header; the value count is the page size / K.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace strata::parquet::encoding {

// Append `bytes` (N values of `width` bytes each, back to back) byte-stream-split.
// REQUIRES: width > 0 and bytes.size() % width == 0 (InvalidArgument otherwise).
void byte_stream_split_encode(std::span<const uint8_t> bytes, int width, std::vector<uint8_t>& out);
template <typename T>
void byte_stream_split_encode(std::span<const T> values, std::vector<uint8_t>& out) {
  byte_stream_split_encode(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(values.data()),
                                                    values.size_bytes()),
                           static_cast<int>(sizeof(T)), out);
}

// Reads values back a batch at a time (a view; the caller keeps the bytes alive).
class ByteStreamSplitDecoder {
 public:
  // FormatError when data.size() is not a multiple of `width` or width <= 0.
  ByteStreamSplitDecoder(std::span<const uint8_t> data, int width);

  int64_t total_values() const { return count_; }
  int64_t values_left() const { return count_ - next_; }

  // Fill `out` (sizeof(T) == width) with the next out.size() values. FormatError when fewer are left.
  template <typename T>
  void decode(std::span<T> out);
  // FIXED_LEN_BYTE_ARRAY: the next out.size() / width values, their bytes back to back.
  void decode_bytes(std::span<uint8_t> out);

 private:
  void check_request(int64_t values) const;

  const uint8_t* data_;
  int width_;
  int64_t count_;
  int64_t next_ = 0;
};

}  // namespace strata::parquet::encoding
