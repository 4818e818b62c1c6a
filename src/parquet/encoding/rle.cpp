// RLE / bit-packed hybrid encoder and decoder (rle.h; Encodings.md "Run Length Encoding / Bit-Packing
// Hybrid"). Run lengths are in [1, 2^31 - 1] per the spec; the encoder splits longer RLE runs and caps
// bit-packed runs well below that.
#include "strata/parquet/encoding/rle.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/parquet/encoding/bit_pack.h"
#include "strata/parquet/encoding/encoding.h"

namespace strata::parquet::encoding {
namespace {

constexpr int64_t kMaxRunLength = (int64_t{1} << 31) - 1;
constexpr size_t kMaxLiteralValues = 8 * 4096;  // bit-packed runs of at most 4096 groups

[[noreturn]] void throw_bad_width(int bit_width) {
  throw FormatError(fmt::format("RLE bit width {} exceeds 32", bit_width));
}

}  // namespace

// ---- encoder ---------------------------------------------------------------------------------------------

RleEncoder::RleEncoder(int bit_width, std::vector<uint8_t>& out) : bit_width_(bit_width), out_(out) {
  if (bit_width < 0 || bit_width > 32) raise("RLE encoder: bit width {} is outside 0..32", bit_width);
}

void RleEncoder::put(uint32_t value) {
  if (value == current_ && repeat_count_ > 0) {
    ++repeat_count_;
    if (repeat_count_ > 8) return;  // continuing an RLE run: nothing to buffer
  } else {
    if (repeat_count_ >= 8) flush_rle_run();
    repeat_count_ = 1;
    current_ = value;
  }
  buffered_[num_buffered_++] = value;
  if (num_buffered_ == 8) flush_buffered();
}

// A full group of 8 is buffered. If it is all one value, it opens an RLE run (ending any literal run);
// otherwise it joins the literal run.
void RleEncoder::flush_buffered() {
  if (repeat_count_ >= 8) {
    num_buffered_ = 0;
    if (!literals_.empty()) flush_literal_run();
    return;
  }
  literals_.insert(literals_.end(), buffered_, buffered_ + 8);
  num_buffered_ = 0;
  repeat_count_ = 0;
  if (literals_.size() >= kMaxLiteralValues) flush_literal_run();
}

void RleEncoder::flush_rle_run() {
  if (!literals_.empty()) flush_literal_run();
  const int byte_width = (bit_width_ + 7) / 8;
  int64_t left = repeat_count_;
  while (left > 0) {
    const int64_t run = std::min(left, kMaxRunLength);
    write_uleb128(static_cast<uint64_t>(run) << 1, out_);
    for (int b = 0; b < byte_width; ++b) out_.push_back(static_cast<uint8_t>(current_ >> (8 * b)));
    left -= run;
  }
  repeat_count_ = 0;
  num_buffered_ = 0;
}

void RleEncoder::flush_literal_run() {
  const size_t groups = literals_.size() / 8;
  write_uleb128((uint64_t{groups} << 1) | 1, out_);
  const size_t at = out_.size();
  out_.resize(at + groups * static_cast<size_t>(bit_width_));
  pack_u32(literals_.data(), static_cast<int64_t>(literals_.size()), bit_width_, out_.data() + at);
  literals_.clear();
}

void RleEncoder::finish() {
  const bool all_repeat = literals_.empty() && (num_buffered_ == 0 || repeat_count_ == num_buffered_);
  if (repeat_count_ > 0 && all_repeat) {
    flush_rle_run();
  } else if (num_buffered_ > 0 || !literals_.empty()) {
    if (num_buffered_ > 0) {
      std::fill(buffered_ + num_buffered_, buffered_ + 8, 0u);
      literals_.insert(literals_.end(), buffered_, buffered_ + 8);
    }
    flush_literal_run();
  }
  num_buffered_ = 0;
  repeat_count_ = 0;
  current_ = 0;
}

void encode_rle(std::span<const uint32_t> values, int bit_width, std::vector<uint8_t>& out) {
  RleEncoder encoder(bit_width, out);
  encoder.put(values);
  encoder.finish();
}

void encode_rle_length_prefixed(std::span<const uint32_t> values, int bit_width, std::vector<uint8_t>& out) {
  const size_t at = out.size();
  out.resize(at + 4);
  encode_rle(values, bit_width, out);
  const uint64_t length = out.size() - at - 4;
  if (length > UINT32_MAX) raise("RLE data of {} bytes does not fit the 4-byte length", length);
  for (int b = 0; b < 4; ++b) out[at + b] = static_cast<uint8_t>(length >> (8 * b));
}

void encode_rle_booleans(std::span<const uint8_t> values, std::vector<uint8_t>& out) {
  const size_t at = out.size();
  out.resize(at + 4);
  RleEncoder encoder(1, out);
  for (uint8_t v : values) encoder.put(v != 0);
  encoder.finish();
  const uint64_t length = out.size() - at - 4;
  for (int b = 0; b < 4; ++b) out[at + b] = static_cast<uint8_t>(length >> (8 * b));
}

// ---- decoder ---------------------------------------------------------------------------------------------

RleDecoder::RleDecoder(std::span<const uint8_t> data, int bit_width)
    : begin_(data.data()),
      pos_(data.data()),
      end_(data.data() + data.size()),
      bit_width_(bit_width),
      byte_width_((bit_width + 7) / 8) {
  if (bit_width < 0 || bit_width > 32) throw_bad_width(bit_width);
}

RleDecoder RleDecoder::length_prefixed(std::span<const uint8_t> data, int bit_width) {
  if (data.size() < 4) throw_truncated("RLE length prefix", 4, static_cast<int64_t>(data.size()));
  const uint32_t length = load_u32_le(data.data());
  if (length > data.size() - 4) {
    throw FormatError(
        fmt::format("RLE length prefix {} exceeds the {} bytes that follow it", length, data.size() - 4));
  }
  RleDecoder decoder(data.subspan(4, length), bit_width);
  decoder.prefix_ = 4;
  return decoder;
}

void RleDecoder::throw_exhausted(int64_t wanted) const {
  throw FormatError(
      fmt::format("RLE data ends after {} values ({} more requested)", decoded_, wanted));
}

void RleDecoder::next_run(int64_t wanted) {
  if (pos_ == end_) throw_exhausted(wanted);
  const uint64_t indicator = read_uleb128(pos_, end_, "RLE run header");
  const uint64_t count = indicator >> 1;
  if (indicator & 1) {
    // Bit-packed run of `count` groups. A final run may be cut short by the end of the data (some writers
    // emit a header for whole groups); decode the values present and fail only if more are requested.
    if (bit_width_ == 0) {
      if (count > (uint64_t{1} << 40)) throw FormatError(fmt::format("RLE bit-packed run of {} groups", count));
      literal_left_ = static_cast<int64_t>(count * 8);
    } else {
      const uint64_t available = static_cast<uint64_t>(end_ - pos_) * 8 / static_cast<uint64_t>(bit_width_);
      literal_left_ = static_cast<int64_t>(count > available / 8 ? available : count * 8);
    }
  } else {
    if (end_ - pos_ < byte_width_) throw_truncated("RLE run value", byte_width_, end_ - pos_);
    uint32_t value = 0;
    for (int b = 0; b < byte_width_; ++b) value |= uint32_t{pos_[b]} << (8 * b);
    pos_ += byte_width_;
    if (bit_width_ < 32 && (value >> bit_width_) != 0) {
      throw FormatError(fmt::format("RLE run value {} does not fit in bit width {}", value, bit_width_));
    }
    rle_value_ = value;
    rle_left_ = static_cast<int64_t>(std::min<uint64_t>(count, uint64_t{1} << 62));
  }
}

void RleDecoder::unpack_one_group() {
  const int64_t bytes = std::min<int64_t>(bit_width_, end_ - pos_);
  uint8_t group[32] = {};
  std::memcpy(group, pos_, static_cast<size_t>(bytes));
  unpack_u32(group, bit_width_, buffered_, 8);
  pos_ += bytes;
  const int count = static_cast<int>(std::min<int64_t>(8, literal_left_));
  buffered_pos_ = 0;
  buffered_end_ = count;
  literal_left_ -= count;
}

template <typename T>
void RleDecoder::decode_into(std::span<T> out) {
  T* dst = out.data();
  int64_t n = static_cast<int64_t>(out.size());
  while (n > 0) {
    int64_t take = 0;
    if (buffered_pos_ < buffered_end_) {
      take = std::min<int64_t>(n, buffered_end_ - buffered_pos_);
      for (int64_t i = 0; i < take; ++i) dst[i] = static_cast<T>(buffered_[buffered_pos_ + i]);
      buffered_pos_ += static_cast<int>(take);
    } else if (rle_left_ > 0) {
      take = std::min(n, rle_left_);
      std::fill(dst, dst + take, static_cast<T>(rle_value_));
      rle_left_ -= take;
    } else if (literal_left_ >= 8 && n >= 8) {
      const int64_t groups = std::min(literal_left_ / 8, n / 8);
      take = groups * 8;
      if constexpr (std::is_same_v<T, uint32_t>) {
        unpack_u32(pos_, bit_width_, dst, take);
      } else {
        uint32_t tmp[512];
        for (int64_t done = 0; done < take; done += 512) {
          const int64_t chunk = std::min<int64_t>(512, take - done);
          unpack_u32(pos_ + done / 8 * bit_width_, bit_width_, tmp, chunk);
          for (int64_t i = 0; i < chunk; ++i) dst[done + i] = static_cast<T>(tmp[i]);
        }
      }
      pos_ += groups * bit_width_;
      literal_left_ -= take;
    } else if (literal_left_ > 0) {
      unpack_one_group();
      continue;
    } else {
      next_run(n);
      continue;
    }
    dst += take;
    n -= take;
    decoded_ += take;
  }
}

template <typename T>
void RleDecoder::decode_gather(std::span<const T> dictionary, std::span<T> out) {
  uint32_t indices[1024];
  const uint64_t size = dictionary.size();
  for (size_t done = 0; done < out.size(); done += 1024) {
    const size_t chunk = std::min<size_t>(1024, out.size() - done);
    decode(std::span<uint32_t>(indices, chunk));
    uint32_t max_index = 0;
    for (size_t i = 0; i < chunk; ++i) max_index = std::max(max_index, indices[i]);
    if (chunk > 0 && max_index >= size) {
      throw FormatError(
          fmt::format("dictionary index {} out of range for a dictionary of {} values", max_index, size));
    }
    const T* dict = dictionary.data();
    T* dst = out.data() + done;
    for (size_t i = 0; i < chunk; ++i) dst[i] = dict[indices[i]];
  }
}

template void RleDecoder::decode_into(std::span<uint8_t>);
template void RleDecoder::decode_into(std::span<int16_t>);
template void RleDecoder::decode_into(std::span<int32_t>);
template void RleDecoder::decode_into(std::span<uint32_t>);
template void RleDecoder::decode_gather(std::span<const int32_t>, std::span<int32_t>);
template void RleDecoder::decode_gather(std::span<const int64_t>, std::span<int64_t>);
template void RleDecoder::decode_gather(std::span<const float>, std::span<float>);
template void RleDecoder::decode_gather(std::span<const double>, std::span<double>);
template void RleDecoder::decode_gather(std::span<const std::string_view>, std::span<std::string_view>);
template void RleDecoder::decode_gather(std::span<const Int96>, std::span<Int96>);
template void RleDecoder::decode_gather(std::span<const uint32_t>, std::span<uint32_t>);

}  // namespace strata::parquet::encoding
