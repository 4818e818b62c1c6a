// Selection kernels: filter, take, sort_indices, unique, value_counts. They work on every flat type
// (numbers, bool, temporal, strings and binary, fixed_size_binary, dictionary); sort keys take numbers,
// bool, temporal, strings and dictionary<*, string>. Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/columnar/chunked_array.h"
#include "strata/columnar/table.h"

namespace strata::compute {

using columnar::Array;
using columnar::ChunkedArray;

// Keep the rows whose mask slot is true; a null in the mask drops the row (pyarrow's default
// null_selection_behavior="drop"). REQUIRES: mask is bool and as long as values (else InvalidArgument).
Array filter(const Array& values, const Array& mask);
ChunkedArray filter(const ChunkedArray& values, const ChunkedArray& mask);
columnar::Table filter(const columnar::Table& table, const Array& mask);

// values[indices[i]] for every i; a null index gives a null. Indices are any integer type; one out of
// range throws InvalidArgument naming it.
Array take(const Array& values, const Array& indices);
ChunkedArray take(const ChunkedArray& values, const Array& indices);
columnar::Table take(const columnar::Table& table, const Array& indices);

enum class SortOrder { kAscending, kDescending };
struct SortKey {
  Array column;
  SortOrder order = SortOrder::kAscending;
};
// Indices (uint64) that sort the rows by the keys, first key first; stable; NaN after numbers and nulls
// after everything, whatever the order (pyarrow's null_placement="at_end").
Array sort_indices(const std::vector<SortKey>& keys);
Array sort_indices(const Array& column, SortOrder order = SortOrder::kAscending);
// By column names of a table.
Array sort_indices(const columnar::Table& table, const std::vector<std::pair<std::string, SortOrder>>& keys);

// Distinct values in order of first appearance; a null (if any) appears once, where it first appeared.
Array unique(const Array& values);
// struct<values: T, counts: int64> in order of first appearance (nulls counted as one value).
Array value_counts(const Array& values);

}  // namespace strata::compute
