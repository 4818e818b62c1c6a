// Column statistics (internal): min, max and null count of a page or column chunk, kept in the column's sort
// order (parquet-format README "Statistics" and LogicalTypes.md "Sort Order"): signed for INT32/INT64 unless
// the logical type is unsigned, IEEE order without NaN for FLOAT/DOUBLE (a zero minimum is written -0.0 and a
// zero maximum +0.0, so readers comparing either sign are right), unsigned lexicographic for byte arrays,
// signed big-endian for DECIMAL byte arrays. Values are stored PLAIN-encoded (byte arrays without their length
// prefix), as min_value / max_value; the deprecated min / max are written too for signed orders, as
// parquet-cpp does, so old readers still prune.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "strata/parquet/metadata/format.h"

namespace strata::parquet::internal {

enum class SortOrder : uint8_t { kSigned, kUnsigned, kDecimal, kUnknown };

SortOrder sort_order_of(const format::SchemaElement& leaf);

class ColumnStatistics {
 public:
  ColumnStatistics(format::Type physical, SortOrder order) : physical_(physical), order_(order) {}

  void add_nulls(int64_t n) { null_count_ += n; }
  // Non-null values, packed.
  void add(std::span<const int32_t> values);
  void add(std::span<const int64_t> values);
  void add(std::span<const float> values);
  void add(std::span<const double> values);
  void add_bools(std::span<const uint8_t> values);  // one byte per value
  void add_bytes(std::string_view value);            // one byte array / FLBA value
  void merge(const ColumnStatistics& other);

  int64_t null_count() const { return null_count_; }
  bool has_min_max() const { return has_min_max_; }
  const std::string& min_bytes() const { return min_; }
  const std::string& max_bytes() const { return max_; }
  format::Statistics to_thrift() const;

 private:
  template <typename T>
  void add_numbers(std::span<const T> values);
  bool less(std::string_view a, std::string_view b) const;  // in the column's order, on encoded bytes
  void offer(std::string_view encoded);

  format::Type physical_;
  SortOrder order_;
  int64_t null_count_ = 0;
  bool has_min_max_ = false;
  std::string min_;
  std::string max_;
};

// Compare two PLAIN-encoded statistics values of a column: <0, 0, >0. REQUIRES: a known order.
int compare_encoded(format::Type physical, SortOrder order, std::string_view a, std::string_view b);

}  // namespace strata::parquet::internal
