#include "compute/kernel_util.h"

#include <fmt/format.h>

namespace strata::compute::internal {

void throw_unsupported(const char* kernel, const columnar::DataType& type) {
  raise<TypeError>("{}: unsupported type {}", kernel, type.to_string());
}

columnar::BufferPtr copy_validity(const uint8_t* bits, int64_t offset, int64_t length) {
  if (bits == nullptr) return nullptr;
  auto out = columnar::Buffer::allocate_zeroed(bit_util::bytes_for_bits(length));
  bit_util::copy_bitmap(bits, offset, length, out->mutable_data(), 0);
  return out;
}

columnar::BufferPtr and_validity(const uint8_t* a, int64_t a_offset, const uint8_t* b, int64_t b_offset,
                                 int64_t length) {
  if (a == nullptr) return copy_validity(b, b_offset, length);
  if (b == nullptr) return copy_validity(a, a_offset, length);
  auto out = columnar::Buffer::allocate_zeroed(bit_util::round_up(bit_util::bytes_for_bits(length), 8));
  uint8_t* dst = out->mutable_data();
  for (int64_t start = 0; start < length; start += 64) {
    const int64_t n = length - start < 64 ? length - start : 64;
    const uint64_t w = bit_util::load_word_checked(a, a_offset + start, n) &
                       bit_util::load_word_checked(b, b_offset + start, n);
    std::memcpy(dst + start / 8, &w, 8);
  }
  out->resize(bit_util::bytes_for_bits(length));
  return out;
}

int64_t null_count_of(const columnar::BufferPtr& bits, int64_t length) {
  if (!bits) return 0;
  return length - bit_util::count_set_bits(bits->data(), 0, length);
}

}  // namespace strata::compute::internal
