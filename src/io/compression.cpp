// Codec implementations over the system libraries. Each class wraps one library; every return code is checked
// and turned into FormatError (bad input) or Error (the library failed, e.g. out of memory). See compression.h
// for the wire formats.
#include "strata/io/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <libdeflate.h>
#include <lz4.h>
#include <lz4frame.h>
#include <lz4hc.h>
#include <snappy-c.h>
#include <zstd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <string>

#include "strata/core/error.h"

namespace strata::io {

namespace {

[[noreturn]] void output_too_small(std::string_view codec, size_t have, int64_t need) {
  throw InvalidArgument(fmt::format("{} compress: output buffer of {} bytes is smaller than the bound {}", codec,
                                    have, need));
}

// LZ4 and Hadoop framing take int sizes.
int checked_int(std::string_view codec, int64_t n) {
  if (n < 0 || n > std::numeric_limits<int>::max()) {
    throw InvalidArgument(fmt::format("{}: block of {} bytes exceeds the format's 2 GiB limit", codec, n));
  }
  return static_cast<int>(n);
}

uint32_t load_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void store_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

// --- uncompressed ---------------------------------------------------------------------------------------------

class UncompressedCodec final : public Codec {
 public:
  UncompressedCodec() : Codec(0) {}
  CompressionType type() const override { return CompressionType::kUncompressed; }
  int64_t max_compressed_length(int64_t n) const override { return n; }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (out.size() < in.size()) output_too_small(name(), out.size(), static_cast<int64_t>(in.size()));
    if (!in.empty()) std::memcpy(out.data(), in.data(), in.size());
    return static_cast<int64_t>(in.size());
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.size() != out.size()) fail(fmt::format("{} bytes stored, {} expected", in.size(), out.size()));
    if (!in.empty()) std::memcpy(out.data(), in.data(), in.size());
  }
};

// --- snappy ---------------------------------------------------------------------------------------------------

class SnappyCodec final : public Codec {
 public:
  SnappyCodec() : Codec(0) {}
  CompressionType type() const override { return CompressionType::kSnappy; }
  int64_t max_compressed_length(int64_t n) const override {
    return static_cast<int64_t>(snappy_max_compressed_length(static_cast<size_t>(n)));
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    int64_t bound = max_compressed_length(static_cast<int64_t>(in.size()));
    if (static_cast<int64_t>(out.size()) < bound) output_too_small(name(), out.size(), bound);
    size_t out_len = out.size();
    snappy_status status = snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(),
                                           reinterpret_cast<char*>(out.data()), &out_len);
    if (status != SNAPPY_OK) throw Error(fmt::format("snappy compress failed (status {})", int{status}));
    return static_cast<int64_t>(out_len);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    size_t claimed = 0;
    if (snappy_uncompressed_length(reinterpret_cast<const char*>(in.data()), in.size(), &claimed) != SNAPPY_OK) {
      fail("corrupt length preamble");
    }
    if (claimed != out.size()) fail(fmt::format("stream holds {} bytes, {} expected", claimed, out.size()));
    size_t out_len = out.size();
    snappy_status status = snappy_uncompress(reinterpret_cast<const char*>(in.data()), in.size(),
                                             reinterpret_cast<char*>(out.data()), &out_len);
    if (status != SNAPPY_OK) fail(fmt::format("corrupt input (status {})", int{status}));
    if (out_len != out.size()) fail(fmt::format("decoded {} bytes, {} expected", out_len, out.size()));
  }
};

// --- gzip (libdeflate) ----------------------------------------------------------------------------------------

const char* deflate_result_name(libdeflate_result r) {
  switch (r) {
    case LIBDEFLATE_SUCCESS: return "success";
    case LIBDEFLATE_BAD_DATA: return "corrupt deflate data";
    case LIBDEFLATE_SHORT_OUTPUT: return "stream ended before the expected size";
    case LIBDEFLATE_INSUFFICIENT_SPACE: return "decodes to more bytes than expected";
  }
  return "unknown libdeflate error";
}

class GzipCodec final : public Codec {
 public:
  explicit GzipCodec(int level) : Codec(level) {
    compressor_ = libdeflate_alloc_compressor(level);
    decompressor_ = libdeflate_alloc_decompressor();
    if (compressor_ == nullptr || decompressor_ == nullptr) {
      release();
      throw Error("gzip: libdeflate could not allocate its state (out of memory)");
    }
  }
  ~GzipCodec() override { release(); }
  GzipCodec(const GzipCodec&) = delete;
  GzipCodec& operator=(const GzipCodec&) = delete;

