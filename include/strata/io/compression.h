// Compression codecs for whole blocks (Parquet pages, Arrow IPC buffers): UNCOMPRESSED, SNAPPY, GZIP, ZSTD,
// LZ4 raw block, LZ4 frame, LZ4 with Hadoop framing, BROTLI, over Debian's libsnappy, libdeflate, libzstd,
// liblz4 and libbrotli. Formats:
//   snappy      snappy raw format (google/snappy format_description.txt), no framing
//   gzip        RFC 1952 members (several concatenated members are accepted on decompress; a zlib RFC 1950
//               stream is accepted too, as Arrow's reader does)
//   zstd        RFC 8878 frames (several concatenated frames accepted)
//   lz4_raw     one LZ4 block (lz4 doc/lz4_Block_format.md), Parquet's LZ4_RAW
//   lz4_frame   LZ4 frame format (lz4 doc/lz4_Frame_format.md), Arrow IPC's LZ4_FRAME
//   lz4_hadoop  Parquet's deprecated LZ4: blocks of [u32 BE uncompressed size][u32 BE compressed size][LZ4
//               block]; decompress falls back to a raw LZ4 block, as parquet-cpp does, for files from writers
//               that wrote raw blocks under that name
//   brotli      RFC 7932 stream
//
// Batch API: the caller knows the uncompressed size (Parquet page headers, IPC buffer prefixes) and owns both
// buffers. decompress() must produce exactly `output.size()` bytes from exactly all of `input`; anything else is
// a FormatError("<codec>: why") — corrupt input is bad data, not a bad call. No codec ever writes past
// `output` or allocates in proportion to what the input claims; the caller bounds `expected_size` (a page
// header's uncompressed size) before allocating.
//
// Thread-safety: a Codec holds library contexts and is not safe for concurrent use; make one per thread
// (cheap). Codecs are stateless between calls.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace strata::io {

enum class CompressionType {
  kUncompressed,
  kSnappy,
  kGzip,
  kZstd,
  kLz4Raw,
  kLz4Frame,
  kLz4Hadoop,
  kBrotli,
};

// Lower-case name: "uncompressed", "snappy", "gzip", "zstd", "lz4_raw", "lz4_frame", "lz4_hadoop", "brotli".
std::string_view compression_name(CompressionType type);
// Parse a name, case-insensitive: the names above, "none" for uncompressed, and "lz4" for lz4_frame as Arrow's
// Codec::GetCompressionType reads it (Parquet writers map it to their own LZ4 flavour). nullopt if unknown.
std::optional<CompressionType> parse_compression(std::string_view name);

// Levels a codec accepts; `supported` is false for codecs without levels (uncompressed, snappy, lz4_hadoop).
struct CompressionLevels {
  bool supported = false;
  int minimum = 0;
  int maximum = 0;
  int default_level = 0;
};
CompressionLevels compression_levels(CompressionType type);

class Codec {
 public:
  // Make a codec; `level` defaults to compression_levels(type).default_level. Throws InvalidArgument for a
  // level outside the codec's range, or a level given to a codec without levels.
  static std::unique_ptr<Codec> make(CompressionType type, std::optional<int> level = std::nullopt);

  virtual ~Codec() = default;
  virtual CompressionType type() const = 0;
  std::string_view name() const { return compression_name(type()); }
  int level() const { return level_; }

  // Upper bound on compress()'s output for `input_length` bytes of input.
  virtual int64_t max_compressed_length(int64_t input_length) const = 0;
  // Compress `input` into `output`; returns the bytes written.
  // REQUIRES: output.size() >= max_compressed_length(input.size()).
  virtual int64_t compress(std::span<const uint8_t> input, std::span<uint8_t> output) = 0;
  // Decompress all of `input` into exactly `output.size()` bytes. Throws FormatError naming the codec if the
  // input is corrupt, truncated, has trailing bytes, or decodes to another size. Empty input for empty output
  // is accepted by every codec: writers store a v2 data page with no values as zero bytes even under codecs
  // whose encoding of nothing is not empty (parquet-testing datapage_v2_empty_datapage.snappy.parquet).
  void decompress(std::span<const uint8_t> input, std::span<uint8_t> output) {
    if (input.empty() && output.empty()) return;
    do_decompress(input, output);
  }

  // Conveniences over the batch calls.
  std::vector<uint8_t> compress(std::span<const uint8_t> input);
  std::vector<uint8_t> decompress(std::span<const uint8_t> input, int64_t expected_size);

 protected:
  explicit Codec(int level) : level_(level) {}
  virtual void do_decompress(std::span<const uint8_t> input, std::span<uint8_t> output) = 0;
  // Throw FormatError("<name>: <why>").
  [[noreturn]] void fail(std::string_view why) const;

 private:
  int level_;
};

}  // namespace strata::io
