#include "strata/sql/value.h"

#include <charconv>

#include <fmt/format.h>

#include "strata/core/text_format.h"

namespace strata::sql {

using text::append_date;
using text::days_from_civil;
using text::format_double_js;

std::string_view dialect_name(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgresql";
}

std::string placeholder(Dialect dialect, int index) {
  return dialect == Dialect::kSqlite ? std::string("?") : fmt::format("${}", index);
}

std::string_view column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kUnknown: return "unknown";
    case ColumnType::kBool: return "bool";
    case ColumnType::kInt64: return "int64";
    case ColumnType::kDouble: return "double";
    case ColumnType::kText: return "text";
    case ColumnType::kBlob: return "blob";
    case ColumnType::kDate: return "date";
    case ColumnType::kTimestamp: return "timestamp";
    case ColumnType::kNumeric: return "numeric";
  }
  return "unknown";
}

namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool parse_digits(std::string_view text, size_t pos, size_t count, int64_t* out) {
  if (pos + count > text.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string format_date(Date date) {
  std::string out;
  append_date(out, date.days);
  return out;
}

void append_timestamp_text(std::string& out, Timestamp timestamp) {
  constexpr int64_t kMicrosPerDay = 86'400'000'000;
  const int64_t days = floor_div(timestamp.micros, kMicrosPerDay);
  const int64_t rest = timestamp.micros - days * kMicrosPerDay;  // [0, one day)
  append_date(out, days);
  int64_t micros = rest % 1'000'000;
  const int64_t seconds = rest / 1'000'000;
  // " HH:MM:SS.ffffff", digit by digit (fmt's format string cost more than the rest of a bound row).
  char t[16] = {' ', 0, 0, ':', 0, 0, ':', 0, 0, '.'};
  auto two = [&t](int at, int64_t v) {
    t[at] = static_cast<char>('0' + v / 10);
    t[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(1, seconds / 3600);
  two(4, seconds / 60 % 60);
  two(7, seconds % 60);
  for (int i = 15; i >= 10; --i) {
    t[i] = static_cast<char>('0' + micros % 10);
    micros /= 10;
  }
  out.append(t, sizeof t);
}

std::string format_timestamp(Timestamp timestamp) {
  std::string out;
  out.reserve(32);
  append_timestamp_text(out, timestamp);
  return out;
}

bool parse_date(std::string_view text, Date* out) {
  int64_t y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!parse_digits(text, 0, 4, &y) || !parse_digits(text, 5, 2, &m) || !parse_digits(text, 8, 2, &d)) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  out->days = static_cast<int32_t>(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
  return true;
}

bool parse_timestamp(std::string_view text, Timestamp* out) {
  Date date;
  if (text.size() < 10 || !parse_date(text.substr(0, 10), &date)) return false;
  int64_t micros = int64_t{date.days} * 86'400'000'000;
  if (text.size() > 10) {
    if ((text[10] != ' ' && text[10] != 'T') || text.size() < 16 || text[13] != ':') return false;
    int64_t h = 0, mi = 0, s = 0;
    if (!parse_digits(text, 11, 2, &h) || !parse_digits(text, 14, 2, &mi)) return false;
    size_t pos = 16;
    if (pos < text.size() && text[pos] == ':') {
      if (!parse_digits(text, pos + 1, 2, &s)) return false;
      pos += 3;
    }
    int64_t frac = 0;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 6) {
          frac = frac * 10 + (text[pos] - '0');
          ++digits;
        }
        ++pos;
      }
      if (digits == 0) return false;
      for (; digits < 6; ++digits) frac *= 10;
    }
    if (pos != text.size() || h > 23 || mi > 59 || s > 60) return false;
    micros += ((h * 60 + mi) * 60 + s) * 1'000'000 + frac;
  }
  out->micros = micros;
  return true;
}

std::string to_string(const Value& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "NULL"; }
    std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
    std::string operator()(int32_t v) const { return fmt::format("{}", v); }
    std::string operator()(int64_t v) const { return fmt::format("{}", v); }
    std::string operator()(double v) const { return format_double_js(v); }
    std::string operator()(const std::string& s) const { return fmt::format("'{}'", s); }
    std::string operator()(Date d) const { return "DATE '" + format_date(d) + "'"; }
    std::string operator()(Timestamp t) const { return "TIMESTAMP '" + format_timestamp(t) + "'"; }
    std::string operator()(const Blob& b) const { return fmt::format("BLOB({} bytes)", b.bytes.size()); }
    std::string operator()(const Numeric& n) const { return "NUMERIC '" + n.text + "'"; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace strata::sql
