#include "strata/columnar/variant.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "strata/core/base64.h"
#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::columnar {

namespace {

using Kind = VariantValue::Kind;

constexpr int kMaxDepth = 256;

[[noreturn]] void bad(const std::string& why) { throw FormatError(fmt::format("Variant: {}", why)); }

// Little-endian unsigned of `width` (1..8) bytes at `at`; the caller has checked the bounds.
uint64_t read_le(const uint8_t* at, int width) {
  uint64_t v = 0;
  for (int k = width - 1; k >= 0; --k) v = (v << 8) | at[k];
  return v;
}

template <typename T>
T read_raw(const uint8_t* at) {
  T v;
  std::memcpy(&v, at, sizeof(T));
  return v;
}

void need(std::span<const uint8_t> bytes, uint64_t end, std::string_view what) {
  if (end > bytes.size()) bad(fmt::format("{} needs {} bytes but the value has {}", what, end, bytes.size()));
}

// Sort object fields by name (unsigned bytes) and reject duplicates (VariantEncoding.md: names are unique).
void sort_fields(std::vector<std::pair<std::string, VariantValue>>& fields) {
  std::sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t k = 1; k < fields.size(); ++k) {
    if (fields[k].first == fields[k - 1].first) bad(fmt::format("object has the field \"{}\" twice", fields[k].first));
  }
}

class Decoder {
 public:
  explicit Decoder(const VariantMetadata& metadata) : metadata_(metadata) {}

  VariantValue decode(std::span<const uint8_t> v, int depth) const {
    if (v.empty()) bad("empty value (no header byte)");
    if (depth > kMaxDepth) bad(fmt::format("values nested deeper than {} levels", kMaxDepth));
    const uint8_t header = v[0];
    const int basic_type = header & 3;
    const int value_header = header >> 2;
    VariantValue out;
    switch (basic_type) {
      case 0: primitive(v, value_header, out); break;
      case 1:
        need(v, 1 + static_cast<uint64_t>(value_header), "short string");
        out.kind = Kind::kString;
        out.bytes.assign(reinterpret_cast<const char*>(v.data() + 1), static_cast<size_t>(value_header));
        break;
      case 2: object(v, value_header, out, depth); break;
      default: array(v, value_header, out, depth); break;
    }
    return out;
  }

