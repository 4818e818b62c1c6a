// Element-wise kernels: comparisons, arithmetic, Kleene logic, null tests. Outputs have the inputs'
// length; a slot is null when an input slot is null (Kleene and/or excepted). Array-vs-array inputs must
// have equal lengths (InvalidArgument otherwise). Stateless; thread-safe.
//
//   compare(prices, CompareOp::kGreater, make_scalar(int64_t{10}))  -> bool array
//   add(a, b)                                                       -> int64 / float64 array
#pragma once

#include "strata/columnar/array.h"
#include "strata/compute/scalar.h"

namespace strata::compute {

using columnar::Array;

enum class CompareOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// Numbers (mixed number types compare by value), bool, strings (bytewise), dictionary<*, string>, and
// temporal types (as their integers; a scalar of a temporal type is given as its integer). A null scalar
// gives an all-null result.
Array compare(const Array& left, CompareOp op, const Scalar& right);
Array compare(const Array& left, CompareOp op, const Array& right);

// + - * / on numbers. Result type: float64 when either side is floating (float32 when both are float32);
// uint64 when both are unsigned integers; int64 otherwise. Integer overflow and integer division by
// zero throw InvalidArgument naming the kernel (checked like pyarrow's *_checked kernels); integer
// division truncates toward zero.
enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide };
Array arithmetic(const Array& left, ArithmeticOp op, const Array& right);
Array arithmetic(const Array& left, ArithmeticOp op, const Scalar& right);
inline Array add(const Array& a, const Array& b) { return arithmetic(a, ArithmeticOp::kAdd, b); }
inline Array subtract(const Array& a, const Array& b) { return arithmetic(a, ArithmeticOp::kSubtract, b); }
inline Array multiply(const Array& a, const Array& b) { return arithmetic(a, ArithmeticOp::kMultiply, b); }
inline Array divide(const Array& a, const Array& b) { return arithmetic(a, ArithmeticOp::kDivide, b); }

// Kleene three-valued logic on bool arrays: false and null = false, true or null = true.
Array and_kleene(const Array& left, const Array& right);
Array or_kleene(const Array& left, const Array& right);
Array invert(const Array& array);  // not; null stays null

// Bool arrays without nulls.
Array is_null(const Array& array);
Array is_valid(const Array& array);

}  // namespace strata::compute
