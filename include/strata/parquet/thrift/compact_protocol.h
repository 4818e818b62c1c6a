// Thrift compact protocol: the byte format of every Parquet metadata structure (FileMetaData in the footer,
// PageHeader before each page, ColumnIndex/OffsetIndex of the page index, BloomFilterHeader).
//
// Written from the specification (apache/thrift doc/specs/thrift-compact-protocol.md); the sections it names:
//   "Integer encoding"   i16/i32/i64 are zigzag-mapped, then written as unsigned LEB128 varints (1..10 bytes);
//                        i8 is one raw byte.
//   "Double encoding"    8 bytes, IEEE 754, little-endian.
//   "Binary encoding"    varint byte length, then the bytes (strings are UTF-8 binaries).
//   "Struct encoding"    fields then a stop byte 0x00. Field header short form `ddddtttt` (delta 1..15 from the
//                        previous field id of this struct, type), long form `0000tttt` + zigzag i16 field id.
//   "Boolean encoding"   a bool field's value is its header's type (1 = true, 2 = false), no payload; a bool list
//                        element is one byte. We write elements as 1/2 and element type 1, as the Apache C++ and
//                        Java libraries do (so our footers match pyarrow's byte for byte), and read 1 as true and
//                        0 or 2 as false, element type 1 or 2.
//   "List and Set"       header `sssstttt` for sizes 0..14, else `1111tttt` + varint size; then the elements.
//   "Map"                varint size; if nonzero a `kkkkvvvv` type byte; then key, value pairs.
//   Unions are structs with at most one field set.
//
// Hostile input: every length and count is checked against the bytes that remain before anything is read or
// reserved (each element takes at least one byte, so a count can never exceed them), varints longer than their
// type allows are rejected, and nesting (structs, lists, maps, and skipping unknown fields of any type) is
// bounded by Limits::max_depth, so no input can exhaust the stack or allocate more than a small multiple of its
// own size. Errors are FormatError with the file, the absolute byte offset and the struct/field path being read:
//   `x.parquet at byte 1234: thrift: varint runs past the end (in FileMetaData.4 > RowGroup.1 > ColumnChunk.3)`.
//
// Thread-safety: a reader or writer is used by one thread; they share nothing.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::parquet::thrift {

// Compact protocol type ids (field types; the same numbers serve as list/map element types).
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,
};

std::string_view compact_type_name(CompactType type);

struct Limits {
  // Structs, lists and maps nested inside each other (Parquet's metadata needs about 8).
  int max_depth = 64;
  // Elements in one list, set or map (Arrow's default thrift_container_size_limit is 1,000,000; page
  // indexes of huge column chunks can exceed that, so ours is higher, and still bounded by the input size).
  int64_t max_container_size = 16'000'000;
  // Memory the decoded structures may take (callers charge sizeof(element) per list element). A 3-byte
  // ColumnChunk on the wire is an 896-byte struct, so without this a hostile 10 MB footer could demand 3 GB.
  // 0 means 64 MiB + 32 bytes per input byte; real footers need well under 10 bytes per input byte.
  int64_t max_decoded_bytes = 0;
};

struct FieldHeader {
  int16_t id = 0;
  CompactType type = CompactType::kStop;
};

struct ListHeader {
  CompactType element_type = CompactType::kStop;
  int64_t size = 0;
};

// Reads compact-protocol values from a byte range. `file` and `base_offset` (the absolute offset of bytes[0])
// only make error messages precise.
class CompactReader {
 public:
  explicit CompactReader(std::span<const uint8_t> bytes, std::string file = {}, int64_t base_offset = 0,
                         Limits limits = {});

  // Structs. `name` appears in error paths; it must outlive the reader (a string literal).
  void begin_struct(const char* name);
  // Read the next field header; false at the stop byte. Records the field id for error paths.
  bool read_field_header(FieldHeader* header);
  void end_struct();

