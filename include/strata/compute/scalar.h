// Scalar: one possibly-null value with its type, as aggregate kernels return and comparison/arithmetic
// kernels take. Integers are held widened (int64 / uint64), floats as double, strings as std::string.
// Plain value type; thread-safe as any value.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "strata/columnar/type.h"

namespace strata::compute {

struct Scalar {
  columnar::DataTypePtr type;
  std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string> value;

  bool is_null() const { return std::holds_alternative<std::monostate>(value); }
  bool is_valid() const { return !is_null(); }
  template <typename T>
  const T& as() const {
    return std::get<T>(value);
  }
  // The value as double (bool, integers, floats). REQUIRES: is_valid() and numeric.
  double to_double() const;
  std::string to_string() const;  // "null", "42", "1.5", "abc"
  bool operator==(const Scalar& other) const;

  static Scalar null(columnar::DataTypePtr type) { return {std::move(type), std::monostate{}}; }
};

Scalar make_scalar(int64_t v);             // int64
Scalar make_scalar(double v);              // float64
Scalar make_scalar(bool v);                // bool
Scalar make_scalar(std::string v);         // utf8
Scalar make_scalar(const char* v);         // utf8

}  // namespace strata::compute
