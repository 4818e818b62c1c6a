// A small FlatBuffers builder and a bounds-checked reader (internal), enough for Arrow's IPC metadata
// (format/Schema.fbs, Message.fbs, File.fbs). The wire format (flatbuffers.dev "Internals"):
//   - the buffer starts with a uoffset (u32) to the root table;
//   - a table starts with an soffset (i32): its vtable lives at table - soffset;
//   - a vtable is u16 vtable size, u16 table size, then one u16 per field id: the field's offset from the
//     table start, 0 when absent (the reader then uses the schema's default);
//   - references (tables, vectors, strings) are u32 offsets forward from the place that holds them;
//   - a vector is a u32 count then the elements; a string is a u32 length, the bytes and a NUL;
//   - a union takes two field ids: the type (u8) and the value (a table reference).
// The builder writes back to front, as the reference implementation does, so every reference points forward.
// The reader checks every offset against the buffer size and limits depth, so hostile bytes raise
// FormatError instead of reading out of bounds.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "strata/core/error.h"

namespace strata::ipc::fb {

// An object's position while building: its distance from the end of the buffer.
using Offset = uint32_t;

class Builder {
 public:
  Builder() { buf_.resize(1024); }

  Offset create_string(std::string_view s);
  // A vector of scalars or structs given as raw little-endian bytes (`count` elements of `element_size`).
  Offset create_vector(const void* data, size_t count, size_t element_size, size_t alignment);
  template <typename T>
  Offset create_scalar_vector(const std::vector<T>& v) {
    return create_vector(v.data(), v.size(), sizeof(T), sizeof(T));
  }
  Offset create_offset_vector(const std::vector<Offset>& offsets);

  void start_table();
  template <typename T>
  void add_scalar(int id, T value, T default_value) {
    if (value == default_value) return;
    push(value);
    fields_.push_back({id, size_});
  }
  template <typename T>
  void add_scalar_always(int id, T value) {
    push(value);
    fields_.push_back({id, size_});
  }
  void add_offset(int id, Offset target);
  // A struct stored inline in the table: `size` bytes, aligned to `alignment`.
  void add_struct(int id, const void* data, size_t size, size_t alignment);
  Offset end_table();

  // Finish with `root` and return the bytes (padded to 8 bytes).
  std::vector<uint8_t> finish(Offset root);

 private:
  struct FieldLoc {
    int id;
    size_t distance;
  };
  void grow(size_t needed);
  void pad(size_t n);
  // Pad so that after writing `additional` bytes the size is a multiple of `alignment`.
  void prep(size_t alignment, size_t additional);
  void push_bytes(const void* data, size_t n);
  template <typename T>
  void push(T value) {
    prep(sizeof(T), 0);
    push_bytes(&value, sizeof(T));
  }
  uint8_t* at_distance(size_t distance) { return buf_.data() + buf_.size() - distance; }

  std::vector<uint8_t> buf_;  // used bytes are the last size_ bytes
  size_t size_ = 0;
  size_t max_align_ = 1;
  size_t table_start_ = 0;
  std::vector<FieldLoc> fields_;
};

// Read access to a finished buffer. Every accessor validates offsets against the buffer.
struct Buffer {
  const uint8_t* data;
  size_t size;
};

class Table {
 public:
  Table() = default;
  // The root table of a buffer.
  static Table root(Buffer buf);

  bool valid() const { return buf_.data != nullptr; }
  bool has(int id) const { return field_offset(id) != 0; }

  template <typename T>
  T scalar(int id, T default_value) const {
    const uint32_t off = field_offset(id);
    if (off == 0) return default_value;
    check(pos_ + off, sizeof(T));
    if constexpr (std::is_same_v<T, bool>) {
      return buf_.data[pos_ + off] != 0;  // any nonzero byte is true; never load a bool from raw bytes
    } else {
      T v;
      std::memcpy(&v, buf_.data + pos_ + off, sizeof(T));
      return v;
    }
  }
  // A referenced table (an invalid Table when absent).
  Table table(int id) const;
  std::string_view string(int id) const;  // empty when absent
  // A vector: element count and the position of the first element.
  struct Vector {
    const Table* owner;
    uint32_t count;
    uint32_t start;  // absolute position of element 0
  };
  Vector vector(int id, size_t element_size) const;  // count 0 when absent
  Table table_at(const Vector& v, uint32_t i) const;     // element i of a vector of tables
  template <typename T>
  T scalar_at(const Vector& v, uint32_t i) const {
    T x;
    std::memcpy(&x, buf_.data + v.start + static_cast<size_t>(i) * sizeof(T), sizeof(T));
    return x;
  }
  const uint8_t* struct_at(const Vector& v, uint32_t i, size_t element_size) const {
    return buf_.data + v.start + static_cast<size_t>(i) * element_size;
  }

 private:
  Table(Buffer buf, uint32_t pos, int depth);
  uint32_t field_offset(int id) const;
  void check(size_t pos, size_t n) const;
  uint32_t deref(int id) const;  // absolute position the u32 reference at field `id` points to (0 if absent)

  Buffer buf_{nullptr, 0};
  uint32_t pos_ = 0;
  uint32_t vtable_ = 0;
  uint16_t vtable_size_ = 0;
  int depth_ = 0;
};

}  // namespace strata::ipc::fb
