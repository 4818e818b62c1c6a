// Thrift compact protocol reader and writer; the byte layout is described in compact_protocol.h.
#include "strata/parquet/thrift/compact_protocol.h"

#include <bit>
#include <cassert>

#include "strata/core/error.h"

namespace strata::parquet::thrift {

std::string_view compact_type_name(CompactType type) {
  switch (type) {
    case CompactType::kStop: return "stop";
    case CompactType::kBoolTrue: return "bool(true)";
    case CompactType::kBoolFalse: return "bool(false)";
    case CompactType::kI8: return "i8";
    case CompactType::kI16: return "i16";
    case CompactType::kI32: return "i32";
    case CompactType::kI64: return "i64";
    case CompactType::kDouble: return "double";
    case CompactType::kBinary: return "binary";
    case CompactType::kList: return "list";
    case CompactType::kSet: return "set";
    case CompactType::kMap: return "map";
    case CompactType::kStruct: return "struct";
    case CompactType::kUuid: return "uuid";
  }
  return "invalid";
}

// --- reader ---------------------------------------------------------------------------------------------------

CompactReader::CompactReader(std::span<const uint8_t> bytes, std::string file, int64_t base_offset, Limits limits)
    : bytes_(bytes), file_(std::move(file)), base_offset_(base_offset), limits_(limits) {
  budget_ = limits_.max_decoded_bytes > 0 ? limits_.max_decoded_bytes
                                          : (int64_t{64} << 20) + 32 * static_cast<int64_t>(bytes_.size());
  stack_.reserve(16);
}

void CompactReader::fail_budget() const {
  fail(fmt::format("decoding needs more than {} bytes of memory for {} input bytes", budget_, bytes_.size()));
}

void CompactReader::fail(std::string_view why) const { fail_at(offset(), why); }

void CompactReader::fail_at(int64_t absolute_offset, std::string_view why) const {
  std::string message = fmt::format("thrift: {}", why);
  std::string path;
  for (const Frame& frame : stack_) {
    if (frame.name == nullptr) continue;
    if (!path.empty()) path += " > ";
    path += frame.name;
    if (frame.last_field_id != 0) path += fmt::format(".{}", frame.last_field_id);
  }
  if (!path.empty()) message += fmt::format(" (in {})", path);
  throw FormatError(file_, absolute_offset, message);
}

uint8_t CompactReader::read_byte() {
  if (pos_ >= bytes_.size()) fail("unexpected end of data");
  return bytes_[pos_++];
}

uint64_t CompactReader::read_varint(int max_bytes) {
  // Unsigned LEB128 ("Integer encoding"): 7 bits per byte, low groups first, high bit = more follows.
  size_t start = pos_;
  uint64_t value = 0;
  for (int i = 0; i < max_bytes; ++i) {
    if (pos_ >= bytes_.size()) fail_at(base_offset_ + static_cast<int64_t>(start), "varint runs past the end");
    uint8_t byte = bytes_[pos_++];
    value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      if (i == 9 && byte > 1) fail_at(base_offset_ + static_cast<int64_t>(start), "varint overflows 64 bits");
      return value;
    }
  }
  fail_at(base_offset_ + static_cast<int64_t>(start), fmt::format("varint longer than {} bytes", max_bytes));
}

void CompactReader::enter() {
  if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
    fail(fmt::format("nesting deeper than {} levels", limits_.max_depth));
  }
}

CompactType CompactReader::checked_type(uint8_t nibble, bool element) {
  if (nibble == 0 || nibble > static_cast<uint8_t>(CompactType::kUuid)) {
    fail_at(offset() - 1, fmt::format("invalid {} type {}", element ? "element" : "field", nibble));
  }
  auto type = static_cast<CompactType>(nibble);
  if (element && type == CompactType::kBoolFalse) type = CompactType::kBoolTrue;
  return type;
}

void CompactReader::begin_struct(const char* name) {
  enter();
  stack_.push_back(Frame{name, 0});
}

