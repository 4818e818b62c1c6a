// Pruning with statistics (internal): evaluate a Filter against the min/max/null counts of a row group or a
// page, answering always false / always true / cannot tell (STYLE.md, after duckdb's FilterPropagateResult).
// Null rows never satisfy a predicate (as pyarrow's and SQL's filters drop them).
#pragma once

#include <functional>
#include <optional>

#include "strata/columnar/type.h"
#include "strata/parquet/filter.h"

namespace strata::parquet::internal {

// Statistics of one column over some rows, decoded to literals comparable with the filter's values.
struct StatsView {
  std::optional<Literal> min;  // absent: unknown (or every value null)
  std::optional<Literal> max;
  std::optional<int64_t> null_count;
  int64_t num_values = 0;      // rows covered
};

// The literal in the column's terms: dates and timestamps given as strings become their integer ticks,
// integers compared with floating columns become doubles. Throws InvalidArgument when the kinds cannot be
// compared (a string with a number column, ...), naming the column.
Literal coerce_literal(const Literal& value, const columnar::DataType& column_type, const std::string& column);
// Apply coerce_literal to every predicate. Throws SchemaError for a column not in `schema`.
Filter bind_filter(const Filter& filter, const columnar::Schema& schema);

// Compare two literals of comparable kinds: <0, 0, >0.
int compare_literals(const Literal& a, const Literal& b);

using StatsLookup = std::function<std::optional<StatsView>(const std::string& column)>;
// Evaluate a bound filter; a column without statistics makes its predicates unknown.
Truth evaluate(const Filter& filter, const StatsLookup& stats);

}  // namespace strata::parquet::internal