  // Scalar values. A bool *field* has its value in the header: use bool_field_value(header).
  static bool bool_field_value(const FieldHeader& header) { return header.type == CompactType::kBoolTrue; }
  bool read_bool_element();
  int8_t read_i8();
  int16_t read_i16();
  int32_t read_i32();
  int64_t read_i64();
  double read_double();
  // Binary/string: a view into the input (valid while the input is).
  std::span<const uint8_t> read_binary();
  std::string read_string();
  std::array<uint8_t, 16> read_uuid();

  // Containers. After reading a list or map header, read exactly `size` elements, then call end_container().
  // A bool element type (1 or 2 on the wire) is reported as kBoolTrue.
  ListHeader read_list_header();
  struct MapHeader {
    CompactType key_type = CompactType::kStop;
    CompactType value_type = CompactType::kStop;
    int64_t size = 0;
  };
  MapHeader read_map_header();
  void end_container();

  // Account for `bytes` of decoded memory; FormatError past Limits::max_decoded_bytes.
  void charge(int64_t bytes) {
    decoded_bytes_ += bytes;
    if (decoded_bytes_ > budget_) fail_budget();
  }

  // Skip one value of `type`, recursing into structs and containers (depth-limited). `element` is true for a
  // list/set/map element, where a bool takes one byte (a bool field has no payload).
  void skip(CompactType type, bool element = false);

  // Absolute offset of the next byte, and bytes left.
  int64_t offset() const { return base_offset_ + static_cast<int64_t>(pos_); }
  int64_t position() const { return static_cast<int64_t>(pos_); }
  int64_t remaining() const { return static_cast<int64_t>(bytes_.size() - pos_); }
  const std::string& file() const { return file_; }

  // Throw FormatError at the current offset with the struct path appended.
  [[noreturn]] void fail(std::string_view why) const;
  [[noreturn]] void fail_at(int64_t absolute_offset, std::string_view why) const;

 private:
  [[noreturn]] void fail_budget() const;
  uint64_t read_varint(int max_bytes);
  uint8_t read_byte();
  void enter();
  CompactType checked_type(uint8_t nibble, bool element);

  struct Frame {
    const char* name;  // nullptr for a container
    int16_t last_field_id;
  };

  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  std::string file_;
  int64_t base_offset_ = 0;
  Limits limits_;
  int64_t budget_ = 0;
  int64_t decoded_bytes_ = 0;
  std::vector<Frame> stack_;
};

// Appends compact-protocol values to a byte vector.
class CompactWriter {
 public:
  CompactWriter() = default;

  void begin_struct();
  void field_header(int16_t id, CompactType type);
  void bool_field(int16_t id, bool value);
  // Write the stop byte and return to the enclosing struct's field ids.
  void end_struct();

  void write_bool_element(bool value) { out_.push_back(value ? 1 : 2); }
  void write_i8(int8_t value) { out_.push_back(static_cast<uint8_t>(value)); }
  void write_i16(int16_t value) { write_varint(zigzag(value)); }
  void write_i32(int32_t value) { write_varint(zigzag(value)); }
  void write_i64(int64_t value) { write_varint(zigzag(value)); }
  void write_double(double value);
  void write_binary(std::span<const uint8_t> value);
  void write_string(std::string_view value);
  void write_uuid(const std::array<uint8_t, 16>& value);
  void list_header(CompactType element_type, int64_t size);
  void map_header(CompactType key_type, CompactType value_type, int64_t size);

  const std::vector<uint8_t>& bytes() const { return out_; }
  std::vector<uint8_t> release() { return std::move(out_); }
  void clear();

  static uint64_t zigzag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }

 private:
  void write_varint(uint64_t value);

  std::vector<uint8_t> out_;
  std::vector<int16_t> last_ids_;
  int16_t last_field_id_ = 0;
};

inline int64_t unzigzag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace strata::parquet::thrift
