// dictionary_encode / dictionary_decode, and the shared hash encoder (hash_encoder.h).
#include "strata/compute/dictionary_encode.h"

#include <algorithm>
#include <cmath>

#include "compute/hash_encoder.h"
#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"
#include "strata/compute/selection.h"

namespace strata::compute {

using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TypeId;

namespace internal {

void StringMemo::rehash(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{0, -1});
  mask_ = capacity - 1;
  for (const Slot& e : old) {
    if (e.code < 0) continue;
    size_t slot = e.hash & mask_;
    while (slots_[slot].code >= 0) slot = (slot + 1) & mask_;
    slots_[slot] = e;
  }
}

Array StringMemo::to_array(const DataTypePtr& type) const {
  const int64_t n = size();
  const bool large = type->is_large_binary_like();
  const int64_t width = large ? 8 : 4;
  auto offsets = Buffer::allocate((n + 1) * width);
  for (int64_t i = 0; i <= n; ++i) {
    if (large) {
      offsets->mutable_data_as<int64_t>()[i] = offsets_[static_cast<size_t>(i)];
    } else {
      offsets->mutable_data_as<int32_t>()[i] = static_cast<int32_t>(offsets_[static_cast<size_t>(i)]);
    }
  }
  if (!large && !bytes_.empty() && static_cast<int64_t>(bytes_.size()) > INT32_MAX) {
    raise("dictionary_encode: distinct values exceed 2 GiB; use large_string");
  }
  auto data = Buffer::copy_of(bytes_.data(), static_cast<int64_t>(bytes_.size()));
  BufferPtr validity;
  int64_t nulls = 0;
  if (null_code_ >= 0) {
    validity = Buffer::allocate_zeroed(bit_util::bytes_for_bits(n));
    bit_util::set_bits_to(validity->mutable_data(), 0, n, true);
    bit_util::clear_bit(validity->mutable_data(), null_code_);
    nulls = 1;
  }
  return Array(ArrayData::make(type, n, {validity, offsets, data}, nulls));
}

namespace {

template <typename Offset>
Encoded encode_strings(const Array& array, bool nulls_as_value) {
  columnar::BaseBinaryArray<Offset> s(array);
  Encoded out;
  out.codes.resize(static_cast<size_t>(array.length()));
  int32_t* codes = out.codes.data();
  StringMemo memo;
  const Offset* offsets = s.raw_offsets();
  const char* data = reinterpret_cast<const char*>(s.raw_data());
  const uint8_t* bits = array.null_bitmap_data();
  if (bits == nullptr) {
    for (int64_t i = 0; i < array.length(); ++i) {
      codes[i] = memo.get_or_insert({data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])});
    }
  } else {
    for (int64_t i = 0; i < array.length(); ++i) {
      if (bit_util::get_bit(bits, array.offset() + i)) {
        codes[i] = memo.get_or_insert({data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])});
      } else {
        codes[i] = nulls_as_value ? memo.null_code() : 0;
      }
    }
  }
  out.null_code = memo.null_code_or_minus_one();
  out.distinct = memo.to_array(array.type());
  return out;
}

template <typename T, typename Key, typename ToKey>
Encoded encode_fixed(const Array& array, bool nulls_as_value, ToKey to_key, const T* v) {
  Encoded out;
  out.codes.resize(static_cast<size_t>(array.length()));
  int32_t* codes = out.codes.data();
  ScalarMemo<Key> memo;
  const uint8_t* bits = array.null_bitmap_data();
  for (int64_t i = 0; i < array.length(); ++i) {
    if (bits == nullptr || bit_util::get_bit(bits, array.offset() + i)) {
      codes[i] = memo.get_or_insert(to_key(v, i));
    } else {
      codes[i] = nulls_as_value ? memo.null_code() : 0;
    }
  }
  out.null_code = memo.null_code_or_minus_one();
  return out;
}

}  // namespace

