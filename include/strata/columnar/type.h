// Data types, fields and schemas of the Arrow columnar format.
//
// A DataType is an immutable value shared through `DataTypePtr`; build one with the factories below
// (`int64()`, `utf8()`, `timestamp(TimeUnit::kMilli, "UTC")`, `dictionary(int32(), utf8())`, ...).
// Types compare by value with `equals`. Thread-safe: everything here is immutable after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::columnar {

enum class TypeId : uint8_t {
  kNull,
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kUInt8,
  kUInt16,
  kUInt32,
  kUInt64,
  kFloat16,
  kFloat32,
  kFloat64,
  kString,        // utf8, int32 offsets
  kBinary,        // int32 offsets
  kLargeString,   // utf8, int64 offsets
  kLargeBinary,   // int64 offsets
  kFixedSizeBinary,
  kDate32,        // days since the UNIX epoch, int32
  kDate64,        // milliseconds since the UNIX epoch, int64
  kTime32,        // time of day, s or ms, int32
  kTime64,        // time of day, us or ns, int64
  kTimestamp,     // int64 since the UNIX epoch in `unit`, optional time zone
  kDuration,      // int64 in `unit`
  kDecimal128,    // 16-byte little-endian two's complement with precision and scale
  kDictionary,    // integer indices into a dictionary of values
  kList,          // int32 offsets into one child
  kLargeList,     // int64 offsets into one child
  kFixedSizeList, // list_size values of one child per slot
  kStruct,        // children, one per field
  kMap,           // list<struct<key, value>> with int32 offsets
};

enum class TimeUnit : uint8_t { kSecond, kMilli, kMicro, kNano };

// Ticks of `unit` per second (1, 1e3, 1e6, 1e9).
int64_t ticks_per_second(TimeUnit unit);
std::string_view time_unit_suffix(TimeUnit unit);  // "s", "ms", "us", "ns"

class DataType;
class Field;
using DataTypePtr = std::shared_ptr<const DataType>;
using FieldPtr = std::shared_ptr<const Field>;

// Ordered string pairs, as Arrow's custom_metadata and Parquet's key_value_metadata.
class KeyValueMetadata {
 public:
  KeyValueMetadata() = default;
  KeyValueMetadata(std::vector<std::pair<std::string, std::string>> pairs) : pairs_(std::move(pairs)) {}

  // Set `key` to `value`, replacing an existing entry.
  void set(std::string key, std::string value);
  std::optional<std::string_view> get(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }
  size_t size() const { return pairs_.size(); }
  bool empty() const { return pairs_.empty(); }
  bool operator==(const KeyValueMetadata&) const = default;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

class DataType {
 public:
  TypeId id() const { return id_; }

  // Fixed-width types: the width of one value in bits (1 for bool). 0 for variable-width and nested types.
  int bit_width() const;
  int byte_width() const { return bit_width() / 8; }

  TimeUnit unit() const { return unit_; }                   // timestamp, time, duration
  const std::string& timezone() const { return timezone_; }  // timestamp; empty when naive
  int32_t precision() const { return precision_; }           // decimal
  int32_t scale() const { return scale_; }                   // decimal
  int32_t list_size() const { return width_; }               // fixed_size_list
  const DataTypePtr& index_type() const { return index_type_; }  // dictionary
  const DataTypePtr& value_type() const { return value_type_; }  // dictionary; list, map item type
  bool ordered() const { return ordered_; }                      // dictionary
  const std::vector<FieldPtr>& fields() const { return fields_; }  // list (1), struct, map (1: entries)
  int num_fields() const { return static_cast<int>(fields_.size()); }
  bool keys_sorted() const { return ordered_; }                  // map

  bool equals(const DataType& other, bool check_metadata = false) const;
  // The Arrow-style name: "int64", "string", "timestamp[ms, tz=UTC]", "decimal128(10, 2)",
  // "dictionary<values=string, indices=int32>", "list<item: int64>", "struct<a: int32, b: string>".
  std::string to_string() const;

  bool is_integer() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kUInt64; }
  bool is_signed_integer() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kInt64; }
  bool is_unsigned_integer() const { return id_ >= TypeId::kUInt8 && id_ <= TypeId::kUInt64; }
  bool is_floating() const { return id_ >= TypeId::kFloat16 && id_ <= TypeId::kFloat64; }
  bool is_numeric() const { return is_integer() || is_floating(); }
  bool is_string_like() const { return id_ == TypeId::kString || id_ == TypeId::kLargeString; }
  bool is_binary_like() const {
    return id_ == TypeId::kString || id_ == TypeId::kBinary || id_ == TypeId::kLargeString ||
           id_ == TypeId::kLargeBinary;
  }
  bool is_large_binary_like() const { return id_ == TypeId::kLargeString || id_ == TypeId::kLargeBinary; }
  bool is_temporal() const {
    return id_ == TypeId::kDate32 || id_ == TypeId::kDate64 || id_ == TypeId::kTime32 ||
           id_ == TypeId::kTime64 || id_ == TypeId::kTimestamp || id_ == TypeId::kDuration;
  }
  bool is_nested() const {
    return id_ == TypeId::kList || id_ == TypeId::kLargeList || id_ == TypeId::kFixedSizeList ||
           id_ == TypeId::kStruct || id_ == TypeId::kMap;
  }
  // Fixed-width values in one buffer (numbers, temporal, decimal, fixed_size_binary); bool excluded.
  bool is_fixed_width() const;

  // Construction goes through the factory functions below.
  struct Spec;
  explicit DataType(const Spec& spec);

 private:
  TypeId id_;
  TimeUnit unit_ = TimeUnit::kSecond;
  std::string timezone_;
  int32_t precision_ = 0;
  int32_t scale_ = 0;
  int32_t width_ = 0;
  bool ordered_ = false;
  DataTypePtr index_type_;
  DataTypePtr value_type_;
  std::vector<FieldPtr> fields_;
};

