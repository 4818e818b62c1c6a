#include "strata/columnar/type.h"

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::columnar {

int64_t ticks_per_second(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return 1;
    case TimeUnit::kMilli: return 1000;
    case TimeUnit::kMicro: return 1000000;
    case TimeUnit::kNano: return 1000000000;
  }
  return 1;
}

std::string_view time_unit_suffix(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return "s";
    case TimeUnit::kMilli: return "ms";
    case TimeUnit::kMicro: return "us";
    case TimeUnit::kNano: return "ns";
  }
  return "?";
}

void KeyValueMetadata::set(std::string key, std::string value) {
  for (auto& [k, v] : pairs_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  pairs_.emplace_back(std::move(key), std::move(value));
}

std::optional<std::string_view> KeyValueMetadata::get(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

DataType::DataType(const Spec& spec)
    : id_(spec.id),
      unit_(spec.unit),
      timezone_(spec.timezone),
      precision_(spec.precision),
      scale_(spec.scale),
      width_(spec.width),
      ordered_(spec.ordered),
      index_type_(spec.index_type),
      value_type_(spec.value_type),
      fields_(spec.fields) {}

int DataType::bit_width() const {
  switch (id_) {
    case TypeId::kBool: return 1;
    case TypeId::kInt8:
    case TypeId::kUInt8: return 8;
    case TypeId::kInt16:
    case TypeId::kUInt16:
    case TypeId::kFloat16: return 16;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate32:
    case TypeId::kTime32: return 32;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kDate64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDuration: return 64;
    case TypeId::kDecimal128: return 128;
    case TypeId::kFixedSizeBinary: return width_ * 8;
    case TypeId::kDictionary: return index_type_->bit_width();
    default: return 0;
  }
}

bool DataType::is_fixed_width() const {
  if (id_ == TypeId::kBool || id_ == TypeId::kDictionary) return false;
  return bit_width() > 0 || id_ == TypeId::kFixedSizeBinary;
}

bool DataType::equals(const DataType& other, bool check_metadata) const {
  if (this == &other) return true;
  if (id_ != other.id_) return false;
  switch (id_) {
    case TypeId::kTimestamp:
      return unit_ == other.unit_ && timezone_ == other.timezone_;
    case TypeId::kTime32:
    case TypeId::kTime64:
    case TypeId::kDuration:
      return unit_ == other.unit_;
    case TypeId::kDecimal128:
      return precision_ == other.precision_ && scale_ == other.scale_;
    case TypeId::kFixedSizeBinary:
      return width_ == other.width_;
    case TypeId::kDictionary:
      return ordered_ == other.ordered_ && index_type_->equals(*other.index_type_) &&
             value_type_->equals(*other.value_type_);
    case TypeId::kFixedSizeList:
      if (width_ != other.width_) return false;
      [[fallthrough]];
    case TypeId::kList:
    case TypeId::kLargeList:
    case TypeId::kStruct:
    case TypeId::kMap:
      if (fields_.size() != other.fields_.size()) return false;
      for (size_t i = 0; i < fields_.size(); ++i) {
        // List item names differ between writers ("item", "element"); only types and nullability count.
        const bool names_matter = id_ == TypeId::kStruct;
        const Field& a = *fields_[i];
        const Field& b = *other.fields_[i];
        if (names_matter && a.name() != b.name()) return false;
        if (a.nullable() != b.nullable() || !a.type()->equals(*b.type(), check_metadata)) return false;
        if (check_metadata && !(a.metadata() == b.metadata())) return false;
      }
      return true;
    default:
      return true;
  }
}

std::string DataType::to_string() const {
  switch (id_) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return "bool";
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kUInt8: return "uint8";
    case TypeId::kUInt16: return "uint16";
    case TypeId::kUInt32: return "uint32";
    case TypeId::kUInt64: return "uint64";
    case TypeId::kFloat16: return "halffloat";
    case TypeId::kFloat32: return "float";
    case TypeId::kFloat64: return "double";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kLargeString: return "large_string";
    case TypeId::kLargeBinary: return "large_binary";
    case TypeId::kFixedSizeBinary: return fmt::format("fixed_size_binary[{}]", width_);
    case TypeId::kDate32: return "date32[day]";
    case TypeId::kDate64: return "date64[ms]";
    case TypeId::kTime32: return fmt::format("time32[{}]", time_unit_suffix(unit_));
    case TypeId::kTime64: return fmt::format("time64[{}]", time_unit_suffix(unit_));
    case TypeId::kTimestamp:
      return timezone_.empty() ? fmt::format("timestamp[{}]", time_unit_suffix(unit_))
                               : fmt::format("timestamp[{}, tz={}]", time_unit_suffix(unit_), timezone_);
    case TypeId::kDuration: return fmt::format("duration[{}]", time_unit_suffix(unit_));
    case TypeId::kDecimal128: return fmt::format("decimal128({}, {})", precision_, scale_);
    case TypeId::kDictionary:
      return fmt::format("dictionary<values={}, indices={}{}>", value_type_->to_string(),
                         index_type_->to_string(), ordered_ ? ", ordered" : "");
    case TypeId::kList: return fmt::format("list<{}>", fields_[0]->to_string());
    case TypeId::kLargeList: return fmt::format("large_list<{}>", fields_[0]->to_string());
    case TypeId::kFixedSizeList: return fmt::format("fixed_size_list<{}>[{}]", fields_[0]->to_string(), width_);
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields_.size(); ++i) {
        if (i) out += ", ";
        out += fields_[i]->to_string();
      }
      return out + ">";
    }
    case TypeId::kMap: {
      const auto& entries = fields_[0]->type()->fields();
      return fmt::format("map<{}, {}>", entries[0]->type()->to_string(), entries[1]->type()->to_string());
    }
  }
  return "?";
}

