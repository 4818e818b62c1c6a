#include "strata/core/text_format.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace strata::text {
namespace {

// Lay out digits `d` (no sign, no point) with decimal exponent `e` (value = 0.d * 10^e, i.e. the point
// sits after e digits) as ECMAScript Number::toString does (ECMA-262, Number::toString, steps 6-12).
void append_js_layout(std::string& out, bool negative, std::string_view digits, int point) {
  if (negative) out += '-';
  const int k = static_cast<int>(digits.size());
  const int n = point;
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<size_t>(n));
    out += '.';
    out += digits.substr(static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    const int exponent = n - 1;
    out += exponent < 0 ? '-' : '+';
    out += std::to_string(exponent < 0 ? -exponent : exponent);
  }
}

template <typename F>
void append_shortest(std::string& out, F value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-Infinity" : "Infinity";
    return;
  }
  if (value == 0) {
    out += std::signbit(value) ? "-0" : "0";
    return;
  }
  // Shortest round-trip digits in scientific form: d[.ddd]e[+-]xx.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  bool negative = false;
  if (sci.front() == '-') {
    negative = true;
    sci.remove_prefix(1);
  }
  const size_t e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  int exponent = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
  char digits[64];
  size_t count = 0;
  for (char c : mantissa) {
    if (c != '.') digits[count++] = c;
  }
  while (count > 1 && digits[count - 1] == '0') --count;
  append_js_layout(out, negative, std::string_view(digits, count), exponent + 1);
}

void append_2(std::string& out, unsigned v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

int digits_of(int64_t ticks_per_second) {
  int d = 0;
  while (ticks_per_second > 1) {
    ticks_per_second /= 10;
    ++d;
  }
  return d;
}

void append_fraction(std::string& out, int64_t fraction, int64_t ticks_per_second) {
  if (fraction == 0) return;
  int width = digits_of(ticks_per_second);
  char buf[16];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  while (width > 0 && buf[width - 1] == '0') --width;
  out += '.';
  out.append(buf, static_cast<size_t>(width));
}

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

std::string format_double_js(double value) {
  std::string out;
  append_shortest(out, value);
  return out;
}

std::string format_float_js(float value) {
  std::string out;
  append_shortest(out, value);
  return out;
}

void append_double_js(std::string& out, double value) { append_shortest(out, value); }
void append_float_js(std::string& out, float value) { append_shortest(out, value); }

// Howard Hinnant's civil calendar algorithms (public domain, "chrono-Compatible Low-Level Date Algorithms").
CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void append_date(std::string& out, int64_t days) {
  const CivilDate c = civil_from_days(days);
  if (c.year >= 0 && c.year <= 9999) {
    char buf[8];
    int64_t y = c.year;
    for (int i = 3; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + y % 10);
      y /= 10;
    }
    out.append(buf, 4);
  } else {
    // ISO 8601 expanded years as the canonical dump writes them (../shared/interop/lib/canon.mjs): a sign and
    // at least four digits, "+52951-07-27", "-0001-12-31".
    char buf[32];
    const long long year = c.year;
    int n = std::snprintf(buf, sizeof buf, "%c%04lld", year < 0 ? '-' : '+', year < 0 ? -year : year);
    out.append(buf, static_cast<size_t>(n));
  }
  out += '-';
  append_2(out, c.month);
  out += '-';
  append_2(out, c.day);
}

void append_timestamp(std::string& out, int64_t value, int64_t ticks_per_second, char separator) {
  // Quotient and remainder, never multiplied back (value near INT64_MIN would overflow; found by fuzzing).
  const int64_t ticks_per_day = ticks_per_second * 86400;
  int64_t days = value / ticks_per_day;
  int64_t within_day = value % ticks_per_day;
  if (within_day < 0) {
    within_day += ticks_per_day;
    --days;
  }
  append_date(out, days);
  out += separator;
  append_time_of_day(out, within_day, ticks_per_second);
}

void append_time_of_day(std::string& out, int64_t value, int64_t ticks_per_second) {
  const int64_t seconds = floor_div(value, ticks_per_second);
  // The remainder, not value - seconds * ticks_per_second (overflows near INT64_MIN; found by fuzzing).
  int64_t fraction = value % ticks_per_second;
  if (fraction < 0) fraction += ticks_per_second;
  append_2(out, static_cast<unsigned>(seconds / 3600 % 100));
  out += ':';
  append_2(out, static_cast<unsigned>(seconds / 60 % 60));
  out += ':';
  append_2(out, static_cast<unsigned>(seconds % 60));
  append_fraction(out, fraction, ticks_per_second);
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace strata::text
