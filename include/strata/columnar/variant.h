// Variant values: the binary encoding of apache/parquet-format VariantEncoding.md (a metadata dictionary of
// field names plus a self-describing value) and the shredded form of VariantShredding.md (a value split into
// `value` binary columns and `typed_value` columns of concrete types).
//
// In memory a Variant column is Arrow's canonical extension type `arrow.parquet.variant`: its storage is a
// struct {metadata: binary, value: binary (optional), typed_value: ... (optional)} and its field carries
// ARROW:extension:name = "arrow.parquet.variant". The Parquet schema mapping produces it for groups annotated
// VARIANT; this layer never sees Parquet.
//
//   VariantMetadata   the dictionary of one row, parsed and bounds-checked over a byte span
//   decode_variant    binary value -> VariantValue tree
//   VariantColumn     a storage struct array: checks the shredding layout once, then rebuilds row values
//                     (value + typed_value, partially shredded objects merged, arrays, nested typed_value)
//   variant_text      the text DuckDB's client prints for a VARIANT value (what the canonical dump shows)
//   variant_to_json   plain JSON of a value
//
// Every offset read from the bytes is checked: bad input raises FormatError (naming the column and row when a
// VariantColumn is involved), never a crash. Thread-safety: all immutable after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/columnar/type.h"

namespace strata::columnar {

inline constexpr std::string_view kVariantExtensionName = "arrow.parquet.variant";

// True when `field` is a struct field marked with the arrow.parquet.variant extension name.
bool is_variant_field(const Field& field);

// The field-name dictionary of a Variant (VariantEncoding.md "Metadata encoding"). Views into `bytes`,
// which must outlive it.
class VariantMetadata {
 public:
  // Throws FormatError (what was wrong, at which byte) for a bad header, version or out-of-range offset.
  static VariantMetadata parse(std::span<const uint8_t> bytes);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  bool sorted_strings() const { return sorted_; }
  // Bytes the metadata occupies (header, size, offsets, strings): where a value stored after it begins.
  size_t byte_size() const { return strings_ + (offsets_.empty() ? 0 : offsets_.back()); }
  // The name with dictionary id `id`; throws FormatError when id is past the dictionary.
  std::string_view key(uint64_t id) const;

 private:
  std::span<const uint8_t> bytes_;
  std::vector<uint32_t> offsets_;  // dictionary_size + 1, relative to strings_
  size_t strings_ = 0;             // where the string bytes start in bytes_
  bool sorted_ = false;
};

// One decoded Variant value, as a tree. Objects keep their fields sorted by name (unsigned bytes).
struct VariantValue {
  // The primitive type ids of VariantEncoding.md plus object and array.
  enum class Kind : uint8_t {
    kNull,
    kBoolean,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kDouble,
    kDecimal4,
    kDecimal8,
    kDecimal16,
    kDate,                // days since the epoch
    kTimestampMicros,     // UTC-adjusted, microseconds
    kTimestampNtzMicros,  // no zone, microseconds
    kFloat,
    kBinary,
    kString,
    kTimeNtzMicros,       // time of day, microseconds
    kTimestampNanos,
    kTimestampNtzNanos,
    kUuid,                // 16 bytes, big-endian
    kObject,
    kArray,
  };

  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;  // ints, date, time, timestamps
  double real = 0;      // double; float widened exactly
  Decimal128 decimal;   // decimal4/8/16, with `scale`
  int32_t scale = 0;
  std::string bytes;    // string, binary, uuid
  std::vector<std::pair<std::string, VariantValue>> fields;  // object
  std::vector<VariantValue> items;                           // array

  bool operator==(const VariantValue&) const = default;
};

// Decode one binary value against its row's metadata. Throws FormatError on malformed bytes (bad header,
// unknown type id, offsets or lengths past the end, field ids past the dictionary, duplicate field names,
// nesting deeper than 256 levels).
VariantValue decode_variant(const VariantMetadata& metadata, std::span<const uint8_t> value);
VariantValue decode_variant(std::span<const uint8_t> metadata, std::span<const uint8_t> value);

// A column of the arrow.parquet.variant extension over its storage struct array.
class VariantColumn {
 public:
  // Checks the storage layout (a binary `metadata`, an optional binary `value`, an optional `typed_value` of a
  // shreddable type, recursively) and throws FormatError naming `column` when it does not fit: e.g. an
  // unsigned or FIXED_LEN_BYTE_ARRAY(4) typed_value.
  VariantColumn(const Array& storage, std::string column);
  ~VariantColumn();
  VariantColumn(VariantColumn&&) noexcept;
  VariantColumn& operator=(VariantColumn&&) noexcept;

  int64_t length() const { return storage_.length(); }
  // Row `row` rebuilt from value and typed_value; std::nullopt when the row itself is null. A present row
  // whose value and typed_value are both null is a Variant null. Throws FormatError naming column and row for
  // malformed bytes and for conflicts the spec forbids (value and typed_value both set for a primitive or an
  // array, a non-object value beside shredded object fields).
  std::optional<VariantValue> value(int64_t row) const;

  struct Shape;

 private:
  Array storage_;
  std::string column_;
  Array metadata_;
  std::unique_ptr<Shape> shape_;
};

// The text DuckDB's client (@duckdb/node-api) prints for a VARIANT value, which the reference dumps hold:
// strings in single quotes ('it''s'), NULL inside containers, numbers as JavaScript prints them (floats
// widened to double, -0 as 0), decimals exact, dates "2024-01-30", timestamps "2024-11-07 12:33:54.123456"
// (+00 when UTC-adjusted; nanosecond ones with zone rounded down to microseconds), times "12:33:54.123456",
// binary with \xHH escapes, UUIDs 8-4-4-4-12, objects {'a': 1, 'b': 'x'} (integer-like keys first, as in a
// JavaScript object), arrays [1, 2].
std::string variant_text(const VariantValue& value);
void append_variant_text(std::string& out, const VariantValue& value);

// Plain JSON (RFC 8259): numbers as numbers (decimals exact, floats shortest), dates, times, timestamps and
// UUIDs as ISO strings, binary as base64 strings, NaN and infinities as strings.
std::string variant_to_json(const VariantValue& value);
// Row `row` of a variant storage struct array as JSON; std::nullopt when the row is null.
std::optional<std::string> variant_to_json(const Array& storage, int64_t row);

}  // namespace strata::columnar
