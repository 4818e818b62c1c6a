// Parsers of single CSV values (internal): integers, floats, booleans, dates and ISO-8601 timestamps.
// Each returns false when the text is not of that kind; none allocates or throws.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

namespace strata::csv::internal {

inline bool parse_int64(std::string_view s, int64_t* out) {
  const char* p = s.data();
  const char* end = p + s.size();
  if (p == end) return false;
  bool negative = false;
  if (*p == '-' || *p == '+') {
    negative = *p == '-';
    if (++p == end) return false;
  }
  const int64_t digits = end - p;
  uint64_t v = 0;
  if (digits <= 18) {
    for (; p < end; ++p) {
      const unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d > 9) return false;
      v = v * 10 + d;
    }
  } else {
    for (; p < end; ++p) {
      const unsigned d = static_cast<unsigned char>(*p) - '0';
      if (d > 9) return false;
      if (__builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, d, &v)) return false;
    }
    if (v > (negative ? uint64_t{1} << 63 : uint64_t{INT64_MAX})) return false;
  }
  *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

inline bool parse_uint64(std::string_view s, uint64_t* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

inline bool parse_double(std::string_view s, double* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ptr != s.data() + s.size()) return false;
  // Out of range: from_chars leaves *out alone; follow strtod (±HUGE_VAL or 0).
  return ec == std::errc() || ec == std::errc::result_out_of_range;
}

inline bool parse_float(std::string_view s, float* out) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ptr == s.data() + s.size() && (ec == std::errc() || ec == std::errc::result_out_of_range);
}

// A parsed timestamp: nanoseconds since the epoch in UTC (or naive), the number of significant fraction
// digits, and whether a zone (Z or ±HH:MM) was given.
struct ParsedTimestamp {
  int64_t nanos;
  int fraction_digits;
  bool has_zone;
};

// "YYYY-MM-DD". Days since 1970-01-01.
bool parse_date(std::string_view s, int32_t* days);
// "YYYY-MM-DD[(T| )HH:MM[:SS[.f{1,9}]]][Z|±HH[:MM]]".
bool parse_timestamp(std::string_view s, ParsedTimestamp* out);

}  // namespace strata::csv::internal
