// DELTA_BINARY_PACKED encoder and decoder (delta_binary_packed.h; Encodings.md "Delta Encoding").
#include "strata/parquet/encoding/delta_binary_packed.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/parquet/encoding/bit_pack.h"
#include "strata/parquet/encoding/encoding.h"

namespace strata::parquet::encoding {
namespace {

constexpr int64_t kBlockSize = 128;
constexpr int64_t kMiniblocks = 4;
constexpr int64_t kValuesPerMiniblock = kBlockSize / kMiniblocks;
constexpr int64_t kMaxBlockSize = int64_t{1} << 20;

template <typename U>
void unpack(const uint8_t* in, int width, U* out, int64_t count) {
  if constexpr (sizeof(U) == 4) {
    unpack_u32(in, width, out, count);
  } else {
    unpack_u64(in, width, out, count);
  }
}

template <typename U>
void pack(const U* values, int64_t count, int width, uint8_t* out) {
  if constexpr (sizeof(U) == 4) {
    pack_u32(values, count, width, out);
  } else {
    pack_u64(values, count, width, out);
  }
}

}  // namespace

template <typename T>
void delta_binary_packed_encode(std::span<const T> values, std::vector<uint8_t>& out) {
  using U = std::make_unsigned_t<T>;
  const int64_t n = static_cast<int64_t>(values.size());
  write_uleb128(kBlockSize, out);
  write_uleb128(kMiniblocks, out);
  write_uleb128(static_cast<uint64_t>(n), out);
  write_zigzag(n > 0 ? static_cast<int64_t>(values[0]) : 0, out);
  U relative[kBlockSize];
  for (int64_t start = 1; start < n; start += kBlockSize) {
    const int64_t count = std::min(kBlockSize, n - start);
    T min_delta = 0;
    for (int64_t i = 0; i < count; ++i) {
      const auto delta = static_cast<T>(static_cast<U>(values[start + i]) - static_cast<U>(values[start + i - 1]));
      relative[i] = static_cast<U>(delta);
      if (i == 0 || delta < min_delta) min_delta = delta;
    }
    for (int64_t i = 0; i < count; ++i) relative[i] = static_cast<U>(relative[i] - static_cast<U>(min_delta));
    std::fill(relative + count, relative + kBlockSize, U{0});
    write_zigzag(static_cast<int64_t>(min_delta), out);
    const int64_t used = (count + kValuesPerMiniblock - 1) / kValuesPerMiniblock;
    uint8_t widths[kMiniblocks] = {};
    for (int64_t m = 0; m < used; ++m) {
      U max_value = 0;
      for (int64_t i = 0; i < kValuesPerMiniblock; ++i) max_value |= relative[m * kValuesPerMiniblock + i];
      widths[m] = static_cast<uint8_t>(bit_width_for(max_value));
    }
    append_bytes(out, widths, kMiniblocks);
    for (int64_t m = 0; m < used; ++m) {
      const size_t at = out.size();
      out.resize(at + static_cast<size_t>(kValuesPerMiniblock / 8 * widths[m]));
      pack(relative + m * kValuesPerMiniblock, kValuesPerMiniblock, widths[m], out.data() + at);
    }
  }
}

template <typename T>
DeltaBinaryPackedDecoder<T>::DeltaBinaryPackedDecoder(std::span<const uint8_t> data)
    : begin_(data.data()), pos_(data.data()), end_(data.data() + data.size()) {
  const uint64_t block_size = read_uleb128(pos_, end_, "DELTA_BINARY_PACKED block size");
  const uint64_t miniblocks = read_uleb128(pos_, end_, "DELTA_BINARY_PACKED miniblock count");
  const uint64_t total = read_uleb128(pos_, end_, "DELTA_BINARY_PACKED value count");
  const int64_t first = read_zigzag(pos_, end_, "DELTA_BINARY_PACKED first value");
  if (block_size == 0 || block_size % 128 != 0 || block_size > static_cast<uint64_t>(kMaxBlockSize)) {
    throw FormatError(fmt::format(
        "DELTA_BINARY_PACKED block size {} is not a positive multiple of 128 up to {}", block_size,
        kMaxBlockSize));
  }
  if (miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    throw FormatError(fmt::format(
        "DELTA_BINARY_PACKED block size {} with {} miniblocks: miniblock size is not a multiple of 32",
        block_size, miniblocks));
  }
  block_size_ = static_cast<int64_t>(block_size);
  miniblocks_ = static_cast<int64_t>(miniblocks);
  values_per_miniblock_ = block_size_ / miniblocks_;
  header_end_ = pos_;
  // Every block holds at least its min delta (1 byte) and its miniblock widths.
  const uint64_t left = static_cast<uint64_t>(end_ - pos_);
  const uint64_t blocks = total <= 1 ? 0 : (total - 2) / block_size + 1;
  if (total > (uint64_t{1} << 62) || blocks > left / (1 + miniblocks)) {
    throw FormatError(fmt::format("DELTA_BINARY_PACKED header claims {} values but only {} bytes follow",
                                  total, left));
  }
  total_values_ = static_cast<int64_t>(total);
  values_left_ = total_values_;
  first_pending_ = total > 0;
  last_ = static_cast<U>(first);
  widths_.resize(static_cast<size_t>(miniblocks_));
  miniblock_index_ = miniblocks_;
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::read_block_header() {
  min_delta_ = static_cast<U>(read_zigzag(pos_, end_, "DELTA_BINARY_PACKED min delta"));
  if (end_ - pos_ < miniblocks_) throw_truncated("DELTA_BINARY_PACKED miniblock bit widths", miniblocks_, end_ - pos_);
  std::memcpy(widths_.data(), pos_, static_cast<size_t>(miniblocks_));
  pos_ += miniblocks_;
  miniblock_index_ = 0;
}

// Unpack the next miniblock into `dst` (room for values_per_miniblock_). `values_in_use` of its values are
// still wanted; a last miniblock cut short after those values is accepted.
template <typename T>
void DeltaBinaryPackedDecoder<T>::load_miniblock(U* dst, int64_t values_in_use) {
  if (miniblock_index_ == miniblocks_) read_block_header();
  const int width = widths_[static_cast<size_t>(miniblock_index_)];
  ++miniblock_index_;
  if (width > static_cast<int>(sizeof(T) * 8)) {
    throw FormatError(
        fmt::format("DELTA_BINARY_PACKED miniblock bit width {} exceeds {}", width, sizeof(T) * 8));
  }
  const int64_t full = values_per_miniblock_ / 8 * width;
  const int64_t left = end_ - pos_;
  if (full <= left) {
    unpack(pos_, width, dst, values_per_miniblock_);
    pos_ += full;
    return;
  }
  const int64_t need = (values_in_use + 7) / 8 * width;
  if (need > left) throw_truncated("DELTA_BINARY_PACKED miniblock", full, left);
  std::vector<uint8_t> padded(static_cast<size_t>(full), 0);
  std::memcpy(padded.data(), pos_, static_cast<size_t>(left));
  unpack(padded.data(), width, dst, values_per_miniblock_);
  pos_ = end_;
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::decode(std::span<T> out) {
  int64_t n = static_cast<int64_t>(out.size());
  if (n > values_left_) {
    throw FormatError(fmt::format("DELTA_BINARY_PACKED holds {} more values, {} requested", values_left_, n));
  }
  T* dst = out.data();
  values_left_ -= n;
  if (n > 0 && first_pending_) {
    *dst++ = static_cast<T>(last_);
    first_pending_ = false;
    --n;
  }
  while (n > 0) {
    if (buffer_pos_ < buffer_end_) {
      const int64_t take = std::min(n, buffer_end_ - buffer_pos_);
      const U* src = buffer_.data() + buffer_pos_;
      U last = last_;
      for (int64_t i = 0; i < take; ++i) {
        last = static_cast<U>(last + min_delta_ + src[i]);
        dst[i] = static_cast<T>(last);
      }
      last_ = last;
      buffer_pos_ += take;
      dst += take;
      n -= take;
    } else if (n >= values_per_miniblock_) {
      // Whole miniblock straight into the caller's buffer, then the running sum in place.
      U* udst = reinterpret_cast<U*>(dst);
      load_miniblock(udst, values_per_miniblock_);
      U last = last_;
      const U delta = min_delta_;
      for (int64_t i = 0; i < values_per_miniblock_; ++i) {
        last = static_cast<U>(last + delta + udst[i]);
        udst[i] = last;
      }
      last_ = last;
      dst += values_per_miniblock_;
      n -= values_per_miniblock_;
    } else {
      if (buffer_.empty()) buffer_.resize(static_cast<size_t>(values_per_miniblock_));
      const int64_t in_use = std::min(values_per_miniblock_, n + values_left_);
      load_miniblock(buffer_.data(), in_use);
      buffer_pos_ = 0;
      buffer_end_ = in_use;
    }
  }
}

template <typename T>
int64_t DeltaBinaryPackedDecoder<T>::encoded_size() const {
  const uint8_t* pos = header_end_;
  int64_t left = total_values_ > 0 ? total_values_ - 1 : 0;
  while (left > 0) {
    read_zigzag(pos, end_, "DELTA_BINARY_PACKED min delta");
    if (end_ - pos < miniblocks_) throw_truncated("DELTA_BINARY_PACKED miniblock bit widths", miniblocks_, end_ - pos);
    const uint8_t* widths = pos;
    pos += miniblocks_;
    for (int64_t m = 0; m < miniblocks_ && left > 0; ++m) {
      const int width = widths[m];
      if (width > static_cast<int>(sizeof(T) * 8)) {
        throw FormatError(
            fmt::format("DELTA_BINARY_PACKED miniblock bit width {} exceeds {}", width, sizeof(T) * 8));
      }
      const int64_t full = values_per_miniblock_ / 8 * width;
      if (full > end_ - pos) throw_truncated("DELTA_BINARY_PACKED miniblock", full, end_ - pos);
      pos += full;
      left -= std::min(left, values_per_miniblock_);
    }
  }
  return pos - begin_;
}

template void delta_binary_packed_encode(std::span<const int32_t>, std::vector<uint8_t>&);
template void delta_binary_packed_encode(std::span<const int64_t>, std::vector<uint8_t>&);
template class DeltaBinaryPackedDecoder<int32_t>;
template class DeltaBinaryPackedDecoder<int64_t>;

}  // namespace strata::parquet::encoding
