// Builders: append values one at a time or in bulk, then `finish()` into an immutable Array.
//
//   Int64Builder b;                      StringBuilder s;
//   b.reserve(3);                        s.append("EUR");
//   b.append(1); b.append_null();        s.append_null();
//   b.append_values({{2, 3}});           Array names = s.finish();
//   Array ids = b.finish();
//
// `append` checks capacity; `unsafe_append` skips the check after `reserve` (the name carries the cost).
// The validity bitmap is only allocated once the first null arrives. A builder is single-threaded and is
// reset by `finish()`, ready for the next array.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "strata/columnar/array.h"

namespace strata::columnar {

// Validity bits for a builder: none until the first null, then a bitmap with all earlier bits set.
class ValidityBuilder {
 public:
  void reserve(int64_t capacity) {
    if (bits_) bits_->reserve(bit_util::bytes_for_bits(capacity));
    capacity_ = capacity > capacity_ ? capacity : capacity_;
  }
  void append_valid(int64_t length_before) {
    if (bits_) {
      ensure(length_before + 1);
      bit_util::set_bit(bits_->mutable_data(), length_before);
    }
  }
  void append_null(int64_t length_before) {
    materialize(length_before);
    ensure(length_before + 1);
    bit_util::clear_bit(bits_->mutable_data(), length_before);
    ++null_count_;
  }
  // Append `count` bits; `valid` (one byte per value, nonzero = valid) may be null for all valid.
  void append(int64_t length_before, int64_t count, const uint8_t* valid);
  void append_nulls(int64_t length_before, int64_t count);
  int64_t null_count() const { return null_count_; }
  // The finished bitmap (null when there were no nulls); resets the builder.
  BufferPtr finish(int64_t length);

 private:
  void materialize(int64_t length_before);
  void ensure(int64_t bits) {
    const int64_t bytes = bit_util::bytes_for_bits(bits);
    if (bytes > bits_->size()) {
      const int64_t old = bits_->size();
      bits_->resize(bytes);
      std::memset(bits_->mutable_data() + old, 0, static_cast<size_t>(bytes - old));
    }
  }

  BufferPtr bits_;
  int64_t null_count_ = 0;
  int64_t capacity_ = 0;
};

// Fixed-width values: numbers, date32/64, time32/64, timestamp, duration (give the type for those).
template <typename T>
class NumericBuilder {
 public:
  explicit NumericBuilder(DataTypePtr type = CTypeTraits<T>::type()) : type_(std::move(type)) {}

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return validity_.null_count(); }

  void reserve(int64_t additional) {
    const int64_t want = length_ + additional;
    if (!values_) values_ = Buffer::allocate(0);
    values_->reserve(want * static_cast<int64_t>(sizeof(T)));
    validity_.reserve(want);
  }
  void append(T value) {
    if (!values_ || (length_ + 1) * static_cast<int64_t>(sizeof(T)) > values_->capacity()) {
      reserve(length_ < 16 ? 16 : length_);
    }
    unsafe_append(value);
  }
  // REQUIRES: reserve() made room.
  void unsafe_append(T value) {
    values_->mutable_data_as<T>()[length_] = value;
    validity_.append_valid(length_);
    ++length_;
  }
  void append_null() {
    append(T{});
    --length_;
    validity_.append_null(length_);
    ++length_;
  }
  void append_nulls(int64_t count) {
    reserve(count);
    std::memset(values_->mutable_data_as<T>() + length_, 0, static_cast<size_t>(count) * sizeof(T));
    validity_.append_nulls(length_, count);
    length_ += count;
  }
  void append_option(std::optional<T> value) {
    if (value) {
      append(*value);
    } else {
      append_null();
    }
  }
  // Bulk append; `valid` has one byte per value (nonzero = valid) or is null for all valid.
  void append_values(std::span<const T> values, const uint8_t* valid = nullptr) {
    reserve(static_cast<int64_t>(values.size()));
    if (!values.empty()) std::memcpy(values_->mutable_data_as<T>() + length_, values.data(), values.size_bytes());
    validity_.append(length_, static_cast<int64_t>(values.size()), valid);
    length_ += static_cast<int64_t>(values.size());
  }
  Array finish() {
    if (!values_) values_ = Buffer::allocate(0);
    values_->resize(length_ * static_cast<int64_t>(sizeof(T)));
    const int64_t nulls = validity_.null_count();
    auto data = ArrayData::make(type_, length_, {validity_.finish(length_), std::move(values_)}, nulls);
    values_.reset();
    length_ = 0;
    return Array(std::move(data));
  }

