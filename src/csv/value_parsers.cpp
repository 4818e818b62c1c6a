#include "value_parsers.h"

#include "strata/core/text_format.h"

namespace strata::csv::internal {
namespace {

bool digits(const char* p, int n, int* out) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  *out = v;
  return true;
}

constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

bool parse_ymd(const char* p, int64_t* days) {
  int y, m, d;
  if (p[4] != '-' || p[7] != '-' || !digits(p, 4, &y) || !digits(p + 5, 2, &m) || !digits(p + 8, 2, &d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > kDaysInMonth[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  *days = text::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

bool parse_date(std::string_view s, int32_t* days) {
  if (s.size() != 10) return false;
  int64_t d;
  if (!parse_ymd(s.data(), &d)) return false;
  *days = static_cast<int32_t>(d);
  return true;
}

bool parse_timestamp(std::string_view s, ParsedTimestamp* out) {
  if (s.size() < 10) return false;
  int64_t days;
  if (!parse_ymd(s.data(), &days)) return false;
  // Timestamps are held in nanoseconds: years past 2262 (or before 1677) do not fit, so they are not timestamps.
  int64_t nanos;
  if (__builtin_mul_overflow(days, int64_t{86400} * 1000000000, &nanos)) return false;
  out->fraction_digits = 0;
  out->has_zone = false;
  size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    int hh, mm, ss = 0;
    if (s.size() < i + 6 || !digits(s.data() + i + 1, 2, &hh) || s[i + 3] != ':' ||
        !digits(s.data() + i + 4, 2, &mm)) {
      return false;
    }
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (s.size() < i + 3 || !digits(s.data() + i + 1, 2, &ss)) return false;
      i += 3;
    }
    if (hh > 23 || mm > 59 || ss > 60) return false;
    if (__builtin_add_overflow(nanos, (int64_t{hh} * 3600 + mm * 60 + ss) * 1000000000, &nanos)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      int64_t fraction = 0;
      int n = 0;
      int significant = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n == 9) return false;
        fraction = fraction * 10 + (s[i] - '0');
        ++n;
        if (s[i] != '0') significant = n;
        ++i;
      }
      if (n == 0) return false;
      for (int k = n; k < 9; ++k) fraction *= 10;
      if (__builtin_add_overflow(nanos, fraction, &nanos)) return false;
      out->fraction_digits = significant;
    }
  }
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      out->has_zone = true;
    } else if (s[i] == '+' || s[i] == '-') {
      const int sign = s[i] == '-' ? -1 : 1;
      int oh, om = 0;
      std::string_view zone = s.substr(i + 1);
      if (zone.size() == 2 && digits(zone.data(), 2, &oh)) {
      } else if (zone.size() == 5 && zone[2] == ':' && digits(zone.data(), 2, &oh) && digits(zone.data() + 3, 2, &om)) {
      } else if (zone.size() == 4 && digits(zone.data(), 2, &oh) && digits(zone.data() + 2, 2, &om)) {
      } else {
        return false;
      }
      if (__builtin_sub_overflow(nanos, sign * (int64_t{oh} * 3600 + om * 60) * 1000000000, &nanos)) return false;
      out->has_zone = true;
    } else {
      return false;
    }
  }
  out->nanos = nanos;
  return true;
}

}  // namespace strata::csv::internal
