#include "strata/columnar/canonical.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "strata/columnar/variant.h"

#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::columnar {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

template <typename T>
T load(const Array& a, int64_t i) {
  T v;
  std::memcpy(&v, a.data()->buffers[1]->data() + (a.offset() + i) * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

template <typename T>
void append_integer(std::string& out, T v) {
  char buf[24];
  char* end = buf + sizeof(buf);
  char* p = end;
  using U = std::make_unsigned_t<T>;
  const bool negative = v < 0;
  U u = negative ? static_cast<U>(U{0} - static_cast<U>(v)) : static_cast<U>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

void append_double(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "\"NaN\"";
  } else if (std::isinf(v)) {
    out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    text::append_double_js(out, v);
  }
}

void append_float(std::string& out, float v) {
  if (std::isnan(v)) {
    out += "\"NaN\"";
  } else if (std::isinf(v)) {
    out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    text::append_float_js(out, v);
  }
}

// IEEE half to float (exact: every half is a float).
float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1f;
  const uint32_t frac = h & 0x3ff;
  if (exp == 0) {
    const float magnitude = std::ldexp(static_cast<float>(frac), -24);
    return sign ? -magnitude : magnitude;
  }
  if (exp == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (frac << 13));
  return std::bit_cast<float>(sign | ((exp + 112) << 23) | (frac << 13));
}

void append_hex(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "{\"hex\":\"";
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  out += "\"}";
}

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// A Variant as the reference dumps hold it: the text DuckDB's client prints, as a JSON string; null for a null
// row and for a Variant null at the top (DuckDB reads that as SQL NULL).
void append_variant(std::string& out, const VariantColumn& column, int64_t i);

// The items of one list value; `item` is the list's value field (an arrow.parquet.variant item prints as
// the Variant's text, as a struct field does).
void append_list_items(std::string& out, const Array& items, const Field& item) {
  out += '[';
  if (is_variant_field(item)) {
    const VariantColumn variants(items, item.name());
    for (int64_t k = 0; k < items.length(); ++k) {
      if (k) out += ',';
      if (items.is_valid(k)) append_variant(out, variants, k);
      else out += "null";
    }
  } else {
    for (int64_t k = 0; k < items.length(); ++k) {
      if (k) out += ',';
      append_canonical_value(out, items, k);
    }
  }
  out += ']';
}

void append_variant(std::string& out, const VariantColumn& column, int64_t i) {
  const auto v = column.value(i);
  if (!v || v->kind == VariantValue::Kind::kNull) {
    out += "null";
    return;
  }
  text::append_json_string(out, variant_text(*v));
}

}  // namespace

