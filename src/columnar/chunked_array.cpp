#include "strata/columnar/chunked_array.h"

#include <algorithm>

#include "strata/columnar/concatenate.h"
#include "strata/core/error.h"

namespace strata::columnar {

ChunkedArray::ChunkedArray(std::vector<Array> chunks, DataTypePtr type)
    : chunks_(std::move(chunks)), type_(std::move(type)) {
  for (const auto& c : chunks_) {
    if (!c.type()->equals(*type_)) {
      raise<TypeError>("ChunkedArray of {} given a chunk of {}", type_->to_string(), c.type()->to_string());
    }
    length_ += c.length();
    null_count_ += c.null_count();
  }
}

ChunkedArray::ChunkedArray(std::vector<Array> chunks)
    : ChunkedArray(chunks, chunks.empty() ? nullptr : chunks[0].type()) {
  if (!type_) raise("ChunkedArray without chunks needs a type");
}

std::pair<int, int64_t> ChunkedArray::locate(int64_t i) const {
  for (size_t c = 0; c < chunks_.size(); ++c) {
    if (i < chunks_[c].length()) return {static_cast<int>(c), i};
    i -= chunks_[c].length();
  }
  raise("index {} outside a chunked array of length {}", i, length_);
}

ChunkedArray ChunkedArray::slice(int64_t offset, int64_t length) const {
  if (offset < 0 || length < 0 || offset + length > length_) {
    raise("slice [{}, {}) is outside a chunked array of length {}", offset, offset + length, length_);
  }
  std::vector<Array> out;
  for (const auto& c : chunks_) {
    if (length == 0) break;
    if (offset >= c.length()) {
      offset -= c.length();
      continue;
    }
    const int64_t take = std::min(length, c.length() - offset);
    out.push_back(c.slice(offset, take));
    offset = 0;
    length -= take;
  }
  return ChunkedArray(std::move(out), type_);
}

Array ChunkedArray::combine() const {
  if (chunks_.size() == 1) return chunks_[0];
  return concatenate(chunks_, type_);
}

bool ChunkedArray::equals(const ChunkedArray& other) const {
  if (length_ != other.length_ || null_count_ != other.null_count_ || !type_->equals(*other.type_)) return false;
  return combine().equals(other.combine());
}

std::string ChunkedArray::to_string() const { return combine().to_string(); }

}  // namespace strata::columnar