 private:
  static void primitive(std::span<const uint8_t> v, int type_id, VariantValue& out) {
    const uint8_t* p = v.data() + 1;
    auto fixed = [&](uint64_t n, const char* what) { need(v, 1 + n, what); };
    switch (type_id) {
      case 0: out.kind = Kind::kNull; return;
      case 1: out.kind = Kind::kBoolean; out.boolean = true; return;
      case 2: out.kind = Kind::kBoolean; out.boolean = false; return;
      case 3: fixed(1, "int8"); out.kind = Kind::kInt8; out.integer = read_raw<int8_t>(p); return;
      case 4: fixed(2, "int16"); out.kind = Kind::kInt16; out.integer = read_raw<int16_t>(p); return;
      case 5: fixed(4, "int32"); out.kind = Kind::kInt32; out.integer = read_raw<int32_t>(p); return;
      case 6: fixed(8, "int64"); out.kind = Kind::kInt64; out.integer = read_raw<int64_t>(p); return;
      case 7: fixed(8, "double"); out.kind = Kind::kDouble; out.real = read_raw<double>(p); return;
      case 8:
      case 9:
      case 10: {
        const int width = type_id == 8 ? 4 : type_id == 9 ? 8 : 16;
        fixed(1 + static_cast<uint64_t>(width), "decimal");
        out.kind = type_id == 8 ? Kind::kDecimal4 : type_id == 9 ? Kind::kDecimal8 : Kind::kDecimal16;
        out.scale = p[0];
        if (out.scale > 38) bad(fmt::format("decimal scale {} is past 38", out.scale));
        if (width == 4) {
          out.decimal = Decimal128::from_int64(read_raw<int32_t>(p + 1));
        } else if (width == 8) {
          out.decimal = Decimal128::from_int64(read_raw<int64_t>(p + 1));
        } else {
          out.decimal.low = read_raw<uint64_t>(p + 1);
          out.decimal.high = read_raw<int64_t>(p + 9);
        }
        return;
      }
      case 11: fixed(4, "date"); out.kind = Kind::kDate; out.integer = read_raw<int32_t>(p); return;
      case 12: fixed(8, "timestamp"); out.kind = Kind::kTimestampMicros; out.integer = read_raw<int64_t>(p); return;
      case 13: fixed(8, "timestamp"); out.kind = Kind::kTimestampNtzMicros; out.integer = read_raw<int64_t>(p); return;
      case 14: fixed(4, "float"); out.kind = Kind::kFloat; out.real = read_raw<float>(p); return;
      case 15:
      case 16: {
        fixed(4, type_id == 15 ? "binary length" : "string length");
        const uint64_t n = read_le(p, 4);
        need(v, 5 + n, type_id == 15 ? "binary" : "string");
        out.kind = type_id == 15 ? Kind::kBinary : Kind::kString;
        out.bytes.assign(reinterpret_cast<const char*>(p + 4), static_cast<size_t>(n));
        return;
      }
      case 17: fixed(8, "time"); out.kind = Kind::kTimeNtzMicros; out.integer = read_raw<int64_t>(p); return;
      case 18: fixed(8, "timestamp"); out.kind = Kind::kTimestampNanos; out.integer = read_raw<int64_t>(p); return;
      case 19: fixed(8, "timestamp"); out.kind = Kind::kTimestampNtzNanos; out.integer = read_raw<int64_t>(p); return;
      case 20:
        fixed(16, "uuid");
        out.kind = Kind::kUuid;
        out.bytes.assign(reinterpret_cast<const char*>(p), 16);
        return;
      default: bad(fmt::format("unknown primitive type id {} (header byte 0x{:02x})", type_id, v[0]));
    }
  }

  // The layout shared by objects and arrays: num_elements, [field ids], num_elements + 1 offsets, values.
  struct Layout {
    uint64_t n = 0;
    uint64_t ids = 0;      // where the field ids start
    uint64_t offsets = 0;  // where the offsets start
    uint64_t values = 0;   // where the values start
    uint64_t end = 0;      // one past the last value
  };

  static Layout layout(std::span<const uint8_t> v, bool is_large, int id_size, int offset_size, const char* what) {
    Layout l;
    const int count_size = is_large ? 4 : 1;
    need(v, 1 + static_cast<uint64_t>(count_size), what);
    l.n = read_le(v.data() + 1, count_size);
    l.ids = 1 + static_cast<uint64_t>(count_size);
    l.offsets = l.ids + l.n * static_cast<uint64_t>(id_size);
    l.values = l.offsets + (l.n + 1) * static_cast<uint64_t>(offset_size);
    need(v, l.values, what);
    const uint64_t last = read_le(v.data() + l.offsets + l.n * static_cast<uint64_t>(offset_size), offset_size);
    l.end = l.values + last;
    need(v, l.end, what);
    return l;
  }

  static std::span<const uint8_t> element(std::span<const uint8_t> v, const Layout& l, uint64_t k, int offset_size,
                                          const char* what) {
    const uint64_t off = read_le(v.data() + l.offsets + k * static_cast<uint64_t>(offset_size), offset_size);
    if (l.values + off >= l.end) bad(fmt::format("{} element {} starts at {}, past its {} bytes", what, k, off, l.end - l.values));
    return v.subspan(static_cast<size_t>(l.values + off), static_cast<size_t>(l.end - l.values - off));
  }

  void object(std::span<const uint8_t> v, int h, VariantValue& out, int depth) const {
    const int offset_size = (h & 3) + 1;
    const int id_size = ((h >> 2) & 3) + 1;
    const Layout l = layout(v, ((h >> 4) & 1) != 0, id_size, offset_size, "object");
    out.kind = Kind::kObject;
    out.fields.reserve(static_cast<size_t>(l.n));
    for (uint64_t k = 0; k < l.n; ++k) {
      const uint64_t id = read_le(v.data() + l.ids + k * static_cast<uint64_t>(id_size), id_size);
      std::string name(metadata_.key(id));
      out.fields.emplace_back(std::move(name), decode(element(v, l, k, offset_size, "object"), depth + 1));
    }
    sort_fields(out.fields);
  }