struct DataType::Spec {
  TypeId id;
  TimeUnit unit = TimeUnit::kSecond;
  std::string timezone;
  int32_t precision = 0;
  int32_t scale = 0;
  int32_t width = 0;
  bool ordered = false;
  DataTypePtr index_type;
  DataTypePtr value_type;
  std::vector<FieldPtr> fields;
};

class Field {
 public:
  Field(std::string name, DataTypePtr type, bool nullable = true, KeyValueMetadata metadata = {})
      : name_(std::move(name)), type_(std::move(type)), nullable_(nullable), metadata_(std::move(metadata)) {}

  const std::string& name() const { return name_; }
  const DataTypePtr& type() const { return type_; }
  bool nullable() const { return nullable_; }
  const KeyValueMetadata& metadata() const { return metadata_; }

  FieldPtr with_name(std::string name) const;
  FieldPtr with_type(DataTypePtr type) const;
  FieldPtr with_nullable(bool nullable) const;
  bool equals(const Field& other, bool check_metadata = false) const;
  std::string to_string() const;  // "name: type" plus " not null"

 private:
  std::string name_;
  DataTypePtr type_;
  bool nullable_;
  KeyValueMetadata metadata_;
};

FieldPtr field(std::string name, DataTypePtr type, bool nullable = true, KeyValueMetadata metadata = {});

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata = {})
      : fields_(std::move(fields)), metadata_(std::move(metadata)) {}

  const std::vector<FieldPtr>& fields() const { return fields_; }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  const FieldPtr& field(int i) const { return fields_.at(static_cast<size_t>(i)); }
  // The index of the first field named `name`, if any.
  std::optional<int> field_index(std::string_view name) const;
  // The index of the field named `name`; throws SchemaError naming the known columns when absent.
  int require_field_index(std::string_view name) const;
  std::vector<std::string> field_names() const;
  const KeyValueMetadata& metadata() const { return metadata_; }

  std::shared_ptr<const Schema> with_metadata(KeyValueMetadata metadata) const;
  bool equals(const Schema& other, bool check_metadata = false) const;
  std::string to_string() const;  // one "name: type" line per field

 private:
  std::vector<FieldPtr> fields_;
  KeyValueMetadata metadata_;
};

using SchemaPtr = std::shared_ptr<const Schema>;
SchemaPtr schema(std::vector<FieldPtr> fields, KeyValueMetadata metadata = {});

// Type factories. Parameter-free types are shared singletons.
DataTypePtr null();
DataTypePtr boolean();
DataTypePtr int8();
DataTypePtr int16();
DataTypePtr int32();
DataTypePtr int64();
DataTypePtr uint8();
DataTypePtr uint16();
DataTypePtr uint32();
DataTypePtr uint64();
DataTypePtr float16();
DataTypePtr float32();
DataTypePtr float64();
DataTypePtr utf8();
DataTypePtr binary();
DataTypePtr large_utf8();
DataTypePtr large_binary();
// The widest fixed_size_binary: its width in bits must fit an int (bit_width()).
inline constexpr int32_t kMaxFixedSizeBinaryWidth = INT32_MAX / 8;
DataTypePtr fixed_size_binary(int32_t byte_width);
DataTypePtr date32();
DataTypePtr date64();
DataTypePtr time32(TimeUnit unit);
DataTypePtr time64(TimeUnit unit);
DataTypePtr timestamp(TimeUnit unit, std::string timezone = "");
DataTypePtr duration(TimeUnit unit);
DataTypePtr decimal128(int32_t precision, int32_t scale);
DataTypePtr dictionary(DataTypePtr index_type, DataTypePtr value_type, bool ordered = false);
DataTypePtr list(DataTypePtr value_type);
DataTypePtr list(FieldPtr value_field);
DataTypePtr large_list(FieldPtr value_field);
DataTypePtr fixed_size_list(FieldPtr value_field, int32_t list_size);
DataTypePtr struct_(std::vector<FieldPtr> fields);
DataTypePtr map(DataTypePtr key_type, DataTypePtr item_type, bool keys_sorted = false);
// The fixed-width type of a primitive id (REQUIRES: id has no parameters).
DataTypePtr primitive_type(TypeId id);

// Compile-time facts about the primitive C types.
template <typename T>
struct CTypeTraits;
#define STRATA_CTYPE_TRAITS(CTYPE, ID, FACTORY)            \
  template <>                                              \
  struct CTypeTraits<CTYPE> {                              \
    static constexpr TypeId kId = TypeId::ID;              \
    static DataTypePtr type() { return FACTORY(); }        \
  };
STRATA_CTYPE_TRAITS(int8_t, kInt8, int8)
STRATA_CTYPE_TRAITS(int16_t, kInt16, int16)
STRATA_CTYPE_TRAITS(int32_t, kInt32, int32)
STRATA_CTYPE_TRAITS(int64_t, kInt64, int64)
STRATA_CTYPE_TRAITS(uint8_t, kUInt8, uint8)
STRATA_CTYPE_TRAITS(uint16_t, kUInt16, uint16)
STRATA_CTYPE_TRAITS(uint32_t, kUInt32, uint32)
STRATA_CTYPE_TRAITS(uint64_t, kUInt64, uint64)
STRATA_CTYPE_TRAITS(float, kFloat32, float32)
STRATA_CTYPE_TRAITS(double, kFloat64, float64)
#undef STRATA_CTYPE_TRAITS

template <typename T>
concept ArrowPrimitiveCType = requires { CTypeTraits<T>::kId; };

}  // namespace strata::columnar
