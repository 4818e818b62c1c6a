// Group ids come from the hash encoder (hash_encoder.h): one key column's codes are already dense group
// ids in order of first appearance; several keys are folded pairwise, (group so far, next key's code) ->
// new id, through a second memo on the packed pair. Aggregates then run one typed loop per column.
#include "strata/compute/group_by.h"

#include <cmath>
#include <limits>

#include "compute/hash_encoder.h"
#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"
#include "strata/compute/selection.h"

namespace strata::compute {

using columnar::Array;
using columnar::DataTypePtr;
using columnar::TypeId;

namespace {

const char* function_name(AggregateFunction f) {
  switch (f) {
    case AggregateFunction::kSum: return "sum";
    case AggregateFunction::kCount: return "count";
    case AggregateFunction::kMean: return "mean";
    case AggregateFunction::kMin: return "min";
    case AggregateFunction::kMax: return "max";
  }
  return "?";
}

Array aggregate_column(const Array& values, const std::vector<int32_t>& groups, int32_t num_groups,
                       AggregateFunction f) {
  const int64_t n = values.length();
  const size_t g = static_cast<size_t>(num_groups);
  std::vector<int64_t> counts(g, 0);
  const uint8_t* bits = values.null_bitmap_data();
  const int64_t off = values.offset();
  for (int64_t i = 0; i < n; ++i) {
    counts[static_cast<size_t>(groups[static_cast<size_t>(i)])] += bits == nullptr || bit_util::get_bit(bits, off + i);
  }
  if (f == AggregateFunction::kCount) {
    columnar::Int64Builder b;
    b.append_values(std::span<const int64_t>(counts));
    return b.finish();
  }
  const std::string kernel = fmt::format("group_by {}", function_name(f));
  return internal::visit_numeric(*values.type(), kernel.c_str(), [&](auto tag) -> Array {
    using T = typename decltype(tag)::type;
    const T* v = values.values<T>().data();
    auto valid = [&](int64_t i) { return bits == nullptr || bit_util::get_bit(bits, off + i); };
    if (f == AggregateFunction::kSum || f == AggregateFunction::kMean) {
      if (values.type()->is_temporal()) internal::throw_unsupported(kernel.c_str(), *values.type());
      using Acc = std::conditional_t<std::is_floating_point_v<T>, double,
                                     std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>;
      std::vector<Acc> acc(g, Acc{0});
      for (int64_t i = 0; i < n; ++i) {
        if (valid(i)) acc[static_cast<size_t>(groups[static_cast<size_t>(i)])] += static_cast<Acc>(v[i]);
      }
      if (f == AggregateFunction::kMean) {
        columnar::DoubleBuilder b;
        for (size_t k = 0; k < g; ++k) {
          if (counts[k] == 0) {
            b.append_null();
          } else {
            b.append(static_cast<double>(acc[k]) / static_cast<double>(counts[k]));
          }
        }
        return b.finish();
      }
      columnar::NumericBuilder<Acc> b;
      for (size_t k = 0; k < g; ++k) {
        if (counts[k] == 0) {
          b.append_null();
        } else {
          b.append(acc[k]);
        }
      }
      return b.finish();
    }
    // min / max, ignoring NaN (a group of only NaN gives NaN).
    const bool is_min = f == AggregateFunction::kMin;
    std::vector<T> best(g, T{});
    std::vector<uint8_t> seen(g, 0);
    for (int64_t i = 0; i < n; ++i) {
      if (!valid(i)) continue;
      const size_t k = static_cast<size_t>(groups[static_cast<size_t>(i)]);
      const T x = v[i];
      if (!seen[k]) {
        best[k] = x;
        seen[k] = 1;
      } else if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(best[k]) || (is_min ? x < best[k] : x > best[k])) best[k] = x;
      } else {
        if (is_min ? x < best[k] : x > best[k]) best[k] = x;
      }
    }
    columnar::NumericBuilder<T> b(values.type());
    for (size_t k = 0; k < g; ++k) {
      if (!seen[k]) {
        b.append_null();
      } else {
        b.append(best[k]);
      }
    }
    return b.finish();
  });
}

}  // namespace

columnar::Table group_by(const columnar::Table& table, const std::vector<std::string>& keys,
                         const std::vector<Aggregation>& aggregations) {
  if (keys.empty()) raise("group_by: no key columns");
  const int64_t n = table.num_rows();
  std::vector<Array> key_arrays;
  for (const auto& k : keys) key_arrays.push_back(table.column(k).combine());
  std::vector<int32_t> groups;
  int32_t num_groups = 0;
  for (size_t key_idx = 0; key_idx < key_arrays.size(); ++key_idx) {
    internal::Encoded enc = internal::encode(key_arrays[key_idx], true, "group_by (key)");
    if (key_idx == 0) {
      groups = std::move(enc.codes);
      num_groups = static_cast<int32_t>(enc.distinct.length());
      continue;
    }
    internal::ScalarMemo<uint64_t> memo;
    for (int64_t i = 0; i < n; ++i) {
      const size_t r = static_cast<size_t>(i);
      const uint64_t pair = (static_cast<uint64_t>(static_cast<uint32_t>(groups[r])) << 32) |
                            static_cast<uint32_t>(enc.codes[r]);
      groups[r] = memo.get_or_insert(pair);
    }
    num_groups = memo.size();
  }
  // The first row of each group supplies its key values.
  std::vector<int64_t> first(static_cast<size_t>(num_groups), -1);
  for (int64_t i = n - 1; i >= 0; --i) first[static_cast<size_t>(groups[static_cast<size_t>(i)])] = i;
  columnar::Int64Builder fb;
  fb.append_values(std::span<const int64_t>(first));
  const Array first_rows = fb.finish();

  std::vector<std::string> names;
  std::vector<Array> columns;
  for (size_t k = 0; k < keys.size(); ++k) {
    names.push_back(keys[k]);
    columns.push_back(take(key_arrays[k], first_rows));
  }
  for (const auto& agg : aggregations) {
    const Array values = table.column(agg.column).combine();
    names.push_back(agg.name.empty() ? fmt::format("{}_{}", agg.column, function_name(agg.function)) : agg.name);
    columns.push_back(aggregate_column(values, groups, num_groups, agg.function));
  }
  return columnar::Table::from_arrays(names, columns);
}

}  // namespace strata::compute