bool CompactReader::read_field_header(FieldHeader* header) {
  uint8_t byte = read_byte();
  if (byte == 0) {
    header->type = CompactType::kStop;
    return false;
  }
  CompactType type = checked_type(byte & 0x0f, false);
  assert(!stack_.empty() && stack_.back().name != nullptr && "read_field_header outside begin_struct");
  int16_t& last = stack_.back().last_field_id;
  int delta = byte >> 4;
  int id;
  if (delta != 0) {
    id = last + delta;
    if (id > INT16_MAX) fail("field id overflows i16");
  } else {
    id = read_i16();
  }
  last = static_cast<int16_t>(id);
  header->id = static_cast<int16_t>(id);
  header->type = type;
  return true;
}

void CompactReader::end_struct() { stack_.pop_back(); }

bool CompactReader::read_bool_element() {
  // 1 is true; 0 (the specification) and 2 (Apache C++/Java) are false.
  return read_byte() == 1;
}

int8_t CompactReader::read_i8() { return static_cast<int8_t>(read_byte()); }

int16_t CompactReader::read_i16() {
  int64_t start = offset();
  uint64_t raw = read_varint(3);
  if (raw > 0xffff) fail_at(start, "i16 varint out of range");
  return static_cast<int16_t>(unzigzag(raw));
}

int32_t CompactReader::read_i32() {
  int64_t start = offset();
  uint64_t raw = read_varint(5);
  if (raw > 0xffffffffULL) fail_at(start, "i32 varint out of range");
  return static_cast<int32_t>(unzigzag(raw));
}

int64_t CompactReader::read_i64() { return unzigzag(read_varint(10)); }

double CompactReader::read_double() {
  if (remaining() < 8) fail("double runs past the end");
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
  pos_ += 8;
  return std::bit_cast<double>(bits);
}

std::span<const uint8_t> CompactReader::read_binary() {
  int64_t start = offset();
  uint64_t length = read_varint(5);
  if (length > static_cast<uint64_t>(INT32_MAX)) fail_at(start, fmt::format("binary length {} is negative", length));
  if (static_cast<int64_t>(length) > remaining()) {
    fail_at(start, fmt::format("binary of {} bytes runs past the end ({} bytes left)", length, remaining()));
  }
  std::span<const uint8_t> out = bytes_.subspan(pos_, static_cast<size_t>(length));
  pos_ += static_cast<size_t>(length);
  return out;
}

