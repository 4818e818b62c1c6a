// Casts between numeric types (checked: a value that does not fit, or a float with a fractional part
// cast to an integer, throws InvalidArgument naming the value and its row), between bool and numbers,
// to strings (numbers as JavaScript prints them, dates/timestamps as ISO 8601) and from strings to numbers
// and bool. Temporal types cast to and from integers of their storage width's range. Nulls stay null.
// Other pairs throw TypeError naming both types. Stateless; thread-safe.
#pragma once

#include "strata/columnar/array.h"
#include "strata/columnar/chunked_array.h"

namespace strata::compute {

columnar::Array cast(const columnar::Array& array, const columnar::DataTypePtr& to);
columnar::ChunkedArray cast(const columnar::ChunkedArray& array, const columnar::DataTypePtr& to);

}  // namespace strata::compute
