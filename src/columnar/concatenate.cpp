#include "strata/columnar/concatenate.h"

#include <unordered_map>

#include "strata/columnar/builder.h"
#include "strata/core/error.h"

namespace strata::columnar {
namespace {

int64_t total_length(const std::vector<Array>& arrays) {
  int64_t n = 0;
  for (const auto& a : arrays) n += a.length();
  return n;
}

BufferPtr concat_validity(const std::vector<Array>& arrays, int64_t length, int64_t* null_count) {
  int64_t nulls = 0;
  for (const auto& a : arrays) nulls += a.null_count();
  *null_count = nulls;
  if (nulls == 0) return nullptr;
  auto bits = Buffer::allocate(bit_util::bytes_for_bits(length));
  int64_t pos = 0;
  for (const auto& a : arrays) {
    if (const uint8_t* v = a.null_bitmap_data()) {
      bit_util::copy_bitmap(v, a.offset(), a.length(), bits->mutable_data(), pos);
    } else {
      bit_util::set_bits_to(bits->mutable_data(), pos, a.length(), true);
    }
    pos += a.length();
  }
  return bits;
}

template <typename OffsetT>
std::shared_ptr<ArrayData> concat_binary(const std::vector<Array>& arrays, const DataTypePtr& type) {
  const int64_t length = total_length(arrays);
  int64_t bytes = 0;
  for (const auto& a : arrays) bytes += BaseBinaryArray<OffsetT>(a).total_values_length();
  if constexpr (sizeof(OffsetT) == 4) {
    if (bytes > INT32_MAX) raise("concatenate: {} bytes of {} data exceed 2 GiB", bytes, type->to_string());
  }
  auto offsets = Buffer::allocate((length + 1) * static_cast<int64_t>(sizeof(OffsetT)));
  auto data = Buffer::allocate(bytes);
  OffsetT* out_offsets = offsets->mutable_data_as<OffsetT>();
  int64_t pos = 0;
  OffsetT byte_pos = 0;
  for (const auto& a : arrays) {
    BaseBinaryArray<OffsetT> view(a);
    const OffsetT* in = view.raw_offsets();
    const OffsetT base = in[0];
    for (int64_t i = 0; i < a.length(); ++i) out_offsets[pos + i] = static_cast<OffsetT>(in[i] - base + byte_pos);
    const int64_t n = view.total_values_length();
    if (n > 0) std::memcpy(data->mutable_data() + byte_pos, view.raw_data() + base, static_cast<size_t>(n));
    byte_pos = static_cast<OffsetT>(byte_pos + n);
    pos += a.length();
  }
  out_offsets[length] = byte_pos;
  int64_t nulls = 0;
  auto validity = concat_validity(arrays, length, &nulls);
  return ArrayData::make(type, length, {validity, offsets, data}, nulls);
}

std::shared_ptr<ArrayData> concat_fixed(const std::vector<Array>& arrays, const DataTypePtr& type) {
  const int64_t length = total_length(arrays);
  const int64_t width = type->byte_width();
  auto values = Buffer::allocate(length * width);
  int64_t pos = 0;
  for (const auto& a : arrays) {
    if (a.length() > 0) {
      std::memcpy(values->mutable_data() + pos * width, a.data()->buffers[1]->data() + a.offset() * width,
                  static_cast<size_t>(a.length() * width));
    }
    pos += a.length();
  }
  int64_t nulls = 0;
  auto validity = concat_validity(arrays, length, &nulls);
  return ArrayData::make(type, length, {validity, values}, nulls);
}

std::shared_ptr<ArrayData> concat_bool(const std::vector<Array>& arrays, const DataTypePtr& type) {
  const int64_t length = total_length(arrays);
  auto values = Buffer::allocate_zeroed(bit_util::bytes_for_bits(length));
  int64_t pos = 0;
  for (const auto& a : arrays) {
    bit_util::copy_bitmap(a.data()->buffers[1]->data(), a.offset(), a.length(), values->mutable_data(), pos);
    pos += a.length();
  }
  int64_t nulls = 0;
  auto validity = concat_validity(arrays, length, &nulls);
  return ArrayData::make(type, length, {validity, values}, nulls);
}

// Dictionary arrays: when every chunk shares one dictionary, concatenate the indices; otherwise concatenate
// the dictionaries and shift each chunk's indices by its dictionary's start.
std::shared_ptr<ArrayData> concat_dictionary(const std::vector<Array>& arrays, const DataTypePtr& type) {
  const int64_t length = total_length(arrays);
  bool shared = true;
  for (const auto& a : arrays) shared = shared && a.data()->dictionary == arrays[0].data()->dictionary;
  std::vector<Array> dictionaries;
  std::vector<int64_t> shifts;
  int64_t dict_length = 0;
  for (const auto& a : arrays) {
    shifts.push_back(shared ? 0 : dict_length);
    if (!shared || dictionaries.empty()) {
      dictionaries.push_back(DictionaryArray(a).dictionary());
      dict_length += dictionaries.back().length();
    }
  }
  const DataType& index_type = *type->index_type();
  const int64_t width = index_type.byte_width();
  if (!shared) {
    int64_t max_index = 0;
    switch (index_type.id()) {
      case TypeId::kInt8: max_index = INT8_MAX; break;
      case TypeId::kUInt8: max_index = UINT8_MAX; break;
      case TypeId::kInt16: max_index = INT16_MAX; break;
      case TypeId::kUInt16: max_index = UINT16_MAX; break;
      case TypeId::kInt32: max_index = INT32_MAX; break;
      default: max_index = INT64_MAX;
    }
    if (dict_length - 1 > max_index) {
      raise("concatenate: {} dictionary values do not fit {} indices", dict_length, index_type.to_string());
    }
  }
  auto indices = Buffer::allocate(length * width);
  int64_t pos = 0;
  for (size_t c = 0; c < arrays.size(); ++c) {
    DictionaryArray d(arrays[c]);
    for (int64_t i = 0; i < d.length(); ++i) {
      const int64_t v = d.is_valid(i) ? d.index(i) + shifts[c] : 0;
      uint8_t* dst = indices->mutable_data() + (pos + i) * width;
      switch (width) {
        case 1: *dst = static_cast<uint8_t>(v); break;
        case 2: { auto x = static_cast<uint16_t>(v); std::memcpy(dst, &x, 2); break; }
        case 4: { auto x = static_cast<uint32_t>(v); std::memcpy(dst, &x, 4); break; }
        default: std::memcpy(dst, &v, 8);
      }
    }
    pos += d.length();
  }
  int64_t nulls = 0;
  auto validity = concat_validity(arrays, length, &nulls);
  auto out = ArrayData::make(type, length, {validity, indices}, nulls);
  out->dictionary = concatenate(dictionaries, type->value_type()).data();
  return out;
}

// list and map (int32 offsets), large_list (int64): rebased offsets over the concatenated item ranges.
template <typename OffsetT>
std::shared_ptr<ArrayData> concat_list(const std::vector<Array>& arrays, const DataTypePtr& type) {
  const int64_t length = total_length(arrays);
  auto offsets = Buffer::allocate((length + 1) * static_cast<int64_t>(sizeof(OffsetT)));
  OffsetT* out_offsets = offsets->mutable_data_as<OffsetT>();
  std::vector<Array> values;
  int64_t pos = 0;
  int64_t value_pos = 0;
  for (const auto& a : arrays) {
    BaseListArray<OffsetT> l(a);
    const int64_t base = l.raw_offsets()[0];
    for (int64_t i = 0; i < a.length(); ++i) {
      out_offsets[pos + i] = static_cast<OffsetT>(l.raw_offsets()[i] - base + value_pos);
    }
    const int64_t n = a.length() == 0 ? 0 : l.raw_offsets()[a.length()] - base;
    values.push_back(l.values().slice(base, n));
    value_pos += n;
    pos += a.length();
  }
  if constexpr (sizeof(OffsetT) == 4) {
    if (value_pos > INT32_MAX) raise("concatenate: {} list items exceed 32-bit offsets", value_pos);
  }
  out_offsets[length] = static_cast<OffsetT>(value_pos);
  int64_t nulls = 0;
  auto validity = concat_validity(arrays, length, &nulls);
  auto out = ArrayData::make(type, length, {validity, offsets}, nulls);
  out->children.push_back(concatenate(values, type->value_type()).data());
  return out;
}

}  // namespace

Array concatenate(const std::vector<Array>& arrays, const DataTypePtr& type_hint) {
  if (arrays.empty()) {
    if (!type_hint) raise("concatenate of no arrays needs a type");
    return make_null_array(type_hint, 0);
  }
  const DataTypePtr& type = arrays[0].type();
  for (const auto& a : arrays) {
    if (!a.type()->equals(*type)) {
      raise<TypeError>("concatenate: arrays of types {} and {}", type->to_string(), a.type()->to_string());
    }
  }
  if (arrays.size() == 1) return arrays[0];
  switch (type->id()) {
    case TypeId::kNull: return NullArray(total_length(arrays));
    case TypeId::kBool: return Array(concat_bool(arrays, type));
    case TypeId::kString:
    case TypeId::kBinary: return Array(concat_binary<int32_t>(arrays, type));
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return Array(concat_binary<int64_t>(arrays, type));
    case TypeId::kDictionary: return Array(concat_dictionary(arrays, type));
    case TypeId::kStruct: {
      const int64_t length = total_length(arrays);
      int64_t nulls = 0;
      auto validity = concat_validity(arrays, length, &nulls);
      auto out = ArrayData::make(type, length, {validity}, nulls);
      for (int f = 0; f < type->num_fields(); ++f) {
        std::vector<Array> parts;
        for (const auto& a : arrays) parts.push_back(StructArray(a).field(f));
        out->children.push_back(concatenate(parts, type->fields()[static_cast<size_t>(f)]->type()).data());
      }
      return Array(std::move(out));
    }
    case TypeId::kList:
    case TypeId::kMap: return Array(concat_list<int32_t>(arrays, type));
    case TypeId::kLargeList: return Array(concat_list<int64_t>(arrays, type));
    case TypeId::kFixedSizeList: {
      const int64_t length = total_length(arrays);
      const int64_t n = type->list_size();
      std::vector<Array> values;
      for (const auto& a : arrays) values.push_back(FixedSizeListArray(a).values().slice(a.offset() * n, a.length() * n));
      int64_t nulls = 0;
      auto validity = concat_validity(arrays, length, &nulls);
      auto out = ArrayData::make(type, length, {validity}, nulls);
      out->children.push_back(concatenate(values, type->value_type()).data());
      return Array(std::move(out));
    }
    default:
      if (type->is_fixed_width()) return Array(concat_fixed(arrays, type));
      raise<NotImplemented>("concatenate of {} arrays", type->to_string());
  }
}

}  // namespace strata::columnar
