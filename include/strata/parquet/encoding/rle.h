// RLE / bit-packed hybrid (Encodings.md "Run Length Encoding / Bit-Packing Hybrid (RLE = 3)"): repetition and
// definition levels, dictionary indices, and BOOLEAN values.
//
//   rle-bit-packed-hybrid := [<length: u32 LE>] <run>*
//   run        := <varint(count << 1)> <value in ceil(bit_width / 8) bytes LE>       (RLE run)
//              |  <varint((count / 8) << 1 | 1)> <count * bit_width / 8 bytes>       (bit-packed run)
//
// The 4-byte length is present for data page v1 levels and for RLE booleans, absent for data page v2
// levels and dictionary indices (the table in Encodings.md). The encoder chooses runs as parquet-cpp does:
// a value repeated over a whole group of 8 starts an RLE run that lasts while it repeats; everything else
// is bit-packed in groups of 8 (the last group padded with zeros).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace strata::parquet::encoding {

// Streams values into RLE / bit-packed runs appended to `out` (raw form, no length prefix).
class RleEncoder {
 public:
  // REQUIRES: 0 <= bit_width <= 32 (InvalidArgument otherwise); every value put fits in bit_width bits.
  RleEncoder(int bit_width, std::vector<uint8_t>& out);

  void put(uint32_t value);
  void put(std::span<const uint32_t> values) {
    for (uint32_t v : values) put(v);
  }
  // Write the pending runs. The encoder may be reused afterwards (it starts a fresh run sequence).
  void finish();

 private:
  void flush_buffered();
  void flush_rle_run();
  void flush_literal_run();

  int bit_width_;
  std::vector<uint8_t>& out_;
  uint32_t buffered_[8] = {};
  int num_buffered_ = 0;
  uint32_t current_ = 0;
  int64_t repeat_count_ = 0;
  std::vector<uint32_t> literals_;
};

// Encode `values` in raw form (v2 levels, after the bit-width byte of dictionary indices).
void encode_rle(std::span<const uint32_t> values, int bit_width, std::vector<uint8_t>& out);
// Encode `values` with the 4-byte length prefix (v1 levels).
void encode_rle_length_prefixed(std::span<const uint32_t> values, int bit_width, std::vector<uint8_t>& out);
// Encode booleans (0/1 bytes) as RLE = 3 data: bit width 1, length-prefixed.
void encode_rle_booleans(std::span<const uint8_t> values, std::vector<uint8_t>& out);

// Decodes RLE / bit-packed hybrid data a batch at a time. Holds a view of the bytes (caller keeps them alive).
class RleDecoder {
 public:
  // Raw form over all of `data`. Throws FormatError("RLE bit width 63 exceeds 32") for a bad width.
  RleDecoder(std::span<const uint8_t> data, int bit_width);
  // Length-prefixed form: reads the u32 length and decodes the `length` bytes after it.
  static RleDecoder length_prefixed(std::span<const uint8_t> data, int bit_width);

  // Fill `out` with the next out.size() values; throws FormatError if the data ends first, or if an RLE
  // run's value does not fit in the bit width. T is uint32_t, int32_t, int16_t or uint8_t (booleans and
  // small levels); the non-template overload lets a std::vector<uint32_t> convert.
  template <typename T>
  void decode(std::span<T> out) {
    decode_into(out);
  }
  void decode(std::span<uint32_t> out) { decode_into(out); }

  // Decode out.size() dictionary indices and gather the dictionary's values for them. Throws FormatError
  // when an index is >= dictionary.size(). T is any trivially copyable value type.
  template <typename T>
  void decode_gather(std::span<const T> dictionary, std::span<T> out);

  // Bytes of the input consumed so far, counting the length prefix; for the length-prefixed form this is
  // 4 + length from the start (where the next section of the page begins).
  int64_t end_offset() const { return prefix_ + (pos_ - begin_); }
  int64_t prefixed_size() const { return prefix_ + (end_ - begin_); }
  int bit_width() const { return bit_width_; }
  int64_t values_decoded() const { return decoded_; }

 private:
  template <typename T>
  void decode_into(std::span<T> out);
  void next_run(int64_t wanted);
  void unpack_one_group();
  [[noreturn]] void throw_exhausted(int64_t wanted) const;

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  int64_t prefix_ = 0;
  int bit_width_;
  int byte_width_;
  int64_t decoded_ = 0;
  int64_t rle_left_ = 0;       // values left in the current RLE run
  uint32_t rle_value_ = 0;
  int64_t literal_left_ = 0;   // values left in the current bit-packed run (excluding buffered ones)
  uint32_t buffered_[8] = {};  // one unpacked group, for batches that end inside a group
  int buffered_pos_ = 8;
  int buffered_end_ = 8;
};

}  // namespace strata::parquet::encoding