std::string CompactReader::read_string() {
  auto bytes = read_binary();
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::array<uint8_t, 16> CompactReader::read_uuid() {
  if (remaining() < 16) fail("uuid runs past the end");
  std::array<uint8_t, 16> out{};
  std::memcpy(out.data(), bytes_.data() + pos_, 16);
  pos_ += 16;
  return out;
}

ListHeader CompactReader::read_list_header() {
  int64_t start = offset();
  uint8_t byte = read_byte();
  ListHeader header;
  header.element_type = checked_type(byte & 0x0f, true);
  int64_t size = byte >> 4;
  if (size == 15) {
    uint64_t raw = read_varint(5);
    if (raw > static_cast<uint64_t>(INT32_MAX)) fail_at(start, fmt::format("list size {} is negative", raw));
    size = static_cast<int64_t>(raw);
  }
  if (size > limits_.max_container_size) {
    fail_at(start, fmt::format("list of {} elements exceeds the limit of {}", size, limits_.max_container_size));
  }
  // Every element takes at least one byte.
  if (size > remaining()) {
    fail_at(start, fmt::format("list of {} elements runs past the end ({} bytes left)", size, remaining()));
  }
  header.size = size;
  enter();
  stack_.push_back(Frame{nullptr, 0});
  return header;
}

CompactReader::MapHeader CompactReader::read_map_header() {
  int64_t start = offset();
  MapHeader header;
  uint64_t raw = read_varint(5);
  if (raw > static_cast<uint64_t>(INT32_MAX)) fail_at(start, fmt::format("map size {} is negative", raw));
  header.size = static_cast<int64_t>(raw);
  if (header.size > 0) {
    uint8_t types = read_byte();
    header.key_type = checked_type(types >> 4, true);
    header.value_type = checked_type(types & 0x0f, true);
    if (header.size > limits_.max_container_size) {
      fail_at(start, fmt::format("map of {} entries exceeds the limit of {}", header.size,
                                 limits_.max_container_size));
    }
    if (header.size > remaining() / 2) {
      fail_at(start, fmt::format("map of {} entries runs past the end ({} bytes left)", header.size, remaining()));
    }
  }
  enter();
  stack_.push_back(Frame{nullptr, 0});
  return header;
}

void CompactReader::end_container() { stack_.pop_back(); }

void CompactReader::skip(CompactType type, bool element) {
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      if (element) read_byte();
      return;
    case CompactType::kI8: read_byte(); return;
    case CompactType::kI16: read_i16(); return;
    case CompactType::kI32: read_i32(); return;
    case CompactType::kI64: read_varint(10); return;
    case CompactType::kDouble: read_double(); return;
    case CompactType::kBinary: read_binary(); return;
    case CompactType::kUuid: read_uuid(); return;
    case CompactType::kList:
    case CompactType::kSet: {
      ListHeader list = read_list_header();
      for (int64_t i = 0; i < list.size; ++i) skip(list.element_type, true);
      end_container();
      return;
    }
    case CompactType::kMap: {
      MapHeader map = read_map_header();
      for (int64_t i = 0; i < map.size; ++i) {
        skip(map.key_type, true);
        skip(map.value_type, true);
      }
      end_container();
      return;
    }
    case CompactType::kStruct: {
      begin_struct("(skipped struct)");
      FieldHeader field;
      while (read_field_header(&field)) skip(field.type);
      end_struct();
      return;
    }
    case CompactType::kStop: break;
  }
  fail(fmt::format("cannot skip a value of type {}", static_cast<int>(type)));
}

// --- writer ---------------------------------------------------------------------------------------------------

void CompactWriter::begin_struct() {
  last_ids_.push_back(last_field_id_);
  last_field_id_ = 0;
}

void CompactWriter::field_header(int16_t id, CompactType type) {
  int delta = id - last_field_id_;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<uint8_t>((delta << 4) | static_cast<int>(type)));
  } else {
    out_.push_back(static_cast<uint8_t>(type));
    write_i16(id);
  }
  last_field_id_ = id;
}

void CompactWriter::bool_field(int16_t id, bool value) {
  field_header(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse);
}

void CompactWriter::end_struct() {
  out_.push_back(0);
  last_field_id_ = last_ids_.back();
  last_ids_.pop_back();
}

void CompactWriter::write_double(double value) {
  auto bits = std::bit_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

void CompactWriter::write_binary(std::span<const uint8_t> value) {
  write_varint(value.size());
  out_.insert(out_.end(), value.begin(), value.end());
}

void CompactWriter::write_string(std::string_view value) {
  write_binary({reinterpret_cast<const uint8_t*>(value.data()), value.size()});
}

void CompactWriter::write_uuid(const std::array<uint8_t, 16>& value) {
  out_.insert(out_.end(), value.begin(), value.end());
}

void CompactWriter::list_header(CompactType element_type, int64_t size) {
  if (size < 15) {
    out_.push_back(static_cast<uint8_t>((size << 4) | static_cast<int>(element_type)));
  } else {
    out_.push_back(static_cast<uint8_t>(0xf0 | static_cast<int>(element_type)));
    write_varint(static_cast<uint64_t>(size));
  }
}

void CompactWriter::map_header(CompactType key_type, CompactType value_type, int64_t size) {
  write_varint(static_cast<uint64_t>(size));
  if (size > 0) out_.push_back(static_cast<uint8_t>((static_cast<int>(key_type) << 4) | static_cast<int>(value_type)));
}

void CompactWriter::write_varint(uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(value));
}

void CompactWriter::clear() {
  out_.clear();
  last_ids_.clear();
  last_field_id_ = 0;
}

}  // namespace strata::parquet::thrift
