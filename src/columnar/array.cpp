#include "strata/columnar/array.h"

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::columnar {

int64_t ArrayData::get_null_count() {
  if (null_count != kUnknownNullCount) return null_count;
  if (type->id() == TypeId::kNull) {
    null_count = length;
  } else if (const uint8_t* bits = validity()) {
    null_count = length - bit_util::count_set_bits(bits, offset, length);
  } else {
    null_count = 0;
  }
  return null_count;
}

Array::Array(std::shared_ptr<ArrayData> data) : data_(std::move(data)) {
  if (data_) data_->get_null_count();
}

Array Array::slice(int64_t offset, int64_t length) const {
  if (offset < 0 || length < 0 || offset + length > data_->length) {
    raise("slice [{}, {}) is outside an array of length {}", offset, offset + length, data_->length);
  }
  auto sliced = std::make_shared<ArrayData>(*data_);
  sliced->offset = data_->offset + offset;
  sliced->length = length;
  if (data_->null_count == 0 || data_->null_count == data_->length) {
    sliced->null_count = data_->null_count == 0 ? 0 : length;
  } else {
    sliced->null_count = kUnknownNullCount;
  }
  // Struct children carry their own offsets; the struct's offset applies on top (as in Arrow).
  return Array(std::move(sliced));
}

void check_type_id(const Array& array, std::initializer_list<TypeId> ids, const char* view_name) {
  if (!array.valid()) raise<TypeError>("{} over an empty Array handle", view_name);
  for (TypeId id : ids) {
    if (array.type_id() == id) return;
  }
  raise<TypeError>("{} cannot view an array of type {}", view_name, array.type()->to_string());
}

void check_numeric_view(const Array& array, int byte_width, bool floating) {
  if (!array.valid()) raise<TypeError>("NumericArray over an empty Array handle");
  const DataType& t = *array.type();
  const bool ok = t.is_fixed_width() && t.id() != TypeId::kFixedSizeBinary && t.id() != TypeId::kDecimal128 &&
                  t.byte_width() == byte_width && t.is_floating() == floating;
  if (!ok) {
    raise<TypeError>("a NumericArray of {}-byte {} values cannot view an array of type {}", byte_width,
                     floating ? "floating-point" : "integer", t.to_string());
  }
}

NullArray::NullArray(int64_t length) : Array(ArrayData::make(null(), length, {nullptr}, length)) {}

int64_t BooleanArray::true_count() const {
  const uint8_t* values = values_bitmap();
  const uint8_t* validity = null_bitmap_data();
  if (validity == nullptr) return bit_util::count_set_bits(values, offset(), length());
  int64_t count = 0;
  for (int64_t i = 0; i < length(); ++i) {
    count += bit_util::get_bit(values, offset() + i) & bit_util::get_bit(validity, offset() + i);
  }
  return count;
}

Array DictionaryArray::indices() const {
  auto data = std::make_shared<ArrayData>(*data_);
  data->type = type()->index_type();
  data->dictionary.reset();
  return Array(std::move(data));
}

int64_t DictionaryArray::index(int64_t i) const {
  const uint8_t* p = data_->buffers[1]->data();
  const int64_t k = data_->offset + i;
  switch (type()->index_type()->id()) {
    case TypeId::kInt8: return reinterpret_cast<const int8_t*>(p)[k];
    case TypeId::kUInt8: return p[k];
    case TypeId::kInt16: return reinterpret_cast<const int16_t*>(p)[k];
    case TypeId::kUInt16: return reinterpret_cast<const uint16_t*>(p)[k];
    case TypeId::kInt32: return reinterpret_cast<const int32_t*>(p)[k];
    case TypeId::kUInt32: return reinterpret_cast<const uint32_t*>(p)[k];
    case TypeId::kInt64: return reinterpret_cast<const int64_t*>(p)[k];
    case TypeId::kUInt64: return static_cast<int64_t>(reinterpret_cast<const uint64_t*>(p)[k]);
    default: return 0;
  }
}

Array StructArray::field(int i) const {
  Array child(data_->children.at(static_cast<size_t>(i)));
  if (data_->offset == 0 && child.length() == data_->length) return child;
  return child.slice(data_->offset, data_->length);
}

StructArray StructArray::make(std::vector<FieldPtr> fields, const std::vector<Array>& children) {
  if (fields.size() != children.size()) {
    raise("StructArray::make: {} fields but {} children", fields.size(), children.size());
  }
  const int64_t length = children.empty() ? 0 : children[0].length();
  auto data = ArrayData::make(struct_(std::move(fields)), length, {nullptr}, 0);
  for (const auto& c : children) {
    if (c.length() != length) raise("StructArray::make: children of lengths {} and {}", length, c.length());
    data->children.push_back(c.data());
  }
  return StructArray(Array(std::move(data)));
}

// ---------------------------------------------------------------------------------------------------------
// Decimal128

namespace {

__extension__ typedef unsigned __int128 u128;
__extension__ typedef __int128 i128;

i128 to_i128(const Decimal128& d) { return static_cast<i128>((static_cast<u128>(static_cast<uint64_t>(d.high)) << 64) | d.low); }

Decimal128 from_i128(i128 v) {
  const auto u = static_cast<u128>(v);
  return {static_cast<uint64_t>(u), static_cast<int64_t>(static_cast<uint64_t>(u >> 64))};
}

}  // namespace

std::string Decimal128::to_string(int32_t scale) const {
  i128 v = to_i128(*this);
  const bool negative = v < 0;
  u128 magnitude = negative ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
  // Digits least significant first, then laid out with the point and reversed once.
  // Any scale (a file may declare one larger than the digits; fuzzing found 64+): a growing buffer.
  std::string reversed;
  do {
    reversed += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  int n = static_cast<int>(reversed.size());
  std::string digits;
  if (scale > 0) {
    while (n <= scale) {
      reversed += '0';
      ++n;
    }
    for (int i = n - 1; i >= scale; --i) digits += reversed[i];
    digits += '.';
    for (int i = scale - 1; i >= 0; --i) digits += reversed[i];
  } else {
    for (int i = n - 1; i >= 0; --i) digits += reversed[i];
    digits.append(static_cast<size_t>(-scale), '0');
  }
  return negative ? "-" + digits : digits;
}

Decimal128 Decimal128::parse(std::string_view text, int32_t scale) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) raise("cannot parse \"{}\" as a decimal", text);
  i128 value = 0;
  int32_t fraction_digits = 0;
  bool seen_point = false;
  int digits = 0;
  for (char c : s) {
    if (c == '.') {
      if (seen_point) raise("cannot parse \"{}\" as a decimal: two decimal points", text);
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') raise("cannot parse \"{}\" as a decimal: unexpected '{}'", text, c);
    if (++digits > 38) raise("cannot parse \"{}\" as a decimal: more than 38 digits", text);
    value = value * 10 + (c - '0');
    if (seen_point) ++fraction_digits;
  }
  if (fraction_digits > scale) raise("\"{}\" has more than {} digits after the point", text, scale);
  for (int32_t i = fraction_digits; i < scale; ++i) value *= 10;
  return from_i128(negative ? -value : value);
}

// ---------------------------------------------------------------------------------------------------------
// Element access shared by equals and to_string.

std::string value_to_string(const Array& array, int64_t i) {
  if (array.is_null(i)) return "null";
  std::string out;
  const DataType& t = *array.type();
  const uint8_t* values = array.data()->buffers.size() > 1 && array.data()->buffers[1]
                              ? array.data()->buffers[1]->data() : nullptr;
  const int64_t k = array.offset() + i;
  switch (t.id()) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return bit_util::get_bit(values, k) ? "true" : "false";
    case TypeId::kInt8: return std::to_string(reinterpret_cast<const int8_t*>(values)[k]);
    case TypeId::kInt16: return std::to_string(reinterpret_cast<const int16_t*>(values)[k]);
    case TypeId::kInt32: return std::to_string(reinterpret_cast<const int32_t*>(values)[k]);
    case TypeId::kInt64: return std::to_string(reinterpret_cast<const int64_t*>(values)[k]);
    case TypeId::kUInt8: return std::to_string(values[k]);
    case TypeId::kUInt16: return std::to_string(reinterpret_cast<const uint16_t*>(values)[k]);
    case TypeId::kUInt32: return std::to_string(reinterpret_cast<const uint32_t*>(values)[k]);
    case TypeId::kUInt64: return std::to_string(reinterpret_cast<const uint64_t*>(values)[k]);
    case TypeId::kFloat16: return fmt::format("0x{:04x}", reinterpret_cast<const uint16_t*>(values)[k]);
    case TypeId::kFloat32: return text::format_float_js(reinterpret_cast<const float*>(values)[k]);
    case TypeId::kFloat64: return text::format_double_js(reinterpret_cast<const double*>(values)[k]);
    case TypeId::kString:
    case TypeId::kBinary: return std::string(StringArray(array).value(i));
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return std::string(LargeStringArray(array).value(i));
    case TypeId::kFixedSizeBinary: {
      static constexpr char kHex[] = "0123456789abcdef";
      for (unsigned char c : FixedSizeBinaryArray(array).value(i)) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out;
    }
    case TypeId::kDate32: text::append_date(out, reinterpret_cast<const int32_t*>(values)[k]); return out;
    case TypeId::kDate64:
      text::append_date(out, reinterpret_cast<const int64_t*>(values)[k] / 86400000);
      return out;
    case TypeId::kTime32:
      text::append_time_of_day(out, reinterpret_cast<const int32_t*>(values)[k], ticks_per_second(t.unit()));
      return out;
    case TypeId::kTime64:
      text::append_time_of_day(out, reinterpret_cast<const int64_t*>(values)[k], ticks_per_second(t.unit()));
      return out;
    case TypeId::kTimestamp:
      text::append_timestamp(out, reinterpret_cast<const int64_t*>(values)[k], ticks_per_second(t.unit()));
      return out;
    case TypeId::kDuration:
      return fmt::format("{}{}", reinterpret_cast<const int64_t*>(values)[k], time_unit_suffix(t.unit()));
    case TypeId::kDecimal128: return Decimal128Array(array).value(i).to_string(t.scale());
    case TypeId::kDictionary: {
      DictionaryArray dict(array);
      return value_to_string(dict.dictionary(), dict.index(i));
    }
    case TypeId::kList:
    case TypeId::kMap:
    case TypeId::kLargeList:
    case TypeId::kFixedSizeList: {
      Array items = t.id() == TypeId::kLargeList ? LargeListArray(array).value_slice(i)
                    : t.id() == TypeId::kFixedSizeList ? FixedSizeListArray(array).value_slice(i)
                                                       : ListArray(array).value_slice(i);
      return items.to_string();
    }
    case TypeId::kStruct: {
      StructArray s(array);
      out += '{';
      for (int f = 0; f < s.num_fields(); ++f) {
        if (f) out += ", ";
        out += t.fields()[static_cast<size_t>(f)]->name();
        out += ": ";
        out += value_to_string(s.field(f), i);
      }
      out += '}';
      return out;
    }
  }
  return "?";
}

