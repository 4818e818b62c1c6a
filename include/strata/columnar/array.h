// Arrays: immutable columns of one type in the Arrow memory layout.
//
// `ArrayData` is the layout itself (type, length, offset, null count, buffers, children, dictionary), the
// same shape the Arrow C data interface and IPC use, so both are zero-copy. `Array` is a cheap, copyable
// handle to shared ArrayData; typed views (`Int64Array`, `StringArray`, `DictionaryArray`, ...) add typed
// accessors and check the type once on construction. Buffers, per type (buffer 0 is always validity and may
// be null when there are no nulls):
//   bool, numbers, temporal, decimal, fixed_size_binary: [validity, values]
//   string/binary (int32 offsets), large_* (int64 offsets): [validity, offsets, data]
//   list, large_list, map: [validity, offsets] + 1 child; fixed_size_list: [validity] + 1 child
//   struct: [validity] + one child per field; dictionary: [validity, indices] + `dictionary`
//   null: [nullptr]
// Thread-safety: arrays are immutable; share them freely across threads.
#pragma once

#include <cassert>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/columnar/buffer.h"
#include "strata/columnar/type.h"
#include "strata/core/bit_util.h"

namespace strata::columnar {

inline constexpr int64_t kUnknownNullCount = -1;

struct ArrayData {
  DataTypePtr type;
  int64_t length = 0;
  int64_t null_count = 0;  // kUnknownNullCount until computed
  int64_t offset = 0;      // logical start, in values, into the buffers
  std::vector<BufferPtr> buffers;
  std::vector<std::shared_ptr<ArrayData>> children;
  std::shared_ptr<ArrayData> dictionary;  // dictionary arrays only

  static std::shared_ptr<ArrayData> make(DataTypePtr type, int64_t length, std::vector<BufferPtr> buffers,
                                         int64_t null_count = kUnknownNullCount, int64_t offset = 0) {
    auto data = std::make_shared<ArrayData>();
    data->type = std::move(type);
    data->length = length;
    data->buffers = std::move(buffers);
    data->null_count = null_count;
    data->offset = offset;
    return data;
  }

  const uint8_t* validity() const { return buffers.empty() || !buffers[0] ? nullptr : buffers[0]->data(); }
  // Count the nulls if unknown and cache the answer. Not thread-safe on first call for unknown counts;
  // arrays built by Strata always know theirs.
  int64_t get_null_count();
};

class Array {
 public:
  Array() = default;
  explicit Array(std::shared_ptr<ArrayData> data);

  bool valid() const { return data_ != nullptr; }
  const std::shared_ptr<ArrayData>& data() const { return data_; }
  const DataTypePtr& type() const { return data_->type; }
  TypeId type_id() const { return data_->type->id(); }
  int64_t length() const { return data_->length; }
  int64_t offset() const { return data_->offset; }
  int64_t null_count() const { return data_->null_count; }
  // Validity bitmap (bit `offset() + i` for element i), or nullptr when every element is valid.
  const uint8_t* null_bitmap_data() const { return null_count() == 0 ? nullptr : data_->validity(); }
  bool is_null(int64_t i) const {
    if (type_id() == TypeId::kNull) return true;
    const uint8_t* bits = null_bitmap_data();
    return bits != nullptr && !bit_util::get_bit(bits, data_->offset + i);
  }
  bool is_valid(int64_t i) const { return !is_null(i); }

  // A zero-copy view of elements [offset, offset + length). Throws InvalidArgument when out of range.
  Array slice(int64_t offset, int64_t length) const;
  Array slice(int64_t offset) const { return slice(offset, length() - offset); }

  // Fixed-width values of buffer 1 as T, with the offset applied. REQUIRES: sizeof(T) matches the type.
  template <typename T>
  std::span<const T> values() const {
    return {data_->buffers[1]->data_as<T>() + data_->offset, static_cast<size_t>(data_->length)};
  }

  // Same type, same values, same nulls (null slots' contents are ignored).
  bool equals(const Array& other) const;
  // A readable rendering for tests and debugging: [1, null, 3].
  std::string to_string() const;

