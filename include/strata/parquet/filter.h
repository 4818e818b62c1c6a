// Row filters in pyarrow's form: predicates (column, op, value), a list of them is AND, a list of lists is
// OR (disjunctive normal form), as `pyarrow.parquet.read_table(filters=...)` takes them.
//
//   Filter f = parse_filter("is_fraud = true");
//   Filter g = parse_filter("amount > 100 and category in ('Dining', 'Travel') or customer_id is null");
//
// A Filter is applied in three stages by the reader: row groups whose statistics prove every predicate of
// every conjunction false are skipped; pages the same by the page index; then the filter columns are decoded
// first and only passing rows of the other columns are materialised. Pruning uses three answers (always false,
// always true, cannot tell); only "always false" skips anything, so the result always equals filtering the full
// table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "strata/columnar/table.h"

namespace strata::parquet {

// A literal: null, bool, integer, floating point or string (dates and timestamps are written as strings
// "2024-01-31" / "2024-01-31T10:00:00" and converted to the column's type).
using Literal = std::variant<std::monostate, bool, int64_t, double, std::string>;

enum class FilterOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn, kIsNull, kIsNotNull };

struct Predicate {
  std::string column;
  FilterOp op;
  std::vector<Literal> values;  // one for comparisons, any number for in / not in, none for is (not) null
};

using Conjunction = std::vector<Predicate>;
struct Filter {
  std::vector<Conjunction> disjuncts;  // OR of ANDs; empty = no filter
  bool empty() const { return disjuncts.empty(); }
  // Every column the filter reads, in first-use order.
  std::vector<std::string> columns() const;
  std::string to_string() const;
};

// Parse the text form: predicates `col OP value` with OP one of = == != <> < <= > >=, `col in (v, ...)`,
// `col not in (...)`, `col is null`, `col is not null`; joined by `and` / `or` (and binds tighter; no
// parentheses around groups). Values: numbers, true/false, null, 'single' or "double" quoted strings.
// Column names may be quoted with backticks. Throws InvalidArgument naming the position of a syntax error.
Filter parse_filter(std::string_view text);

// Keep the rows of an in-memory table that pass `filter` (for formats without pushdown, and for tests).
// Throws SchemaError for unknown columns, InvalidArgument for literals of the wrong kind.
columnar::Table apply_filter(const columnar::Table& table, const Filter& filter);

// Three-valued answer of pruning.
enum class Truth : uint8_t { kAlwaysFalse, kAlwaysTrue, kUnknown };

}  // namespace strata::parquet
