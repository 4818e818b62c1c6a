#include "strata/columnar/canonical.h"

#include <bit>
#include <cmath>
#include <cstring>

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

void append_list_items(std::string& out, const Array& items) {
  out += '[';
  for (int64_t k = 0; k < items.length(); ++k) {
    if (k) out += ',';
    append_canonical_value(out, items, k);
  }
  out += ']';
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
    case TypeId::kList: append_list_items(out, ListArray(a).value_slice(i)); return;
    case TypeId::kLargeList: append_list_items(out, LargeListArray(a).value_slice(i)); return;
    case TypeId::kFixedSizeList: append_list_items(out, FixedSizeListArray(a).value_slice(i)); return;
    case TypeId::kStruct: {
      StructArray s(a);
      out += '{';
      for (int f = 0; f < s.num_fields(); ++f) {
        if (f) out += ',';
        text::append_json_string(out, t.fields()[static_cast<size_t>(f)]->name());
        out += ':';
        append_canonical_value(out, s.field(f), i);
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

void append_canonical_rows(std::string& out, const RecordBatch& batch) {
  const int n = batch.num_columns();
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    out += '[';
    for (int c = 0; c < n; ++c) {
      if (c) out += ',';
      append_canonical_value(out, batch.column(c), r);
    }
    out += "]\n";
  }
}

CanonicalWriter::CanonicalWriter(std::ostream& out, std::string what) : out_(out), what_(std::move(what)) {
  buffer_.reserve(kFlushBytes + (kFlushBytes >> 2));
}

CanonicalWriter::~CanonicalWriter() {
  try {
    flush();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw; finish() reports errors
  }
}

void CanonicalWriter::write_header(const Schema& schema) {
  append_canonical_header(buffer_, schema);
  maybe_flush();
}

void CanonicalWriter::write(const RecordBatch& batch) {
  // Row by row, flushing between rows once the buffer is large, so memory stays bounded for big batches.
  const int n = batch.num_columns();
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    buffer_ += '[';
    for (int c = 0; c < n; ++c) {
      if (c) buffer_ += ',';
      append_canonical_value(buffer_, batch.column(c), r);
    }
    buffer_ += "]\n";
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
