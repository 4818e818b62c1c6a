#include "strata/csv/writer.h"

#include <charconv>

#include "strata/columnar/array.h"
#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::csv {

using columnar::Array;
using columnar::TypeId;

namespace {

void append_quoted_if_needed(std::string& out, std::string_view v, char delimiter) {
  bool needs = false;
  for (char c : v) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      needs = true;
      break;
    }
  }
  if (!needs) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

template <typename T>
void append_integer(std::string& out, T v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

// Append element i of a column (REQUIRES: valid) as CSV text.
void append_value(std::string& out, const Array& a, int64_t i, const WriteOptions& o) {
  const auto& t = *a.type();
  const int64_t k = a.offset() + i;
  const uint8_t* values = a.data()->buffers.size() > 1 && a.data()->buffers[1] ? a.data()->buffers[1]->data() : nullptr;
  switch (t.id()) {
    case TypeId::kBool: out += bit_util::get_bit(values, k) ? "true" : "false"; return;
    case TypeId::kInt8: append_integer(out, reinterpret_cast<const int8_t*>(values)[k]); return;
    case TypeId::kInt16: append_integer(out, reinterpret_cast<const int16_t*>(values)[k]); return;
    case TypeId::kInt32: append_integer(out, reinterpret_cast<const int32_t*>(values)[k]); return;
    case TypeId::kInt64: append_integer(out, reinterpret_cast<const int64_t*>(values)[k]); return;
    case TypeId::kUInt8: append_integer(out, values[k]); return;
    case TypeId::kUInt16: append_integer(out, reinterpret_cast<const uint16_t*>(values)[k]); return;
    case TypeId::kUInt32: append_integer(out, reinterpret_cast<const uint32_t*>(values)[k]); return;
    case TypeId::kUInt64: append_integer(out, reinterpret_cast<const uint64_t*>(values)[k]); return;
    case TypeId::kFloat32: text::append_float_js(out, reinterpret_cast<const float*>(values)[k]); return;
    case TypeId::kFloat64: text::append_double_js(out, reinterpret_cast<const double*>(values)[k]); return;
    case TypeId::kDate32: text::append_date(out, reinterpret_cast<const int32_t*>(values)[k]); return;
    case TypeId::kTimestamp:
      text::append_timestamp(out, reinterpret_cast<const int64_t*>(values)[k], columnar::ticks_per_second(t.unit()),
                             o.timestamp_separator);
      if (!t.timezone().empty()) out += 'Z';
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      append_quoted_if_needed(out, columnar::StringArray(a).value(i), o.delimiter);
      return;
    case TypeId::kLargeString:
    case TypeId::kLargeBinary:
      append_quoted_if_needed(out, columnar::LargeStringArray(a).value(i), o.delimiter);
      return;
    case TypeId::kDictionary: {
      columnar::DictionaryArray d(a);
      append_value(out, d.dictionary(), d.index(i), o);
      return;
    }
    case TypeId::kList:
    case TypeId::kLargeList:
    case TypeId::kStruct:
    case TypeId::kMap:
    case TypeId::kFixedSizeList:
      raise<NotImplemented>("writing CSV columns of type {}", t.to_string());
    default:
      append_quoted_if_needed(out, columnar::value_to_string(a, i), o.delimiter);
  }
}

}  // namespace

void write_csv(const columnar::Table& table, io::OutputStream& out, const WriteOptions& options) {
  std::string buffer;
  buffer.reserve(1 << 20);
  if (options.include_header) {
    for (int c = 0; c < table.num_columns(); ++c) {
      if (c) buffer += options.delimiter;
      append_quoted_if_needed(buffer, table.schema()->field(c)->name(), options.delimiter);
    }
    buffer += options.line_terminator;
  }
  for (const auto& batch : table.to_batches(options.batch_rows)) {
    const int num_columns = batch.num_columns();
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      for (int c = 0; c < num_columns; ++c) {
        if (c) buffer += options.delimiter;
        const Array& column = batch.column(c);
        if (column.is_null(row)) {
          buffer += options.null_string;
        } else {
          append_value(buffer, column, row, options);
        }
      }
      buffer += options.line_terminator;
      if (buffer.size() >= (1 << 20)) {
        out.write(buffer);
        buffer.clear();
      }
    }
  }
  out.write(buffer);
}

void write_csv(const columnar::Table& table, const std::filesystem::path& path, const WriteOptions& options) {
  io::AtomicFileWriter file(path, options.sync ? io::Durability::kDurable : io::Durability::kAtomic);
  write_csv(table, file, options);
  file.commit();
}

}  // namespace strata::csv