 protected:
  std::shared_ptr<ArrayData> data_;
};

// Throws TypeError unless `array` has one of the given type ids.
void check_type_id(const Array& array, std::initializer_list<TypeId> ids, const char* view_name);
// Throws TypeError unless `array` holds fixed-width numbers (or temporal values) of this width and kind.
void check_numeric_view(const Array& array, int byte_width, bool floating);

class NullArray : public Array {
 public:
  explicit NullArray(int64_t length);
};

class BooleanArray : public Array {
 public:
  explicit BooleanArray(const Array& array) : Array(array) { check_type_id(*this, {TypeId::kBool}, "BooleanArray"); }
  bool value(int64_t i) const { return bit_util::get_bit(data_->buffers[1]->data(), data_->offset + i); }
  const uint8_t* values_bitmap() const { return data_->buffers[1]->data(); }
  // Number of valid, true elements.
  int64_t true_count() const;
};

// Numbers, dates, times, timestamps and durations: one fixed-width value per slot.
template <typename T>
class NumericArray : public Array {
 public:
  explicit NumericArray(const Array& array) : Array(array) {
    check_numeric_view(*this, sizeof(T), std::is_floating_point_v<T>);
  }
  T value(int64_t i) const { return raw_values()[i]; }
  const T* raw_values() const { return data_->buffers[1]->data_as<T>() + data_->offset; }
  std::span<const T> values() const { return Array::values<T>(); }
};

using Int8Array = NumericArray<int8_t>;
using Int16Array = NumericArray<int16_t>;
using Int32Array = NumericArray<int32_t>;
using Int64Array = NumericArray<int64_t>;
using UInt8Array = NumericArray<uint8_t>;
using UInt16Array = NumericArray<uint16_t>;
using UInt32Array = NumericArray<uint32_t>;
using UInt64Array = NumericArray<uint64_t>;
using FloatArray = NumericArray<float>;
using DoubleArray = NumericArray<double>;

// Variable-width strings or bytes with offsets of type OffsetT (int32 or int64).
template <typename OffsetT>
class BaseBinaryArray : public Array {
 public:
  explicit BaseBinaryArray(const Array& array) : Array(array) {
    if constexpr (sizeof(OffsetT) == 4) {
      check_type_id(*this, {TypeId::kString, TypeId::kBinary}, "BinaryArray");
    } else {
      check_type_id(*this, {TypeId::kLargeString, TypeId::kLargeBinary}, "LargeBinaryArray");
    }
  }
  const OffsetT* raw_offsets() const { return data_->buffers[1]->data_as<OffsetT>() + data_->offset; }
  const uint8_t* raw_data() const { return data_->buffers[2] ? data_->buffers[2]->data() : nullptr; }
  std::string_view value(int64_t i) const {
    const OffsetT* offsets = raw_offsets();
    return {reinterpret_cast<const char*>(raw_data()) + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])};
  }
  int64_t value_length(int64_t i) const { return raw_offsets()[i + 1] - raw_offsets()[i]; }
  // Bytes of character data spanned by this (possibly sliced) array.
  int64_t total_values_length() const { return length() == 0 ? 0 : raw_offsets()[length()] - raw_offsets()[0]; }
};

using BinaryArray = BaseBinaryArray<int32_t>;
using StringArray = BaseBinaryArray<int32_t>;
using LargeBinaryArray = BaseBinaryArray<int64_t>;
using LargeStringArray = BaseBinaryArray<int64_t>;

class FixedSizeBinaryArray : public Array {
 public:
  explicit FixedSizeBinaryArray(const Array& array) : Array(array) {
    check_type_id(*this, {TypeId::kFixedSizeBinary, TypeId::kDecimal128}, "FixedSizeBinaryArray");
  }
  int32_t byte_width() const { return type()->byte_width(); }
  const uint8_t* value_data(int64_t i) const {
    return data_->buffers[1]->data() + (data_->offset + i) * byte_width();
  }
  std::string_view value(int64_t i) const {
    return {reinterpret_cast<const char*>(value_data(i)), static_cast<size_t>(byte_width())};
  }
};

