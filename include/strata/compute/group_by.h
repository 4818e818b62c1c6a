// Hash group-by: rows with equal key values (one or several key columns of integers, floats, bool,
// strings, dictionaries or temporal types; null is a key value of its own) form a group; each aggregation
// reduces one column per group. Groups appear in order of first appearance. Stateless; thread-safe.
//
//   group_by(sales, {"region"}, {{"amount", AggregateFunction::kSum}, {"amount", AggregateFunction::kCount}})
//   -> table  region | amount_sum | amount_count
#pragma once

#include <string>
#include <vector>

#include "strata/columnar/table.h"

namespace strata::compute {

enum class AggregateFunction { kSum, kCount, kMean, kMin, kMax };

struct Aggregation {
  std::string column;
  AggregateFunction function;
  std::string name;  // output column; empty means "<column>_<function>" (pyarrow's naming)
};

// Key columns first (named as in the input), then one column per aggregation. Nulls are skipped by every
// aggregate; sum/mean/min/max of a group with no valid value is null; count counts valid values.
// Result types: sum of signed integers int64, of unsigned uint64, of floats float64; mean float64;
// count int64; min/max the input type (numbers and temporal types).
columnar::Table group_by(const columnar::Table& table, const std::vector<std::string>& keys,
                         const std::vector<Aggregation>& aggregations);

}  // namespace strata::compute
