// Values crossing the driver boundary: the SQL dialect, parameters bound to statements and cells read back.
// Plain values; safe to share between threads.
//
//   Value v = int64_t{42};            // binds as BIGINT / int8
//   Value s = std::string("O'Brien"); // binds as TEXT, never spliced into SQL text
//   Value n;                          // std::monostate: SQL NULL
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace strata::sql {

// The SQL dialect a connection speaks; decides the placeholder style (`?` for SQLite, `$1` for PostgreSQL).
enum class Dialect { kSqlite, kPostgresql };

std::string_view dialect_name(Dialect dialect);
// The placeholder of the `index`-th parameter (1-based): "?" or "$<index>".
std::string placeholder(Dialect dialect, int index);

// A calendar date: days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int32_t days = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// A timestamp without time zone: microseconds since 1970-01-01T00:00:00 (naive, read as UTC).
struct Timestamp {
  int64_t micros = 0;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// Bytes (SQLite BLOB, PostgreSQL bytea).
struct Blob {
  std::vector<std::byte> bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// An exact decimal in its text form ("1234.50"): PostgreSQL NUMERIC, carried without rounding.
struct Numeric {
  std::string text;
  friend bool operator==(const Numeric&, const Numeric&) = default;
};

// A parameter or a cell. The alternative says how a driver binds it: bool -> boolean, int32 -> int4,
// int64 -> int8, double -> float8, string -> text, Date -> date, Timestamp -> timestamp, Blob -> bytea,
// Numeric -> numeric. std::monostate is SQL NULL.
using Value = std::variant<std::monostate, bool, int32_t, int64_t, double, std::string, Date, Timestamp, Blob, Numeric>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// The logical type of a result column, from its declared type (SQLite) or its type OID (PostgreSQL).
enum class ColumnType { kUnknown, kBool, kInt64, kDouble, kText, kBlob, kDate, kTimestamp, kNumeric };

std::string_view column_type_name(ColumnType type);

// Debug form of a value: NULL, 42, 'text', DATE '2024-01-31', TIMESTAMP '2024-01-31 12:00:00.000000'.
std::string to_string(const Value& value);

// Text forms shared by the drivers (SQLite stores dates and timestamps as text, as SQLAlchemy does).
std::string format_date(Date date);                 // "2024-01-31"
std::string format_timestamp(Timestamp timestamp);  // "2024-01-31 12:00:00.000000"
void append_timestamp_text(std::string& out, Timestamp timestamp);  // format_timestamp's text, appended
// Parse "YYYY-MM-DD"; false when `text` is not a date.
bool parse_date(std::string_view text, Date* out);
// Parse "YYYY-MM-DD[ T]HH:MM[:SS[.ffffff]]" (or a bare date, read as midnight); false when not a timestamp.
bool parse_timestamp(std::string_view text, Timestamp* out);

}  // namespace strata::sql
