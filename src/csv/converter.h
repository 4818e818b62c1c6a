// Conversion of tokenized CSV columns into arrays (internal): inference of the narrowest kind per block,
// the join across blocks, and conversion to explicit types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/columnar/array.h"
#include "tokenizer.h"

namespace strata::csv::internal {

// Inferred kinds in the order they are tried: a column gets the first kind that parses all its values
// (as pyarrow's inference does).
enum class Kind : uint8_t { kNull, kInt64, kBool, kDate, kTimestamp, kFloat64, kString };

// Null and boolean spellings, compiled for quick lookups.
class Spellings {
 public:
  explicit Spellings(const ReadOptions& options);
  bool is_null(std::string_view v) const { return v.size() < 64 && (null_lengths_ >> v.size() & 1) && match(nulls_, v); }
  // 1 true, 0 false, -1 neither.
  int boolean(std::string_view v) const {
    if (match(trues_, v)) return 1;
    if (match(falses_, v)) return 0;
    return -1;
  }
  bool strings_can_be_null() const { return strings_can_be_null_; }

 private:
  static bool match(const std::vector<std::string>& set, std::string_view v) {
    for (const auto& s : set) {
      if (s.size() == v.size() && std::memcmp(s.data(), v.data(), v.size()) == 0) return true;
    }
    return false;
  }
  std::vector<std::string> nulls_, trues_, falses_;
  uint64_t null_lengths_ = 0;
  bool strings_can_be_null_;
};

// One column of one tokenized block.
struct ColumnSlice {
  const char* block_base;      // first byte of the block
  const BlockTokens* tokens;
  int column;
  int num_columns;
  const Dialect* dialect;
  const Spellings* spellings;

  int64_t size() const { return tokens->num_rows; }
  const FieldRef& ref(int64_t row) const { return tokens->fields[static_cast<size_t>(row * num_columns + column)]; }
  // The value of `row`, unescaped into `scratch` when needed.
  std::string_view value(int64_t row, std::string* scratch) const {
    const FieldRef& f = ref(row);
    std::string_view raw(block_base + f.start, f.size());
    if (!f.needs_unescape()) return raw;
    unescape(raw, *dialect, scratch);
    return *scratch;
  }
};

struct InferredColumn {
  Kind kind = Kind::kNull;
  int fraction_digits = 0;  // timestamps: most significant fraction digits seen
  bool has_zone = false;    // timestamps: values carry Z or an offset
};

// Infer the narrowest kind of a block column and convert it to that kind in the same pass (timestamps at
// nanosecond precision, to be rescaled once the unit of the whole column is known).
struct InferredBlock {
  InferredColumn info;
  columnar::Array array;
};
InferredBlock infer_and_convert(const ColumnSlice& slice);
// Rescale a timestamp[ns] array to `type`'s unit (exact: REQUIRES the values fit the unit's precision).
columnar::Array rescale_timestamps(const columnar::Array& nanos, const columnar::DataTypePtr& type);
// The first kind after `from` (exclusive) that parses `v`.
Kind next_kind_for(Kind from, std::string_view v, const Spellings& spellings);
// The columnar type of an inferred kind.
columnar::DataTypePtr type_of(const InferredColumn& c);

// A value that does not convert: the row (within the block) and why.
struct ConversionFailure {
  int64_t row;
  std::string reason;
};

// Convert a block column to `type`. On a value that does not fit, returns nullopt and fills `failure`.
std::optional<columnar::Array> convert_column(const ColumnSlice& slice, const columnar::DataTypePtr& type,
                                              ConversionFailure* failure);

}  // namespace strata::csv::internal