FieldPtr Field::with_name(std::string name) const {
  return std::make_shared<Field>(std::move(name), type_, nullable_, metadata_);
}
FieldPtr Field::with_type(DataTypePtr type) const {
  return std::make_shared<Field>(name_, std::move(type), nullable_, metadata_);
}
FieldPtr Field::with_nullable(bool nullable) const {
  return std::make_shared<Field>(name_, type_, nullable, metadata_);
}

bool Field::equals(const Field& other, bool check_metadata) const {
  return name_ == other.name_ && nullable_ == other.nullable_ && type_->equals(*other.type_, check_metadata) &&
         (!check_metadata || metadata_ == other.metadata_);
}

std::string Field::to_string() const {
  return fmt::format("{}: {}{}", name_, type_->to_string(), nullable_ ? "" : " not null");
}

FieldPtr field(std::string name, DataTypePtr type, bool nullable, KeyValueMetadata metadata) {
  return std::make_shared<Field>(std::move(name), std::move(type), nullable, std::move(metadata));
}

std::optional<int> Schema::field_index(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i]->name() == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

int Schema::require_field_index(std::string_view name) const {
  if (auto i = field_index(name)) return *i;
  throw SchemaError(fmt::format("no column named \"{}\"; the columns are: {}", name,
                                fmt::join(field_names(), ", ")));
}

std::vector<std::string> Schema::field_names() const {
  std::vector<std::string> names;
  names.reserve(fields_.size());
  for (const auto& f : fields_) names.push_back(f->name());
  return names;
}

std::shared_ptr<const Schema> Schema::with_metadata(KeyValueMetadata metadata) const {
  return std::make_shared<Schema>(fields_, std::move(metadata));
}

bool Schema::equals(const Schema& other, bool check_metadata) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!fields_[i]->equals(*other.fields_[i], check_metadata)) return false;
  }
  return !check_metadata || metadata_ == other.metadata_;
}

std::string Schema::to_string() const {
  std::string out;
  for (const auto& f : fields_) {
    out += f->to_string();
    out += '\n';
  }
  return out;
}

SchemaPtr schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata) {
  return std::make_shared<Schema>(std::move(fields), std::move(metadata));
}

namespace {
DataTypePtr make(DataType::Spec spec) { return std::make_shared<DataType>(spec); }
}  // namespace

#define STRATA_SINGLETON(NAME, ID)                              \
  DataTypePtr NAME() {                                          \
    static const DataTypePtr instance = make({TypeId::ID});     \
    return instance;                                            \
  }
STRATA_SINGLETON(null, kNull)
STRATA_SINGLETON(boolean, kBool)
STRATA_SINGLETON(int8, kInt8)
STRATA_SINGLETON(int16, kInt16)
STRATA_SINGLETON(int32, kInt32)
STRATA_SINGLETON(int64, kInt64)
STRATA_SINGLETON(uint8, kUInt8)
STRATA_SINGLETON(uint16, kUInt16)
STRATA_SINGLETON(uint32, kUInt32)
STRATA_SINGLETON(uint64, kUInt64)
STRATA_SINGLETON(float16, kFloat16)
STRATA_SINGLETON(float32, kFloat32)
STRATA_SINGLETON(float64, kFloat64)
STRATA_SINGLETON(utf8, kString)
STRATA_SINGLETON(binary, kBinary)
STRATA_SINGLETON(large_utf8, kLargeString)
STRATA_SINGLETON(large_binary, kLargeBinary)
STRATA_SINGLETON(date32, kDate32)
STRATA_SINGLETON(date64, kDate64)
#undef STRATA_SINGLETON

