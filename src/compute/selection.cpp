// filter, take, sort_indices, unique, value_counts. Filter turns the mask into row numbers a word at a
// time (count trailing zeros over mask & validity) and then gathers like take, so every type shares one
// gather per layout.
#include "strata/compute/selection.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "compute/hash_encoder.h"
#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"
#include "strata/compute/aggregate.h"

namespace strata::compute {

using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TypeId;

namespace {

template <int kWidth>
void gather_fixed(const uint8_t* src, const int64_t* rows, int64_t n, uint8_t* dst) {
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * kWidth, src + rows[i] * kWidth, kWidth);
}

template <typename Offset>
Array gather_binary(const Array& values, const int64_t* rows, int64_t n, BufferPtr validity, int64_t nulls) {
  columnar::BaseBinaryArray<Offset> s(values);
  const Offset* offsets = s.raw_offsets();
  const uint8_t* vbits = validity ? validity->data() : nullptr;
  auto out_offsets = Buffer::allocate((n + 1) * static_cast<int64_t>(sizeof(Offset)));
  Offset* oo = out_offsets->mutable_data_as<Offset>();
  int64_t total = 0;
  oo[0] = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (vbits == nullptr || bit_util::get_bit(vbits, i)) total += offsets[rows[i] + 1] - offsets[rows[i]];
    if constexpr (sizeof(Offset) == 4) {
      if (total > INT32_MAX) raise("take: result exceeds 2 GiB of string data; use large_string");
    }
    oo[i + 1] = static_cast<Offset>(total);
  }
  auto data = Buffer::allocate(total);
  const uint8_t* src = s.raw_data();
  uint8_t* dst = data->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const int64_t len = oo[i + 1] - oo[i];
    if (len > 0) std::memcpy(dst + oo[i], src + offsets[rows[i]], static_cast<size_t>(len));
  }
  return Array(ArrayData::make(values.type(), n, {std::move(validity), out_offsets, data}, nulls));
}

// values[rows[i]]; a row is null when `row_valid` (may be null) says so or the value is null.
// REQUIRES: every row of a valid slot is in range.
Array gather(const Array& values, const int64_t* rows, int64_t n, const uint8_t* row_valid) {
  const auto& type = values.type();
  if (type->id() == TypeId::kNull) return columnar::make_null_array(type, n);
  // Output validity.
  BufferPtr validity;
  const uint8_t* src_valid = values.null_bitmap_data();
  if (src_valid != nullptr || row_valid != nullptr) {
    validity = Buffer::allocate_zeroed(bit_util::bytes_for_bits(n));
    uint8_t* vb = validity->mutable_data();
    const int64_t off = values.offset();
    for (int64_t i = 0; i < n; ++i) {
      const bool ok = (row_valid == nullptr || bit_util::get_bit(row_valid, i)) &&
                      (src_valid == nullptr || bit_util::get_bit(src_valid, off + rows[i]));
      vb[i >> 3] |= static_cast<uint8_t>(ok << (i & 7));
    }
  }
  int64_t nulls = internal::null_count_of(validity, n);
  if (nulls == 0) validity.reset();
  // Rows under a null index may be garbage: point them at row 0 for the value gather.
  std::vector<int64_t> safe;
  if (row_valid != nullptr) {
    safe.assign(rows, rows + n);
    for (int64_t i = 0; i < n; ++i) {
      if (!bit_util::get_bit(row_valid, i)) safe[static_cast<size_t>(i)] = 0;
    }
    rows = safe.data();
  }
  switch (type->id()) {
    case TypeId::kBool: {
      const uint8_t* bits = values.data()->buffers[1]->data();
      const int64_t off = values.offset();
      auto out = Buffer::allocate_zeroed(bit_util::bytes_for_bits(n));
      uint8_t* ob = out->mutable_data();
      for (int64_t i = 0; i < n; ++i) ob[i >> 3] |= static_cast<uint8_t>(bit_util::get_bit(bits, off + rows[i]) << (i & 7));
      return Array(ArrayData::make(type, n, {validity, out}, nulls));
    }
    case TypeId::kString:
    case TypeId::kBinary: return gather_binary<int32_t>(values, rows, n, validity, nulls);
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return gather_binary<int64_t>(values, rows, n, validity, nulls);
    case TypeId::kDictionary: {
      columnar::DictionaryArray d(values);
      Array idx = gather(d.indices(), rows, n, row_valid);
      auto data = ArrayData::make(type, n, idx.data()->buffers, idx.null_count());
      data->dictionary = values.data()->dictionary;
      return Array(std::move(data));
    }
    default: break;
  }
  if (!type->is_fixed_width() || type->is_nested()) internal::throw_unsupported("take", *type);
  const int width = type->byte_width();
  auto out = Buffer::allocate(n * width);
  const uint8_t* src = values.data()->buffers[1]->data() + values.offset() * width;
  uint8_t* dst = out->mutable_data();
  switch (width) {
    case 1: gather_fixed<1>(src, rows, n, dst); break;
    case 2: gather_fixed<2>(src, rows, n, dst); break;
    case 4: gather_fixed<4>(src, rows, n, dst); break;
    case 8: gather_fixed<8>(src, rows, n, dst); break;
    case 16: gather_fixed<16>(src, rows, n, dst); break;
    default:
      for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * width, src + rows[i] * width, static_cast<size_t>(width));
  }
  return Array(ArrayData::make(type, n, {validity, out}, nulls));
}