  void array(std::span<const uint8_t> v, int h, VariantValue& out, int depth) const {
    const int offset_size = (h & 3) + 1;
    const Layout l = layout(v, ((h >> 2) & 1) != 0, 0, offset_size, "array");
    out.kind = Kind::kArray;
    out.items.reserve(static_cast<size_t>(l.n));
    for (uint64_t k = 0; k < l.n; ++k) out.items.push_back(decode(element(v, l, k, offset_size, "array"), depth + 1));
  }

  const VariantMetadata& metadata_;
};

// ---- shredded storage -----------------------------------------------------------------------------------

std::string_view binary_at(const Array& a, int64_t i) {
  if (a.type_id() == TypeId::kLargeBinary) return LargeBinaryArray(a).value(i);
  return BinaryArray(a).value(i);
}

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

template <typename T>
T load(const Array& a, int64_t i) {
  T v;
  std::memcpy(&v, a.data()->buffers[1]->data() + (a.offset() + i) * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

int child_index(const DataType& t, std::string_view name) {
  for (int k = 0; k < t.num_fields(); ++k) {
    if (t.fields()[static_cast<size_t>(k)]->name() == name) return k;
  }
  return -1;
}

}  // namespace

// How one (value, typed_value) pair is laid out, checked once per column, with its arrays bound once: `value`
// and `typed` are aligned with the rows of the struct holding them (the column, an object field group, or the
// element groups of a list).
struct VariantColumn::Shape {
  enum class Typed : uint8_t { kNone, kPrimitive, kObject, kArray };
  Array group;  // the struct holding value / typed_value (its own validity: a missing optional group)
  Array value;  // binary; not valid() when the column has no `value`
  Array typed;  // not valid() when there is no `typed_value`
  Typed kind = Typed::kNone;
  Kind primitive = Kind::kNull;
  std::vector<std::pair<std::string, std::unique_ptr<Shape>>> fields;  // object: field name and its group
  std::unique_ptr<Shape> element;                      // array: the element groups (the list's values)
};

namespace {

using Shape = VariantColumn::Shape;

[[noreturn]] void bad_layout(const std::string& column, const std::string& path, const std::string& why) {
  throw FormatError(fmt::format("Variant column \"{}\": {}: {}", column, path, why));
}

Kind primitive_kind(const DataType& t, const std::string& column, const std::string& path) {
  switch (t.id()) {
    case TypeId::kBool: return Kind::kBoolean;
    case TypeId::kInt8: return Kind::kInt8;
    case TypeId::kInt16: return Kind::kInt16;
    case TypeId::kInt32: return Kind::kInt32;
    case TypeId::kInt64: return Kind::kInt64;
    case TypeId::kFloat32: return Kind::kFloat;
    case TypeId::kFloat64: return Kind::kDouble;
    case TypeId::kDecimal128:
      return t.precision() <= 9 ? Kind::kDecimal4 : t.precision() <= 18 ? Kind::kDecimal8 : Kind::kDecimal16;
    case TypeId::kDate32: return Kind::kDate;
    case TypeId::kTime64:
      if (t.unit() == TimeUnit::kMicro) return Kind::kTimeNtzMicros;
      break;
    case TypeId::kTimestamp: {
      const bool utc = !t.timezone().empty();
      if (t.unit() == TimeUnit::kMicro) return utc ? Kind::kTimestampMicros : Kind::kTimestampNtzMicros;
      if (t.unit() == TimeUnit::kNano) return utc ? Kind::kTimestampNanos : Kind::kTimestampNtzNanos;
      break;
    }
    case TypeId::kString:
    case TypeId::kLargeString: return Kind::kString;
    case TypeId::kBinary:
    case TypeId::kLargeBinary: return Kind::kBinary;
    case TypeId::kFixedSizeBinary:
      if (t.byte_width() == 16) return Kind::kUuid;
      break;
    default: break;
  }
  bad_layout(column, path, fmt::format("unsupported shredded value type {} (VariantShredding.md lists the types)",
                                       t.to_string()));
}

// The shape of a struct array holding `value` and/or `typed_value` (the column's storage, an object field
// group or a list's element groups), checked against VariantShredding.md and bound to its arrays.
Shape shape_of(const Array& group_array, const std::string& column, const std::string& path, int depth) {
  if (depth > kMaxDepth) bad_layout(column, path, "shredding nested too deeply");
  const DataType& group = *group_array.type();
  if (group.id() != TypeId::kStruct) bad_layout(column, path, fmt::format("{} is not a group", group.to_string()));
  const StructArray children(group_array);
  Shape s;
  s.group = group_array;
  const int value_index = child_index(group, "value");
  const int typed_index = child_index(group, "typed_value");
  if (value_index >= 0) {
    s.value = children.field(value_index);
    if (s.value.type_id() != TypeId::kBinary && s.value.type_id() != TypeId::kLargeBinary) {
      bad_layout(column, path + ".value", "not a binary column");
    }
  }
  if (typed_index < 0) {
    if (value_index < 0) bad_layout(column, path, "neither value nor typed_value");
    return s;
  }
  const std::string here = path + ".typed_value";
  s.typed = children.field(typed_index);
  const DataType& t = *s.typed.type();
  if (t.id() == TypeId::kStruct) {
    s.kind = Shape::Typed::kObject;
    const StructArray typed(s.typed);
    for (int k = 0; k < t.num_fields(); ++k) {
      const std::string& name = t.fields()[static_cast<size_t>(k)]->name();
      s.fields.emplace_back(name,
                            std::make_unique<Shape>(shape_of(typed.field(k), column, here + "." + name, depth + 1)));
    }
  } else if (t.id() == TypeId::kList || t.id() == TypeId::kLargeList) {
    s.kind = Shape::Typed::kArray;
    const Array elements = t.id() == TypeId::kList ? ListArray(s.typed).values() : LargeListArray(s.typed).values();
    s.element = std::make_unique<Shape>(shape_of(elements, column, here + ".element", depth + 1));
  } else {
    s.kind = Shape::Typed::kPrimitive;
    s.primitive = primitive_kind(t, column, here);
  }
  return s;
}

VariantValue typed_primitive(Kind kind, const Array& a, int64_t i) {
  VariantValue out;
  out.kind = kind;
  switch (kind) {
    case Kind::kBoolean: out.boolean = BooleanArray(a).value(i); break;
    case Kind::kInt8: out.integer = load<int8_t>(a, i); break;
    case Kind::kInt16: out.integer = load<int16_t>(a, i); break;
    case Kind::kInt32: out.integer = load<int32_t>(a, i); break;
    case Kind::kDate: out.integer = load<int32_t>(a, i); break;
    case Kind::kInt64:
    case Kind::kTimeNtzMicros:
    case Kind::kTimestampMicros:
    case Kind::kTimestampNtzMicros:
    case Kind::kTimestampNanos:
    case Kind::kTimestampNtzNanos: out.integer = load<int64_t>(a, i); break;
    case Kind::kFloat: out.real = load<float>(a, i); break;
    case Kind::kDouble: out.real = load<double>(a, i); break;
    case Kind::kDecimal4:
    case Kind::kDecimal8:
    case Kind::kDecimal16:
      out.decimal = Decimal128Array(a).value(i);
      out.scale = a.type()->scale();
      break;
    case Kind::kString:
      out.bytes = a.type_id() == TypeId::kLargeString ? std::string(LargeStringArray(a).value(i))
                                                     : std::string(StringArray(a).value(i));
      break;
    case Kind::kBinary: out.bytes = std::string(binary_at(a, i)); break;
    case Kind::kUuid: out.bytes = std::string(FixedSizeBinaryArray(a).value(i)); break;
    default: break;
  }
  return out;
}

class Rebuilder {
 public:
  explicit Rebuilder(const VariantMetadata& metadata) : decoder_(metadata) {}

  // The value of one (value, typed_value) pair at index i of its group; nullopt when missing.
  std::optional<VariantValue> rebuild(const Shape& s, int64_t i, int depth) const {
    const bool has_value = s.value.valid() && s.value.is_valid(i);
    const bool has_typed = s.typed.valid() && s.typed.is_valid(i);
    if (!has_typed) {
      if (!has_value) return std::nullopt;
      return decoder_.decode(bytes_of(binary_at(s.value, i)), depth);
    }
    switch (s.kind) {
      case Shape::Typed::kPrimitive:
        if (has_value) bad("conflicting value and typed_value (both set for a shredded primitive)");
        return typed_primitive(s.primitive, s.typed, i);
      case Shape::Typed::kArray: {
        if (has_value) bad("conflicting value and typed_value (both set for a shredded array)");
        int64_t begin = 0, length = 0;
        if (s.typed.type_id() == TypeId::kList) {
          const ListArray list(s.typed);
          begin = list.value_offset(i);
          length = list.value_length(i);
        } else {
          const LargeListArray list(s.typed);
          begin = list.value_offset(i);
          length = list.value_length(i);
        }
        if (begin < 0 || length < 0 || begin + length > s.element->group.length()) bad("list offsets past the elements");
        VariantValue out;
        out.kind = Kind::kArray;
        out.items.reserve(static_cast<size_t>(length));
        for (int64_t k = begin; k < begin + length; ++k) {
          // A missing element (value and typed_value both null) reads as a Variant null, as DuckDB reads it.
          auto item = s.element->group.is_valid(k) ? rebuild(*s.element, k, depth + 1) : std::nullopt;
          out.items.push_back(item ? std::move(*item) : VariantValue{});
        }
        return out;
      }
      case Shape::Typed::kObject: {
        VariantValue out;
        out.kind = Kind::kObject;
        for (const auto& [name, field] : s.fields) {
          if (field->group.is_null(i)) continue;  // an optional field group (not to spec): missing
          auto v = rebuild(*field, i, depth + 1);
          if (v) out.fields.emplace_back(name, std::move(*v));
        }
        if (has_value) {
          VariantValue rest = decoder_.decode(bytes_of(binary_at(s.value, i)), depth);
          if (rest.kind != Kind::kObject) bad("a non-object value with shredded fields (typed_value is an object)");
          for (auto& [rest_name, v] : rest.fields) {
            // The shredded field wins when a name is in both (VariantShredding.md: typed_value must be used).
            const std::string& name = rest_name;  // a reference, not the binding: lambdas may not capture bindings
            const bool shredded = std::any_of(out.fields.begin(), out.fields.end(),
                                              [&](const auto& f) { return f.first == name; });
            if (!shredded) out.fields.emplace_back(std::move(rest_name), std::move(v));
          }
        }
        sort_fields(out.fields);
        return out;
      }
      case Shape::Typed::kNone: break;
    }
    return std::nullopt;
  }

 private:
  Decoder decoder_;
};

// ---- text forms -----------------------------------------------------------------------------------------

void append_int(std::string& out, int64_t v) { fmt::format_to(std::back_inserter(out), "{}", v); }

// JavaScript's String(number): shortest round trip; -0 prints as 0.
void append_js_number(std::string& out, double v) {
  if (v == 0) {
    out += '0';
  } else {
    text::append_double_js(out, v);
  }
}

int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// DuckDB's client: year padded to 4 digits, " (BC)" before year 1 (astronomical year -1 is 2 BC).
void append_duck_date(std::string& out, int64_t days) {
  const text::CivilDate c = text::civil_from_days(days);
  int64_t year = c.year;
  if (year < 0) --year;
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", year < 0 ? -year : year, c.month, c.day);
  if (year < 0) out += " (BC)";
}

void append_duck_time(std::string& out, int64_t ticks, int64_t per_second, int digits) {
  const int64_t fraction = ticks % per_second;
  const int64_t seconds = ticks / per_second;
  fmt::format_to(std::back_inserter(out), "{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (fraction != 0) {
    std::string f = fmt::format("{:0{}}", fraction, digits);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += '.';
    out += f;
  }
}

void append_duck_timestamp(std::string& out, int64_t ticks, int64_t per_second, int digits, bool utc) {
  if (per_second == 1000000 && (ticks == INT64_MAX || ticks == -INT64_MAX)) {
    out += ticks > 0 ? "infinity" : "-infinity";
    return;
  }
  const int64_t per_day = per_second * 86400;
  const int64_t days = floor_div(ticks, per_day);
  const int64_t in_day = ticks - days * per_day;
  append_duck_date(out, days);  // " (BC)" sits between the date and the time, as DuckDB's client lays it out
  out += ' ';
  append_duck_time(out, in_day, per_second, digits);
  if (utc) out += "+00";
}

void append_quoted(std::string& out, std::string_view s) {
  out += '\'';
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
}

void append_uuid(std::string& out, std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t j = 0; j < b.size(); ++j) {
    if (j == 4 || j == 6 || j == 8 || j == 10) out += '-';
    const auto u = static_cast<unsigned char>(b[j]);
    out += kHex[u >> 4];
    out += kHex[u & 15];
  }
}

// A JavaScript array index ("0", "17", not "01"), which an object enumerates before its other keys.
std::optional<uint32_t> js_index(std::string_view key) {
  if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v >= 0xffffffffULL) return std::nullopt;
  return static_cast<uint32_t>(v);
}

}  // namespace

