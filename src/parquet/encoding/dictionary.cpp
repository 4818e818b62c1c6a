// Dictionary index pages and the dictionary builder (dictionary.h).
#include "strata/parquet/encoding/dictionary.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/parquet/encoding/plain.h"

namespace strata::parquet::encoding {

void encode_dictionary_indices(std::span<const uint32_t> indices, int bit_width, std::vector<uint8_t>& out) {
  if (bit_width < 0 || bit_width > 32) raise("dictionary index bit width {} is outside 0..32", bit_width);
  out.push_back(static_cast<uint8_t>(bit_width));
  encode_rle(indices, bit_width, out);
}

RleDecoder dictionary_index_decoder(std::span<const uint8_t> data) {
  if (data.empty()) return RleDecoder(data, 0);
  return RleDecoder(data.subspan(1), data[0]);
}

namespace {

inline uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// A string of at most 16 bytes as two words that, with its length, identify it: bytes 0..7 and the last 8
// (overlapping) from 8 bytes up; shorter ones packed into the first word. No calls, no loops past 3 bytes.
struct ShortKey {
  uint64_t a = 0;
  uint64_t b = 0;
};

inline ShortKey short_key(std::string_view v) {
  ShortKey k;
  const size_t n = v.size();
  const char* p = v.data();
  if (n >= 8) {
    std::memcpy(&k.a, p, 8);
    std::memcpy(&k.b, p + n - 8, 8);
  } else if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    k.a = lo | (uint64_t{hi} << 32);
  } else {
    for (size_t i = 0; i < n; ++i) k.a |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  }
  return k;
}

inline uint64_t short_hash(const ShortKey& k, size_t n) { return mix(k.a ^ mix(k.b ^ (n * 0x9E3779B97F4A7C15ULL))); }

template <typename T>
uint64_t hash_value(const T& value) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (value.size() <= 16) return short_hash(short_key(value), value.size());
    return mix(std::hash<std::string_view>{}(value));
  } else if constexpr (std::is_same_v<T, Int96>) {
    return mix(std::hash<std::string_view>{}(
        std::string_view(reinterpret_cast<const char*>(value.bytes), sizeof value.bytes)));
  } else {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    return mix(bits);
  }
}

template <typename T>
bool same_value(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return a == b;
  } else {
    return std::memcmp(&a, &b, sizeof(T)) == 0;
  }
}

}  // namespace

template <typename T>
struct DictionaryBuilder<T>::Arena {
  static constexpr size_t kChunk = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks;
  size_t used = kChunk;
  size_t capacity = kChunk;

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    if (capacity - used < s.size()) {
      capacity = std::max(kChunk, s.size());
      chunks.push_back(std::make_unique<char[]>(capacity));
      used = 0;
    }
    char* p = chunks.back().get() + used;
    std::memcpy(p, s.data(), s.size());
    used += s.size();
    return {p, s.size()};
  }
};

template <typename T>
DictionaryBuilder<T>::DictionaryBuilder(int64_t byte_limit, int type_length)
    : byte_limit_(byte_limit), type_length_(type_length), slots_(1024, -1), mask_(1023) {
  if constexpr (std::is_same_v<T, std::string_view>) arena_ = std::make_unique<Arena>();
}

template <typename T>
DictionaryBuilder<T>::~DictionaryBuilder() = default;
template <typename T>
DictionaryBuilder<T>::DictionaryBuilder(DictionaryBuilder&&) noexcept = default;
template <typename T>
DictionaryBuilder<T>& DictionaryBuilder<T>::operator=(DictionaryBuilder&&) noexcept = default;

template <typename T>
void DictionaryBuilder<T>::grow() {
  const size_t capacity = slots_.size() * 2;
  slots_.assign(capacity, -1);
  mask_ = capacity - 1;
  for (size_t i = 0; i < values_.size(); ++i) {
    uint64_t slot = hashes_[i] & mask_;
    while (slots_[slot] != -1) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<int32_t>(i);
  }
}

