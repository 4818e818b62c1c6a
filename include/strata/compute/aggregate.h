// Aggregate kernels over Array and ChunkedArray: sum, min, max, min_max, mean, count, count_true, any, all,
// variance, stddev and exact quantiles. Nulls are skipped (pyarrow.compute's defaults); the result is null
// when no value is left (except count, any, all). Result types follow pyarrow: sum of signed integers is
// int64, of unsigned uint64, of floats double; min/max keep the input type; mean/variance are double.
// Dates, times, timestamps and durations aggregate with min/max/count as their integers.
// Unsupported types throw TypeError naming the kernel and the type. Stateless; thread-safe.
#pragma once

#include <utility>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/columnar/chunked_array.h"
#include "strata/compute/scalar.h"

namespace strata::compute {

using columnar::Array;
using columnar::ChunkedArray;

// Pairwise blocked summation: accurate to O(log n) ulps, 8 independent accumulators per block.
Scalar sum(const Array& array);
Scalar sum(const ChunkedArray& array);
// Floats ignore NaN unless every value is NaN (then NaN), like pyarrow's min_max.
Scalar min(const Array& array);
Scalar min(const ChunkedArray& array);
Scalar max(const Array& array);
Scalar max(const ChunkedArray& array);
std::pair<Scalar, Scalar> min_max(const Array& array);
std::pair<Scalar, Scalar> min_max(const ChunkedArray& array);
Scalar mean(const Array& array);
Scalar mean(const ChunkedArray& array);

enum class CountMode { kOnlyValid, kOnlyNull, kAll };
int64_t count(const Array& array, CountMode mode = CountMode::kOnlyValid);
int64_t count(const ChunkedArray& array, CountMode mode = CountMode::kOnlyValid);

// Boolean arrays only. count_true counts valid true values; any/all skip nulls (any of nothing is false,
// all of nothing is true).
int64_t count_true(const Array& array);
int64_t count_true(const ChunkedArray& array);
bool any(const Array& array);
bool any(const ChunkedArray& array);
bool all(const Array& array);
bool all(const ChunkedArray& array);

// Two-pass (mean, then squared deviations) per chunk, merged across chunks with Chan et al.'s formula.
// Null when fewer than ddof + 1 values.
Scalar variance(const Array& array, int ddof = 0);
Scalar variance(const ChunkedArray& array, int ddof = 0);
Scalar stddev(const Array& array, int ddof = 0);
Scalar stddev(const ChunkedArray& array, int ddof = 0);

// Exact quantiles with numpy's default ("linear") interpolation, one per q (each in [0, 1], else
// InvalidArgument). Returns a float64 array; all null when there are no (non-null, non-NaN) values.
Array quantile(const Array& array, const std::vector<double>& q);
Array quantile(const ChunkedArray& array, const std::vector<double>& q);

}  // namespace strata::compute