// ---- VariantMetadata --------------------------------------------------------------------------------------

VariantMetadata VariantMetadata::parse(std::span<const uint8_t> bytes) {
  if (bytes.empty()) bad("empty metadata");
  const uint8_t header = bytes[0];
  if ((header & 0x0f) != 1) bad(fmt::format("metadata version {} (header byte 0x{:02x}); only 1 is known", header & 0x0f, header));
  const int offset_size = ((header >> 6) & 3) + 1;
  VariantMetadata m;
  m.bytes_ = bytes;
  m.sorted_ = ((header >> 4) & 1) != 0;
  if (1 + static_cast<uint64_t>(offset_size) > bytes.size()) bad("metadata truncated before its dictionary size");
  const uint64_t n = read_le(bytes.data() + 1, offset_size);
  const uint64_t offsets_at = 1 + static_cast<uint64_t>(offset_size);
  if (n == 0 && offsets_at == bytes.size()) {
    m.strings_ = bytes.size();  // "01 00": an empty dictionary written without its single 0 offset
    return m;
  }
  const uint64_t strings_at = offsets_at + (n + 1) * static_cast<uint64_t>(offset_size);
  if (strings_at > bytes.size()) {
    bad(fmt::format("metadata of {} bytes cannot hold the {} offsets of a {}-string dictionary", bytes.size(), n + 1, n));
  }
  m.strings_ = static_cast<size_t>(strings_at);
  const uint64_t available = bytes.size() - strings_at;
  m.offsets_.resize(static_cast<size_t>(n + 1));
  uint64_t previous = 0;
  for (uint64_t k = 0; k <= n; ++k) {
    const uint64_t off = read_le(bytes.data() + offsets_at + k * static_cast<uint64_t>(offset_size), offset_size);
    if (off > available || off < previous) {
      bad(fmt::format("metadata string offset {} = {} is out of order or past the {} string bytes", k, off, available));
    }
    m.offsets_[static_cast<size_t>(k)] = static_cast<uint32_t>(off);
    previous = off;
  }
  return m;
}

