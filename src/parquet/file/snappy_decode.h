// A Snappy block decompressor for Parquet pages (internal), written from the format description
// (google/snappy format_description.txt): a varint of the uncompressed length, then elements whose tag
// byte's low two bits say literal (00), copy with a 1-byte (01), 2-byte (10) or 4-byte (11) offset.
// Faster than the system library on the short copies of integer pages because it may write up to
// kSnappySlack bytes past the end of each element (always inside the output buffer's capacity), so a short
// copy is one or two fixed-size moves. Every length and offset is checked: bad input never reads or writes
// outside the given spans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace strata::parquet::internal {

// Bytes the decoder may write past the uncompressed size: give it an output buffer this much larger.
inline constexpr size_t kSnappySlack = 64;

// The uncompressed length in the preamble, or nullopt if the varint is malformed or past 2^32 - 1.
std::optional<uint32_t> snappy_uncompressed_length(std::span<const uint8_t> in);

// Decompress `in` into out[0, size) where `size` must equal the preamble's length; `out` must hold at least
// size + kSnappySlack bytes. Returns an empty string on success, else why the input is corrupt.
std::string snappy_decompress(std::span<const uint8_t> in, std::span<uint8_t> out, size_t size);

}  // namespace strata::parquet::internal
