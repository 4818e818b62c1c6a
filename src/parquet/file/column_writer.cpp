#include "column_writer.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "page.h"
#include "statistics.h"
#include "strata/core/error.h"
#include "strata/io/output_stream.h"
#include "strata/parquet/encoding/encoding.h"
#include "strata/parquet/encoding/delta_binary_packed.h"
#include "strata/parquet/encoding/dictionary.h"
#include "strata/parquet/encoding/plain.h"
#include "strata/parquet/encoding/rle.h"

namespace strata::parquet::internal {

namespace f = format;
using columnar::Array;
using columnar::TypeId;

namespace {

// A column chunk's values in their physical form: definition levels (when the column is optional) and the
// non-null values packed, in one of the typed vectors.
struct Physical {
  f::Type type;
  int32_t type_length = 0;
  int64_t rows = 0;
  // Definition levels of an optional column, stored only once a null appears (a column without nulls keeps
  // none: its pages each hold one run of 1s). Empty when the column is required.
  std::vector<uint32_t> def;
  bool any_null = false;
  int64_t def_count = 0;
  void push_defs(bool valid, size_t n) {
    if (!valid && !any_null) {
      any_null = true;
      def.reserve(static_cast<size_t>(rows));
      def.assign(static_cast<size_t>(def_count), 1);
    }
    if (any_null) def.insert(def.end(), n, valid ? 1 : 0);
    def_count += static_cast<int64_t>(n);
  }
  void push_def(bool valid) {
    if (any_null) {
      def.push_back(valid ? 1 : 0);
      ++def_count;
    } else {
      push_defs(valid, 1);
    }
  }
  std::vector<int32_t> i32;
  std::vector<int64_t> i64;
  std::vector<float> f32;
  std::vector<double> f64;
  std::vector<uint8_t> bools;
  std::vector<std::string_view> bytes;
  std::string storage;  // owns converted byte values (decimals, float16)
  std::vector<size_t> storage_offsets;
  // Arrow dictionary<string> columns keep their dictionary: the merged dictionary's values and, per valid
  // value, its index there (`bytes` is then left empty until something needs the dense values).
  bool from_arrow_dictionary = false;
  std::vector<std::string_view> dictionary_values;
  std::vector<uint32_t> dictionary_indices;

  // utf8 / binary chunks whose values have no views yet: the dictionary is built straight from them, and
  // views (16 bytes a value) are made only when the column falls back to PLAIN.
  std::vector<Array> deferred_chunks;
  int64_t deferred_count = 0;       // valid values in them
  int64_t deferred_plain_size = 0;  // their PLAIN size (4-byte length + bytes each)

  // Call sink(batch) with the deferred values in order, in batches of up to `batch` views; stops when sink
  // returns false or after `limit` values.
  template <typename Sink>
  void for_each_deferred(size_t batch, size_t limit, Sink&& sink) const {
    std::vector<std::string_view> views;
    views.reserve(std::min(batch, limit));
    size_t total = 0;
    for (const Array& chunk : deferred_chunks) {
      const columnar::StringArray view(chunk);
      const bool nulls = chunk.null_count() > 0;
      for (int64_t i = 0; i < chunk.length() && total < limit; ++i) {
        if (nulls && !chunk.is_valid(i)) continue;
        views.push_back(view.value(i));
        ++total;
        if (views.size() == batch) {
          if (!sink(std::span<const std::string_view>(views))) return;
          views.clear();
        }
      }
    }
    if (!views.empty()) sink(std::span<const std::string_view>(views));
  }

  // Views of the deferred values in `bytes`, for PLAIN pages and statistics.
  void materialize_deferred() {
    if (deferred_chunks.empty()) return;
    bytes.reserve(bytes.size() + static_cast<size_t>(deferred_count));
    for_each_deferred(4096, SIZE_MAX, [&](std::span<const std::string_view> v) {
      bytes.insert(bytes.end(), v.begin(), v.end());
      return true;
    });
    deferred_chunks.clear();
  }

  // Drop the values (after the last page is encoded), so they are not held while the page is compressed.
  void release() {
    deferred_chunks.clear();
    std::vector<uint32_t>().swap(def);
    std::vector<int32_t>().swap(i32);
    std::vector<int64_t>().swap(i64);
    std::vector<float>().swap(f32);
    std::vector<double>().swap(f64);
    std::vector<uint8_t>().swap(bools);
    std::vector<std::string_view>().swap(bytes);
    std::string().swap(storage);
    std::vector<size_t>().swap(storage_offsets);
    std::vector<uint32_t>().swap(dictionary_indices);
  }