 private:
  DataTypePtr type_;
  BufferPtr values_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
};

using Int8Builder = NumericBuilder<int8_t>;
using Int16Builder = NumericBuilder<int16_t>;
using Int32Builder = NumericBuilder<int32_t>;
using Int64Builder = NumericBuilder<int64_t>;
using UInt8Builder = NumericBuilder<uint8_t>;
using UInt16Builder = NumericBuilder<uint16_t>;
using UInt32Builder = NumericBuilder<uint32_t>;
using UInt64Builder = NumericBuilder<uint64_t>;
using FloatBuilder = NumericBuilder<float>;
using DoubleBuilder = NumericBuilder<double>;

class BooleanBuilder {
 public:
  const DataTypePtr& type() const;
  int64_t length() const { return length_; }
  int64_t null_count() const { return validity_.null_count(); }
  void reserve(int64_t additional);
  void append(bool value) {
    if (!values_ || bit_util::bytes_for_bits(length_ + 1) > values_->capacity()) reserve(length_ < 64 ? 64 : length_);
    unsafe_append(value);
  }
  void unsafe_append(bool value) {
    bit_util::set_bit_to(values_->mutable_data(), length_, value);
    validity_.append_valid(length_);
    ++length_;
  }
  void append_null();
  void append_nulls(int64_t count);
  void append_option(std::optional<bool> value) {
    if (value) {
      append(*value);
    } else {
      append_null();
    }
  }
  // One byte per value (nonzero = true); `valid` as in NumericBuilder.
  void append_values(std::span<const uint8_t> values, const uint8_t* valid = nullptr);
  Array finish();

 private:
  BufferPtr values_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
};

// string, binary (OffsetT = int32_t) and large_string, large_binary (OffsetT = int64_t).
template <typename OffsetT>
class BaseBinaryBuilder {
 public:
  explicit BaseBinaryBuilder(DataTypePtr type) : type_(std::move(type)) {}

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return validity_.null_count(); }
  int64_t value_data_length() const { return data_ ? data_->size() : 0; }

  // Room for `additional` more values and `additional_bytes` more bytes of character data.
  void reserve(int64_t additional, int64_t additional_bytes = 0) {
    init();
    offsets_->reserve((length_ + additional + 1) * static_cast<int64_t>(sizeof(OffsetT)));
    data_->reserve(data_->size() + additional_bytes);
    validity_.reserve(length_ + additional);
  }
  void append(std::string_view value) {
    init();
    if ((length_ + 2) * static_cast<int64_t>(sizeof(OffsetT)) > offsets_->capacity()) reserve(length_ < 16 ? 16 : length_);
    append_bytes(value);
    validity_.append_valid(length_);
    ++length_;
    set_end_offset();
  }
  void append_null() {
    init();
    if ((length_ + 2) * static_cast<int64_t>(sizeof(OffsetT)) > offsets_->capacity()) reserve(length_ < 16 ? 16 : length_);
    validity_.append_null(length_);
    ++length_;
    set_end_offset();
  }
  void append_nulls(int64_t count) {
    for (int64_t i = 0; i < count; ++i) append_null();
  }
  void append_option(std::optional<std::string_view> value) {
    if (value) {
      append(*value);
    } else {
      append_null();
    }
  }
  Array finish() {
    init();
    offsets_->resize((length_ + 1) * static_cast<int64_t>(sizeof(OffsetT)));
    const int64_t nulls = validity_.null_count();
    auto data = ArrayData::make(type_, length_, {validity_.finish(length_), std::move(offsets_), std::move(data_)},
                                nulls);
    offsets_.reset();
    data_.reset();
    length_ = 0;
    return Array(std::move(data));
  }

 private:
  void init() {
    if (!offsets_) {
      offsets_ = Buffer::allocate(0);
      offsets_->reserve(16 * sizeof(OffsetT));
      offsets_->mutable_data_as<OffsetT>()[0] = 0;
      data_ = Buffer::allocate(0);
    }
  }
  void append_bytes(std::string_view value);
  void set_end_offset() {
    offsets_->mutable_data_as<OffsetT>()[length_] = static_cast<OffsetT>(data_->size());
  }

  DataTypePtr type_;
  BufferPtr offsets_;
  BufferPtr data_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
};