std::vector<int64_t> rows_of_indices(const Array& indices, int64_t bound) {
  if (!indices.type()->is_integer()) internal::throw_unsupported("take (indices)", *indices.type());
  std::vector<int64_t> rows(static_cast<size_t>(indices.length()));
  internal::visit_numeric(*indices.type(), "take", [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_integral_v<T>) {
    const T* v = indices.values<T>().data();
    for (int64_t i = 0; i < indices.length(); ++i) {
      if (indices.is_null(i)) {
        rows[static_cast<size_t>(i)] = 0;
        continue;
      }
      if (std::cmp_less(v[i], 0) || std::cmp_greater_equal(v[i], bound)) {
        raise("take: index {} at position {} is out of range for {} values", static_cast<int64_t>(v[i]), i, bound);
      }
      rows[static_cast<size_t>(i)] = static_cast<int64_t>(v[i]);
    }
    }
    return 0;
  });
  return rows;
}

std::vector<int64_t> rows_of_mask(const Array& mask, int64_t length) {
  if (mask.type_id() != TypeId::kBool) internal::throw_unsupported("filter (mask)", *mask.type());
  if (mask.length() != length) raise("filter: mask has {} values but the input has {}", mask.length(), length);
  std::vector<int64_t> rows(static_cast<size_t>(count_true(mask)));
  int64_t* out = rows.data();
  const uint8_t* bits = mask.data()->buffers[1]->data();
  const uint8_t* valid = mask.null_bitmap_data();
  const int64_t off = mask.offset();
  for (int64_t start = 0; start < length; start += 64) {
    const int64_t n = length - start < 64 ? length - start : 64;
    uint64_t w = bit_util::load_word_checked(bits, off + start, n);
    if (valid) w &= bit_util::load_word_checked(valid, off + start, n);
    while (w != 0) {
      *out++ = start + __builtin_ctzll(w);
      w &= w - 1;
    }
  }
  return rows;
}

}  // namespace

Array filter(const Array& values, const Array& mask) {
  const std::vector<int64_t> rows = rows_of_mask(mask, values.length());
  return gather(values, rows.data(), static_cast<int64_t>(rows.size()), nullptr);
}

ChunkedArray filter(const ChunkedArray& values, const ChunkedArray& mask) {
  if (mask.length() != values.length()) {
    raise("filter: mask has {} values but the input has {}", mask.length(), values.length());
  }
  const Array whole_mask = mask.combine();
  std::vector<Array> out;
  int64_t offset = 0;
  for (const auto& c : values.chunks()) {
    out.push_back(filter(c, whole_mask.slice(offset, c.length())));
    offset += c.length();
  }
  return ChunkedArray(std::move(out), values.type());
}

columnar::Table filter(const columnar::Table& table, const Array& mask) {
  if (mask.length() != table.num_rows()) {
    raise("filter: mask has {} values but the table has {} rows", mask.length(), table.num_rows());
  }
  // Chunk by chunk, as pyarrow: the columns are never combined, and each output chunk holds the rows kept
  // from one input chunk.
  const ChunkedArray chunked_mask(std::vector<Array>{mask}, mask.type());
  std::vector<ChunkedArray> cols;
  for (const auto& c : table.columns()) cols.push_back(filter(c, chunked_mask));
  const int64_t rows = cols.empty() ? count_true(mask) : cols.front().length();
  return columnar::Table(table.schema(), std::move(cols), rows);
}

Array take(const Array& values, const Array& indices) {
  const std::vector<int64_t> rows = rows_of_indices(indices, values.length());
  BufferPtr idx_valid = internal::copy_validity(indices.null_bitmap_data(), indices.offset(), indices.length());
  return gather(values, rows.data(), indices.length(), idx_valid ? idx_valid->data() : nullptr);
}

ChunkedArray take(const ChunkedArray& values, const Array& indices) {
  const Array whole = values.num_chunks() == 1 ? values.chunk(0) : values.combine();
  return ChunkedArray(std::vector<Array>{take(whole, indices)}, values.type());
}

columnar::Table take(const columnar::Table& table, const Array& indices) {
  std::vector<ChunkedArray> cols;
  for (const auto& c : table.columns()) cols.push_back(take(c, indices));
  return columnar::Table(table.schema(), std::move(cols), indices.length());
}

// ---- sort -------------------------------------------------------------------------------------------