std::string_view VariantMetadata::key(uint64_t id) const {
  if (id >= size()) bad(fmt::format("field id {} is past the metadata dictionary of {} names", id, size()));
  const auto begin = strings_ + offsets_[static_cast<size_t>(id)];
  const auto end = strings_ + offsets_[static_cast<size_t>(id) + 1];
  return {reinterpret_cast<const char*>(bytes_.data() + begin), end - begin};
}

VariantValue decode_variant(const VariantMetadata& metadata, std::span<const uint8_t> value) {
  return Decoder(metadata).decode(value, 0);
}

VariantValue decode_variant(std::span<const uint8_t> metadata, std::span<const uint8_t> value) {
  return decode_variant(VariantMetadata::parse(metadata), value);
}

bool is_variant_field(const Field& field) {
  if (field.type()->id() != TypeId::kStruct) return false;
  const auto ext = field.metadata().get("ARROW:extension:name");
  return ext && *ext == kVariantExtensionName;
}

// ---- VariantColumn ----------------------------------------------------------------------------------------

VariantColumn::VariantColumn(const Array& storage, std::string column) : storage_(storage), column_(std::move(column)) {
  const DataType& t = *storage.type();
  if (t.id() != TypeId::kStruct) bad_layout(column_, column_, fmt::format("storage is {}, not a struct", t.to_string()));
  const int metadata_index = child_index(t, "metadata");
  if (metadata_index < 0) bad_layout(column_, column_, "no metadata column");
  metadata_ = StructArray(storage).field(metadata_index);
  if (metadata_.type_id() != TypeId::kBinary && metadata_.type_id() != TypeId::kLargeBinary) {
    bad_layout(column_, column_ + ".metadata", "not a binary column");
  }
  shape_ = std::make_unique<Shape>(shape_of(storage, column_, column_, 0));
}

