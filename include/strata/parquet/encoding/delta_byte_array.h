// DELTA_LENGTH_BYTE_ARRAY (Encodings.md "Delta-length byte array", = 6) and DELTA_BYTE_ARRAY ("Delta
// Strings", = 7).
//   DELTA_LENGTH_BYTE_ARRAY := <DELTA_BINARY_PACKED lengths (INT32)> <all the bytes, back to back>
//   DELTA_BYTE_ARRAY        := <DELTA_BINARY_PACKED prefix lengths (INT32)>
//                              <suffixes as DELTA_LENGTH_BYTE_ARRAY>
// Each value of DELTA_BYTE_ARRAY is the first `prefix length` bytes of the previous value followed by its
// suffix. Used for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY alike (all lengths are stored either way).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/parquet/encoding/delta_binary_packed.h"

namespace strata::parquet::encoding {

// InvalidArgument for a value longer than 2^31 - 1 bytes.
void delta_length_byte_array_encode(std::span<const std::string_view> values, std::vector<uint8_t>& out);
void delta_byte_array_encode(std::span<const std::string_view> values, std::vector<uint8_t>& out);

// Decoded values are views into the page bytes (the caller keeps them alive).
class DeltaLengthByteArrayDecoder {
 public:
  explicit DeltaLengthByteArrayDecoder(std::span<const uint8_t> data);

  int64_t total_values() const { return lengths_.total_values(); }
  int64_t values_left() const { return lengths_.values_left(); }
  // FormatError for more values than are left, a negative length, or lengths past the end of the bytes.
  void decode(std::span<std::string_view> out);

 private:
  DeltaBinaryPackedDecoder<int32_t> lengths_;
  const char* bytes_;
  int64_t bytes_left_;
  std::vector<int32_t> batch_lengths_;
};

// Decoded values are views into storage the decoder owns, valid until the next decode() call.
class DeltaByteArrayDecoder {
 public:
  explicit DeltaByteArrayDecoder(std::span<const uint8_t> data);

  int64_t total_values() const { return prefixes_.total_values(); }
  int64_t values_left() const { return prefixes_.values_left(); }
  // FormatError for more values than are left, a prefix longer than the previous value, a negative length,
  // or a batch that would expand past 2^31 bytes.
  void decode(std::span<std::string_view> out);

 private:
  DeltaBinaryPackedDecoder<int32_t> prefixes_;
  DeltaLengthByteArrayDecoder suffixes_;
  std::vector<int32_t> batch_prefixes_;
  std::vector<std::string_view> batch_suffixes_;
  std::string previous_;  // last value of the previous batch
  std::string storage_;   // this batch's values
};

}  // namespace strata::parquet::encoding