template <typename T>
uint32_t DictionaryBuilder<T>::insert(const T& value, uint64_t hash) {
  uint64_t slot = hash & mask_;
  while (true) {
    const int32_t index = slots_[slot];
    if (index == -1) break;
    if (hashes_[static_cast<size_t>(index)] == hash && same_value(values_[static_cast<size_t>(index)], value)) {
      return static_cast<uint32_t>(index);
    }
    slot = (slot + 1) & mask_;
  }
  if (values_.size() >= static_cast<size_t>(INT32_MAX)) raise("dictionary holds 2^31 - 1 values already");
  const auto index = static_cast<int32_t>(values_.size());
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (type_length_ >= 0 && value.size() != static_cast<size_t>(type_length_)) {
      raise("FIXED_LEN_BYTE_ARRAY value of {} bytes, type_length is {}", value.size(), type_length_);
    }
    values_.push_back(arena_->copy(value));
    plain_size_ += static_cast<int64_t>(value.size()) + (type_length_ >= 0 ? 0 : 4);
    const ShortKey k = value.size() <= 16 ? short_key(value) : ShortKey{};
    keys_.push_back(k.a);
    keys_.push_back(k.b);
  } else {
    values_.push_back(value);
    plain_size_ += sizeof(T);
  }
  hashes_.push_back(hash);
  slots_[slot] = index;
  if (values_.size() * 2 > slots_.size()) grow();
  return static_cast<uint32_t>(index);
}

template <typename T>
void DictionaryBuilder<T>::put(std::span<const T> values, std::vector<uint32_t>& indices) {
  const size_t at = indices.size();
  indices.resize(at + values.size());
  uint32_t* dst = indices.data() + at;
  if constexpr (std::is_same_v<T, std::string_view>) {
    // Short strings are found by comparing their two key words and length, without touching their bytes.
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string_view v = values[i];
      if (v.size() > 16) {
        dst[i] = insert(v, hash_value(v));
        continue;
      }
      const ShortKey k = short_key(v);
      const uint64_t hash = short_hash(k, v.size());
      uint64_t slot = hash & mask_;
      int32_t found = -1;
      for (;;) {
        const int32_t index = slots_[slot];
        if (index == -1) break;
        const auto j = static_cast<size_t>(index);
        if (hashes_[j] == hash && values_[j].size() == v.size() && keys_[2 * j] == k.a && keys_[2 * j + 1] == k.b) {
          found = index;
          break;
        }
        slot = (slot + 1) & mask_;
      }
      dst[i] = found >= 0 ? static_cast<uint32_t>(found) : insert(v, hash);
    }
    return;
  }
  for (size_t i = 0; i < values.size(); ++i) dst[i] = insert(values[i], hash_value(values[i]));
}

template <typename T>
int DictionaryBuilder<T>::index_bit_width() const {
  const int bits = bit_width_for(values_.empty() ? 0 : static_cast<uint64_t>(values_.size() - 1));
  return bits < 1 ? 1 : bits;
}

template <typename T>
void DictionaryBuilder<T>::write_dictionary_page(std::vector<uint8_t>& out) const {
  if constexpr (std::is_same_v<T, std::string_view>) {
    if (type_length_ >= 0) {
      plain_encode_fixed_len_byte_arrays(values_, type_length_, out);
    } else {
      plain_encode_byte_arrays(values_, out);
    }
  } else {
    append_bytes(out, values_.data(), values_.size() * sizeof(T));
  }
}

template class DictionaryBuilder<int32_t>;
template class DictionaryBuilder<int64_t>;
template class DictionaryBuilder<float>;
template class DictionaryBuilder<double>;
template class DictionaryBuilder<Int96>;
template class DictionaryBuilder<std::string_view>;

}  // namespace strata::parquet::encoding
