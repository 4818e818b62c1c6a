// Small array factories for the compute tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/chunked_array.h"

namespace strata::compute::testing {

using columnar::Array;

template <typename T>
Array numbers(const std::vector<std::optional<T>>& values, columnar::DataTypePtr type = columnar::CTypeTraits<T>::type()) {
  columnar::NumericBuilder<T> b(type);
  for (const auto& v : values) b.append_option(v);
  return b.finish();
}
inline Array i64(const std::vector<std::optional<int64_t>>& v) { return numbers<int64_t>(v); }
inline Array f64(const std::vector<std::optional<double>>& v) { return numbers<double>(v); }
inline Array bools(const std::vector<std::optional<bool>>& values) {
  columnar::BooleanBuilder b;
  for (const auto& v : values) b.append_option(v);
  return b.finish();
}
inline Array strings(const std::vector<std::optional<std::string>>& values) {
  columnar::StringBuilder b;
  for (const auto& v : values) {
    if (v) {
      b.append(*v);
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

}  // namespace strata::compute::testing
