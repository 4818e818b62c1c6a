// Compute kernels over columnar arrays: the module map. Open this file first.
//
//   scalar.h            Scalar: a typed, possibly-null value (aggregate results, comparison operands)
//   aggregate.h         sum, min, max, min_max, mean, count, count_true, any, all, variance, stddev, quantile
//   elementwise.h       compare (== != < <= > >=), arithmetic (+ - * /), and_kleene / or_kleene / invert,
//                       is_null / is_valid
//   selection.h         filter, take, sort_indices, unique, value_counts
//   group_by.h          hash group-by with sum / count / mean / min / max, returning a Table
//   cast.h              checked numeric casts, to and from strings and bool
//   dictionary_encode.h dictionary_encode / dictionary_decode
//
// Private helpers live in src/compute/: kernel_util.h (type dispatch, validity walked a word at a time)
// and hash_encoder.h (dense codes in order of first appearance, shared by dictionary_encode, unique,
// value_counts and group_by). Every kernel switches on the type once, then runs a typed loop; nulls follow
// pyarrow.compute's defaults (skipped by aggregates, propagated by element-wise kernels).
//
// Example:
//   Array prices = ...;                                   // float64 with nulls
//   Scalar total = compute::sum(prices);                  // float64, null if no valid value
//   Array cheap = compute::filter(prices, compute::compare(prices, CompareOp::kLess, make_scalar(10.0)));
//   Array q = compute::quantile(prices, {0.25, 0.5, 0.75});
#pragma once

#include "strata/compute/aggregate.h"
#include "strata/compute/cast.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/compute/elementwise.h"
#include "strata/compute/group_by.h"
#include "strata/compute/scalar.h"
#include "strata/compute/selection.h"