void append_canonical_value(std::string& out, const Array& a, int64_t i) {
  if (a.is_null(i)) {
    out += "null";
    return;
  }
  const DataType& t = *a.type();
  switch (t.id()) {
    case TypeId::kNull: out += "null"; return;
    case TypeId::kBool:
      out += bit_util::get_bit(a.data()->buffers[1]->data(), a.offset() + i) ? "true" : "false";
      return;
    case TypeId::kInt8: append_integer(out, load<int8_t>(a, i)); return;
    case TypeId::kInt16: append_integer(out, load<int16_t>(a, i)); return;
    case TypeId::kInt32: append_integer(out, load<int32_t>(a, i)); return;
    case TypeId::kInt64: append_integer(out, load<int64_t>(a, i)); return;
    case TypeId::kUInt8: append_integer(out, load<uint8_t>(a, i)); return;
    case TypeId::kUInt16: append_integer(out, load<uint16_t>(a, i)); return;
    case TypeId::kUInt32: append_integer(out, load<uint32_t>(a, i)); return;
    case TypeId::kUInt64: append_integer(out, load<uint64_t>(a, i)); return;
    case TypeId::kDuration: append_integer(out, load<int64_t>(a, i)); return;
    case TypeId::kFloat16: append_float(out, half_to_float(load<uint16_t>(a, i))); return;
    case TypeId::kFloat32: append_float(out, load<float>(a, i)); return;
    case TypeId::kFloat64: append_double(out, load<double>(a, i)); return;
    case TypeId::kString: text::append_json_string(out, StringArray(a).value(i)); return;
    case TypeId::kLargeString: text::append_json_string(out, LargeStringArray(a).value(i)); return;
    case TypeId::kBinary: append_hex(out, BinaryArray(a).value(i)); return;
    case TypeId::kLargeBinary: append_hex(out, LargeBinaryArray(a).value(i)); return;
    case TypeId::kFixedSizeBinary: append_hex(out, FixedSizeBinaryArray(a).value(i)); return;
    case TypeId::kDate32:
      out += '"';
      text::append_date(out, load<int32_t>(a, i));
      out += '"';
      return;
    case TypeId::kDate64:
      out += '"';
      text::append_date(out, floor_div(load<int64_t>(a, i), 86400000));
      out += '"';
      return;
    case TypeId::kTime32:
      out += '"';
      text::append_time_of_day(out, load<int32_t>(a, i), ticks_per_second(t.unit()));
      out += '"';
      return;
    case TypeId::kTime64:
      out += '"';
      text::append_time_of_day(out, load<int64_t>(a, i), ticks_per_second(t.unit()));
      out += '"';
      return;
    case TypeId::kTimestamp:
      out += '"';
      text::append_timestamp(out, load<int64_t>(a, i), ticks_per_second(t.unit()), 'T');
      out += '"';
      return;
    case TypeId::kDecimal128:
      out += '"';
      out += Decimal128Array(a).value(i).to_string(t.scale());
      out += '"';
      return;
    case TypeId::kDictionary: {
      DictionaryArray d(a);
      append_canonical_value(out, d.dictionary(), d.index(i));
      return;
    }
    case TypeId::kList: append_list_items(out, ListArray(a).value_slice(i), *t.fields()[0]); return;
    case TypeId::kLargeList: append_list_items(out, LargeListArray(a).value_slice(i), *t.fields()[0]); return;
    case TypeId::kFixedSizeList: append_list_items(out, FixedSizeListArray(a).value_slice(i), *t.fields()[0]); return;
    case TypeId::kStruct: {
      StructArray s(a);
      out += '{';
      for (int f = 0; f < s.num_fields(); ++f) {
        if (f) out += ',';
        const Field& child = *t.fields()[static_cast<size_t>(f)];
        text::append_json_string(out, child.name());
        out += ':';
        if (is_variant_field(child) && s.field(f).is_valid(i)) {
          append_variant(out, VariantColumn(s.field(f), child.name()), i);
        } else {
          append_canonical_value(out, s.field(f), i);
        }
      }
      out += '}';
      return;
    }
    case TypeId::kMap: {
      StructArray entries(ListArray(a).value_slice(i));
      const Array keys = entries.field(0);
      const Array values = entries.field(1);
      out += '[';
      for (int64_t k = 0; k < entries.length(); ++k) {
        if (k) out += ',';
        out += '[';
        append_canonical_value(out, keys, k);
        out += ',';
        append_canonical_value(out, values, k);
        out += ']';
      }
      out += ']';
      return;
    }
  }
  raise<NotImplemented>("canonical form of {}", t.to_string());
}

void append_canonical_header(std::string& out, const Schema& schema) {
  out += "{\"columns\":[";
  for (int i = 0; i < schema.num_fields(); ++i) {
    if (i) out += ',';
    text::append_json_string(out, schema.field(i)->name());
  }
  out += "]}\n";
}

namespace {

// One column's raw pointers with the type dispatch done once per batch; the common flat types are written
// straight from the buffers, everything else goes through append_canonical_value.
class ColumnWriter {
 public:
  // `field` (optional) carries extension metadata: an arrow.uuid column prints as "8-4-4-4-12".
  explicit ColumnWriter(const Array& a, const Field* field = nullptr) : array_(a) {
    const ArrayData& d = *a.data();
    if (field != nullptr && a.type_id() == TypeId::kFixedSizeBinary && a.type()->byte_width() == 16) {
      const auto ext = field->metadata().get("ARROW:extension:name");
      uuid_ = ext && *ext == "arrow.uuid";
    }
    // An arrow.parquet.variant column prints its values as DuckDB does (see append_variant).
    if (field != nullptr && is_variant_field(*field)) variant_ = std::make_shared<const VariantColumn>(a, field->name());
    offset_ = d.offset;
    validity_ = a.null_count() == 0 ? nullptr : d.validity();
    all_null_ = a.type_id() == TypeId::kNull;
    id_ = a.type_id();
    if (d.buffers.size() > 1 && d.buffers[1]) values_ = d.buffers[1]->data();
    if (d.buffers.size() > 2 && d.buffers[2]) chars_ = reinterpret_cast<const char*>(d.buffers[2]->data());
    if (a.type()->is_temporal()) tps_ = a.type()->id() == TypeId::kDate32 ? 0 : ticks_per_second(a.type()->unit());
  }

