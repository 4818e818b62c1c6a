// BYTE_STREAM_SPLIT encoder and decoder (byte_stream_split.h). Widths 4 and 8 run loops with the width as
// a template parameter; other FIXED_LEN_BYTE_ARRAY widths take the generic loop.
#include "strata/parquet/encoding/byte_stream_split.h"

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::parquet::encoding {
namespace {

template <int K>
void scatter(const uint8_t* in, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < K; ++k) out[k * n + i] = in[i * K + k];
  }
}

void scatter_any(const uint8_t* in, int64_t n, int width, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < width; ++k) out[k * n + i] = in[i * width + k];
  }
}

template <int K>
void gather(const uint8_t* streams, int64_t stride, int64_t first, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < K; ++k) out[i * K + k] = streams[k * stride + first + i];
  }
}

void gather_any(const uint8_t* streams, int64_t stride, int width, int64_t first, int64_t n, uint8_t* out) {
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < width; ++k) out[i * width + k] = streams[k * stride + first + i];
  }
}

}  // namespace

void byte_stream_split_encode(std::span<const uint8_t> bytes, int width, std::vector<uint8_t>& out) {
  if (width <= 0 || bytes.size() % static_cast<size_t>(width) != 0) {
    raise("BYTE_STREAM_SPLIT: {} bytes are not a whole number of {}-byte values", bytes.size(), width);
  }
  const auto n = static_cast<int64_t>(bytes.size() / static_cast<size_t>(width));
  const size_t at = out.size();
  out.resize(at + bytes.size());
  uint8_t* dst = out.data() + at;
  switch (width) {
    case 4: scatter<4>(bytes.data(), n, dst); break;
    case 8: scatter<8>(bytes.data(), n, dst); break;
    default: scatter_any(bytes.data(), n, width, dst); break;
  }
}

ByteStreamSplitDecoder::ByteStreamSplitDecoder(std::span<const uint8_t> data, int width)
    : data_(data.data()), width_(width) {
  if (width <= 0) throw FormatError(fmt::format("BYTE_STREAM_SPLIT value width {}", width));
  if (data.size() % static_cast<size_t>(width) != 0) {
    throw FormatError(fmt::format("BYTE_STREAM_SPLIT data of {} bytes is not a multiple of value width {}",
                                  data.size(), width));
  }
  count_ = static_cast<int64_t>(data.size() / static_cast<size_t>(width));
}

void ByteStreamSplitDecoder::check_request(int64_t values) const {
  if (values > count_ - next_) {
    throw FormatError(
        fmt::format("BYTE_STREAM_SPLIT holds {} more values, {} requested", count_ - next_, values));
  }
}

template <typename T>
void ByteStreamSplitDecoder::decode(std::span<T> out) {
  if (static_cast<int>(sizeof(T)) != width_) {
    raise("BYTE_STREAM_SPLIT: decoding {}-byte values from a {}-byte stream", sizeof(T), width_);
  }
  const auto n = static_cast<int64_t>(out.size());
  check_request(n);
  gather<sizeof(T)>(data_, count_, next_, n, reinterpret_cast<uint8_t*>(out.data()));
  next_ += n;
}

void ByteStreamSplitDecoder::decode_bytes(std::span<uint8_t> out) {
  if (out.size() % static_cast<size_t>(width_) != 0) {
    raise("BYTE_STREAM_SPLIT: output of {} bytes is not a whole number of {}-byte values", out.size(), width_);
  }
  const auto n = static_cast<int64_t>(out.size() / static_cast<size_t>(width_));
  check_request(n);
  switch (width_) {
    case 4: gather<4>(data_, count_, next_, n, out.data()); break;
    case 8: gather<8>(data_, count_, next_, n, out.data()); break;
    default: gather_any(data_, count_, width_, next_, n, out.data()); break;
  }
  next_ += n;
}

template void ByteStreamSplitDecoder::decode(std::span<float>);
template void ByteStreamSplitDecoder::decode(std::span<double>);
template void ByteStreamSplitDecoder::decode(std::span<int32_t>);
template void ByteStreamSplitDecoder::decode(std::span<int64_t>);

}  // namespace strata::parquet::encoding
