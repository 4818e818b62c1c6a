#include "snappy_decode.h"

#include <cstring>

#include <fmt/format.h>

namespace strata::parquet::internal {

namespace {

inline uint32_t load_le(const uint8_t* p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

std::optional<uint32_t> snappy_uncompressed_length(std::span<const uint8_t> in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 5 && i < in.size(); ++i) {
    v |= static_cast<uint64_t>(in[i] & 0x7F) << (7 * i);
    if ((in[i] & 0x80) == 0) {
      if (v > UINT32_MAX) return std::nullopt;
      return static_cast<uint32_t>(v);
    }
  }
  return std::nullopt;
}

std::string snappy_decompress(std::span<const uint8_t> in, std::span<uint8_t> out, size_t size) {
  if (out.size() < size + kSnappySlack) return "output buffer without slack";
  // Empty input for empty output: writers store a v2 data page with no values as zero bytes (parquet-testing
  // datapage_v2_empty_datapage.snappy.parquet), as io::Codec accepts.
  if (in.empty() && size == 0) return {};
  size_t header = 0;
  while (header < in.size() && header < 5 && (in[header] & 0x80) != 0) ++header;
  ++header;
  const auto claimed = snappy_uncompressed_length(in);
  if (!claimed) return "corrupt length preamble";
  if (*claimed != size) return fmt::format("stream holds {} bytes, {} expected", *claimed, size);
  const uint8_t* ip = in.data() + header;
  const uint8_t* const ie = in.data() + in.size();
  uint8_t* const base = out.data();
  uint8_t* op = base;
  uint8_t* const oe = base + size;
  // The last 8 output bytes, little-endian, while `tail_valid`: integer pages are mostly "1-byte literal,
  // then copy 7 bytes from 8 back" (consecutive values differ in the low byte), and doing those copies from a
  // register avoids reloading bytes just stored by several smaller stores (a store-forwarding stall each).
  uint64_t tail = 0;
  bool tail_valid = false;
  while (ip < ie) {
    const uint8_t tag = *ip++;
    const size_t kind = tag & 3;
    if (kind == 0) {
      size_t len = tag >> 2;
      if (len >= 60) {
        const size_t bytes = len - 59;
        if (static_cast<size_t>(ie - ip) < bytes) return fmt::format("literal length truncated at byte {}", ip - in.data());
        len = load_le(ip, bytes);
        ip += bytes;
      }
      len += 1;
      if (len > static_cast<size_t>(ie - ip)) return fmt::format("literal of {} bytes runs past the input", len);
      if (len > static_cast<size_t>(oe - op)) return fmt::format("literal of {} bytes runs past the output", len);
      if (len <= 16 && ie - ip >= 16) {
        std::memcpy(op, ip, 16);  // the slack absorbs the extra bytes
        if (len >= 8) {
          std::memcpy(&tail, ip + len - 8, 8);
          tail_valid = true;
        } else if (tail_valid) {
          uint64_t v;
          std::memcpy(&v, ip, 8);
          const unsigned bits = static_cast<unsigned>(8 * len);
          tail = (tail >> bits) | (v << (64 - bits));
        }
      } else {
        std::memcpy(op, ip, len);
        if (len >= 8) {
          std::memcpy(&tail, ip + len - 8, 8);
          tail_valid = true;
        } else {
          tail_valid = false;
        }
      }
      op += len;
      ip += len;
      continue;
    }
    size_t len;
    size_t offset;
    if (kind == 1) {
      if (ip >= ie) return "copy offset truncated";
      len = ((tag >> 2) & 7) + 4;
      offset = (static_cast<size_t>(tag >> 5) << 8) | *ip++;
    } else if (kind == 2) {
      if (ie - ip < 2) return "copy offset truncated";
      len = (tag >> 2) + 1;
      offset = load_le(ip, 2);
      ip += 2;
    } else {
      if (ie - ip < 4) return "copy offset truncated";
      len = (tag >> 2) + 1;
      offset = load_le(ip, 4);
      ip += 4;
    }
    if (offset == 0 || offset > static_cast<size_t>(op - base)) {
      return fmt::format("copy from offset {} with {} bytes written", offset, op - base);
    }
    if (len > static_cast<size_t>(oe - op)) return fmt::format("copy of {} bytes runs past the output", len);
    if (offset == 8) {
      // The 8 bytes before `op` repeat: store them from the register, then rotate it to the new last 8.
      if (!tail_valid) {
        std::memcpy(&tail, op - 8, 8);
        tail_valid = true;
      }
      std::memcpy(op, &tail, 8);
      std::memcpy(op + 8, &tail, 8);
      for (size_t i = 16; i < len; i += 8) std::memcpy(op + i, &tail, 8);
      const unsigned r = static_cast<unsigned>(8 * (len % 8));
      if (r != 0) tail = (tail >> r) | (tail << (64 - r));
      op += len;
      continue;
    }
    tail_valid = false;
    const uint8_t* src = op - offset;
    if (offset >= 8) {
      // Each 8-byte move reads only bytes already written (offset >= 8); the last may spill into the slack.
      if (len <= 16) {
        std::memcpy(op, src, 8);
        std::memcpy(op + 8, src + 8, 8);
      } else {
        for (size_t i = 0; i < len; i += 8) std::memcpy(op + i, src + i, 8);
      }
    } else {
      for (size_t i = 0; i < len; ++i) op[i] = src[i];  // a short repeating pattern
    }
    op += len;
  }
  if (op != oe) return fmt::format("stream ends after {} of {} bytes", op - base, size);
  return {};
}

}  // namespace strata::parquet::internal