std::string Array::to_string() const {
  std::string out = "[";
  for (int64_t i = 0; i < length(); ++i) {
    if (i) out += ", ";
    const bool quote = !is_null(i) && (type()->is_string_like() ||
                                       (type_id() == TypeId::kDictionary && type()->value_type()->is_string_like()));
    if (quote) out += '"';
    out += value_to_string(*this, i);
    if (quote) out += '"';
  }
  out += ']';
  return out;
}

namespace {

bool value_equals(const Array& a, int64_t i, const Array& b, int64_t j) {
  const bool a_null = a.is_null(i);
  if (a_null != b.is_null(j)) return false;
  if (a_null) return true;
  const DataType& t = *a.type();
  if (t.is_fixed_width() && t.id() != TypeId::kFixedSizeBinary && t.id() != TypeId::kDecimal128) {
    const int w = t.byte_width();
    const uint8_t* pa = a.data()->buffers[1]->data() + (a.offset() + i) * w;
    const uint8_t* pb = b.data()->buffers[1]->data() + (b.offset() + j) * w;
    if (t.id() == TypeId::kFloat64) {
      double x, y;
      std::memcpy(&x, pa, 8);
      std::memcpy(&y, pb, 8);
      return x == y || (x != x && y != y);
    }
    if (t.id() == TypeId::kFloat32) {
      float x, y;
      std::memcpy(&x, pa, 4);
      std::memcpy(&y, pb, 4);
      return x == y || (x != x && y != y);
    }
    return std::memcmp(pa, pb, static_cast<size_t>(w)) == 0;
  }
  switch (t.id()) {
    case TypeId::kBool:
      return bit_util::get_bit(a.data()->buffers[1]->data(), a.offset() + i) ==
             bit_util::get_bit(b.data()->buffers[1]->data(), b.offset() + j);
    case TypeId::kString:
    case TypeId::kBinary: return StringArray(a).value(i) == StringArray(b).value(j);
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return LargeStringArray(a).value(i) == LargeStringArray(b).value(j);
    case TypeId::kFixedSizeBinary:
    case TypeId::kDecimal128: return FixedSizeBinaryArray(a).value(i) == FixedSizeBinaryArray(b).value(j);
    case TypeId::kDictionary: {
      DictionaryArray da(a), db(b);
      return value_equals(da.dictionary(), da.index(i), db.dictionary(), db.index(j));
    }
    case TypeId::kList:
    case TypeId::kMap: return ListArray(a).value_slice(i).equals(ListArray(b).value_slice(j));
    case TypeId::kLargeList: return LargeListArray(a).value_slice(i).equals(LargeListArray(b).value_slice(j));
    case TypeId::kFixedSizeList:
      return FixedSizeListArray(a).value_slice(i).equals(FixedSizeListArray(b).value_slice(j));
    case TypeId::kStruct: {
      StructArray sa(a), sb(b);
      for (int f = 0; f < sa.num_fields(); ++f) {
        if (!value_equals(sa.field(f), i, sb.field(f), j)) return false;
      }
      return true;
    }
    default: return true;
  }
}

}  // namespace