  CompressionType type() const override { return CompressionType::kGzip; }
  int64_t max_compressed_length(int64_t n) const override {
    return static_cast<int64_t>(libdeflate_gzip_compress_bound(compressor_, static_cast<size_t>(n)));
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    int64_t bound = max_compressed_length(static_cast<int64_t>(in.size()));
    if (static_cast<int64_t>(out.size()) < bound) output_too_small(name(), out.size(), bound);
    size_t n = libdeflate_gzip_compress(compressor_, in.data(), in.size(), out.data(), out.size());
    if (n == 0) throw Error("gzip compress failed: output did not fit the bound");
    return static_cast<int64_t>(n);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.empty()) fail("empty input");
    if (in[0] != 0x1f) {
      // RFC 1950 zlib stream (CMF byte 0x78 etc.), as some writers store it.
      size_t used_in = 0, used_out = 0;
      auto r = libdeflate_zlib_decompress_ex(decompressor_, in.data(), in.size(), out.data(), out.size(),
                                             &used_in, &used_out);
      if (r != LIBDEFLATE_SUCCESS) fail(fmt::format("not a gzip member, and as zlib: {}", deflate_result_name(r)));
      if (used_out != out.size()) fail(fmt::format("decoded {} bytes, {} expected", used_out, out.size()));
      if (used_in != in.size()) fail(fmt::format("{} trailing bytes after the zlib stream", in.size() - used_in));
      return;
    }
    // One or more concatenated gzip members (RFC 1952 section 2.2).
    size_t in_pos = 0, out_pos = 0;
    int member = 0;
    while (in_pos < in.size()) {
      size_t used_in = 0, used_out = 0;
      auto r = libdeflate_gzip_decompress_ex(decompressor_, in.data() + in_pos, in.size() - in_pos,
                                             out.data() + out_pos, out.size() - out_pos, &used_in, &used_out);
      if (r != LIBDEFLATE_SUCCESS) {
        fail(fmt::format("member {} at input byte {}: {}", member, in_pos, deflate_result_name(r)));
      }
      in_pos += used_in;
      out_pos += used_out;
      ++member;
    }
    if (out_pos != out.size()) fail(fmt::format("decoded {} bytes, {} expected", out_pos, out.size()));
  }

 private:
  void release() {
    libdeflate_free_compressor(compressor_);
    libdeflate_free_decompressor(decompressor_);
    compressor_ = nullptr;
    decompressor_ = nullptr;
  }
  libdeflate_compressor* compressor_ = nullptr;
  libdeflate_decompressor* decompressor_ = nullptr;
};

// --- zstd -----------------------------------------------------------------------------------------------------

class ZstdCodec final : public Codec {
 public:
  explicit ZstdCodec(int level) : Codec(level) {
    cctx_ = ZSTD_createCCtx();
    dctx_ = ZSTD_createDCtx();
    if (cctx_ == nullptr || dctx_ == nullptr) {
      release();
      throw Error("zstd: could not allocate a context (out of memory)");
    }
  }
  ~ZstdCodec() override { release(); }
  ZstdCodec(const ZstdCodec&) = delete;
  ZstdCodec& operator=(const ZstdCodec&) = delete;

  CompressionType type() const override { return CompressionType::kZstd; }
  int64_t max_compressed_length(int64_t n) const override {
    size_t bound = ZSTD_compressBound(static_cast<size_t>(n));
    if (ZSTD_isError(bound)) throw InvalidArgument(fmt::format("zstd: input of {} bytes is too large", n));
    return static_cast<int64_t>(bound);
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    size_t n = ZSTD_compressCCtx(cctx_, out.data(), out.size(), in.data(), in.size(), level());
    if (ZSTD_isError(n)) throw Error(fmt::format("zstd compress failed: {}", ZSTD_getErrorName(n)));
    return static_cast<int64_t>(n);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    // Decoding straight into `out` needs no window buffer; the library stops at out.size() bytes.
    size_t n = ZSTD_decompressDCtx(dctx_, out.data(), out.size(), in.data(), in.size());
    if (ZSTD_isError(n)) fail(ZSTD_getErrorName(n));
    if (n != out.size()) fail(fmt::format("decoded {} bytes, {} expected", n, out.size()));
  }

