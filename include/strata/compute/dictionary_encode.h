// Dictionary encoding: string / large_string / binary and integer arrays to dictionary<int32, T> (values
// in order of first appearance, nulls as null indices, as pyarrow's default), and back.
// Stateless; thread-safe.
#pragma once

#include "strata/columnar/array.h"
#include "strata/columnar/chunked_array.h"

namespace strata::compute {

using columnar::Array;
using columnar::ChunkedArray;

// An array that is already a dictionary is returned as is. Other types throw TypeError.
Array dictionary_encode(const Array& values);
// One dictionary shared by every chunk.
ChunkedArray dictionary_encode(const ChunkedArray& values);
// The dictionary's values gathered by the indices (the value type). REQUIRES: a dictionary array.
Array dictionary_decode(const Array& values);
ChunkedArray dictionary_decode(const ChunkedArray& values);

}  // namespace strata::compute