VariantColumn::~VariantColumn() = default;
VariantColumn::VariantColumn(VariantColumn&&) noexcept = default;
VariantColumn& VariantColumn::operator=(VariantColumn&&) noexcept = default;

std::optional<VariantValue> VariantColumn::value(int64_t row) const {
  if (row < 0 || row >= storage_.length()) raise("Variant column \"{}\": row {} of {}", column_, row, storage_.length());
  if (storage_.is_null(row)) return std::nullopt;
  try {
    if (metadata_.is_null(row)) bad("null metadata");
    const VariantMetadata metadata = VariantMetadata::parse(bytes_of(binary_at(metadata_, row)));
    auto v = Rebuilder(metadata).rebuild(*shape_, row, 0);
    return v ? std::move(*v) : VariantValue{};
  } catch (const FormatError& e) {
    throw FormatError(fmt::format("Variant column \"{}\", row {}: {}", column_, row, e.what()));
  }
}

// ---- text -------------------------------------------------------------------------------------------------

void append_variant_text(std::string& out, const VariantValue& v) {
  switch (v.kind) {
    case Kind::kNull: out += "NULL"; return;
    case Kind::kBoolean: out += v.boolean ? "true" : "false"; return;
    case Kind::kInt8:
    case Kind::kInt16:
    case Kind::kInt32:
    case Kind::kInt64: append_int(out, v.integer); return;
    case Kind::kFloat:
    case Kind::kDouble: append_js_number(out, v.real); return;
    case Kind::kDecimal4:
    case Kind::kDecimal8:
    case Kind::kDecimal16: out += v.decimal.to_string(v.scale); return;
    case Kind::kDate: append_duck_date(out, v.integer); return;
    case Kind::kTimestampMicros: append_duck_timestamp(out, v.integer, 1000000, 6, true); return;
    case Kind::kTimestampNtzMicros: append_duck_timestamp(out, v.integer, 1000000, 6, false); return;
    // DuckDB reads a nanosecond timestamp with zone as its microsecond TIMESTAMPTZ.
    case Kind::kTimestampNanos: append_duck_timestamp(out, floor_div(v.integer, 1000), 1000000, 6, true); return;
    case Kind::kTimestampNtzNanos: append_duck_timestamp(out, v.integer, 1000000000, 9, false); return;
    case Kind::kTimeNtzMicros: {
      constexpr int64_t kDay = 86400LL * 1000000;
      append_duck_time(out, v.integer < 0 ? v.integer + kDay : v.integer, 1000000, 6);
      return;
    }
    case Kind::kString: append_quoted(out, v.bytes); return;
    case Kind::kBinary: {
      for (char ch : v.bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b <= 0x1f || b == 0x22 || b == 0x27 || b >= 0x7f) {
          fmt::format_to(std::back_inserter(out), "\\x{:02X}", b);
        } else {
          out += ch;
        }
      }
      return;
    }
    case Kind::kUuid: append_uuid(out, v.bytes); return;
    case Kind::kObject: {
      // A JavaScript object lists array-index keys first, in numeric order, then the rest as inserted.
      std::vector<const std::pair<std::string, VariantValue>*> order;
      order.reserve(v.fields.size());
      for (const auto& f : v.fields) order.push_back(&f);
      std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        const auto ia = js_index(a->first), ib = js_index(b->first);
        if (ia && ib) return *ia < *ib;
        return ia.has_value() && !ib.has_value();
      });
      out += '{';
      for (size_t k = 0; k < order.size(); ++k) {
        if (k) out += ", ";
        append_quoted(out, order[k]->first);
        out += ": ";
        append_variant_text(out, order[k]->second);
      }
      out += '}';
      return;
    }
    case Kind::kArray:
      out += '[';
      for (size_t k = 0; k < v.items.size(); ++k) {
        if (k) out += ", ";
        append_variant_text(out, v.items[k]);
      }
      out += ']';
      return;
  }
}