 private:
  void release() {
    ZSTD_freeCCtx(cctx_);
    ZSTD_freeDCtx(dctx_);
    cctx_ = nullptr;
    dctx_ = nullptr;
  }
  ZSTD_CCtx* cctx_ = nullptr;
  ZSTD_DCtx* dctx_ = nullptr;
};

// --- lz4 raw block and Hadoop framing -------------------------------------------------------------------------

// Compress one LZ4 block; levels >= 3 use LZ4HC, as lz4's command line does.
int64_t lz4_block_compress(std::string_view codec, int level, std::span<const uint8_t> in, std::span<uint8_t> out) {
  int src = checked_int(codec, static_cast<int64_t>(in.size()));
  int cap = static_cast<int>(std::min<size_t>(out.size(), std::numeric_limits<int>::max()));
  if (cap < LZ4_compressBound(src)) output_too_small(codec, out.size(), LZ4_compressBound(src));
  int n = level >= LZ4HC_CLEVEL_MIN
              ? LZ4_compress_HC(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out.data()), src,
                                cap, level)
              : LZ4_compress_default(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out.data()),
                                     src, cap);
  if (n <= 0) throw Error(fmt::format("{} compress failed", codec));
  return n;
}

// Decode one LZ4 block into exactly out.size() bytes; returns false if it does not.
bool lz4_block_decompress(std::span<const uint8_t> in, std::span<uint8_t> out, int* decoded) {
  if (in.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      out.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    *decoded = -1;
    return false;
  }
  *decoded = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data()), reinterpret_cast<char*>(out.data()),
                                 static_cast<int>(in.size()), static_cast<int>(out.size()));
  return *decoded >= 0 && static_cast<size_t>(*decoded) == out.size();
}

class Lz4RawCodec final : public Codec {
 public:
  explicit Lz4RawCodec(int level) : Codec(level) {}
  CompressionType type() const override { return CompressionType::kLz4Raw; }
  int64_t max_compressed_length(int64_t n) const override {
    return LZ4_compressBound(checked_int(name(), n));
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    return lz4_block_compress(name(), level(), in, out);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    int decoded = 0;
    if (!lz4_block_decompress(in, out, &decoded)) {
      if (decoded < 0) fail(fmt::format("corrupt block (error at input byte {})", -decoded - 1));
      fail(fmt::format("decoded {} bytes, {} expected", decoded, out.size()));
    }
  }
};

class Lz4HadoopCodec final : public Codec {
 public:
  static constexpr int64_t kPrefix = 8;
  Lz4HadoopCodec() : Codec(0) {}
  CompressionType type() const override { return CompressionType::kLz4Hadoop; }
  int64_t max_compressed_length(int64_t n) const override {
    return kPrefix + LZ4_compressBound(checked_int(name(), n));
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    int64_t bound = max_compressed_length(static_cast<int64_t>(in.size()));
    if (static_cast<int64_t>(out.size()) < bound) output_too_small(name(), out.size(), bound);
    int64_t n = lz4_block_compress(name(), 1, in, out.subspan(kPrefix));
    store_be32(out.data(), static_cast<uint32_t>(in.size()));
    store_be32(out.data() + 4, static_cast<uint32_t>(n));
    return kPrefix + n;
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (try_hadoop(in, out)) return;
    // parquet-cpp's fallback: some writers stored a bare LZ4 block under this codec.
    int decoded = 0;
    if (lz4_block_decompress(in, out, &decoded)) return;
    fail("neither Hadoop-framed LZ4 blocks nor a raw LZ4 block of the expected size");
  }

 private:
  static bool try_hadoop(std::span<const uint8_t> in, std::span<uint8_t> out) {
    size_t in_pos = 0, out_pos = 0;
    while (in.size() - in_pos >= kPrefix) {
      uint32_t block_out = load_be32(in.data() + in_pos);
      uint32_t block_in = load_be32(in.data() + in_pos + 4);
      in_pos += kPrefix;
      if (block_in > in.size() - in_pos || block_out > out.size() - out_pos) return false;
      int decoded = 0;
      if (!lz4_block_decompress(in.subspan(in_pos, block_in), out.subspan(out_pos, block_out), &decoded)) {
        return false;
      }
      in_pos += block_in;
      out_pos += block_out;
    }
    return in_pos == in.size() && out_pos == out.size();
  }
};

