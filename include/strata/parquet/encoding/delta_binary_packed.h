// DELTA_BINARY_PACKED (Encodings.md "Delta Encoding (DELTA_BINARY_PACKED = 5)"), INT32 and INT64.
//
//   header := <block size: ULEB128> <miniblocks per block: ULEB128> <total values: ULEB128>
//             <first value: zigzag ULEB128>
//   block  := <min delta: zigzag ULEB128> <bit width of each miniblock: 1 byte each>
//             <miniblocks: (block size / miniblocks) values of (delta - min delta), bit-packed>
//
// The encoder writes blocks of 128 values in 4 miniblocks of 32, as parquet-cpp and parquet-mr do; a last,
// partial miniblock is zero-padded to 32 values and miniblocks with no values get width 0 and no bytes.
// Deltas wrap around in two's complement (all arithmetic is done on the unsigned type), so INT64_MIN after
// INT64_MAX round-trips. INT32 uses at most 32 bits per delta, INT64 at most 64.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace strata::parquet::encoding {

// Append `values` DELTA_BINARY_PACKED. T is int32_t or int64_t.
template <typename T>
void delta_binary_packed_encode(std::span<const T> values, std::vector<uint8_t>& out);

// Decodes a DELTA_BINARY_PACKED stream a batch at a time (a view; the caller keeps the bytes alive).
// The constructor reads and checks the header: block size a positive multiple of 128 (at most 2^20),
// miniblock size a multiple of 32, and a value count the bytes present can hold. Decoding checks
// every block header, bit width and miniblock length before using it.
template <typename T>
class DeltaBinaryPackedDecoder {
 public:
  using U = std::make_unsigned_t<T>;

  explicit DeltaBinaryPackedDecoder(std::span<const uint8_t> data);

  int64_t total_values() const { return total_values_; }
  int64_t values_left() const { return values_left_; }

  // Fill `out` with the next out.size() values. FormatError when out.size() > values_left() or the data is
  // corrupt.
  void decode(std::span<T> out);

  // Bytes from the start of `data` to the end of the last block holding values: where the data following
  // this stream begins (DELTA_LENGTH_BYTE_ARRAY's bytes). Walks the block headers; does not move the decoder.
  int64_t encoded_size() const;

 private:
  void read_block_header();
  void load_miniblock(U* dst, int64_t values_in_use);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  const uint8_t* header_end_;
  int64_t block_size_ = 0;
  int64_t miniblocks_ = 0;
  int64_t values_per_miniblock_ = 0;
  int64_t total_values_ = 0;
  int64_t values_left_ = 0;
  bool first_pending_ = false;
  U last_ = 0;
  U min_delta_ = 0;
  std::vector<uint8_t> widths_;
  int64_t miniblock_index_ = 0;  // next miniblock of the current block; == miniblocks_ when none left
  std::vector<U> buffer_;        // one unpacked miniblock, for batches that end inside it
  int64_t buffer_pos_ = 0;
  int64_t buffer_end_ = 0;
};

}  // namespace strata::parquet::encoding
