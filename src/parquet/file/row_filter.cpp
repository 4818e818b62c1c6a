#include "row_filter.h"

#include "pushdown.h"
#include "strata/columnar/concatenate.h"
#include "strata/compute/aggregate.h"
#include "strata/compute/selection.h"
#include "strata/core/bit_util.h"
#include "strata/core/error.h"

namespace strata::parquet::internal {

using columnar::Array;
using columnar::TypeId;

namespace {

bool matches(FilterOp op, int c) {
  switch (op) {
    case FilterOp::kEq: return c == 0;
    case FilterOp::kNe: return c != 0;
    case FilterOp::kLt: return c < 0;
    case FilterOp::kLe: return c <= 0;
    case FilterOp::kGt: return c > 0;
    case FilterOp::kGe: return c >= 0;
    default: return false;
  }
}

bool passes(const Predicate& p, const Literal& value) {
  switch (p.op) {
    case FilterOp::kIn:
      for (const auto& v : p.values) {
        if (!std::holds_alternative<std::monostate>(v) && compare_literals(value, v) == 0) return true;
      }
      return false;
    case FilterOp::kNotIn:
      for (const auto& v : p.values) {
        if (std::holds_alternative<std::monostate>(v)) return false;  // x not in (..., null) is never true
        if (compare_literals(value, v) == 0) return false;
      }
      return true;
    default:
      if (std::holds_alternative<std::monostate>(p.values[0])) return false;
      return matches(p.op, compare_literals(value, p.values[0]));
  }
}

// Element i of a column as a literal comparable with the bound filter's values.
Literal literal_at(const Array& a, int64_t i) {
  const uint8_t* v = a.data()->buffers.size() > 1 && a.data()->buffers[1] ? a.data()->buffers[1]->data() : nullptr;
  const int64_t k = a.offset() + i;
  auto load = [&](auto tag) {
    using T = decltype(tag);
    T x;
    std::memcpy(&x, v + k * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return x;
  };
  switch (a.type_id()) {
    case TypeId::kBool: return bit_util::get_bit(v, k);
    case TypeId::kInt8: return int64_t{load(int8_t{})};
    case TypeId::kInt16: return int64_t{load(int16_t{})};
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kTime32: return int64_t{load(int32_t{})};
    case TypeId::kUInt8: return int64_t{load(uint8_t{})};
    case TypeId::kUInt16: return int64_t{load(uint16_t{})};
    case TypeId::kUInt32: return int64_t{load(uint32_t{})};
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTime64:
    case TypeId::kDate64:
    case TypeId::kDuration: return load(int64_t{});
    case TypeId::kUInt64: {
      const uint64_t x = load(uint64_t{});
      if (x > static_cast<uint64_t>(INT64_MAX)) return static_cast<double>(x);
      return static_cast<int64_t>(x);
    }
    case TypeId::kFloat32: return double{load(float{})};
    case TypeId::kFloat64: return load(double{});
    case TypeId::kString:
    case TypeId::kBinary: return std::string(columnar::StringArray(a).value(i));
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return std::string(columnar::LargeStringArray(a).value(i));
    case TypeId::kFixedSizeBinary: return std::string(columnar::FixedSizeBinaryArray(a).value(i));
    default: raise<NotImplemented>("filtering on a column of type {}", a.type()->to_string());
  }
}

// AND the rows passing `p` into `mask`.
void apply(const Predicate& p, const Array& a, std::vector<uint8_t>& mask) {
  const int64_t n = a.length();
  if (p.op == FilterOp::kIsNull || p.op == FilterOp::kIsNotNull) {
    const bool want_null = p.op == FilterOp::kIsNull;
    for (int64_t i = 0; i < n; ++i) mask[static_cast<size_t>(i)] &= a.is_null(i) == want_null;
    return;
  }
  if (a.type_id() == TypeId::kDictionary) {
    // Decide once per dictionary value, then look the answers up by index.
    columnar::DictionaryArray d(a);
    const Array dict = d.dictionary();
    std::vector<uint8_t> verdict(static_cast<size_t>(dict.length()));
    for (int64_t j = 0; j < dict.length(); ++j) verdict[static_cast<size_t>(j)] = dict.is_valid(j) && passes(p, literal_at(dict, j));
    for (int64_t i = 0; i < n; ++i) {
      if (!mask[static_cast<size_t>(i)]) continue;
      mask[static_cast<size_t>(i)] = a.is_valid(i) && verdict[static_cast<size_t>(d.index(i))];
    }
    return;
  }
  // Fast paths for the common shapes: bool == literal, numbers against one number.
  if (a.type_id() == TypeId::kBool && (p.op == FilterOp::kEq || p.op == FilterOp::kNe) &&
      std::holds_alternative<bool>(p.values[0])) {
    const bool want = std::get<bool>(p.values[0]) == (p.op == FilterOp::kEq);
    const uint8_t* bits = a.data()->buffers[1]->data();
    const int64_t offset = a.offset();
    if (a.null_count() == 0) {
      const uint8_t flip = want ? 0 : 1;
      for (int64_t i = 0; i < n; ++i) {
        mask[static_cast<size_t>(i)] &= static_cast<uint8_t>(((bits[(offset + i) >> 3] >> ((offset + i) & 7)) & 1) ^ flip);
      }
      return;
    }
    for (int64_t i = 0; i < n; ++i) {
      mask[static_cast<size_t>(i)] &= (bit_util::get_bit(bits, offset + i) == want) & a.is_valid(i);
    }
    return;
  }
  if (a.type_id() == TypeId::kFloat64 && p.op != FilterOp::kIn && p.op != FilterOp::kNotIn &&
      std::holds_alternative<double>(p.values[0])) {
    const double x = std::get<double>(p.values[0]);
    const double* v = a.values<double>().data();
    for (int64_t i = 0; i < n; ++i) {
      const double y = v[i];
      const bool ok = p.op == FilterOp::kEq ? y == x : p.op == FilterOp::kNe ? y != x : p.op == FilterOp::kLt ? y < x
                      : p.op == FilterOp::kLe ? y <= x : p.op == FilterOp::kGt ? y > x : y >= x;
      mask[static_cast<size_t>(i)] &= ok & a.is_valid(i);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!mask[static_cast<size_t>(i)]) continue;
    mask[static_cast<size_t>(i)] = a.is_valid(i) && passes(p, literal_at(a, i));
  }
}

}  // namespace

std::vector<uint8_t> evaluate_rows(const Filter& filter, const std::map<std::string, Array>& columns, int64_t rows) {
  if (filter.disjuncts.size() == 1) {
    std::vector<uint8_t> only(static_cast<size_t>(rows), 1);
    for (const auto& p : filter.disjuncts[0]) apply(p, columns.at(p.column), only);
    return only;
  }
  std::vector<uint8_t> result(static_cast<size_t>(rows), filter.empty() ? 1 : 0);
  std::vector<uint8_t> mask(static_cast<size_t>(rows));
  for (const auto& conjunction : filter.disjuncts) {
    std::fill(mask.begin(), mask.end(), 1);
    for (const auto& p : conjunction) apply(p, columns.at(p.column), mask);
    for (size_t i = 0; i < mask.size(); ++i) result[i] |= mask[i];
  }
  return result;
}

}  // namespace strata::parquet::internal

namespace strata::parquet {

columnar::Table apply_filter(const columnar::Table& table, const Filter& filter) {
  if (filter.empty()) return table;
  const Filter bound = internal::bind_filter(filter, *table.schema());
  // Batch by batch: evaluate the row mask, then gather the passing rows of every column (one output chunk per
  // input chunk, as pyarrow's Table.filter).
  std::vector<columnar::RecordBatch> kept;
  for (const auto& batch : table.to_batches()) {
    std::map<std::string, columnar::Array> columns;
    for (const auto& name : bound.columns()) columns[name] = batch.column(name);
    const auto mask = internal::evaluate_rows(bound, columns, batch.num_rows());
    auto bits = columnar::Buffer::allocate(bit_util::bytes_for_bits(batch.num_rows()));
    std::memset(bits->mutable_data(), 0, static_cast<size_t>(bits->size()));
    for (int64_t i = 0; i < batch.num_rows(); ++i) {
      if (mask[static_cast<size_t>(i)]) bit_util::set_bit(bits->mutable_data(), i);
    }
    const columnar::Array mask_array(
        columnar::ArrayData::make(columnar::boolean(), batch.num_rows(), {nullptr, std::move(bits)}, 0));
    std::vector<columnar::Array> filtered;
    filtered.reserve(static_cast<size_t>(batch.num_columns()));
    for (const auto& column : batch.columns()) {
      if (!column.type()->is_nested()) {
        filtered.push_back(compute::filter(column, mask_array));
        continue;
      }
      // Nested columns (the gather kernels are flat): the runs of passing rows, concatenated.
      std::vector<columnar::Array> runs;
      int64_t start = -1;
      for (int64_t i = 0; i <= batch.num_rows(); ++i) {
        const bool pass = i < batch.num_rows() && mask[static_cast<size_t>(i)];
        if (pass && start < 0) start = i;
        if (!pass && start >= 0) {
          runs.push_back(column.slice(start, i - start));
          start = -1;
        }
      }
      filtered.push_back(runs.empty() ? column.slice(0, 0) : columnar::concatenate(runs, column.type()));
    }
    const int64_t rows = filtered.empty() ? compute::count_true(mask_array) : filtered.front().length();
    kept.emplace_back(batch.schema(), std::move(filtered), rows);
  }
  return columnar::Table::from_batches(kept, table.schema());
}

}  // namespace strata::parquet