// --- lz4 frame ------------------------------------------------------------------------------------------------

class Lz4FrameCodec final : public Codec {
 public:
  explicit Lz4FrameCodec(int level) : Codec(level) {
    LZ4F_errorCode_t rc = LZ4F_createDecompressionContext(&dctx_, LZ4F_VERSION);
    if (LZ4F_isError(rc)) throw Error(fmt::format("lz4_frame: {}", LZ4F_getErrorName(rc)));
  }
  ~Lz4FrameCodec() override { LZ4F_freeDecompressionContext(dctx_); }
  Lz4FrameCodec(const Lz4FrameCodec&) = delete;
  Lz4FrameCodec& operator=(const Lz4FrameCodec&) = delete;

  CompressionType type() const override { return CompressionType::kLz4Frame; }
  int64_t max_compressed_length(int64_t n) const override {
    LZ4F_preferences_t prefs = preferences(n);
    return static_cast<int64_t>(LZ4F_compressFrameBound(static_cast<size_t>(n), &prefs));
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    LZ4F_preferences_t prefs = preferences(static_cast<int64_t>(in.size()));
    size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &prefs);
    if (LZ4F_isError(n)) throw Error(fmt::format("lz4_frame compress failed: {}", LZ4F_getErrorName(n)));
    return static_cast<int64_t>(n);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    LZ4F_resetDecompressionContext(dctx_);
    size_t in_pos = 0, out_pos = 0;
    size_t hint = 1;  // nonzero while a frame is open
    while (in_pos < in.size()) {
      size_t src = in.size() - in_pos;
      size_t dst = out.size() - out_pos;
      hint = LZ4F_decompress(dctx_, out.data() + out_pos, &dst, in.data() + in_pos, &src, nullptr);
      if (LZ4F_isError(hint)) {
        LZ4F_resetDecompressionContext(dctx_);
        fail(fmt::format("at input byte {}: {}", in_pos, LZ4F_getErrorName(hint)));
      }
      in_pos += src;
      out_pos += dst;
      if (src == 0 && dst == 0) {
        // No progress: the output is full but the frame goes on.
        LZ4F_resetDecompressionContext(dctx_);
        fail(fmt::format("decodes to more than {} bytes", out.size()));
      }
    }
    if (hint != 0) {
      LZ4F_resetDecompressionContext(dctx_);
      fail(fmt::format("truncated frame after {} input bytes", in.size()));
    }
    if (out_pos != out.size()) fail(fmt::format("decoded {} bytes, {} expected", out_pos, out.size()));
  }

 private:
  LZ4F_preferences_t preferences(int64_t content_size) const {
    LZ4F_preferences_t prefs;
    std::memset(&prefs, 0, sizeof(prefs));
    prefs.compressionLevel = level();
    prefs.frameInfo.contentSize = static_cast<unsigned long long>(content_size);
    return prefs;
  }
  LZ4F_dctx* dctx_ = nullptr;
};

// --- brotli ---------------------------------------------------------------------------------------------------

class BrotliCodec final : public Codec {
 public:
  explicit BrotliCodec(int level) : Codec(level) {}
  CompressionType type() const override { return CompressionType::kBrotli; }
  int64_t max_compressed_length(int64_t n) const override {
    size_t bound = BrotliEncoderMaxCompressedSize(static_cast<size_t>(n));
    if (bound == 0) throw InvalidArgument(fmt::format("brotli: input of {} bytes is too large", n));
    return static_cast<int64_t>(bound);
  }
  int64_t compress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    size_t out_len = out.size();
    if (BrotliEncoderCompress(level(), BROTLI_DEFAULT_WINDOW, BROTLI_DEFAULT_MODE, in.size(), in.data(), &out_len,
                              out.data()) != BROTLI_TRUE) {
      throw Error(fmt::format("brotli compress failed (output buffer {} bytes)", out.size()));
    }
    return static_cast<int64_t>(out_len);
  }
  void do_decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) throw Error("brotli: could not allocate a decoder (out of memory)");
    size_t avail_in = in.size(), avail_out = out.size();
    const uint8_t* next_in = in.data();
    uint8_t* next_out = out.data();
    BrotliDecoderResult r =
        BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    std::string why;
    if (r == BROTLI_DECODER_RESULT_ERROR) {
      why = fmt::format("corrupt stream: {}", BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)));
    } else if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
      why = "truncated stream";
    } else if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
      why = fmt::format("decodes to more than {} bytes", out.size());
    } else if (avail_in != 0) {
      why = fmt::format("{} trailing bytes after the stream", avail_in);
    } else if (avail_out != 0) {
      why = fmt::format("decoded {} bytes, {} expected", out.size() - avail_out, out.size());
    }
    BrotliDecoderDestroyInstance(state);
    if (!why.empty()) fail(why);
  }
};

}  // namespace