  void append(std::string& out, int64_t i) const {
    const int64_t k = offset_ + i;
    if (all_null_ || (validity_ != nullptr && !bit_util::get_bit(validity_, k))) {
      out += "null";
      return;
    }
    if (variant_) {
      append_variant(out, *variant_, i);
      return;
    }
    if (uuid_) {
      static constexpr char kHex[] = "0123456789abcdef";
      const uint8_t* b = values_ + k * 16;
      out += '"';
      for (int j = 0; j < 16; ++j) {
        if (j == 4 || j == 6 || j == 8 || j == 10) out += '-';
        out += kHex[b[j] >> 4];
        out += kHex[b[j] & 15];
      }
      out += '"';
      return;
    }
    switch (id_) {
      case TypeId::kBool: out += bit_util::get_bit(values_, k) ? "true" : "false"; return;
      case TypeId::kInt32: append_integer(out, raw<int32_t>(k)); return;
      case TypeId::kInt64: append_integer(out, raw<int64_t>(k)); return;
      case TypeId::kFloat64: append_double(out, raw<double>(k)); return;
      case TypeId::kFloat32: append_float(out, raw<float>(k)); return;
      case TypeId::kString: {
        const auto* o = reinterpret_cast<const int32_t*>(values_) + k;
        text::append_json_string(out, std::string_view(chars_ + o[0], static_cast<size_t>(o[1] - o[0])));
        return;
      }
      case TypeId::kTimestamp:
        out += '"';
        text::append_timestamp(out, raw<int64_t>(k), tps_, 'T');
        out += '"';
        return;
      default: append_canonical_value(out, array_, i); return;
    }
  }

 private:
  template <typename T>
  T raw(int64_t k) const {
    T v;
    std::memcpy(&v, values_ + k * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return v;
  }

  const Array& array_;
  TypeId id_;
  int64_t offset_ = 0;
  const uint8_t* validity_ = nullptr;
  const uint8_t* values_ = nullptr;
  const char* chars_ = nullptr;
  int64_t tps_ = 0;
  bool all_null_ = false;
  bool uuid_ = false;
  std::shared_ptr<const VariantColumn> variant_;
};

// Rows [begin, end) of the batch; returns when done or when the buffer passes `flush_at` bytes.
int64_t append_rows(std::string& out, const std::vector<ColumnWriter>& writers, int64_t begin, int64_t end,
                    size_t flush_at) {
  const size_t n = writers.size();
  int64_t r = begin;
  for (; r < end && out.size() < flush_at; ++r) {
    out += '[';
    for (size_t c = 0; c < n; ++c) {
      if (c) out += ',';
      writers[c].append(out, r);
    }
    out += "]\n";
  }
  return r;
}

std::vector<ColumnWriter> writers_for(const RecordBatch& batch) {
  std::vector<ColumnWriter> writers;
  writers.reserve(static_cast<size_t>(batch.num_columns()));
  for (int c = 0; c < batch.num_columns(); ++c) writers.emplace_back(batch.column(c), batch.schema()->field(c).get());
  return writers;
}

}  // namespace

void append_canonical_rows(std::string& out, const RecordBatch& batch) {
  append_rows(out, writers_for(batch), 0, batch.num_rows(), SIZE_MAX);
}

CanonicalWriter::CanonicalWriter(std::ostream& out, std::string what) : out_(out), what_(std::move(what)) {
  buffer_.reserve(kFlushBytes + (kFlushBytes >> 2));
}

CanonicalWriter::~CanonicalWriter() = default;

void CanonicalWriter::write_header(const Schema& schema) {
  append_canonical_header(buffer_, schema);
  maybe_flush();
}

void CanonicalWriter::write(const RecordBatch& batch) {
  // Flush between rows once the buffer is large, so memory stays bounded for big batches.
  const auto writers = writers_for(batch);
  for (int64_t r = 0; r < batch.num_rows();) {
    r = append_rows(buffer_, writers, r, batch.num_rows(), kFlushBytes);
    if (buffer_.size() >= kFlushBytes) flush();
  }
}

void CanonicalWriter::write(const Table& table) {
  for (const RecordBatch& b : table.to_batches()) write(b);
}

void CanonicalWriter::maybe_flush() {
  if (buffer_.size() >= kFlushBytes) flush();
}

void CanonicalWriter::flush() {
  if (buffer_.empty()) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  if (!out_) raise<IoError>("canonical dump: writing to {} failed", what_);
}

void CanonicalWriter::finish() {
  flush();
  out_.flush();
  if (!out_) raise<IoError>("canonical dump: flushing {} failed", what_);
}

std::string to_canonical(const Table& table) {
  std::string out;
  append_canonical_header(out, *table.schema());
  for (const RecordBatch& b : table.to_batches()) append_canonical_rows(out, b);
  return out;
}

void write_canonical(const Table& table, std::ostream& out) {
  CanonicalWriter w(out);
  w.write_header(*table.schema());
  w.write(table);
  w.finish();
}

}  // namespace strata::columnar
