// PLAIN encoder and decoder (plain.h; Encodings.md "Plain").
#include "strata/parquet/encoding/plain.h"

#include <cstring>

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::parquet::encoding {
namespace {

template <typename T>
constexpr const char* plain_type_name() {
  if constexpr (std::is_same_v<T, int32_t>) return "PLAIN INT32";
  if constexpr (std::is_same_v<T, int64_t>) return "PLAIN INT64";
  if constexpr (std::is_same_v<T, float>) return "PLAIN FLOAT";
  if constexpr (std::is_same_v<T, double>) return "PLAIN DOUBLE";
  if constexpr (std::is_same_v<T, Int96>) return "PLAIN INT96";
  return "PLAIN";
}

}  // namespace

void plain_encode_booleans(std::span<const uint8_t> values, std::vector<uint8_t>& out) {
  const size_t at = out.size();
  out.resize(at + (values.size() + 7) / 8, 0);
  uint8_t* bits = out.data() + at;
  for (size_t i = 0; i < values.size(); ++i) {
    bits[i >> 3] = static_cast<uint8_t>(bits[i >> 3] | (uint32_t{values[i] != 0} << (i & 7)));
  }
}

void plain_encode_byte_arrays(std::span<const std::string_view> values, std::vector<uint8_t>& out) {
  size_t total = 0;
  for (std::string_view v : values) {
    if (v.size() > INT32_MAX) raise("PLAIN BYTE_ARRAY value of {} bytes exceeds 2^31 - 1", v.size());
    total += 4 + v.size();
  }
  out.reserve(out.size() + total);
  for (std::string_view v : values) {
    append_u32_le(out, static_cast<uint32_t>(v.size()));
    append_bytes(out, v.data(), v.size());
  }
}

void plain_encode_fixed_len_byte_arrays(std::span<const std::string_view> values, int type_length,
                                        std::vector<uint8_t>& out) {
  out.reserve(out.size() + values.size() * static_cast<size_t>(type_length));
  for (std::string_view v : values) {
    if (v.size() != static_cast<size_t>(type_length)) {
      raise("FIXED_LEN_BYTE_ARRAY value of {} bytes, type_length is {}", v.size(), type_length);
    }
    append_bytes(out, v.data(), v.size());
  }
}

template <typename T>
void PlainDecoder::decode(std::span<T> out) {
  const int64_t start = offset();
  const int64_t need = static_cast<int64_t>(out.size_bytes());
  const int64_t left = static_cast<int64_t>(data_.size()) - start;
  if (need > left) throw_truncated(plain_type_name<T>(), need, left);
  if (need > 0) std::memcpy(out.data(), data_.data() + start, static_cast<size_t>(need));
  pos_ = start + need;
  bit_pos_ = 0;
}

void PlainDecoder::decode_booleans(std::span<uint8_t> out) {
  const int64_t n = static_cast<int64_t>(out.size());
  const int64_t bits_left = (static_cast<int64_t>(data_.size()) - pos_) * 8 - bit_pos_;
  if (n > bits_left) {
    throw FormatError(fmt::format("PLAIN BOOLEAN truncated: need {} values, {} bits left", n, bits_left));
  }
  const uint8_t* bits = data_.data() + pos_;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t b = bit_pos_ + i;
    out[static_cast<size_t>(i)] = (bits[b >> 3] >> (b & 7)) & 1;
  }
  bit_pos_ += n;
  pos_ += bit_pos_ / 8;
  bit_pos_ %= 8;
}

void PlainDecoder::decode_byte_arrays(std::span<std::string_view> out) {
  int64_t pos = offset();
  const int64_t size = static_cast<int64_t>(data_.size());
  const auto* base = reinterpret_cast<const char*>(data_.data());
  for (size_t i = 0; i < out.size(); ++i) {
    if (size - pos < 4) throw_truncated("PLAIN BYTE_ARRAY length", 4, size - pos);
    const int64_t length = load_u32_le(data_.data() + pos);
    pos += 4;
    if (length > size - pos) {
      throw FormatError(fmt::format("PLAIN BYTE_ARRAY value {} truncated: need {} bytes, {} left", i, length,
                                    size - pos));
    }
    out[i] = std::string_view(base + pos, static_cast<size_t>(length));
    pos += length;
  }
  pos_ = pos;
  bit_pos_ = 0;
}

void PlainDecoder::decode_fixed_len_byte_arrays(std::span<std::string_view> out, int type_length) {
  if (type_length < 0) throw FormatError(fmt::format("FIXED_LEN_BYTE_ARRAY type_length {}", type_length));
  const int64_t start = offset();
  const int64_t need = static_cast<int64_t>(out.size()) * type_length;
  const int64_t left = static_cast<int64_t>(data_.size()) - start;
  if (need > left) throw_truncated("PLAIN FIXED_LEN_BYTE_ARRAY", need, left);
  const auto* p = reinterpret_cast<const char*>(data_.data()) + start;
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = std::string_view(p + static_cast<int64_t>(i) * type_length, static_cast<size_t>(type_length));
  }
  pos_ = start + need;
  bit_pos_ = 0;
}

template void PlainDecoder::decode(std::span<int32_t>);
template void PlainDecoder::decode(std::span<int64_t>);
template void PlainDecoder::decode(std::span<float>);
template void PlainDecoder::decode(std::span<double>);
template void PlainDecoder::decode(std::span<Int96>);

}  // namespace strata::parquet::encoding