// --- names, levels, factory -----------------------------------------------------------------------------------

std::string_view compression_name(CompressionType type) {
  switch (type) {
    case CompressionType::kUncompressed: return "uncompressed";
    case CompressionType::kSnappy: return "snappy";
    case CompressionType::kGzip: return "gzip";
    case CompressionType::kZstd: return "zstd";
    case CompressionType::kLz4Raw: return "lz4_raw";
    case CompressionType::kLz4Frame: return "lz4_frame";
    case CompressionType::kLz4Hadoop: return "lz4_hadoop";
    case CompressionType::kBrotli: return "brotli";
  }
  return "unknown";
}

std::optional<CompressionType> parse_compression(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "none") return CompressionType::kUncompressed;
  if (lower == "lz4") return CompressionType::kLz4Frame;
  for (auto type : {CompressionType::kUncompressed, CompressionType::kSnappy, CompressionType::kGzip,
                    CompressionType::kZstd, CompressionType::kLz4Raw, CompressionType::kLz4Frame,
                    CompressionType::kLz4Hadoop, CompressionType::kBrotli}) {
    if (lower == compression_name(type)) return type;
  }
  return std::nullopt;
}

CompressionLevels compression_levels(CompressionType type) {
  switch (type) {
    case CompressionType::kGzip: return {true, 0, 12, 6};
    case CompressionType::kZstd: return {true, ZSTD_minCLevel(), ZSTD_maxCLevel(), 1};
    case CompressionType::kLz4Raw:
    case CompressionType::kLz4Frame: return {true, 1, LZ4HC_CLEVEL_MAX, 1};
    case CompressionType::kBrotli: return {true, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY, 8};
    default: return {};
  }
}

std::unique_ptr<Codec> Codec::make(CompressionType type, std::optional<int> level) {
  CompressionLevels levels = compression_levels(type);
  if (level && !levels.supported) {
    throw InvalidArgument(fmt::format("{} takes no compression level (got {})", compression_name(type), *level));
  }
  int chosen = level.value_or(levels.default_level);
  if (levels.supported && (chosen < levels.minimum || chosen > levels.maximum)) {
    throw InvalidArgument(fmt::format("{} compression level {} is outside [{}, {}]", compression_name(type), chosen,
                                      levels.minimum, levels.maximum));
  }
  switch (type) {
    case CompressionType::kUncompressed: return std::make_unique<UncompressedCodec>();
    case CompressionType::kSnappy: return std::make_unique<SnappyCodec>();
    case CompressionType::kGzip: return std::make_unique<GzipCodec>(chosen);
    case CompressionType::kZstd: return std::make_unique<ZstdCodec>(chosen);
    case CompressionType::kLz4Raw: return std::make_unique<Lz4RawCodec>(chosen);
    case CompressionType::kLz4Frame: return std::make_unique<Lz4FrameCodec>(chosen);
    case CompressionType::kLz4Hadoop: return std::make_unique<Lz4HadoopCodec>();
    case CompressionType::kBrotli: return std::make_unique<BrotliCodec>(chosen);
  }
  throw InvalidArgument(fmt::format("unknown compression type {}", static_cast<int>(type)));
}

std::vector<uint8_t> Codec::compress(std::span<const uint8_t> input) {
  std::vector<uint8_t> out(static_cast<size_t>(max_compressed_length(static_cast<int64_t>(input.size()))));
  int64_t n = compress(input, std::span<uint8_t>(out));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::vector<uint8_t> Codec::decompress(std::span<const uint8_t> input, int64_t expected_size) {
  if (expected_size < 0) throw InvalidArgument(fmt::format("{}: negative expected size {}", name(), expected_size));
  std::vector<uint8_t> out(static_cast<size_t>(expected_size));
  decompress(input, std::span<uint8_t>(out));
  return out;
}

void Codec::fail(std::string_view why) const {
  throw FormatError(std::string(), std::nullopt, fmt::format("{}: {}", name(), why));
}

}  // namespace strata::io