// Decimal128 values as 16-byte little-endian two's complement integers scaled by 10^scale.
struct Decimal128 {
  uint64_t low = 0;
  int64_t high = 0;

  static Decimal128 from_int64(int64_t v) { return {static_cast<uint64_t>(v), v < 0 ? -1 : 0}; }
  // Exact decimal rendering with `scale` digits after the point: "-12.50".
  std::string to_string(int32_t scale) const;
  // Parse "123.45" at the given scale (extra digits are an error). Throws InvalidArgument.
  static Decimal128 parse(std::string_view text, int32_t scale);
  bool operator==(const Decimal128&) const = default;
};

class Decimal128Array : public FixedSizeBinaryArray {
 public:
  explicit Decimal128Array(const Array& array) : FixedSizeBinaryArray(array) {
    check_type_id(*this, {TypeId::kDecimal128}, "Decimal128Array");
  }
  Decimal128 value(int64_t i) const {
    Decimal128 d;
    std::memcpy(&d.low, value_data(i), 8);
    std::memcpy(&d.high, value_data(i) + 8, 8);
    return d;
  }
};

class DictionaryArray : public Array {
 public:
  explicit DictionaryArray(const Array& array) : Array(array) {
    check_type_id(*this, {TypeId::kDictionary}, "DictionaryArray");
  }
  // The indices as an array of the index type, sharing the validity and offset.
  Array indices() const;
  Array dictionary() const { return Array(data_->dictionary); }
  // The index of element i widened to int64. REQUIRES: is_valid(i).
  int64_t index(int64_t i) const;
};

// list and large_list (offset type OffsetT), and map (int32 offsets into a struct<key, value> child).
template <typename OffsetT>
class BaseListArray : public Array {
 public:
  explicit BaseListArray(const Array& array) : Array(array) {
    if constexpr (sizeof(OffsetT) == 4) {
      check_type_id(*this, {TypeId::kList, TypeId::kMap}, "ListArray");
    } else {
      check_type_id(*this, {TypeId::kLargeList}, "LargeListArray");
    }
  }
  const OffsetT* raw_offsets() const { return data_->buffers[1]->data_as<OffsetT>() + data_->offset; }
  Array values() const { return Array(data_->children[0]); }
  int64_t value_offset(int64_t i) const { return raw_offsets()[i]; }
  int64_t value_length(int64_t i) const { return raw_offsets()[i + 1] - raw_offsets()[i]; }
  Array value_slice(int64_t i) const { return values().slice(value_offset(i), value_length(i)); }
};

using ListArray = BaseListArray<int32_t>;
using LargeListArray = BaseListArray<int64_t>;
using MapArray = BaseListArray<int32_t>;

class FixedSizeListArray : public Array {
 public:
  explicit FixedSizeListArray(const Array& array) : Array(array) {
    check_type_id(*this, {TypeId::kFixedSizeList}, "FixedSizeListArray");
  }
  Array values() const { return Array(data_->children[0]); }
  Array value_slice(int64_t i) const {
    const int64_t n = type()->list_size();
    return values().slice((data_->offset + i) * n, n);
  }
};

class StructArray : public Array {
 public:
  explicit StructArray(const Array& array) : Array(array) { check_type_id(*this, {TypeId::kStruct}, "StructArray"); }
  int num_fields() const { return static_cast<int>(data_->children.size()); }
  // Child i, sliced to this array's offset and length (its own validity stays separate).
  Array field(int i) const;
  // Build a struct array from equal-length children, with no nulls at the struct level.
  static StructArray make(std::vector<FieldPtr> fields, const std::vector<Array>& children);
};

// Build the typed view for `array` when T matches; throws TypeError otherwise.
template <typename View>
View as(const Array& array) {
  return View(array);
}

// One element rendered as text: numbers, quoted-free strings, ISO dates and timestamps, "null".
std::string value_to_string(const Array& array, int64_t i);

// Arrays of `length` nulls of any type (all buffers zeroed; the type's layout is respected).
Array make_null_array(const DataTypePtr& type, int64_t length);

}  // namespace strata::columnar
