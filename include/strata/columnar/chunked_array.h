// ChunkedArray: one logical column stored as a sequence of arrays of the same type (as a table column
// read from several row groups or record batches). Immutable; share freely across threads.
#pragma once

#include <vector>

#include "strata/columnar/array.h"

namespace strata::columnar {

class ChunkedArray {
 public:
  ChunkedArray() = default;
  // REQUIRES: every chunk has type `type` (checked; throws TypeError).
  ChunkedArray(std::vector<Array> chunks, DataTypePtr type);
  // The type is taken from the first chunk. REQUIRES: at least one chunk.
  explicit ChunkedArray(std::vector<Array> chunks);
  explicit ChunkedArray(Array single) : ChunkedArray(std::vector<Array>{std::move(single)}) {}

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  int num_chunks() const { return static_cast<int>(chunks_.size()); }
  const Array& chunk(int i) const { return chunks_.at(static_cast<size_t>(i)); }
  const std::vector<Array>& chunks() const { return chunks_; }

  // Locate logical element i: (chunk index, index within the chunk).
  std::pair<int, int64_t> locate(int64_t i) const;
  bool is_null(int64_t i) const {
    auto [c, k] = locate(i);
    return chunks_[static_cast<size_t>(c)].is_null(k);
  }

  // Zero-copy view of elements [offset, offset + length), possibly spanning chunks.
  ChunkedArray slice(int64_t offset, int64_t length) const;
  // One contiguous array (copies unless there is exactly one chunk).
  Array combine() const;
  // Same type and the same logical values, whatever the chunking.
  bool equals(const ChunkedArray& other) const;
  std::string to_string() const;

 private:
  std::vector<Array> chunks_;
  DataTypePtr type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
};

}  // namespace strata::columnar
