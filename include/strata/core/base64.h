// Base64 (RFC 4648, standard alphabet, padded), as Arrow writers store "ARROW:schema" in Parquet metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

std::string base64_encode(std::span<const uint8_t> bytes);
// nullopt when `text` is not valid base64 (padding optional; whitespace not allowed).
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace strata
