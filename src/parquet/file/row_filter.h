// Row filtering (internal): evaluate a bound Filter over decoded columns, giving the rows that pass. Null
// values never pass a comparison (only `is null`). Dictionary columns are compared once per dictionary value.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/parquet/filter.h"

namespace strata::parquet::internal {

// One byte per row: 1 when the row passes. `columns` holds every column the filter names, `rows` long.
std::vector<uint8_t> evaluate_rows(const Filter& filter, const std::map<std::string, columnar::Array>& columns,
                                   int64_t rows);

}  // namespace strata::parquet::internal
