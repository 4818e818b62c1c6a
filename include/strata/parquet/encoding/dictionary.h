// Dictionary encoding (Encodings.md "Dictionary Encoding (PLAIN_DICTIONARY = 2 and RLE_DICTIONARY = 8)").
//   dictionary page:  the distinct values, PLAIN-encoded
//   data page:        <bit width: 1 byte, at most 32> <RLE / bit-packed hybrid indices, no length prefix>
// DictionaryBuilder collects the distinct values of a column chunk and the index of every value. The writer
// checks over_limit() after each batch and falls back to PLAIN for the rest of the chunk once it is true
// (pyarrow's dictionary_pagesize_limit; the dictionary page written so far stays valid for the pages
// already encoded with it).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "strata/parquet/encoding/rle.h"

namespace strata::parquet::encoding {

// Append an RLE_DICTIONARY data page body: the bit-width byte, then the indices in raw RLE form.
// REQUIRES: 0 <= bit_width <= 32 and every index < 2^bit_width.
void encode_dictionary_indices(std::span<const uint32_t> indices, int bit_width, std::vector<uint8_t>& out);

// Decoder over an RLE_DICTIONARY data page body: reads the bit-width byte (FormatError "RLE bit width 40
// exceeds 32") and returns the RLE decoder for the indices; use decode() for indices or decode_gather()
// to look the values up. An empty body is accepted for a page with no non-null values.
RleDecoder dictionary_index_decoder(std::span<const uint8_t> data);

// Distinct values and their indices, in first-seen order. T is int32_t, int64_t, float, double
// (compared by bit pattern, so NaNs and -0.0 keep their bits), Int96, or std::string_view for BYTE_ARRAY
// and FIXED_LEN_BYTE_ARRAY (the builder copies the bytes; views it hands out live as long as it does).
template <typename T>
class DictionaryBuilder {
 public:
  // `byte_limit`: PLAIN size of the dictionary page past which over_limit() turns true.
  // `type_length` >= 0 marks FIXED_LEN_BYTE_ARRAY (PLAIN without length prefixes).
  explicit DictionaryBuilder(int64_t byte_limit = int64_t{1} << 20, int type_length = -1);
  ~DictionaryBuilder();
  DictionaryBuilder(DictionaryBuilder&&) noexcept;
  DictionaryBuilder& operator=(DictionaryBuilder&&) noexcept;

  // Append the index of each value to `indices`, adding values not seen before.
  void put(std::span<const T> values, std::vector<uint32_t>& indices);

  int64_t size() const { return static_cast<int64_t>(values_.size()); }
  // Bytes of the dictionary page body (PLAIN).
  int64_t plain_size() const { return plain_size_; }
  bool over_limit() const { return plain_size_ > byte_limit_; }
  // Bit width for the data pages' indices: enough for size() - 1, at least 1.
  int index_bit_width() const;
  std::span<const T> values() const { return values_; }
  // Append the dictionary page body (PLAIN values).
  void write_dictionary_page(std::vector<uint8_t>& out) const;

 private:
  uint32_t insert(const T& value, uint64_t hash);
  void grow();

  int64_t byte_limit_;
  int type_length_;
  int64_t plain_size_ = 0;
  std::vector<T> values_;
  std::vector<uint64_t> hashes_;   // hash of values_[i]
  std::vector<int32_t> slots_;     // open addressing, -1 = empty, else index into values_
  std::vector<uint64_t> keys_;     // std::string_view values of up to 16 bytes: two key words per value
  uint64_t mask_ = 0;
  struct Arena;                    // byte storage for std::string_view values
  std::unique_ptr<Arena> arena_;
};

}  // namespace strata::parquet::encoding
