// Private: dense codes for distinct values, in order of first appearance. Backs dictionary_encode,
// unique, value_counts and group_by. Open addressing (power-of-two capacity, load <= 1/2, linear
// probing); strings keep their hash beside the code so most mismatches never touch the bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "strata/columnar/array.h"

namespace strata::compute::internal {

using columnar::Array;

inline uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

inline uint64_t hash_bytes(const char* p, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xc4ceb9fe1a85ec53ULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    h = (h ^ ((uint64_t{a} << 32) | b)) * 0xff51afd7ed558ccdULL;
  } else if (n > 0) {
    const uint64_t w = (uint64_t{static_cast<uint8_t>(p[0])} << 16) |
                       (uint64_t{static_cast<uint8_t>(p[n >> 1])} << 8) | static_cast<uint8_t>(p[n - 1]);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
  }
  return mix64(h);
}

// Codes for byte strings.
class StringMemo {
 public:
  StringMemo() { rehash(64); }

  int32_t get_or_insert(std::string_view s) {
    const uint64_t h = hash_bytes(s.data(), s.size());
    size_t slot = h & mask_;
    while (true) {
      Slot& e = slots_[slot];
      if (e.code < 0) return insert(slot, h, s);
      if (e.hash == h && value_length(e.code) == s.size() &&
          (s.empty() || std::memcmp(bytes_.data() + offsets_[static_cast<size_t>(e.code)], s.data(), s.size()) == 0)) {
        return e.code;
      }
      slot = (slot + 1) & mask_;
    }
  }
  // Reserve the next code for null (once); returns it.
  int32_t null_code() {
    if (null_code_ < 0) {
      null_code_ = size();
      offsets_.push_back(static_cast<int64_t>(bytes_.size()));
    }
    return null_code_;
  }
  int32_t size() const { return static_cast<int32_t>(offsets_.size() - 1); }
  int32_t null_code_or_minus_one() const { return null_code_; }
  std::string_view value(int32_t code) const {
    return {bytes_.data() + offsets_[static_cast<size_t>(code)], value_length(code)};
  }
  // The distinct values as an array of `type` (string, binary or their large variants); the null code's
  // slot is null.
  Array to_array(const columnar::DataTypePtr& type) const;

 private:
  struct Slot {
    uint64_t hash;
    int32_t code;
  };
  size_t value_length(int32_t code) const {
    return static_cast<size_t>(offsets_[static_cast<size_t>(code) + 1] - offsets_[static_cast<size_t>(code)]);
  }
  int32_t insert(size_t slot, uint64_t h, std::string_view s) {
    const int32_t code = size();
    slots_[slot] = {h, code};
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    offsets_.push_back(static_cast<int64_t>(bytes_.size()));
    if (static_cast<size_t>(size()) * 2 > slots_.size()) rehash(slots_.size() * 2);
    return code;
  }
  void rehash(size_t capacity);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<char> bytes_;
  std::vector<int64_t> offsets_{0};
  int32_t null_code_ = -1;
};

// Codes for fixed-width values compared by their bits (callers normalise floats first).
template <typename Key>
class ScalarMemo {
 public:
  ScalarMemo() { rehash(64); }

  int32_t get_or_insert(Key k) {
    size_t slot = mix64(static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ULL) & mask_;
    while (true) {
      Slot& e = slots_[slot];
      if (e.code < 0) {
        const int32_t code = static_cast<int32_t>(values_.size());
        e = {k, code};
        values_.push_back(k);
        if (values_.size() * 2 > slots_.size()) rehash(slots_.size() * 2);
        return code;
      }
      if (e.key == k) return e.code;
      slot = (slot + 1) & mask_;
    }
  }
  int32_t null_code() {
    if (null_code_ < 0) {
      null_code_ = static_cast<int32_t>(values_.size());
      values_.push_back(Key{});
    }
    return null_code_;
  }
  int32_t size() const { return static_cast<int32_t>(values_.size()); }
  int32_t null_code_or_minus_one() const { return null_code_; }
  const std::vector<Key>& values() const { return values_; }

 private:
  struct Slot {
    Key key;
    int32_t code;
  };
  void rehash(size_t capacity) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(capacity, Slot{Key{}, -1});
    mask_ = capacity - 1;
    for (const Slot& e : old) {
      if (e.code < 0) continue;
      size_t slot = mix64(static_cast<uint64_t>(e.key) * 0x9E3779B97F4A7C15ULL) & mask_;
      while (slots_[slot].code >= 0) slot = (slot + 1) & mask_;
      slots_[slot] = e;
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::vector<Key> values_;
  int32_t null_code_ = -1;
};

// The result of encoding one array.
struct Encoded {
  std::vector<int32_t> codes;  // one per row; null rows get null_code (or 0 when nulls are not values)
  Array distinct;              // distinct values by code (with a null at null_code when nulls are values)
  int32_t null_code = -1;
};

// Encode the values of `array` (strings, binary, integers, floats, bool, temporal, dictionary).
// `nulls_as_value`: nulls get a code of their own at first appearance; otherwise they get code 0 and
// stay null in the caller's validity. Throws TypeError naming `kernel` for other types.
Encoded encode(const Array& array, bool nulls_as_value, const char* kernel);

}  // namespace strata::compute::internal
