#include "strata/compute/scalar.h"

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::compute {

double Scalar::to_double() const {
  return std::visit(
      [](const auto& v) -> double {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate> || std::is_same_v<V, std::string>) {
          raise<TypeError>("Scalar::to_double: not a number");
        } else {
          return static_cast<double>(v);
        }
      },
      value);
}

std::string Scalar::to_string() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "null";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, double>) {
          return text::format_double_js(v);
        } else {
          return fmt::format("{}", v);
        }
      },
      value);
}

bool Scalar::operator==(const Scalar& other) const {
  if ((type == nullptr) != (other.type == nullptr)) return false;
  if (type && !type->equals(*other.type)) return false;
  return value == other.value;
}

Scalar make_scalar(int64_t v) { return {columnar::int64(), v}; }
Scalar make_scalar(double v) { return {columnar::float64(), v}; }
Scalar make_scalar(bool v) { return {columnar::boolean(), v}; }
Scalar make_scalar(std::string v) { return {columnar::utf8(), std::move(v)}; }
Scalar make_scalar(const char* v) { return {columnar::utf8(), std::string(v)}; }

}  // namespace strata::compute