Encoded encode(const Array& array, bool nulls_as_value, const char* kernel) {
  const auto& type = array.type();
  switch (type->id()) {
    case TypeId::kString:
    case TypeId::kBinary: return encode_strings<int32_t>(array, nulls_as_value);
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return encode_strings<int64_t>(array, nulls_as_value);
    case TypeId::kBool: {
      const uint8_t* bits = array.data()->buffers[1]->data();
      const int64_t off = array.offset();
      Encoded out = encode_fixed<uint8_t, uint8_t>(
          array, nulls_as_value, [bits, off](const uint8_t*, int64_t i) -> uint8_t { return bit_util::get_bit(bits, off + i); },
          static_cast<const uint8_t*>(nullptr));
      // Rebuild the distinct booleans in code order.
      columnar::BooleanBuilder b;
      int32_t n = 0;
      for (int32_t c : out.codes) n = std::max(n, c + 1);
      std::vector<int8_t> value_of(static_cast<size_t>(n), -1);
      for (int64_t i = 0; i < array.length(); ++i) {
        if (array.is_valid(i)) value_of[static_cast<size_t>(out.codes[static_cast<size_t>(i)])] = bit_util::get_bit(bits, off + i);
      }
      for (int32_t c = 0; c < n; ++c) {
        if (c == out.null_code) {
          b.append_null();
        } else {
          b.append(value_of[static_cast<size_t>(c)] == 1);
        }
      }
      out.distinct = b.finish();
      return out;
    }
    case TypeId::kDictionary: {
      columnar::DictionaryArray d(array);
      Encoded out = encode(d.indices(), nulls_as_value, kernel);
      // distinct holds dictionary indices; turn them into dictionary values.
      out.distinct = take(d.dictionary(), out.distinct);
      return out;
    }
    default: break;
  }
  return visit_numeric(*type, kernel, [&](auto tag) -> Encoded {
    using T = typename decltype(tag)::type;
    const T* v = array.values<T>().data();
    Encoded out;
    if constexpr (std::is_floating_point_v<T>) {
      using Key = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;
      // -0.0 and 0.0 are one value; every NaN is one value.
      out = encode_fixed<T, Key>(
          array, nulls_as_value,
          [](const T* p, int64_t i) {
            T x = p[i] == T{0} ? T{0} : p[i];
            if (std::isnan(x)) x = std::numeric_limits<T>::quiet_NaN();
            Key k;
            std::memcpy(&k, &x, sizeof k);
            return k;
          },
          v);
    } else {
      using Key = std::make_unsigned_t<T>;
      out = encode_fixed<T, Key>(
          array, nulls_as_value, [](const T* p, int64_t i) { return static_cast<Key>(p[i]); }, v);
    }
    // Distinct values in code order: the first row of each code.
    const int32_t n = out.codes.empty() ? 0 : *std::max_element(out.codes.begin(), out.codes.end()) + 1;
    std::vector<int64_t> first(static_cast<size_t>(n), -1);
    for (int64_t i = static_cast<int64_t>(out.codes.size()) - 1; i >= 0; --i) {
      first[static_cast<size_t>(out.codes[static_cast<size_t>(i)])] = i;
    }
    columnar::NumericBuilder<T> b(type);
    b.reserve(n);
    for (int32_t c = 0; c < n; ++c) {
      const int64_t row = first[static_cast<size_t>(c)];
      if (c == out.null_code || row < 0 || array.is_null(row)) {
        b.append_null();
      } else {
        b.append(v[row]);
      }
    }
    out.distinct = b.finish();
    return out;
  });
}

}  // namespace internal

Array dictionary_encode(const Array& values) {
  if (values.type_id() == TypeId::kDictionary) return values;
  const auto& t = *values.type();
  if (!(t.is_binary_like() || t.is_integer() || t.is_temporal())) internal::throw_unsupported("dictionary_encode", t);
  internal::Encoded enc = internal::encode(values, false, "dictionary_encode");
  const int64_t n = values.length();
  auto indices = Buffer::allocate(n * 4);
  if (n > 0) std::memcpy(indices->mutable_data(), enc.codes.data(), static_cast<size_t>(n) * 4);
  const int64_t nulls = values.null_count();
  auto data = ArrayData::make(columnar::dictionary(columnar::int32(), values.type()), n,
                              {internal::copy_validity(values.null_bitmap_data(), values.offset(), n), indices}, nulls);
  data->dictionary = enc.distinct.data();
  return Array(std::move(data));
}

ChunkedArray dictionary_encode(const ChunkedArray& values) {
  if (values.type()->id() == TypeId::kDictionary) return values;
  // Encode the concatenation once so every chunk shares one dictionary, then slice the indices.
  Array whole = dictionary_encode(values.num_chunks() == 1 ? values.chunk(0) : values.combine());
  std::vector<Array> chunks;
  int64_t offset = 0;
  for (const auto& c : values.chunks()) {
    chunks.push_back(whole.slice(offset, c.length()));
    offset += c.length();
  }
  return ChunkedArray(std::move(chunks), whole.type());
}

Array dictionary_decode(const Array& values) {
  if (values.type_id() != TypeId::kDictionary) internal::throw_unsupported("dictionary_decode", *values.type());
  columnar::DictionaryArray d(values);
  return take(d.dictionary(), d.indices());
}

ChunkedArray dictionary_decode(const ChunkedArray& values) {
  std::vector<Array> chunks;
  for (const auto& c : values.chunks()) chunks.push_back(dictionary_decode(c));
  return ChunkedArray(std::move(chunks), values.type()->value_type());
}

}  // namespace strata::compute
