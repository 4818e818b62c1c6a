// Shared pieces of the value encodings: varints and the FormatError helpers (encoding.h).
#include "strata/parquet/encoding/encoding.h"

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::parquet::encoding {

void throw_truncated(std::string_view what, int64_t need, int64_t left) {
  throw FormatError(fmt::format("{} truncated: need {} bytes, {} left", what, need, left));
}

void throw_format_error(const std::string& why) { throw FormatError(why); }

void write_uleb128(uint64_t value, std::vector<uint8_t>& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

uint64_t read_uleb128(const uint8_t*& pos, const uint8_t* end, std::string_view what) {
  uint64_t result = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos == end) throw FormatError(fmt::format("{}: varint truncated after {} bytes", what, i));
    const uint8_t byte = *pos++;
    if (i == 9 && byte > 1) throw FormatError(fmt::format("{}: varint overflows 64 bits", what));
    result |= uint64_t{byte & 0x7fu} << (7 * i);
    if ((byte & 0x80) == 0) return result;
  }
  throw FormatError(fmt::format("{}: varint longer than 10 bytes", what));
}

}  // namespace strata::parquet::encoding
