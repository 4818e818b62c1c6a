// Private helpers shared by the compute kernels: type dispatch (one switch per array, then typed loops)
// and validity-bitmap walking a 64-bit word at a time.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

#include "strata/columnar/array.h"
#include "strata/core/bit_util.h"
#include "strata/core/error.h"

namespace strata::compute::internal {

using columnar::Array;
using columnar::TypeId;

[[noreturn]] void throw_unsupported(const char* kernel, const columnar::DataType& type);

template <typename T>
struct TypeTag {
  using type = T;
};

// Call f(TypeTag<C>{}) with the C type that stores `type`'s values: numbers, and temporal types as their
// integers. Throws TypeError naming `kernel` for everything else.
template <typename F>
decltype(auto) visit_numeric(const columnar::DataType& type, const char* kernel, F&& f) {
  switch (type.id()) {
    case TypeId::kInt8: return f(TypeTag<int8_t>{});
    case TypeId::kInt16: return f(TypeTag<int16_t>{});
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kTime32: return f(TypeTag<int32_t>{});
    case TypeId::kInt64:
    case TypeId::kDate64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDuration: return f(TypeTag<int64_t>{});
    case TypeId::kUInt8: return f(TypeTag<uint8_t>{});
    case TypeId::kUInt16: return f(TypeTag<uint16_t>{});
    case TypeId::kUInt32: return f(TypeTag<uint32_t>{});
    case TypeId::kUInt64: return f(TypeTag<uint64_t>{});
    case TypeId::kFloat32: return f(TypeTag<float>{});
    case TypeId::kFloat64: return f(TypeTag<double>{});
    default: throw_unsupported(kernel, type);
  }
}

// Only the arithmetic number types (no temporal types).
template <typename F>
decltype(auto) visit_number(const columnar::DataType& type, const char* kernel, F&& f) {
  if (!type.is_numeric() || type.id() == TypeId::kFloat16) throw_unsupported(kernel, type);
  return visit_numeric(type, kernel, std::forward<F>(f));
}

// Walk `length` slots of a validity bitmap starting at bit `offset` in blocks of up to 64:
// all_valid(start, n) for blocks with every bit set, mixed(start, n, word) for the rest; blocks with no
// valid bit are skipped. `bits` may be null (everything valid).
template <typename AllValid, typename Mixed>
void visit_validity_blocks(const uint8_t* bits, int64_t offset, int64_t length, AllValid&& all_valid,
                           Mixed&& mixed) {
  if (bits == nullptr) {
    if (length > 0) all_valid(int64_t{0}, length);
    return;
  }
  for (int64_t start = 0; start < length; start += 64) {
    const int64_t n = length - start < 64 ? length - start : 64;
    const uint64_t word = bit_util::load_word_checked(bits, offset + start, n);
    const uint64_t full = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    if (word == full) {
      // Merge consecutive all-valid blocks into one run for the tight loop.
      int64_t end = start + n;
      while (end < length) {
        const int64_t m = length - end < 64 ? length - end : 64;
        const uint64_t w = bit_util::load_word_checked(bits, offset + end, m);
        if (w != (m == 64 ? ~uint64_t{0} : (uint64_t{1} << m) - 1)) break;
        end += m;
      }
      all_valid(start, end - start);
      start = end - 64;
    } else if (word != 0) {
      mixed(start, n, word);
    }
  }
}

// A fresh bitmap of `length` bits copied from bits[offset...] (nullptr in, nullptr out).
columnar::BufferPtr copy_validity(const uint8_t* bits, int64_t offset, int64_t length);
// bitwise AND of two validity bitmaps (either may be null = all valid); nullptr when both are.
columnar::BufferPtr and_validity(const uint8_t* a, int64_t a_offset, const uint8_t* b, int64_t b_offset,
                                 int64_t length);
int64_t null_count_of(const columnar::BufferPtr& bits, int64_t length);

}  // namespace strata::compute::internal
