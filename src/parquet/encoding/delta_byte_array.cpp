// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (delta_byte_array.h; Encodings.md "Delta-length byte array",
// "Delta Strings").
#include "strata/parquet/encoding/delta_byte_array.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/parquet/encoding/encoding.h"

namespace strata::parquet::encoding {
namespace {

constexpr int64_t kMaxBatchBytes = int64_t{1} << 31;

std::vector<int32_t> lengths_of(std::span<const std::string_view> values, const char* what) {
  std::vector<int32_t> lengths(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].size() > INT32_MAX) raise("{} value of {} bytes exceeds 2^31 - 1", what, values[i].size());
    lengths[i] = static_cast<int32_t>(values[i].size());
  }
  return lengths;
}

}  // namespace

void delta_length_byte_array_encode(std::span<const std::string_view> values, std::vector<uint8_t>& out) {
  const std::vector<int32_t> lengths = lengths_of(values, "DELTA_LENGTH_BYTE_ARRAY");
  delta_binary_packed_encode<int32_t>(lengths, out);
  size_t total = 0;
  for (std::string_view v : values) total += v.size();
  out.reserve(out.size() + total);
  for (std::string_view v : values) append_bytes(out, v.data(), v.size());
}

void delta_byte_array_encode(std::span<const std::string_view> values, std::vector<uint8_t>& out) {
  (void)lengths_of(values, "DELTA_BYTE_ARRAY");
  std::vector<int32_t> prefixes(values.size());
  std::vector<std::string_view> suffixes(values.size());
  std::string_view previous;
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string_view v = values[i];
    const size_t limit = std::min(previous.size(), v.size());
    size_t prefix = 0;
    while (prefix < limit && previous[prefix] == v[prefix]) ++prefix;
    prefixes[i] = static_cast<int32_t>(prefix);
    suffixes[i] = v.substr(prefix);
    previous = v;
  }
  delta_binary_packed_encode<int32_t>(prefixes, out);
  delta_length_byte_array_encode(suffixes, out);
}

DeltaLengthByteArrayDecoder::DeltaLengthByteArrayDecoder(std::span<const uint8_t> data) : lengths_(data) {
  const int64_t lengths_size = lengths_.encoded_size();
  bytes_ = reinterpret_cast<const char*>(data.data()) + lengths_size;
  bytes_left_ = static_cast<int64_t>(data.size()) - lengths_size;
}

void DeltaLengthByteArrayDecoder::decode(std::span<std::string_view> out) {
  batch_lengths_.resize(out.size());
  lengths_.decode(batch_lengths_);
  int64_t total = 0;
  int32_t min_length = 0;
  for (int32_t length : batch_lengths_) {
    total += length;
    min_length = std::min(min_length, length);
  }
  if (min_length < 0) {
    throw FormatError(fmt::format("DELTA_LENGTH_BYTE_ARRAY negative value length {}", min_length));
  }
  if (total > bytes_left_) throw_truncated("DELTA_LENGTH_BYTE_ARRAY data", total, bytes_left_);
  const char* p = bytes_;
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = std::string_view(p, static_cast<size_t>(batch_lengths_[i]));
    p += batch_lengths_[i];
  }
  bytes_ = p;
  bytes_left_ -= total;
}

DeltaByteArrayDecoder::DeltaByteArrayDecoder(std::span<const uint8_t> data)
    : prefixes_(data),
      suffixes_(data.subspan(static_cast<size_t>(prefixes_.encoded_size()))) {
  if (prefixes_.total_values() != suffixes_.total_values()) {
    throw FormatError(fmt::format("DELTA_BYTE_ARRAY has {} prefix lengths but {} suffixes",
                                  prefixes_.total_values(), suffixes_.total_values()));
  }
}

void DeltaByteArrayDecoder::decode(std::span<std::string_view> out) {
  const size_t n = out.size();
  batch_prefixes_.resize(n);
  batch_suffixes_.resize(n);
  prefixes_.decode(batch_prefixes_);
  suffixes_.decode(batch_suffixes_);
  // Validate the whole batch and size its storage before copying anything.
  int64_t previous_length = static_cast<int64_t>(previous_.size());
  int64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const int64_t prefix = batch_prefixes_[i];
    if (prefix < 0 || prefix > previous_length) {
      throw FormatError(fmt::format("DELTA_BYTE_ARRAY prefix length {} of value {} exceeds the previous value's {} bytes",
                                    prefix, prefixes_.total_values() - prefixes_.values_left() - static_cast<int64_t>(n) + static_cast<int64_t>(i),
                                    previous_length));
    }
    previous_length = prefix + static_cast<int64_t>(batch_suffixes_[i].size());
    total += previous_length;
    if (total > kMaxBatchBytes) {
      throw FormatError(fmt::format("DELTA_BYTE_ARRAY batch of {} values expands past {} bytes", n, kMaxBatchBytes));
    }
  }
  storage_.resize(static_cast<size_t>(total));
  char* dst = storage_.data();
  const char* previous = previous_.data();
  for (size_t i = 0; i < n; ++i) {
    const auto prefix = static_cast<size_t>(batch_prefixes_[i]);
    const std::string_view suffix = batch_suffixes_[i];
    std::memcpy(dst, previous, prefix);
    std::memcpy(dst + prefix, suffix.data(), suffix.size());
    out[i] = std::string_view(dst, prefix + suffix.size());
    previous = dst;
    dst += prefix + suffix.size();
  }
  if (n > 0) previous_.assign(out[n - 1]);
}

}  // namespace strata::parquet::encoding
