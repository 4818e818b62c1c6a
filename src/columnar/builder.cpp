#include "strata/columnar/builder.h"

#include "strata/core/error.h"

namespace strata::columnar {

void ValidityBuilder::materialize(int64_t length_before) {
  if (bits_) return;
  bits_ = Buffer::allocate(0);
  bits_->reserve(bit_util::bytes_for_bits(capacity_ > length_before + 1 ? capacity_ : length_before + 1));
  bits_->resize(bit_util::bytes_for_bits(length_before));
  bit_util::set_bits_to(bits_->mutable_data(), 0, length_before, true);
}

void ValidityBuilder::append(int64_t length_before, int64_t count, const uint8_t* valid) {
  if (valid == nullptr) {
    if (bits_) {
      ensure(length_before + count);
      bit_util::set_bits_to(bits_->mutable_data(), length_before, count, true);
    }
    return;
  }
  int64_t nulls = 0;
  for (int64_t i = 0; i < count; ++i) nulls += valid[i] == 0;
  if (nulls == 0 && !bits_) return;
  materialize(length_before);
  ensure(length_before + count);
  uint8_t* bits = bits_->mutable_data();
  for (int64_t i = 0; i < count; ++i) bit_util::set_bit_to(bits, length_before + i, valid[i] != 0);
  null_count_ += nulls;
}

void ValidityBuilder::append_nulls(int64_t length_before, int64_t count) {
  if (count == 0) return;
  materialize(length_before);
  ensure(length_before + count);
  bit_util::set_bits_to(bits_->mutable_data(), length_before, count, false);
  null_count_ += count;
}

BufferPtr ValidityBuilder::finish(int64_t length) {
  BufferPtr out;
  if (bits_ && null_count_ > 0) {
    ensure(length);
    bits_->resize(bit_util::bytes_for_bits(length));
    out = std::move(bits_);
  }
  bits_.reset();
  null_count_ = 0;
  capacity_ = 0;
  return out;
}

const DataTypePtr& BooleanBuilder::type() const {
  static const DataTypePtr type = boolean();
  return type;
}

void BooleanBuilder::reserve(int64_t additional) {
  if (!values_) values_ = Buffer::allocate(0);
  const int64_t bytes = bit_util::bytes_for_bits(length_ + additional);
  const int64_t old_capacity = values_->capacity();
  values_->reserve(bytes);
  (void)old_capacity;  // reserve zeroes new capacity, so set_bit_to never reads garbage.
  validity_.reserve(length_ + additional);
}

void BooleanBuilder::append_null() {
  append(false);
  --length_;
  validity_.append_null(length_);
  ++length_;
}

void BooleanBuilder::append_nulls(int64_t count) {
  for (int64_t i = 0; i < count; ++i) append_null();
}

void BooleanBuilder::append_values(std::span<const uint8_t> values, const uint8_t* valid) {
  reserve(static_cast<int64_t>(values.size()));
  uint8_t* bits = values_->mutable_data();
  for (size_t i = 0; i < values.size(); ++i) bit_util::set_bit_to(bits, length_ + static_cast<int64_t>(i), values[i] != 0);
  validity_.append(length_, static_cast<int64_t>(values.size()), valid);
  length_ += static_cast<int64_t>(values.size());
}

Array BooleanBuilder::finish() {
  if (!values_) values_ = Buffer::allocate(0);
  values_->resize(bit_util::bytes_for_bits(length_));
  const int64_t nulls = validity_.null_count();
  auto data = ArrayData::make(type(), length_, {validity_.finish(length_), std::move(values_)}, nulls);
  values_.reset();
  length_ = 0;
  return Array(std::move(data));
}

template <typename OffsetT>
void BaseBinaryBuilder<OffsetT>::append_bytes(std::string_view value) {
  const int64_t size = data_->size();
  const int64_t new_size = size + static_cast<int64_t>(value.size());
  if constexpr (sizeof(OffsetT) == 4) {
    if (new_size > INT32_MAX) {
      raise("{} array data would exceed 2 GiB at element {}; use the large_ type", type_->to_string(), length_);
    }
  }
  data_->resize(new_size);
  if (!value.empty()) std::memcpy(data_->mutable_data() + size, value.data(), value.size());
}

template class BaseBinaryBuilder<int32_t>;
template class BaseBinaryBuilder<int64_t>;

FixedSizeBinaryBuilder::FixedSizeBinaryBuilder(DataTypePtr type)
    : type_(std::move(type)), width_(type_->byte_width()) {
  if (type_->id() != TypeId::kFixedSizeBinary && type_->id() != TypeId::kDecimal128) {
    raise<TypeError>("FixedSizeBinaryBuilder cannot build {}", type_->to_string());
  }
}

void FixedSizeBinaryBuilder::reserve(int64_t additional) {
  if (!values_) values_ = Buffer::allocate(0);
  values_->reserve((length_ + additional) * width_);
  validity_.reserve(length_ + additional);
}

void FixedSizeBinaryBuilder::append(std::string_view value) {
  if (static_cast<int64_t>(value.size()) != width_) {
    raise("{} takes values of {} bytes, not {}", type_->to_string(), width_, value.size());
  }
  if (!values_ || (length_ + 1) * width_ > values_->capacity()) reserve(length_ < 16 ? 16 : length_);
  values_->resize((length_ + 1) * width_);
  if (width_ > 0) std::memcpy(values_->mutable_data() + length_ * width_, value.data(), value.size());
  validity_.append_valid(length_);
  ++length_;
}

void FixedSizeBinaryBuilder::append(const Decimal128& value) {
  char bytes[16];
  std::memcpy(bytes, &value.low, 8);
  std::memcpy(bytes + 8, &value.high, 8);
  append(std::string_view(bytes, 16));
}

void FixedSizeBinaryBuilder::append_null() {
  if (!values_ || (length_ + 1) * width_ > values_->capacity()) reserve(length_ < 16 ? 16 : length_);
  values_->resize((length_ + 1) * width_);
  if (width_ > 0) std::memset(values_->mutable_data() + length_ * width_, 0, static_cast<size_t>(width_));
  validity_.append_null(length_);
  ++length_;
}

Array FixedSizeBinaryBuilder::finish() {
  if (!values_) values_ = Buffer::allocate(0);
  values_->resize(length_ * width_);
  const int64_t nulls = validity_.null_count();
  auto data = ArrayData::make(type_, length_, {validity_.finish(length_), std::move(values_)}, nulls);
  values_.reset();
  length_ = 0;
  return Array(std::move(data));
}

// ---------------------------------------------------------------------------------------------------------
// Nested builders

template <typename OffsetT>
BaseListBuilder<OffsetT>::BaseListBuilder(DataTypePtr type) : type_(std::move(type)) {
  const TypeId id = type_->id();
  const bool ok = sizeof(OffsetT) == 4 ? (id == TypeId::kList || id == TypeId::kMap) : id == TypeId::kLargeList;
  if (!ok) raise<TypeError>("{} cannot build {}", sizeof(OffsetT) == 4 ? "ListBuilder" : "LargeListBuilder",
                            type_->to_string());
}

template <typename OffsetT>
void BaseListBuilder<OffsetT>::reserve(int64_t additional) {
  if (!offsets_) {
    offsets_ = Buffer::allocate(0);
    offsets_->reserve(16 * sizeof(OffsetT));
    offsets_->mutable_data_as<OffsetT>()[0] = 0;
  }
  offsets_->reserve((length_ + additional + 1) * static_cast<int64_t>(sizeof(OffsetT)));
  validity_.reserve(length_ + additional);
}

template <typename OffsetT>
void BaseListBuilder<OffsetT>::push_offset() {
  if (!offsets_ || (length_ + 2) * static_cast<int64_t>(sizeof(OffsetT)) > offsets_->capacity()) {
    reserve(length_ < 16 ? 16 : length_);
  }
  offsets_->mutable_data_as<OffsetT>()[length_ + 1] = static_cast<OffsetT>(end_);
  ++length_;
}

template <typename OffsetT>
void BaseListBuilder<OffsetT>::append(int64_t value_length) {
  if (value_length < 0) raise("{}: negative list length {}", type_->to_string(), value_length);
  if constexpr (sizeof(OffsetT) == 4) {
    if (end_ + value_length > INT32_MAX) {
      raise("{} would hold more than 2^31 - 1 items at element {}; use large_list", type_->to_string(), length_);
    }
  }
  end_ += value_length;
  validity_.append_valid(length_);
  push_offset();
}

template <typename OffsetT>
void BaseListBuilder<OffsetT>::append_null() {
  validity_.append_null(length_);
  push_offset();
}

template <typename OffsetT>
Array BaseListBuilder<OffsetT>::finish(const Array& items) {
  if (!items.valid() || items.length() != end_) {
    raise("{} builder: items array has {} values, the offsets need {}", type_->to_string(),
          items.valid() ? items.length() : 0, end_);
  }
  if (!items.type()->equals(*type_->value_type())) {
    raise<TypeError>("{} builder: items are {}, expected {}", type_->to_string(), items.type()->to_string(),
                     type_->value_type()->to_string());
  }
  if (!offsets_) reserve(0);
  offsets_->resize((length_ + 1) * static_cast<int64_t>(sizeof(OffsetT)));
  const int64_t nulls = validity_.null_count();
  auto data = ArrayData::make(type_, length_, {validity_.finish(length_), std::move(offsets_)}, nulls);
  data->children.push_back(items.data());
  offsets_.reset();
  length_ = 0;
  end_ = 0;
  return Array(std::move(data));
}

template <typename OffsetT>
Array BaseListBuilder<OffsetT>::finish(const Array& keys, const Array& values) {
  if (type_->id() != TypeId::kMap) raise<TypeError>("finish(keys, values) is for maps, not {}", type_->to_string());
  if (keys.null_count() != 0) raise("{} builder: {} null keys", type_->to_string(), keys.null_count());
  const auto& entry_fields = type_->value_type()->fields();
  auto data = ArrayData::make(type_->value_type(), keys.length(), {nullptr}, 0);
  if (keys.length() != values.length()) raise("map builder: {} keys but {} values", keys.length(), values.length());
  if (!keys.type()->equals(*entry_fields[0]->type()) || !values.type()->equals(*entry_fields[1]->type())) {
    raise<TypeError>("{} builder: keys {} and values {}", type_->to_string(), keys.type()->to_string(),
                     values.type()->to_string());
  }
  data->children = {keys.data(), values.data()};
  return finish(Array(std::move(data)));
}

template class BaseListBuilder<int32_t>;
template class BaseListBuilder<int64_t>;

StructBuilder::StructBuilder(DataTypePtr type) : type_(std::move(type)) {
  if (type_->id() != TypeId::kStruct) raise<TypeError>("StructBuilder cannot build {}", type_->to_string());
}

Array StructBuilder::finish(const std::vector<Array>& children) {
  const auto& fields = type_->fields();
  if (children.size() != fields.size()) {
    raise("{} builder: {} children for {} fields", type_->to_string(), children.size(), fields.size());
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!children[i].valid() || children[i].length() != length_ ||
        !children[i].type()->equals(*fields[i]->type())) {
      raise("{} builder: child \"{}\" must be {} of length {}", type_->to_string(), fields[i]->name(),
            fields[i]->type()->to_string(), length_);
    }
  }
  const int64_t nulls = validity_.null_count();
  auto data = ArrayData::make(type_, length_, {validity_.finish(length_)}, nulls);
  for (const auto& c : children) data->children.push_back(c.data());
  length_ = 0;
  return Array(std::move(data));
}

}  // namespace strata::columnar