std::string variant_text(const VariantValue& value) {
  std::string out;
  append_variant_text(out, value);
  return out;
}

namespace {

void append_json(std::string& out, const VariantValue& v) {
  auto quoted = [&](auto&& fill) {
    out += '"';
    fill();
    out += '"';
  };
  switch (v.kind) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBoolean: out += v.boolean ? "true" : "false"; return;
    case Kind::kInt8:
    case Kind::kInt16:
    case Kind::kInt32:
    case Kind::kInt64: append_int(out, v.integer); return;
    case Kind::kFloat:
    case Kind::kDouble:
      if (std::isfinite(v.real)) {
        if (v.kind == Kind::kFloat) {
          text::append_float_js(out, static_cast<float>(v.real));
        } else {
          text::append_double_js(out, v.real);
        }
      } else {
        quoted([&] { text::append_double_js(out, v.real); });
      }
      return;
    case Kind::kDecimal4:
    case Kind::kDecimal8:
    case Kind::kDecimal16: out += v.decimal.to_string(v.scale); return;
    case Kind::kDate: quoted([&] { text::append_date(out, v.integer); }); return;
    case Kind::kTimestampMicros:
      quoted([&] { text::append_timestamp(out, v.integer, 1000000, 'T'); out += 'Z'; });
      return;
    case Kind::kTimestampNtzMicros: quoted([&] { text::append_timestamp(out, v.integer, 1000000, 'T'); }); return;
    case Kind::kTimestampNanos:
      quoted([&] { text::append_timestamp(out, v.integer, 1000000000, 'T'); out += 'Z'; });
      return;
    case Kind::kTimestampNtzNanos: quoted([&] { text::append_timestamp(out, v.integer, 1000000000, 'T'); }); return;
    case Kind::kTimeNtzMicros: quoted([&] { text::append_time_of_day(out, v.integer, 1000000); }); return;
    case Kind::kString: text::append_json_string(out, v.bytes); return;
    case Kind::kBinary: quoted([&] { out += base64_encode(bytes_of(v.bytes)); }); return;
    case Kind::kUuid: quoted([&] { append_uuid(out, v.bytes); }); return;
    case Kind::kObject:
      out += '{';
      for (size_t k = 0; k < v.fields.size(); ++k) {
        if (k) out += ',';
        text::append_json_string(out, v.fields[k].first);
        out += ':';
        append_json(out, v.fields[k].second);
      }
      out += '}';
      return;
    case Kind::kArray:
      out += '[';
      for (size_t k = 0; k < v.items.size(); ++k) {
        if (k) out += ',';
        append_json(out, v.items[k]);
      }
      out += ']';
      return;
  }
}

}  // namespace

std::string variant_to_json(const VariantValue& value) {
  std::string out;
  append_json(out, value);
  return out;
}

std::optional<std::string> variant_to_json(const Array& storage, int64_t row) {
  auto v = VariantColumn(storage, "variant").value(row);
  if (!v) return std::nullopt;
  return variant_to_json(*v);
}

}  // namespace strata::columnar