bool Array::equals(const Array& other) const {
  if (!valid() || !other.valid()) return valid() == other.valid();
  if (!type()->equals(*other.type()) || length() != other.length() || null_count() != other.null_count()) {
    return false;
  }
  for (int64_t i = 0; i < length(); ++i) {
    if (!value_equals(*this, i, other, i)) return false;
  }
  return true;
}

Array make_null_array(const DataTypePtr& type, int64_t length) {
  if (type->id() == TypeId::kNull) return NullArray(length);
  auto validity = Buffer::allocate_zeroed(bit_util::bytes_for_bits(length));
  auto data = ArrayData::make(type, length, {validity}, length);
  switch (type->id()) {
    case TypeId::kBool: data->buffers.push_back(Buffer::allocate_zeroed(bit_util::bytes_for_bits(length))); break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kList:
    case TypeId::kMap:
      data->buffers.push_back(Buffer::allocate_zeroed((length + 1) * 4));
      break;
    case TypeId::kLargeString:
    case TypeId::kLargeBinary:
    case TypeId::kLargeList:
      data->buffers.push_back(Buffer::allocate_zeroed((length + 1) * 8));
      break;
    case TypeId::kStruct:
    case TypeId::kFixedSizeList:
      break;
    case TypeId::kDictionary:
      data->buffers.push_back(Buffer::allocate_zeroed(length * type->index_type()->byte_width()));
      data->dictionary = make_null_array(type->value_type(), 0).data();
      break;
    default:
      data->buffers.push_back(Buffer::allocate_zeroed(length * type->byte_width()));
  }
  if (type->is_binary_like()) data->buffers.push_back(Buffer::allocate(0));
  if (type->id() == TypeId::kList || type->id() == TypeId::kLargeList || type->id() == TypeId::kMap) {
    data->children.push_back(make_null_array(type->value_type(), 0).data());
  } else if (type->id() == TypeId::kFixedSizeList) {
    data->children.push_back(make_null_array(type->value_type(), length * type->list_size()).data());
  } else if (type->id() == TypeId::kStruct) {
    for (const auto& f : type->fields()) data->children.push_back(make_null_array(f->type(), length).data());
  }
  return Array(std::move(data));
}

}  // namespace strata::columnar