class StringBuilder : public BaseBinaryBuilder<int32_t> {
 public:
  StringBuilder() : BaseBinaryBuilder<int32_t>(utf8()) {}
};
class BinaryBuilder : public BaseBinaryBuilder<int32_t> {
 public:
  BinaryBuilder() : BaseBinaryBuilder<int32_t>(binary()) {}
};
class LargeStringBuilder : public BaseBinaryBuilder<int64_t> {
 public:
  LargeStringBuilder() : BaseBinaryBuilder<int64_t>(large_utf8()) {}
};
class LargeBinaryBuilder : public BaseBinaryBuilder<int64_t> {
 public:
  LargeBinaryBuilder() : BaseBinaryBuilder<int64_t>(large_binary()) {}
};

// fixed_size_binary(n) and decimal128(p, s) (16 bytes per value).
class FixedSizeBinaryBuilder {
 public:
  explicit FixedSizeBinaryBuilder(DataTypePtr type);

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  void reserve(int64_t additional);
  // REQUIRES: value.size() == byte width (throws InvalidArgument otherwise).
  void append(std::string_view value);
  void append(const Decimal128& value);
  void append_null();
  Array finish();

 private:
  DataTypePtr type_;
  int32_t width_;
  BufferPtr values_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
};

// list (OffsetT = int32_t), large_list (int64_t) and map (int32_t): the builder records one offset per slot;
// the items go into any builder of the value type, and `finish` takes the finished items:
//
//   ListBuilder lists(list(int64()));   Int64Builder items;
//   items.append(1); items.append(2);   lists.append(2);      // [1, 2]
//   lists.append_null();                lists.append(0);      // null, []
//   Array a = lists.finish(items.finish());
//
// Null slots own no items. For map, `finish(keys, values)` builds the entries struct.
template <typename OffsetT>
class BaseListBuilder {
 public:
  // REQUIRES: a list type of this offset width (list/map for int32_t, large_list for int64_t).
  explicit BaseListBuilder(DataTypePtr type);

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return validity_.null_count(); }
  // Items referenced so far (the length `finish` expects of the items array).
  int64_t value_length() const { return end_; }

  void reserve(int64_t additional);
  // A valid slot holding the next `value_length` items.
  void append(int64_t value_length);
  void append_null();
  void append_nulls(int64_t count) {
    for (int64_t i = 0; i < count; ++i) append_null();
  }
  // REQUIRES: items.length() == value_length() and items of the value type (throws otherwise).
  Array finish(const Array& items);
  // Map only: keys and values of equal length value_length(); keys must have no nulls.
  Array finish(const Array& keys, const Array& values);

 private:
  void push_offset();

  DataTypePtr type_;
  BufferPtr offsets_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
  int64_t end_ = 0;
};

using ListBuilder = BaseListBuilder<int32_t>;
using LargeListBuilder = BaseListBuilder<int64_t>;
using MapBuilder = BaseListBuilder<int32_t>;

// struct: the builder records struct-level validity; children are built by any builders and handed to
// `finish` (one per field, each of length length()). A null struct slot still takes one child slot per field
// (append a null or any value to each child).
class StructBuilder {
 public:
  // REQUIRES: a struct type.
  explicit StructBuilder(DataTypePtr type);

  const DataTypePtr& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return validity_.null_count(); }
  void append() {
    validity_.append_valid(length_);
    ++length_;
  }
  void append_null() {
    validity_.append_null(length_);
    ++length_;
  }
  // REQUIRES: one child per field, of the field's type and of length length() (throws otherwise).
  Array finish(const std::vector<Array>& children);

 private:
  DataTypePtr type_;
  ValidityBuilder validity_;
  int64_t length_ = 0;
};

}  // namespace strata::columnar
