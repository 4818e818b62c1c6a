// Text forms of numbers, dates and times shared by printing, CSV and the canonical dump
// (../shared/interop/CANONICAL.md): shortest round-trip floats laid out as ECMAScript's Number#toString,
// ISO-8601 dates and timestamps in UTC with trailing zeros of the fraction trimmed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::text {

// Shortest decimal that round-trips, laid out as JavaScript prints numbers: "0.1", "1e+21", "1.5e-7",
// "-0", "NaN", "Infinity", "-Infinity".
std::string format_double_js(double value);
// The same for a float32 value: the shortest decimal that round-trips as float32.
std::string format_float_js(float value);
// Append variants for hot loops.
void append_double_js(std::string& out, double value);
void append_float_js(std::string& out, float value);

// Days since 1970-01-01 to a civil date and back (proleptic Gregorian).
struct CivilDate {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
CivilDate civil_from_days(int64_t days);
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);

// "YYYY-MM-DD" (years outside 0..9999 get a sign and as many digits as needed).
void append_date(std::string& out, int64_t days);
// "YYYY-MM-DDTHH:MM:SS[.fraction]" for `value` ticks since the epoch, with `ticks_per_second` of 1, 1e3,
// 1e6 or 1e9; the fraction keeps only significant digits. `separator` is 'T' or ' '.
void append_timestamp(std::string& out, int64_t value, int64_t ticks_per_second, char separator = 'T');
// "HH:MM:SS[.fraction]" for a time of day in ticks.
void append_time_of_day(std::string& out, int64_t value, int64_t ticks_per_second);

// A JSON string literal with JSON.stringify's escaping.
void append_json_string(std::string& out, std::string_view s);

}  // namespace strata::text