namespace {

// Dense ranks of one key: equal values share a rank; descending flips them; NaN ranks after every number
// and null after NaN, whatever the order.
std::vector<uint64_t> ranks_of(const Array& key, SortOrder order) {
  const int64_t n = key.length();
  std::vector<uint64_t> ranks(static_cast<size_t>(n));
  std::vector<int64_t> rows;
  rows.reserve(static_cast<size_t>(n));
  uint64_t distinct = 0;
  std::vector<uint8_t> is_nan(static_cast<size_t>(n), 0);
  auto rank_sorted = [&](auto get, auto is_nan_value) {
    for (int64_t i = 0; i < n; ++i) {
      if (key.is_null(i)) continue;
      if (is_nan_value(i)) {
        is_nan[static_cast<size_t>(i)] = 1;
        continue;
      }
      rows.push_back(i);
    }
    std::stable_sort(rows.begin(), rows.end(), [&](int64_t a, int64_t b) { return get(a) < get(b); });
    for (size_t k = 0; k < rows.size(); ++k) {
      if (k > 0 && get(rows[k - 1]) < get(rows[k])) ++distinct;
      ranks[static_cast<size_t>(rows[k])] = distinct;
    }
    if (!rows.empty()) ++distinct;
  };
  const auto& type = *key.type();
  auto no_nan = [](int64_t) { return false; };
  if (type.id() == TypeId::kDictionary) {
    columnar::DictionaryArray d(key);
    const std::vector<uint64_t> dict_ranks = ranks_of(d.dictionary(), SortOrder::kAscending);
    const Array idx = d.indices();
    std::vector<int64_t> irows = rows_of_indices(idx, d.dictionary().length());
    rank_sorted([&](int64_t i) { return dict_ranks[static_cast<size_t>(irows[static_cast<size_t>(i)])]; }, no_nan);
  } else if (type.is_binary_like()) {
    if (type.is_large_binary_like()) {
      columnar::LargeStringArray s(key);
      rank_sorted([&](int64_t i) { return s.value(i); }, no_nan);
    } else {
      columnar::StringArray s(key);
      rank_sorted([&](int64_t i) { return s.value(i); }, no_nan);
    }
  } else if (type.id() == TypeId::kBool) {
    columnar::BooleanArray b(key);
    rank_sorted([&](int64_t i) { return b.value(i); }, no_nan);
  } else {
    internal::visit_numeric(type, "sort_indices", [&](auto tag) {
      using T = typename decltype(tag)::type;
      const T* v = key.values<T>().data();
      if constexpr (std::is_floating_point_v<T>) {
        rank_sorted([v](int64_t i) { return v[i]; }, [v](int64_t i) { return std::isnan(v[i]); });
      } else {
        rank_sorted([v](int64_t i) { return v[i]; }, no_nan);
      }
      return 0;
    });
  }
  const uint64_t nan_rank = distinct, null_rank = distinct + 1;
  for (int64_t i = 0; i < n; ++i) {
    auto& r = ranks[static_cast<size_t>(i)];
    if (key.is_null(i)) {
      r = null_rank;
    } else if (is_nan[static_cast<size_t>(i)]) {
      r = nan_rank;
    } else if (order == SortOrder::kDescending) {
      r = distinct - 1 - r;
    }
  }
  return ranks;
}

}  // namespace

Array sort_indices(const std::vector<SortKey>& keys) {
  if (keys.empty()) raise("sort_indices: no sort keys");
  const int64_t n = keys[0].column.length();
  std::vector<std::vector<uint64_t>> ranks;
  for (const auto& k : keys) {
    if (k.column.length() != n) raise("sort_indices: key columns have different lengths ({} and {})", n, k.column.length());
    ranks.push_back(ranks_of(k.column, k.order));
  }
  std::vector<uint64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), uint64_t{0});
  if (ranks.size() == 1) {
    const auto& r = ranks[0];
    std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) { return r[a] < r[b]; });
  } else {
    std::stable_sort(order.begin(), order.end(), [&](uint64_t a, uint64_t b) {
      for (const auto& r : ranks) {
        if (r[a] != r[b]) return r[a] < r[b];
      }
      return false;
    });
  }
  columnar::UInt64Builder b;
  b.append_values(std::span<const uint64_t>(order));
  return b.finish();
}

Array sort_indices(const Array& column, SortOrder order) { return sort_indices({SortKey{column, order}}); }

Array sort_indices(const columnar::Table& table, const std::vector<std::pair<std::string, SortOrder>>& keys) {
  std::vector<SortKey> sk;
  for (const auto& [name, order] : keys) sk.push_back({table.column(name).combine(), order});
  return sort_indices(sk);
}

Array unique(const Array& values) { return internal::encode(values, true, "unique").distinct; }

Array value_counts(const Array& values) {
  internal::Encoded enc = internal::encode(values, true, "value_counts");
  std::vector<int64_t> counts(static_cast<size_t>(enc.distinct.length()), 0);
  for (int32_t c : enc.codes) ++counts[static_cast<size_t>(c)];
  columnar::Int64Builder b;
  b.append_values(std::span<const int64_t>(counts));
  return columnar::StructArray::make({columnar::field("values", values.type()), columnar::field("counts", columnar::int64())},
                                     {enc.distinct, b.finish()});
}

}  // namespace strata::compute
