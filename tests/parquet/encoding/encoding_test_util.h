// Helpers shared by the encoding tests: exact FormatError checks, seeded random data, and the
// "corrupt input never crashes and never silently decodes wrong values" sweeps.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "strata/core/error.h"

namespace strata::parquet::encoding::testing {

using Bytes = std::vector<uint8_t>;

// Run `fn`, expect a FormatError whose message is exactly `message`.
inline void expect_format_error(const std::function<void()>& fn, const std::string& message) {
  try {
    fn();
    ADD_FAILURE() << "expected FormatError: " << message;
  } catch (const FormatError& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

// Run `fn`, which decodes and returns true when what it decoded equals the original. A FormatError counts as
// a pass (the corruption was detected); any other exception, or decoding wrong values without an error for
// a truncated input, fails.
inline int check_truncations(const Bytes& encoded, const std::function<bool(const Bytes&)>& decode_matches) {
  int errors = 0;
  for (size_t keep = 0; keep < encoded.size(); ++keep) {
    const Bytes truncated(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(keep));
    try {
      EXPECT_TRUE(decode_matches(truncated)) << "truncated to " << keep << " bytes decoded wrong values";
    } catch (const FormatError&) {
      ++errors;
    }
  }
  return errors;
}

// Flip bytes at every offset (several patterns) and decode; must end in success or FormatError, never a
// crash, hang or other exception (run under ASan to catch reads past the end).
inline void check_byte_flips(const Bytes& encoded, const std::function<void(const Bytes&)>& decode) {
  for (size_t at = 0; at < encoded.size(); ++at) {
    for (uint8_t pattern : {uint8_t{0xff}, uint8_t{0x80}, uint8_t{0x01}, uint8_t{0x7f}}) {
      Bytes corrupt = encoded;
      corrupt[at] ^= pattern;
      try {
        decode(corrupt);
      } catch (const FormatError&) {
      }
    }
  }
}

inline std::mt19937_64& rng() {
  static std::mt19937_64 engine(20261126);
  return engine;
}

inline std::vector<uint32_t> random_u32(size_t n, int bit_width) {
  std::vector<uint32_t> v(n);
  const uint64_t mask = bit_width == 0 ? 0 : (bit_width >= 32 ? 0xffffffffu : (uint64_t{1} << bit_width) - 1);
  for (auto& x : v) x = static_cast<uint32_t>(rng()() & mask);
  return v;
}

}  // namespace strata::parquet::encoding::testing