DataTypePtr fixed_size_binary(int32_t byte_width) {
  if (byte_width < 0) raise("fixed_size_binary: negative width {}", byte_width);
  if (byte_width > kMaxFixedSizeBinaryWidth) {
    raise("fixed_size_binary: width {} exceeds the limit of {} bytes", byte_width, kMaxFixedSizeBinaryWidth);
  }
  return make({.id = TypeId::kFixedSizeBinary, .width = byte_width});
}

DataTypePtr time32(TimeUnit unit) {
  if (unit != TimeUnit::kSecond && unit != TimeUnit::kMilli) raise("time32 takes the unit s or ms");
  return make({.id = TypeId::kTime32, .unit = unit});
}

DataTypePtr time64(TimeUnit unit) {
  if (unit != TimeUnit::kMicro && unit != TimeUnit::kNano) raise("time64 takes the unit us or ns");
  return make({.id = TypeId::kTime64, .unit = unit});
}

DataTypePtr timestamp(TimeUnit unit, std::string timezone) {
  return make({.id = TypeId::kTimestamp, .unit = unit, .timezone = std::move(timezone)});
}

DataTypePtr duration(TimeUnit unit) { return make({.id = TypeId::kDuration, .unit = unit}); }

DataTypePtr decimal128(int32_t precision, int32_t scale) {
  if (precision < 1 || precision > 38) raise("decimal128: precision {} outside 1..38", precision);
  return make({.id = TypeId::kDecimal128, .precision = precision, .scale = scale});
}

DataTypePtr dictionary(DataTypePtr index_type, DataTypePtr value_type, bool ordered) {
  if (!index_type->is_integer()) {
    raise<TypeError>("dictionary indices must be an integer type, not {}", index_type->to_string());
  }
  return make({.id = TypeId::kDictionary, .ordered = ordered, .index_type = std::move(index_type),
               .value_type = std::move(value_type)});
}

DataTypePtr list(DataTypePtr value_type) { return list(field("item", std::move(value_type))); }

DataTypePtr list(FieldPtr value_field) {
  auto value_type = value_field->type();
  return make({.id = TypeId::kList, .value_type = value_type, .fields = {std::move(value_field)}});
}

DataTypePtr large_list(FieldPtr value_field) {
  auto value_type = value_field->type();
  return make({.id = TypeId::kLargeList, .value_type = value_type, .fields = {std::move(value_field)}});
}

DataTypePtr fixed_size_list(FieldPtr value_field, int32_t list_size) {
  auto value_type = value_field->type();
  return make({.id = TypeId::kFixedSizeList, .width = list_size, .value_type = value_type,
               .fields = {std::move(value_field)}});
}

DataTypePtr struct_(std::vector<FieldPtr> fields) {
  return make({.id = TypeId::kStruct, .fields = std::move(fields)});
}

DataTypePtr map(DataTypePtr key_type, DataTypePtr item_type, bool keys_sorted) {
  auto entries = struct_({field("key", std::move(key_type), false), field("value", std::move(item_type))});
  return make({.id = TypeId::kMap, .ordered = keys_sorted, .value_type = entries,
               .fields = {field("entries", entries, false)}});
}

DataTypePtr primitive_type(TypeId id) {
  switch (id) {
    case TypeId::kNull: return null();
    case TypeId::kBool: return boolean();
    case TypeId::kInt8: return int8();
    case TypeId::kInt16: return int16();
    case TypeId::kInt32: return int32();
    case TypeId::kInt64: return int64();
    case TypeId::kUInt8: return uint8();
    case TypeId::kUInt16: return uint16();
    case TypeId::kUInt32: return uint32();
    case TypeId::kUInt64: return uint64();
    case TypeId::kFloat16: return float16();
    case TypeId::kFloat32: return float32();
    case TypeId::kFloat64: return float64();
    case TypeId::kString: return utf8();
    case TypeId::kBinary: return binary();
    case TypeId::kLargeString: return large_utf8();
    case TypeId::kLargeBinary: return large_binary();
    case TypeId::kDate32: return date32();
    case TypeId::kDate64: return date64();
    default: raise("primitive_type: type id {} takes parameters", static_cast<int>(id));
  }
}

}  // namespace strata::columnar
