// Rows in the JSON form of ../shared/seed/expected/ (what seed_queries.py writes with json.dumps): integers,
// floats as Python's repr, NUMERIC as float (Decimal -> float), strings JSON-escaped, booleans, null,
// timestamps as Python's datetime.isoformat() writes them ("YYYY-MM-DDTHH:MM:SS", and ".ffffff" — always six
// digits — when the microseconds are not zero), dates as "YYYY-MM-DD". Used by examples/seed_queries and the ORM
// tests that compare with it.
#pragma once

#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "strata/core/text_format.h"
#include "strata/orm/value.h"

namespace strata::tour {

// Python's repr of a float, as json.dumps writes it ("1.0", "0.1", "1e+22").
inline std::string python_float(double d) {
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

// Python's datetime.isoformat() of a timestamp in microseconds since the epoch: "2020-08-19T00:00:00" or
// "2020-08-19T00:00:00.500000" (never shortened, unlike text::append_timestamp's significant digits).
inline void append_python_isoformat(std::string& out, int64_t micros) {
  int64_t seconds = micros / 1000000;
  int64_t fraction = micros % 1000000;
  if (fraction < 0) {
    fraction += 1000000;
    --seconds;
  }
  text::append_timestamp(out, seconds, 1);
  if (fraction != 0) {
    char digits[7];
    for (int i = 5; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    out += '.';
    out.append(digits, 6);
  }
}

// One row: "[1, \"Engineering\", 115380.0, null]".
inline std::string seed_json_row(const std::vector<orm::Value>& row) {
  std::string out = "[";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += ", ";
    std::visit(
        [&](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::monostate>) {
            out += "null";
          } else if constexpr (std::is_same_v<X, bool>) {
            out += x ? "true" : "false";
          } else if constexpr (std::is_same_v<X, int32_t> || std::is_same_v<X, int64_t>) {
            out += std::to_string(x);
          } else if constexpr (std::is_same_v<X, double>) {
            out += python_float(x);
          } else if constexpr (std::is_same_v<X, std::string>) {
            text::append_json_string(out, x);
          } else if constexpr (std::is_same_v<X, sql::Numeric>) {
            out += python_float(std::strtod(x.text.c_str(), nullptr));
          } else if constexpr (std::is_same_v<X, orm::Date>) {
            out += '"';
            text::append_date(out, x.days);
            out += '"';
          } else if constexpr (std::is_same_v<X, orm::Timestamp>) {
            out += '"';
            append_python_isoformat(out, x.micros);
            out += '"';
          } else {
            out += "\"" + sql::to_string(orm::Value(x)) + "\"";
          }
        },
        row[i]);
  }
  return out + "]";
}

}  // namespace strata::tour
