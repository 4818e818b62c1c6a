#include "strata/parquet/schema.h"

#include <utility>

#include <fmt/format.h>

#include "strata/columnar/variant.h"
#include "strata/core/error.h"

namespace strata::parquet {

using columnar::DataType;
using columnar::DataTypePtr;
using columnar::FieldPtr;
using columnar::TimeUnit;
using columnar::TypeId;
namespace f = format;

std::string ColumnDescriptor::dotted_path() const { return fmt::format("{}", fmt::join(path, ".")); }

namespace {

void build(const std::vector<f::SchemaElement>& elements, size_t* next, SchemaNode* node, int16_t def, int16_t rep,
           std::vector<std::string>* path, std::vector<ColumnDescriptor>* columns) {
  const f::SchemaElement& e = elements[*next];
  ++*next;
  node->element = &e;
  node->leaf_begin = static_cast<int>(columns->size());
  const auto repetition = e.repetition_type.value_or(f::FieldRepetitionType::kRequired);
  const bool is_root = path == nullptr;
  if (!is_root) {
    if (repetition == f::FieldRepetitionType::kOptional) ++def;
    if (repetition == f::FieldRepetitionType::kRepeated) {
      ++def;
      ++rep;
    }
  }
  node->max_definition_level = def;
  node->max_repetition_level = rep;
  std::vector<std::string> root_path;
  std::vector<std::string>* here = is_root ? &root_path : path;
  if (!is_root) here->push_back(e.name);
  const int32_t n = e.num_children.value_or(0);
  if (n == 0 && !is_root) {
    ColumnDescriptor c;
    c.index = static_cast<int>(columns->size());
    c.path = *here;
    c.element = &e;
    c.max_definition_level = def;
    c.max_repetition_level = rep;
    columns->push_back(std::move(c));
  }
  node->children.resize(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) build(elements, next, &node->children[static_cast<size_t>(i)], def, rep, here, columns);
  if (!is_root) here->pop_back();
  node->leaf_end = static_cast<int>(columns->size());
}

TimeUnit unit_of(const f::TimeUnit& u) {
  if (std::holds_alternative<f::MilliSeconds>(u)) return TimeUnit::kMilli;
  if (std::holds_alternative<f::MicroSeconds>(u)) return TimeUnit::kMicro;
  if (std::holds_alternative<f::NanoSeconds>(u)) return TimeUnit::kNano;
  raise<NotImplemented>("a Parquet time unit this reader does not know");
}

DataTypePtr decimal_type(int32_t precision, int32_t scale, const std::string& name) {
  if (precision < 1 || precision > 38) {
    raise<NotImplemented>("reading column \"{}\": decimal precision {} (Strata reads up to 38 digits)", name, precision);
  }
  return columnar::decimal128(precision, scale);
}

DataTypePtr int_type(int bits, bool is_signed) {
  switch (bits) {
    case 8: return is_signed ? columnar::int8() : columnar::uint8();
    case 16: return is_signed ? columnar::int16() : columnar::uint16();
    case 32: return is_signed ? columnar::int32() : columnar::uint32();
    case 64: return is_signed ? columnar::int64() : columnar::uint64();
    default: raise<FormatError>("Parquet integer logical type of {} bits", bits);
  }
}

}  // namespace

SchemaDescriptor::SchemaDescriptor(const std::vector<f::SchemaElement>& elements) {
  if (elements.empty()) raise<FormatError>("Parquet schema without a root");
  size_t next = 0;
  build(elements, &next, &root_, 0, 0, nullptr, &columns_);
}

// A legacy converted type that annotates an integer: the physical type it needs and the Arrow type it gives
// (no type for the others).
std::pair<f::Type, DataTypePtr> integer_annotation(f::ConvertedType converted) {
  switch (converted) {
    case f::ConvertedType::kDate: return {f::Type::kInt32, columnar::date32()};
    case f::ConvertedType::kTimeMillis: return {f::Type::kInt32, columnar::time32(TimeUnit::kMilli)};
    case f::ConvertedType::kTimeMicros: return {f::Type::kInt64, columnar::time64(TimeUnit::kMicro)};
    case f::ConvertedType::kTimestampMillis: return {f::Type::kInt64, columnar::timestamp(TimeUnit::kMilli, "UTC")};
    case f::ConvertedType::kTimestampMicros: return {f::Type::kInt64, columnar::timestamp(TimeUnit::kMicro, "UTC")};
    case f::ConvertedType::kUint8: return {f::Type::kInt32, columnar::uint8()};
    case f::ConvertedType::kUint16: return {f::Type::kInt32, columnar::uint16()};
    case f::ConvertedType::kUint32: return {f::Type::kInt32, columnar::uint32()};
    case f::ConvertedType::kUint64: return {f::Type::kInt64, columnar::uint64()};
    case f::ConvertedType::kInt8: return {f::Type::kInt32, columnar::int8()};
    case f::ConvertedType::kInt16: return {f::Type::kInt32, columnar::int16()};
    case f::ConvertedType::kInt32: return {f::Type::kInt32, columnar::int32()};
    case f::ConvertedType::kInt64: return {f::Type::kInt64, columnar::int64()};
    default: return {f::Type::kInt32, nullptr};
  }
}

DataTypePtr arrow_type_of_leaf(const f::SchemaElement& e) {
  const f::Type physical = *e.type;
  const std::string& name = e.name;
  if (e.logical_type) {
    const f::LogicalType& lt = *e.logical_type;
    if (std::holds_alternative<f::StringType>(lt) || std::holds_alternative<f::EnumType>(lt) ||
        std::holds_alternative<f::JsonType>(lt)) {
      if (physical == f::Type::kByteArray) return columnar::utf8();
    } else if (auto* d = std::get_if<f::DecimalType>(&lt)) {
      return decimal_type(d->precision, d->scale, name);
    } else if (std::holds_alternative<f::DateType>(lt)) {
      if (physical == f::Type::kInt32) return columnar::date32();
    } else if (auto* t = std::get_if<f::TimeType>(&lt)) {
      const TimeUnit unit = unit_of(t->unit);
      if (physical == f::Type::kInt32 && unit == TimeUnit::kMilli) return columnar::time32(unit);
      if (physical == f::Type::kInt64 && unit != TimeUnit::kMilli) return columnar::time64(unit);
    } else if (auto* ts = std::get_if<f::TimestampType>(&lt)) {
      if (physical == f::Type::kInt64) return columnar::timestamp(unit_of(ts->unit), ts->is_adjusted_to_utc ? "UTC" : "");
    } else if (auto* i = std::get_if<f::IntType>(&lt)) {
      if (physical == f::Type::kInt32 || physical == f::Type::kInt64) return int_type(i->bit_width, i->is_signed);
    } else if (std::holds_alternative<f::NullType>(lt)) {
      return columnar::null();
    } else if (std::holds_alternative<f::UUIDType>(lt)) {
      if (physical == f::Type::kFixedLenByteArray) return columnar::fixed_size_binary(16);
    } else if (std::holds_alternative<f::Float16Type>(lt)) {
      if (physical == f::Type::kFixedLenByteArray) return columnar::float16();
    }
  } else if (e.converted_type) {
    switch (*e.converted_type) {
      case f::ConvertedType::kUtf8:
      case f::ConvertedType::kEnum:
      case f::ConvertedType::kJson:
        if (physical == f::Type::kByteArray) return columnar::utf8();
        break;
      case f::ConvertedType::kDecimal: return decimal_type(e.precision.value_or(0), e.scale.value_or(0), name);
      default: {
        // Annotations of integers apply to their own physical type only (a TIMESTAMP_MILLIS on a BYTE_ARRAY is
        // read as the bytes it holds, as an unknown logical annotation is).
        const auto [want, type] = integer_annotation(*e.converted_type);
        if (type && physical == want) return type;
        break;
      }
    }
  }
  switch (physical) {
    case f::Type::kBoolean: return columnar::boolean();
    case f::Type::kInt32: return columnar::int32();
    case f::Type::kInt64: return columnar::int64();
    case f::Type::kInt96: return columnar::timestamp(TimeUnit::kNano);
    case f::Type::kFloat: return columnar::float32();
    case f::Type::kDouble: return columnar::float64();
    case f::Type::kByteArray: return columnar::binary();
    case f::Type::kFixedLenByteArray: {
      const int32_t width = e.type_length.value_or(-1);
      if (width < 0) raise<FormatError>("FIXED_LEN_BYTE_ARRAY column \"{}\" without a type_length", name);
      if (width > columnar::kMaxFixedSizeBinaryWidth) {
        raise<FormatError>("FIXED_LEN_BYTE_ARRAY column \"{}\": type_length {} exceeds {} bytes", name, width,
                           columnar::kMaxFixedSizeBinaryWidth);
      }
      return columnar::fixed_size_binary(width);
    }
  }
  raise<NotImplemented>("Parquet physical type {} of column \"{}\"", static_cast<int>(physical), name);
}

bool stored_type_applies(const DataType& stored, const DataType& parquet_type) {
  if (stored.equals(parquet_type)) return true;
  switch (stored.id()) {
    case TypeId::kDictionary: return stored_type_applies(*stored.value_type(), parquet_type);
    case TypeId::kLargeString: return parquet_type.id() == TypeId::kString;
    case TypeId::kLargeBinary: return parquet_type.id() == TypeId::kBinary;
    case TypeId::kString: return parquet_type.id() == TypeId::kBinary;
    case TypeId::kTimestamp: return parquet_type.id() == TypeId::kTimestamp || parquet_type.id() == TypeId::kInt64;
    case TypeId::kDuration: return parquet_type.id() == TypeId::kInt64;
    case TypeId::kDate64: return parquet_type.id() == TypeId::kDate32;
    case TypeId::kTime32: return parquet_type.id() == TypeId::kTime32;
    default: return false;
  }
}

namespace {

// An Arrow field for a schema node (recursing into groups: LIST, MAP, STRUCT).
FieldPtr field_of(const SchemaNode& node) {
  const f::SchemaElement& e = *node.element;
  const bool nullable = node.repetition() == f::FieldRepetitionType::kOptional;
  if (node.is_leaf()) {
    DataTypePtr t = arrow_type_of_leaf(e);
    if (node.repetition() == f::FieldRepetitionType::kRepeated) {
      // A repeated primitive outside a LIST group: a list of required values (parquet-format LogicalTypes.md
      // "Nested Types", backward compatibility rules).
      return columnar::field(e.name, columnar::list(columnar::field(e.name, t, false)), false);
    }
    return columnar::field(e.name, t, nullable);
  }
  const bool is_list = (e.logical_type && std::holds_alternative<f::ListType>(*e.logical_type)) ||
                       (e.converted_type && *e.converted_type == f::ConvertedType::kList);
  const bool is_map = (e.logical_type && std::holds_alternative<f::MapType>(*e.logical_type)) ||
                      (e.converted_type && (*e.converted_type == f::ConvertedType::kMap ||
                                            *e.converted_type == f::ConvertedType::kMapKeyValue));
  if (is_list && node.children.size() == 1) {
    const SchemaNode& repeated = node.children[0];
    FieldPtr item;
    // Three-level LIST (list > element) unless the repeated node is itself the element (legacy two-level forms).
    const bool two_level = repeated.is_leaf() || repeated.children.size() > 1 || repeated.element->name == "array" ||
                           repeated.element->name == e.name + "_tuple";
    if (two_level) {
      SchemaNode copy = repeated;
      FieldPtr inner = repeated.is_leaf() ? columnar::field(repeated.element->name, arrow_type_of_leaf(*repeated.element), false)
                                          : field_of(copy)->with_nullable(false);
      // field_of reads a plain repeated group as a list of its struct; here the group is the element itself.
      const auto& re = *repeated.element;
      const bool annotated = (re.logical_type && (std::holds_alternative<f::ListType>(*re.logical_type) ||
                                                  std::holds_alternative<f::MapType>(*re.logical_type))) ||
                             re.converted_type.has_value();
      if (!repeated.is_leaf() && !annotated && inner->type()->id() == TypeId::kList) inner = inner->type()->fields()[0];
      item = inner;
    } else {
      item = field_of(repeated.children[0]);
    }
    return columnar::field(e.name, columnar::list(item), nullable);
  }
  if (is_map && node.children.size() == 1 && node.children[0].children.size() == 2) {
    const SchemaNode& kv = node.children[0];
    FieldPtr key = field_of(kv.children[0]);
    FieldPtr value = field_of(kv.children[1]);
    return columnar::field(e.name, columnar::map(key->type(), value->type()), nullable);
  }
  std::vector<FieldPtr> children;
  for (const auto& child : node.children) children.push_back(field_of(child));
  DataTypePtr t = columnar::struct_(std::move(children));
  if (node.repetition() == f::FieldRepetitionType::kRepeated) {
    return columnar::field(e.name, columnar::list(columnar::field(e.name, t, false)), false);
  }
  if (e.logical_type && std::holds_alternative<f::VariantType>(*e.logical_type)) {
    // VARIANT: the struct {metadata, value, typed_value} as Arrow's canonical extension type (columnar/variant.h).
    columnar::KeyValueMetadata extension({{"ARROW:extension:name", std::string(columnar::kVariantExtensionName)}});
    return columnar::field(e.name, t, nullable, std::move(extension));
  }
  return columnar::field(e.name, t, nullable);
}

}  // namespace

columnar::SchemaPtr to_arrow_schema(const SchemaDescriptor& schema, const columnar::SchemaPtr& stored,
                                    const std::optional<std::vector<f::KeyValue>>& key_value_metadata) {
  std::vector<FieldPtr> fields;
  for (const auto& node : schema.root().children) {
    FieldPtr field = field_of(node);
    if (stored) {
      if (auto i = stored->field_index(field->name())) {
        const FieldPtr& s = stored->field(*i);
        if (stored_type_applies(*s->type(), *field->type())) field = columnar::field(field->name(), s->type(), field->nullable(), s->metadata());
      }
    }
    fields.push_back(std::move(field));
  }
  columnar::KeyValueMetadata metadata;
  if (key_value_metadata) {
    for (const auto& kv : *key_value_metadata) {
      if (kv.key == "ARROW:schema") continue;
      metadata.set(kv.key, kv.value.value_or(""));
    }
  }
  return columnar::schema(std::move(fields), std::move(metadata));
}

int32_t decimal_byte_width(int32_t precision) {
  // The fewest bytes whose signed range holds 10^precision - 1.
  int32_t bytes = 1;
  while (bytes < 16) {
    const int bits = bytes * 8 - 1;
    // floor(log10(2^bits)) digits always fit.
    if (static_cast<double>(precision) <= bits * 0.30102999566398120) break;
    ++bytes;
  }
  return bytes;
}

std::vector<f::SchemaElement> to_parquet_schema(const columnar::Schema& schema) {
  std::vector<f::SchemaElement> out;
  f::SchemaElement root;
  root.name = "schema";
  root.num_children = schema.num_fields();
  out.push_back(root);
  for (const auto& field : schema.fields()) {
    f::SchemaElement e;
    e.name = field->name();
    e.repetition_type = field->nullable() ? f::FieldRepetitionType::kOptional : f::FieldRepetitionType::kRequired;
    const DataType* t = field->type().get();
    if (t->id() == TypeId::kDictionary) t = t->value_type().get();
    auto set_int = [&](f::Type physical, int bits, bool is_signed, std::optional<f::ConvertedType> converted) {
      e.type = physical;
      e.logical_type = f::IntType{static_cast<int8_t>(bits), is_signed};
      if (converted) e.converted_type = converted;
    };
    switch (t->id()) {
      case TypeId::kNull:
        e.type = f::Type::kInt32;
        e.logical_type = f::NullType{};
        e.repetition_type = f::FieldRepetitionType::kOptional;
        break;
      case TypeId::kBool: e.type = f::Type::kBoolean; break;
      case TypeId::kInt8: set_int(f::Type::kInt32, 8, true, f::ConvertedType::kInt8); break;
      case TypeId::kInt16: set_int(f::Type::kInt32, 16, true, f::ConvertedType::kInt16); break;
      case TypeId::kInt32: e.type = f::Type::kInt32; break;
      case TypeId::kInt64: e.type = f::Type::kInt64; break;
      case TypeId::kUInt8: set_int(f::Type::kInt32, 8, false, f::ConvertedType::kUint8); break;
      case TypeId::kUInt16: set_int(f::Type::kInt32, 16, false, f::ConvertedType::kUint16); break;
      case TypeId::kUInt32: set_int(f::Type::kInt32, 32, false, f::ConvertedType::kUint32); break;
      case TypeId::kUInt64: set_int(f::Type::kInt64, 64, false, f::ConvertedType::kUint64); break;
      case TypeId::kFloat16:
        e.type = f::Type::kFixedLenByteArray;
        e.type_length = 2;
        e.logical_type = f::Float16Type{};
        break;
      case TypeId::kFloat32: e.type = f::Type::kFloat; break;
      case TypeId::kFloat64: e.type = f::Type::kDouble; break;
      case TypeId::kString:
      case TypeId::kLargeString:
        e.type = f::Type::kByteArray;
        e.logical_type = f::StringType{};
        e.converted_type = f::ConvertedType::kUtf8;
        break;
      case TypeId::kBinary:
      case TypeId::kLargeBinary: e.type = f::Type::kByteArray; break;
      case TypeId::kFixedSizeBinary:
        e.type = f::Type::kFixedLenByteArray;
        e.type_length = t->byte_width();
        break;
      case TypeId::kDate32:
      case TypeId::kDate64:
        e.type = f::Type::kInt32;
        e.logical_type = f::DateType{};
        e.converted_type = f::ConvertedType::kDate;
        break;
      case TypeId::kTime32:
        e.type = f::Type::kInt32;
        e.logical_type = f::TimeType{false, f::MilliSeconds{}};
        e.converted_type = f::ConvertedType::kTimeMillis;
        break;
      case TypeId::kTime64:
        e.type = f::Type::kInt64;
        if (t->unit() == TimeUnit::kMicro) {
          e.logical_type = f::TimeType{false, f::MicroSeconds{}};
          e.converted_type = f::ConvertedType::kTimeMicros;
        } else {
          e.logical_type = f::TimeType{false, f::NanoSeconds{}};
        }
        break;
      case TypeId::kTimestamp: {
        e.type = f::Type::kInt64;
        f::TimestampType ts;
        ts.is_adjusted_to_utc = !t->timezone().empty();
        switch (t->unit()) {
          case TimeUnit::kSecond:  // Parquet has no seconds: written as milliseconds, as pyarrow does
          case TimeUnit::kMilli: ts.unit = f::MilliSeconds{}; break;
          case TimeUnit::kMicro: ts.unit = f::MicroSeconds{}; break;
          case TimeUnit::kNano: ts.unit = f::NanoSeconds{}; break;
        }
        e.logical_type = ts;
        if (ts.is_adjusted_to_utc) {
          if (std::holds_alternative<f::MilliSeconds>(ts.unit)) e.converted_type = f::ConvertedType::kTimestampMillis;
          if (std::holds_alternative<f::MicroSeconds>(ts.unit)) e.converted_type = f::ConvertedType::kTimestampMicros;
        }
        break;
      }
      case TypeId::kDuration: e.type = f::Type::kInt64; break;
      case TypeId::kDecimal128:
        e.type = f::Type::kFixedLenByteArray;
        e.type_length = decimal_byte_width(t->precision());
        e.logical_type = f::DecimalType{t->scale(), t->precision()};
        e.converted_type = f::ConvertedType::kDecimal;
        e.scale = t->scale();
        e.precision = t->precision();
        break;
      default:
        raise<NotImplemented>("writing Parquet column \"{}\" of type {} (nested columns are read, not yet written)",
                              field->name(), field->type()->to_string());
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace strata::parquet