  // Dense byte values for the encoders that need them.
  void materialize_bytes() {
    if (!from_arrow_dictionary || !bytes.empty()) return;
    bytes.reserve(dictionary_indices.size());
    for (uint32_t i : dictionary_indices) bytes.push_back(dictionary_values[i]);
  }
};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Append element i (valid) of `a` to `p`.
void append_value(const Array& a, int64_t i, Physical* p) {
  const columnar::DataType& t = *a.type();
  const int64_t k = a.offset() + i;
  const uint8_t* v = a.data()->buffers.size() > 1 && a.data()->buffers[1] ? a.data()->buffers[1]->data() : nullptr;
  auto as = [&](auto tag) {
    using T = decltype(tag);
    T x;
    std::memcpy(&x, v + k * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return x;
  };
  switch (t.id()) {
    case TypeId::kBool: p->bools.push_back(bit_util::get_bit(v, k)); return;
    case TypeId::kInt8: p->i32.push_back(as(int8_t{})); return;
    case TypeId::kInt16: p->i32.push_back(as(int16_t{})); return;
    case TypeId::kInt32:
    case TypeId::kDate32: p->i32.push_back(as(int32_t{})); return;
    case TypeId::kUInt8: p->i32.push_back(as(uint8_t{})); return;
    case TypeId::kUInt16: p->i32.push_back(as(uint16_t{})); return;
    case TypeId::kUInt32: p->i32.push_back(static_cast<int32_t>(as(uint32_t{}))); return;
    case TypeId::kTime32: {
      const int32_t x = as(int32_t{});
      p->i32.push_back(t.unit() == columnar::TimeUnit::kSecond ? x * 1000 : x);
      return;
    }
    case TypeId::kDate64: p->i32.push_back(static_cast<int32_t>(floor_div(as(int64_t{}), 86400000))); return;
    case TypeId::kInt64:
    case TypeId::kTime64:
    case TypeId::kDuration: p->i64.push_back(as(int64_t{})); return;
    case TypeId::kUInt64: p->i64.push_back(static_cast<int64_t>(as(uint64_t{}))); return;
    case TypeId::kTimestamp: {
      const int64_t x = as(int64_t{});
      p->i64.push_back(t.unit() == columnar::TimeUnit::kSecond ? x * 1000 : x);
      return;
    }
    case TypeId::kFloat32: p->f32.push_back(as(float{})); return;
    case TypeId::kFloat64: p->f64.push_back(as(double{})); return;
    case TypeId::kString:
    case TypeId::kBinary: p->bytes.push_back(columnar::StringArray(a).value(i)); return;
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: p->bytes.push_back(columnar::LargeStringArray(a).value(i)); return;
    case TypeId::kFixedSizeBinary: p->bytes.push_back(columnar::FixedSizeBinaryArray(a).value(i)); return;
    case TypeId::kFloat16: {
      p->storage_offsets.push_back(p->storage.size());
      p->storage.append(reinterpret_cast<const char*>(v + k * 2), 2);
      return;
    }
    case TypeId::kDecimal128: {
      // FIXED_LEN_BYTE_ARRAY: big-endian two's complement, the low `type_length` bytes of the 16.
      const uint8_t* le = v + k * 16;
      p->storage_offsets.push_back(p->storage.size());
      for (int b = p->type_length - 1; b >= 0; --b) p->storage.push_back(static_cast<char>(le[b]));
      return;
    }
    case TypeId::kDictionary: {
      columnar::DictionaryArray d(a);
      const int64_t index = d.index(i);
      Array dict = d.dictionary();
      if (dict.is_null(index)) return;  // handled by the caller through is_valid_value
      append_value(dict, index, p);
      return;
    }
    default: raise<NotImplemented>("writing Parquet values of type {}", t.to_string());
  }
}

bool is_valid_value(const Array& a, int64_t i) {
  if (a.is_null(i)) return false;
  if (a.type_id() == TypeId::kDictionary) {
    columnar::DictionaryArray d(a);
    return d.dictionary().is_valid(d.index(i));
  }
  return true;
}

// Dictionary<string> chunks: merge their dictionaries and record indices, without touching the strings of
// every row.
void gather_dictionary(const columnar::ChunkedArray& values, const ColumnDescriptor& column, Physical* p) {
  const bool optional = column.max_definition_level > 0;
  std::unordered_map<std::string_view, uint32_t> merged;
  p->from_arrow_dictionary = true;
  p->dictionary_indices.reserve(static_cast<size_t>(values.length()));
  for (const Array& chunk : values.chunks()) {
    columnar::DictionaryArray d(chunk);
    const Array dict = d.dictionary();
    std::vector<int64_t> remap(static_cast<size_t>(dict.length()), -1);
    for (int64_t k = 0; k < dict.length(); ++k) {
      if (dict.is_null(k)) continue;
      const std::string_view v = dict.type()->is_large_binary_like() ? columnar::LargeStringArray(dict).value(k)
                                                                     : columnar::StringArray(dict).value(k);
      auto [it, inserted] = merged.emplace(v, static_cast<uint32_t>(p->dictionary_values.size()));
      if (inserted) p->dictionary_values.push_back(v);
      remap[static_cast<size_t>(k)] = it->second;
    }
    const int64_t n = chunk.length();
    for (int64_t i = 0; i < n; ++i) {
      const int64_t mapped = chunk.is_null(i) ? -1 : remap[static_cast<size_t>(d.index(i))];
      if (optional) {
        p->push_def(mapped >= 0);
      } else if (mapped < 0) {
        raise<InvalidArgument>("column \"{}\" is required but holds a null at row {}", column.dotted_path(), i);
      }
      if (mapped >= 0) p->dictionary_indices.push_back(static_cast<uint32_t>(mapped));
    }
  }
}

Physical gather(const columnar::ChunkedArray& values, const ColumnDescriptor& column) {
  Physical p;
  p.type = column.physical_type();
  p.type_length = column.type_length();
  p.rows = values.length();
  const bool optional = column.max_definition_level > 0;
  // Exact sizes up front (at most one value per row): no regrowth copies, no doubled capacity.
  const auto rows = static_cast<size_t>(p.rows);
  switch (p.type) {
    case f::Type::kBoolean: p.bools.reserve(rows); break;
    case f::Type::kInt32: p.i32.reserve(rows); break;
    case f::Type::kInt64: p.i64.reserve(rows); break;
    case f::Type::kFloat: p.f32.reserve(rows); break;
    case f::Type::kDouble: p.f64.reserve(rows); break;
    default: break;
  }
  if (values.type()->id() == TypeId::kDictionary && values.type()->value_type()->is_binary_like() &&
      p.type == f::Type::kByteArray) {
    gather_dictionary(values, column, &p);
    return p;
  }
  if (p.type == f::Type::kByteArray || p.type == f::Type::kFixedLenByteArray) p.bytes.reserve(rows);
  for (const Array& chunk : values.chunks()) {
    if (chunk.type_id() == TypeId::kNull) {
      if (!optional) raise<InvalidArgument>("column \"{}\" is required but holds nulls", column.dotted_path());
      p.push_defs(false, static_cast<size_t>(chunk.length()));
      continue;
    }
    // Fast paths: fixed-width columns of the physical width without nulls are copied in bulk.
    const TypeId id = chunk.type_id();
    if (chunk.null_count() == 0 && (id == TypeId::kInt64 || id == TypeId::kFloat64 || id == TypeId::kInt32 ||
                                    id == TypeId::kDate32 || id == TypeId::kFloat32 ||
                                    (id == TypeId::kTimestamp && chunk.type()->unit() != columnar::TimeUnit::kSecond) ||
                                    id == TypeId::kTime64 || id == TypeId::kDuration)) {
      if (optional) p.push_defs(true, static_cast<size_t>(chunk.length()));
      switch (id) {
        case TypeId::kFloat64: {
          auto s = chunk.values<double>();
          p.f64.insert(p.f64.end(), s.begin(), s.end());
          break;
        }
        case TypeId::kFloat32: {
          auto s = chunk.values<float>();
          p.f32.insert(p.f32.end(), s.begin(), s.end());
          break;
        }
        case TypeId::kInt32:
        case TypeId::kDate32: {
          auto s = chunk.values<int32_t>();
          p.i32.insert(p.i32.end(), s.begin(), s.end());
          break;
        }
        default: {
          auto s = chunk.values<int64_t>();
          p.i64.insert(p.i64.end(), s.begin(), s.end());
        }
      }
      continue;
    }
    // Booleans and strings without a per-value type switch (nulls only where the column may hold them).
    const bool bulk_ok = chunk.null_count() == 0 || optional;
    if (bulk_ok && id == TypeId::kBool) {
      const uint8_t* bits = chunk.data()->buffers[1]->data();
      const int64_t n = chunk.length();
      const int64_t off = chunk.offset();
      for (int64_t i = 0; i < n; ++i) {
        const bool valid = chunk.null_count() == 0 || chunk.is_valid(i);
        if (optional) p.push_def(valid);
        if (valid) p.bools.push_back(static_cast<uint8_t>((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1));
      }
      continue;
    }
    if (bulk_ok && (id == TypeId::kString || id == TypeId::kBinary || id == TypeId::kLargeString || id == TypeId::kLargeBinary)) {
      const int64_t n = chunk.length();
      auto take = [&](const auto& view) {
        if (chunk.null_count() == 0) {
          if (optional) p.push_defs(true, static_cast<size_t>(n));
          for (int64_t i = 0; i < n; ++i) p.bytes.push_back(view.value(i));
          return;
        }
        for (int64_t i = 0; i < n; ++i) {
          const bool valid = chunk.is_valid(i);
          p.push_def(valid);
          if (valid) p.bytes.push_back(view.value(i));
        }
      };
      if (id == TypeId::kLargeString || id == TypeId::kLargeBinary) {
        take(columnar::LargeStringArray(chunk));
      } else if (p.type == f::Type::kByteArray && p.bytes.empty()) {
        // Deferred: levels now, values when the dictionary (or PLAIN) needs them.
        const columnar::StringArray view(chunk);
        if (chunk.null_count() == 0) {
          if (optional) p.push_defs(true, static_cast<size_t>(n));
          p.deferred_count += n;
          p.deferred_plain_size += view.total_values_length() + 4 * n;
        } else {
          for (int64_t i = 0; i < n; ++i) {
            const bool valid = chunk.is_valid(i);
            p.push_def(valid);
            if (valid) {
              ++p.deferred_count;
              p.deferred_plain_size += view.value_length(i) + 4;
            }
          }
        }
        p.deferred_chunks.push_back(chunk);
      } else {
        take(columnar::StringArray(chunk));
      }
      continue;
    }
    for (int64_t i = 0; i < chunk.length(); ++i) {
      const bool valid = is_valid_value(chunk, i);
      if (optional) {
        p.push_def(valid);
      } else if (!valid) {
        raise<InvalidArgument>("column \"{}\" is required but holds a null at row {}", column.dotted_path(), i);
      }
      if (valid) append_value(chunk, i, &p);
    }
  }
  if (!p.storage_offsets.empty()) {
    const size_t width = p.type == f::Type::kFixedLenByteArray ? static_cast<size_t>(p.type_length) : 0;
    for (size_t off : p.storage_offsets) p.bytes.emplace_back(p.storage.data() + off, width);
  }
  return p;
}

// Average encoded bytes per value, for sizing pages.
double bytes_per_value(const Physical& p) {
  switch (p.type) {
    case f::Type::kBoolean: return 0.125;
    case f::Type::kInt32:
    case f::Type::kFloat: return 4;
    case f::Type::kInt64:
    case f::Type::kDouble: return 8;
    default: {
      if (p.bytes.empty()) return 4;
      size_t total = 0;
      const size_t sample = std::min<size_t>(p.bytes.size(), 1024);
      for (size_t i = 0; i < sample; ++i) total += p.bytes[i].size() + (p.type == f::Type::kByteArray ? 4 : 0);
      return std::max(1.0, static_cast<double>(total) / static_cast<double>(sample));
    }
  }
}

void encode_plain(const Physical& p, int64_t begin, int64_t end, std::vector<uint8_t>& out) {
  const auto n = static_cast<size_t>(end - begin);
  const auto b = static_cast<size_t>(begin);
  switch (p.type) {
    case f::Type::kBoolean: encoding::plain_encode_booleans({p.bools.data() + b, n}, out); return;
    case f::Type::kInt32: encoding::plain_encode<int32_t>({p.i32.data() + b, n}, out); return;
    case f::Type::kInt64: encoding::plain_encode<int64_t>({p.i64.data() + b, n}, out); return;
    case f::Type::kFloat: encoding::plain_encode<float>({p.f32.data() + b, n}, out); return;
    case f::Type::kDouble: encoding::plain_encode<double>({p.f64.data() + b, n}, out); return;
    case f::Type::kByteArray: encoding::plain_encode_byte_arrays({p.bytes.data() + b, n}, out); return;
    case f::Type::kFixedLenByteArray:
      encoding::plain_encode_fixed_len_byte_arrays({p.bytes.data() + b, n}, p.type_length, out);
      return;
    default: raise<NotImplemented>("writing Parquet {} values", f::to_string(p.type));
  }
}

// Non-dictionary encodings other than PLAIN, chosen per column (pyarrow's column_encoding).
void encode_values(const Physical& p, f::Encoding encoding, int64_t begin, int64_t end, std::vector<uint8_t>& out,
                   const std::string& column) {
  const auto n = static_cast<size_t>(end - begin);
  const auto b = static_cast<size_t>(begin);
  switch (encoding) {
    case f::Encoding::kPlain: encode_plain(p, begin, end, out); return;
    case f::Encoding::kDeltaBinaryPacked:
      if (p.type == f::Type::kInt32) return encoding::delta_binary_packed_encode<int32_t>({p.i32.data() + b, n}, out);
      if (p.type == f::Type::kInt64) return encoding::delta_binary_packed_encode<int64_t>({p.i64.data() + b, n}, out);
      break;
    default: break;
  }
  raise<NotImplemented>("writing {} pages for column \"{}\" of physical type {}", f::to_string(encoding), column,
                        f::to_string(p.type));
}

// Dictionary encoding of a whole chunk, when it is worth it: the indices of every value, or nothing when the
// dictionary grew past the limit or would not be smaller than PLAIN.
struct DictionaryPlan {
  std::vector<uint32_t> indices;
  std::vector<uint8_t> page;  // PLAIN dictionary values
  int32_t size = 0;
  int bit_width = 0;
  std::vector<std::string_view> byte_values;  // byte-array dictionaries: the values, for page statistics
  std::shared_ptr<void> keep_alive;           // owns the bytes byte_values point to
};

template <typename T>
std::optional<DictionaryPlan> plan_dictionary(std::span<const T> values, int64_t limit, int type_length,
                                              int64_t plain_bytes) {
  // A sample that is nearly all distinct (ids, measurements, timestamps) will not pay: skip the hashing.
  constexpr size_t kSample = 4096;
  if (values.size() >= kSample) {
    encoding::DictionaryBuilder<T> sample(limit, type_length);
    std::vector<uint32_t> ignored;
    sample.put(values.subspan(0, kSample), ignored);
    if (static_cast<double>(sample.size()) > 0.9 * kSample) return std::nullopt;
  }
  encoding::DictionaryBuilder<T> builder(limit, type_length);
  DictionaryPlan plan;
  plan.indices.reserve(values.size());
  // Feed in batches so a column that overflows the limit stops early.
  constexpr size_t kBatch = 4096;
  for (size_t i = 0; i < values.size(); i += kBatch) {
    builder.put(values.subspan(i, std::min(kBatch, values.size() - i)), plan.indices);
    if (builder.over_limit()) return std::nullopt;
  }
  plan.bit_width = builder.index_bit_width();
  const int64_t dictionary_bytes = builder.plain_size() + static_cast<int64_t>(values.size()) * plan.bit_width / 8;
  // DuckDB's rule of thumb: only when it saves a good share (dictionary pages are also slower to write).
  if (static_cast<double>(dictionary_bytes) > 0.8 * static_cast<double>(plain_bytes)) return std::nullopt;
  builder.write_dictionary_page(plan.page);
  plan.size = static_cast<int32_t>(builder.size());
  if constexpr (std::is_same_v<T, std::string_view>) {
    auto owner = std::make_shared<encoding::DictionaryBuilder<T>>(std::move(builder));
    plan.byte_values.assign(owner->values().begin(), owner->values().end());
    plan.keep_alive = owner;
  }
  return plan;
}

// plan_dictionary<std::string_view> over deferred values (same sample, limit and size rule, same order, so
// the same dictionary), without a view per value.
std::optional<DictionaryPlan> plan_deferred_dictionary(const Physical& p, int64_t limit) {
  constexpr size_t kSample = 4096;
  const auto count = static_cast<size_t>(p.deferred_count);
  if (count >= kSample) {
    encoding::DictionaryBuilder<std::string_view> sample(limit, -1);
    std::vector<uint32_t> ignored;
    p.for_each_deferred(kSample, kSample, [&](std::span<const std::string_view> v) {
      sample.put(v, ignored);
      return true;
    });
    if (static_cast<double>(sample.size()) > 0.9 * kSample) return std::nullopt;
  }
  encoding::DictionaryBuilder<std::string_view> builder(limit, -1);
  DictionaryPlan plan;
  plan.indices.reserve(count);
  bool over = false;
  p.for_each_deferred(4096, SIZE_MAX, [&](std::span<const std::string_view> v) {
    builder.put(v, plan.indices);
    over = builder.over_limit();
    return !over;
  });
  if (over) return std::nullopt;
  plan.bit_width = builder.index_bit_width();
  const int64_t dictionary_bytes = builder.plain_size() + static_cast<int64_t>(count) * plan.bit_width / 8;
  if (static_cast<double>(dictionary_bytes) > 0.8 * static_cast<double>(p.deferred_plain_size)) return std::nullopt;
  builder.write_dictionary_page(plan.page);
  plan.size = static_cast<int32_t>(builder.size());
  auto owner = std::make_shared<encoding::DictionaryBuilder<std::string_view>>(std::move(builder));
  plan.byte_values.assign(owner->values().begin(), owner->values().end());
  plan.keep_alive = owner;
  return plan;
}

std::optional<DictionaryPlan> plan_dictionary(const Physical& p, int64_t limit) {
  if (!p.deferred_chunks.empty()) return plan_deferred_dictionary(p, limit);
  if (p.from_arrow_dictionary) {
    // The Arrow dictionary is the Parquet dictionary (merged across chunks), whatever its size.
    DictionaryPlan plan;
    plan.indices = p.dictionary_indices;
    plan.byte_values = p.dictionary_values;
    plan.size = static_cast<int32_t>(p.dictionary_values.size());
    plan.bit_width = std::max(1, encoding::bit_width_for(plan.size > 0 ? static_cast<uint64_t>(plan.size - 1) : 0));
    encoding::plain_encode_byte_arrays(p.dictionary_values, plan.page);
    (void)limit;
    return plan;
  }
  switch (p.type) {
    case f::Type::kInt32: return plan_dictionary<int32_t>(p.i32, limit, -1, static_cast<int64_t>(p.i32.size()) * 4);
    case f::Type::kInt64: return plan_dictionary<int64_t>(p.i64, limit, -1, static_cast<int64_t>(p.i64.size()) * 8);
    case f::Type::kFloat: return plan_dictionary<float>(p.f32, limit, -1, static_cast<int64_t>(p.f32.size()) * 4);
    case f::Type::kDouble: return plan_dictionary<double>(p.f64, limit, -1, static_cast<int64_t>(p.f64.size()) * 8);
    case f::Type::kByteArray:
    case f::Type::kFixedLenByteArray: {
      int64_t plain = 0;
      const bool fixed = p.type == f::Type::kFixedLenByteArray;
      for (auto v : p.bytes) plain += static_cast<int64_t>(v.size()) + (fixed ? 0 : 4);
      return plan_dictionary<std::string_view>(p.bytes, limit, fixed ? p.type_length : -1, plain);
    }
    default: return std::nullopt;  // booleans: PLAIN is already one bit per value
  }
}

void add_statistics(const Physical& p, int64_t begin, int64_t end, ColumnStatistics* s) {
  switch (p.type) {
    case f::Type::kBoolean: s->add_bools({p.bools.data() + begin, static_cast<size_t>(end - begin)}); return;
    case f::Type::kInt32: s->add(std::span<const int32_t>(p.i32.data() + begin, static_cast<size_t>(end - begin))); return;
    case f::Type::kInt64: s->add(std::span<const int64_t>(p.i64.data() + begin, static_cast<size_t>(end - begin))); return;
    case f::Type::kFloat: s->add(std::span<const float>(p.f32.data() + begin, static_cast<size_t>(end - begin))); return;
    case f::Type::kDouble: s->add(std::span<const double>(p.f64.data() + begin, static_cast<size_t>(end - begin))); return;
    default:
      for (int64_t i = begin; i < end; ++i) s->add_bytes(p.bytes[static_cast<size_t>(i)]);
  }
}

f::BoundaryOrder boundary_order(const std::vector<std::string>& mins, const std::vector<std::string>& maxs,
                                const std::vector<bool>& null_pages, f::Type type, SortOrder order) {
  bool ascending = true, descending = true;
  std::string_view prev_min, prev_max;
  bool have_prev = false;
  for (size_t i = 0; i < mins.size(); ++i) {
    if (null_pages[i]) continue;
    if (have_prev) {
      if (compare_encoded(type, order, mins[i], prev_min) < 0 || compare_encoded(type, order, maxs[i], prev_max) < 0) ascending = false;
      if (compare_encoded(type, order, mins[i], prev_min) > 0 || compare_encoded(type, order, maxs[i], prev_max) > 0) descending = false;
    }
    prev_min = mins[i];
    prev_max = maxs[i];
    have_prev = true;
  }
  if (ascending) return f::BoundaryOrder::kAscending;
  if (descending) return f::BoundaryOrder::kDescending;
  return f::BoundaryOrder::kUnordered;
}

}  // namespace

WrittenChunk write_column_chunk(columnar::ChunkedArray values, const ColumnDescriptor& column,
                                const ColumnWriteOptions& options) {
  Physical p = gather(values, column);
  // Fixed-width and boolean values are copies now: the input can go (byte arrays are views into it).
  if (p.type != f::Type::kByteArray && p.type != f::Type::kFixedLenByteArray) values = columnar::ChunkedArray();
  const SortOrder order = sort_order_of(*column.element);
  const bool optional = column.max_definition_level > 0;
  std::optional<DictionaryPlan> dictionary;
  if (options.dictionary && !options.encoding) dictionary = plan_dictionary(p, options.dictionary_pagesize_limit);
  if (!dictionary) {
    p.materialize_bytes();
    p.materialize_deferred();
  }
  const f::Encoding encoding =
      dictionary ? f::Encoding::kRleDictionary : options.encoding.value_or(f::Encoding::kPlain);

  io::BufferOutputStream out;
  PageWriter pages(out, options.compression, options.compression_level);
  if (dictionary) pages.write_dictionary_page(dictionary->page, dictionary->size);
  ColumnStatistics chunk_stats(p.type, order);
  WrittenChunk result;
  std::vector<std::string> page_mins, page_maxs;
  std::vector<bool> null_pages;
  std::vector<int64_t> null_counts;

  const int64_t rows = p.rows;
  const double value_bytes = dictionary ? std::max(0.125, dictionary->bit_width / 8.0) : bytes_per_value(p);
  int64_t rows_per_page = static_cast<int64_t>(static_cast<double>(options.data_page_size) / value_bytes);
  rows_per_page = std::clamp<int64_t>(rows_per_page, 1, std::max<int64_t>(1, options.data_page_row_limit));
  std::vector<uint8_t> levels, encoded;
  std::vector<uint32_t> level_slice;
  int64_t value_pos = 0;
  for (int64_t row = 0; row < rows || (rows == 0 && row == 0); row += rows_per_page) {
    const int64_t page_rows = std::min(rows_per_page, rows - row);
    int64_t nulls = 0;
    if (optional) {
      if (p.any_null) {
        for (int64_t r = row; r < row + page_rows; ++r) nulls += p.def[static_cast<size_t>(r)] == 0;
      }
    }
    const int64_t page_values = page_rows - nulls;
    ColumnStatistics page_stats(p.type, order);
    page_stats.add_nulls(nulls);
    if (dictionary && !dictionary->byte_values.empty()) {
      // Byte-array pages: statistics over the distinct dictionary values the page uses.
      std::vector<uint8_t> used(dictionary->byte_values.size(), 0);
      for (int64_t i = value_pos; i < value_pos + page_values; ++i) used[dictionary->indices[static_cast<size_t>(i)]] = 1;
      for (size_t k = 0; k < used.size(); ++k) {
        if (used[k]) page_stats.add_bytes(dictionary->byte_values[k]);
      }
    } else {
      add_statistics(p, value_pos, value_pos + page_values, &page_stats);
    }
    // Levels first: a v1 page body is [levels][values] in one buffer, so nothing is copied to join them.
    levels.clear();
    std::span<const uint32_t> defs;
    if (optional && p.any_null) defs = {p.def.data() + row, static_cast<size_t>(page_rows)};
    if (optional && nulls == 0 && page_rows > 0) {
      // Every value present: one RLE run of 1s (Encodings.md: varint(count << 1), then the value's byte).
      if (options.data_page_version == 1) levels.resize(4);
      encoding::write_uleb128(static_cast<uint64_t>(page_rows) << 1, levels);
      levels.push_back(1);
      if (options.data_page_version == 1) {
        const auto length = static_cast<uint32_t>(levels.size() - 4);
        std::memcpy(levels.data(), &length, 4);
      }
    } else if (optional) {
      if (options.data_page_version == 2) {
        encoding::encode_rle(defs, 1, levels);
      } else {
        encoding::encode_rle_length_prefixed(defs, 1, levels);
      }
    }
    encoded.clear();
    if (options.data_page_version == 1) encoded.swap(levels);
    if (!dictionary && p.type != f::Type::kByteArray) {
      // PLAIN fixed-width values: the exact size, so the buffer never grows by doubling.
      encoded.reserve(encoded.size() + static_cast<size_t>(static_cast<double>(page_values) * bytes_per_value(p)) + 16);
    }
    if (dictionary) {
      encoding::encode_dictionary_indices(
          {dictionary->indices.data() + value_pos, static_cast<size_t>(page_values)}, dictionary->bit_width, encoded);
    } else {
      encode_values(p, encoding, value_pos, value_pos + page_values, encoded, column.dotted_path());
    }
    std::optional<f::Statistics> header_stats;
    if (options.statistics) header_stats = page_stats.to_thrift();
    if (row + page_rows >= rows) {
      // The last page: the values and indices are encoded, so drop them (and the encoded bytes once
      // compressed) before the page is compressed and written: less memory at the streaming writer's peak.
      p.release();
      if (dictionary) std::vector<uint32_t>().swap(dictionary->indices);
      pages.drop_after_compress(&encoded);
    }
    if (options.data_page_version == 2) {
      pages.write_data_page_v2({}, levels, encoded, static_cast<int32_t>(page_rows), static_cast<int32_t>(nulls),
                               static_cast<int32_t>(page_rows), encoding, header_stats, row);
    } else {
      pages.write_data_page_v1({}, encoded, static_cast<int32_t>(page_rows), encoding, header_stats, row,
                               static_cast<int32_t>(page_rows));
    }
    chunk_stats.merge(page_stats);
    page_mins.push_back(page_stats.has_min_max() ? page_stats.min_bytes() : std::string());
    page_maxs.push_back(page_stats.has_min_max() ? page_stats.max_bytes() : std::string());
    null_pages.push_back(!page_stats.has_min_max());
    null_counts.push_back(nulls);
    value_pos += page_values;
    if (rows == 0) break;
  }

  f::ColumnMetaData& meta = result.meta;
  meta.type = p.type;
  meta.encodings = pages.encodings;
  if (optional && std::find(meta.encodings.begin(), meta.encodings.end(), f::Encoding::kRle) == meta.encodings.end()) {
    meta.encodings.push_back(f::Encoding::kRle);
  }
  meta.path_in_schema = column.path;
  meta.codec = parquet_codec(options.compression);
  meta.num_values = rows;
  meta.total_uncompressed_size = pages.total_uncompressed_size;
  meta.total_compressed_size = pages.total_compressed_size;
  meta.data_page_offset = pages.data_page_offset;
  meta.dictionary_page_offset = pages.dictionary_page_offset;
  if (options.statistics) meta.statistics = chunk_stats.to_thrift();
  meta.encoding_stats = pages.encoding_stats;
  result.offset_index.page_locations = pages.page_locations;
  if (options.statistics && order != SortOrder::kUnknown) {
    result.has_column_index = true;
    result.column_index.null_pages = null_pages;
    result.column_index.min_values = page_mins;
    result.column_index.max_values = page_maxs;
    result.column_index.null_counts = null_counts;
    result.column_index.boundary_order = boundary_order(page_mins, page_maxs, null_pages, p.type, order);
  }
  result.bytes = out.release();
  return result;
}

}  // namespace strata::parquet::internal
