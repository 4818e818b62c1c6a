#include "page.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "snappy_decode.h"
#include "strata/core/error.h"
#include "strata/parquet/metadata/format_io.h"

namespace strata::parquet::internal {

namespace f = format;

namespace {
// A page larger than this is not believed (parquet-cpp's default limit for a decompressed page is 2 GiB).
constexpr int64_t kMaxPageSize = int64_t{1} << 31;
}  // namespace

io::CompressionType codec_for(f::CompressionCodec codec) {
  switch (codec) {
    case f::CompressionCodec::kUncompressed: return io::CompressionType::kUncompressed;
    case f::CompressionCodec::kSnappy: return io::CompressionType::kSnappy;
    case f::CompressionCodec::kGzip: return io::CompressionType::kGzip;
    case f::CompressionCodec::kBrotli: return io::CompressionType::kBrotli;
    case f::CompressionCodec::kLz4: return io::CompressionType::kLz4Hadoop;
    case f::CompressionCodec::kZstd: return io::CompressionType::kZstd;
    case f::CompressionCodec::kLz4Raw: return io::CompressionType::kLz4Raw;
    case f::CompressionCodec::kLzo: raise<NotImplemented>("LZO-compressed Parquet pages");
  }
  raise<FormatError>("unknown Parquet compression codec {}", static_cast<int>(codec));
}

f::CompressionCodec parquet_codec(io::CompressionType type) {
  switch (type) {
    case io::CompressionType::kUncompressed: return f::CompressionCodec::kUncompressed;
    case io::CompressionType::kSnappy: return f::CompressionCodec::kSnappy;
    case io::CompressionType::kGzip: return f::CompressionCodec::kGzip;
    case io::CompressionType::kBrotli: return f::CompressionCodec::kBrotli;
    case io::CompressionType::kZstd: return f::CompressionCodec::kZstd;
    case io::CompressionType::kLz4Raw: return f::CompressionCodec::kLz4Raw;
    case io::CompressionType::kLz4Hadoop: return f::CompressionCodec::kLz4;
    case io::CompressionType::kLz4Frame:
      raise<InvalidArgument>("Parquet has no LZ4 frame codec; use lz4_raw (or lz4, which Strata writes as lz4_raw)");
  }
  return f::CompressionCodec::kUncompressed;
}

bool writer_marks_v2_pages_uncompressed(const std::optional<std::string>& created_by) {
  if (!created_by) return false;
  const std::string& s = *created_by;
  if (s.rfind("parquet-cpp version ", 0) == 0) return true;  // standalone parquet-cpp (1.x)
  constexpr std::string_view kArrow = "parquet-cpp-arrow version ";
  if (s.rfind(kArrow, 0) == 0) {
    const int major = std::atoi(s.c_str() + kArrow.size());
    return major > 0 && major < 3;
  }
  return false;
}

PageReader::PageReader(std::span<const uint8_t> chunk, int64_t chunk_offset, f::CompressionCodec codec, std::string file,
                       std::string column, bool v2_pages_always_compressed)
    : chunk_(chunk), chunk_offset_(chunk_offset), codec_type_(codec), file_(std::move(file)), column_(std::move(column)),
      v2_pages_always_compressed_(v2_pages_always_compressed) {
  const io::CompressionType type = codec_for(codec);
  if (type != io::CompressionType::kUncompressed) codec_ = io::Codec::make(type);
}

void PageReader::fail(int64_t offset, const std::string& why) const {
  throw FormatError(file_, offset, fmt::format("column \"{}\": {}", column_, why));
}

void PageReader::seek(int64_t offset) {
  const int64_t relative = offset - chunk_offset_;
  if (relative < 0 || relative > static_cast<int64_t>(chunk_.size())) {
    fail(offset, "page offset outside its column chunk");
  }
  position_ = relative;
}

void PageReader::decompress(std::span<const uint8_t> in, int64_t size, Page* page, std::span<const uint8_t>* out,
                            int64_t offset) {
  if (!codec_) {
    if (static_cast<int64_t>(in.size()) != size) {
      fail(offset, fmt::format("uncompressed page holds {} bytes but its header says {}", in.size(), size));
    }
    *out = in;
    return;
  }
  const size_t needed = static_cast<size_t>(size) + kSnappySlack;
  if (page->storage_capacity < needed) {
    page->storage = std::make_unique_for_overwrite<uint8_t[]>(needed);
    page->storage_capacity = needed;
  }
  const std::span<uint8_t> target(page->storage.get(), static_cast<size_t>(size));
  if (codec_type_ == f::CompressionCodec::kSnappy) {
    // Our own decoder (snappy_decode.h): same results, faster on the short copies of integer pages.
    const std::string why = snappy_decompress(in, {page->storage.get(), needed}, static_cast<size_t>(size));
    if (!why.empty()) fail(offset, fmt::format("snappy: {}", why));
    *out = target;
    return;
  }
  try {
    codec_->decompress(in, target);
  } catch (const FormatError& e) {
    fail(offset, e.what());
  }
  *out = target;
}

bool PageReader::next(Page* page) {
  for (;;) {
    const int64_t remaining = static_cast<int64_t>(chunk_.size()) - position_;
    if (remaining <= 0) return false;
    const int64_t offset = chunk_offset_ + position_;
    int64_t header_size = 0;
    try {
      page->header = f::deserialize<f::PageHeader>(chunk_.subspan(static_cast<size_t>(position_)), file_, offset, &header_size);
    } catch (const FormatError& e) {
      throw FormatError(fmt::format("column \"{}\": page header: {}", column_, e.what()));
    }
    const f::PageHeader& h = page->header;
    page->offset = offset;
    if (h.compressed_page_size < 0 || h.compressed_page_size > remaining - header_size) {
      fail(offset, fmt::format("page of {} bytes runs past its column chunk ({} bytes left)", h.compressed_page_size,
                               remaining - header_size));
    }
    // A compressed page expands by a bounded ratio, so a small page claiming a huge size is corrupt (and must
    // not allocate: fuzzing found 4 KB pages claiming 1 GiB).
    const int64_t expand_limit = (int64_t{h.compressed_page_size} << 16) + (int64_t{1} << 20);
    if (h.uncompressed_page_size < 0 || h.uncompressed_page_size > kMaxPageSize ||
        h.uncompressed_page_size > expand_limit) {
      fail(offset, fmt::format("impossible uncompressed page size {} for {} compressed bytes", h.uncompressed_page_size,
                               h.compressed_page_size));
    }
    std::span<const uint8_t> raw = chunk_.subspan(static_cast<size_t>(position_ + header_size),
                                                  static_cast<size_t>(h.compressed_page_size));
    position_ += header_size + h.compressed_page_size;
    page->rep_levels = {};
    page->def_levels = {};
    switch (h.type) {
      case f::PageType::kDictionaryPage:
        if (!h.dictionary_page_header) fail(offset, "dictionary page without a dictionary_page_header");
        if (h.dictionary_page_header->num_values < 0) fail(offset, "dictionary page with a negative value count");
        decompress(raw, h.uncompressed_page_size, page, &page->body, offset);
        return true;
      case f::PageType::kDataPage:
        if (!h.data_page_header) fail(offset, "data page without a data_page_header");
        if (h.data_page_header->num_values < 0) fail(offset, "data page with a negative value count");
        decompress(raw, h.uncompressed_page_size, page, &page->body, offset);
        return true;
      case f::PageType::kDataPageV2: {
        if (!h.data_page_header_v2) fail(offset, "data page v2 without a data_page_header_v2");
        const auto& v2 = *h.data_page_header_v2;
        const int64_t levels = int64_t{v2.repetition_levels_byte_length} + v2.definition_levels_byte_length;
        if (v2.repetition_levels_byte_length < 0 || v2.definition_levels_byte_length < 0 ||
            levels > h.compressed_page_size || levels > h.uncompressed_page_size) {
          fail(offset, fmt::format("data page v2 levels of {} + {} bytes do not fit its {} bytes",
                                   v2.repetition_levels_byte_length, v2.definition_levels_byte_length,
                                   h.compressed_page_size));
        }
        if (v2.num_values < 0 || v2.num_nulls < 0 || v2.num_rows < 0 || v2.num_nulls > v2.num_values) {
          fail(offset, "data page v2 with impossible value, null or row counts");
        }
        page->rep_levels = raw.subspan(0, static_cast<size_t>(v2.repetition_levels_byte_length));
        page->def_levels = raw.subspan(static_cast<size_t>(v2.repetition_levels_byte_length),
                                       static_cast<size_t>(v2.definition_levels_byte_length));
        std::span<const uint8_t> values = raw.subspan(static_cast<size_t>(levels));
        const int64_t values_size = h.uncompressed_page_size - levels;
        if ((v2.is_compressed.value_or(true) || v2_pages_always_compressed_) && codec_) {
          decompress(values, values_size, page, &page->body, offset);
        } else {
          // Uncompressed values are the page's remaining bytes. Some writers (ARROW-17100) put a wrong
          // uncompressed_page_size in the header; the bytes are what the decoders check, as parquet-cpp does.
          page->body = values;
        }
        return true;
      }
      default:
        continue;  // index pages and unknown page types carry nothing a reader needs
    }
  }
}

// ------------------------------------------------------------------------------------------------- writing

PageWriter::PageWriter(io::OutputStream& out, io::CompressionType compression, std::optional<int> level) : out_(out) {
  if (compression != io::CompressionType::kUncompressed) codec_ = io::Codec::make(compression, level);
}

std::span<const uint8_t> PageWriter::compress(std::span<const uint8_t> in) {
  if (!codec_) {
    drop_ = nullptr;  // the page body is `in` itself: nothing to drop
    return in;
  }
  scratch_.resize(static_cast<size_t>(codec_->max_compressed_length(static_cast<int64_t>(in.size()))));
  const int64_t n = codec_->compress(in, scratch_);
  if (drop_ != nullptr && drop_->data() == in.data()) std::vector<uint8_t>().swap(*drop_);
  drop_ = nullptr;
  return {scratch_.data(), static_cast<size_t>(n)};
}

void PageWriter::note_encoding(f::PageType type, f::Encoding encoding) {
  if (std::find(encodings.begin(), encodings.end(), encoding) == encodings.end()) encodings.push_back(encoding);
  for (auto& s : encoding_stats) {
    if (s.page_type == type && s.encoding == encoding) {
      ++s.count;
      return;
    }
  }
  encoding_stats.push_back({type, encoding, 1});
}

void PageWriter::emit(const f::PageHeader& header, std::span<const uint8_t> prefix, std::span<const uint8_t> body) {
  const std::vector<uint8_t> bytes = f::serialize(header);
  out_.write(bytes);
  if (!prefix.empty()) out_.write(prefix);
  out_.write(body);
  total_uncompressed_size += static_cast<int64_t>(bytes.size()) + header.uncompressed_page_size;
  total_compressed_size += static_cast<int64_t>(bytes.size()) + header.compressed_page_size;
}

void PageWriter::write_dictionary_page(std::span<const uint8_t> values, int32_t num_values) {
  dictionary_page_offset = out_.tell();
  std::span<const uint8_t> body = compress(values);
  f::PageHeader h;
  h.type = f::PageType::kDictionaryPage;
  h.uncompressed_page_size = static_cast<int32_t>(values.size());
  h.compressed_page_size = static_cast<int32_t>(body.size());
  h.dictionary_page_header = f::DictionaryPageHeader{num_values, f::Encoding::kPlain, std::nullopt};
  note_encoding(f::PageType::kDictionaryPage, f::Encoding::kPlain);
  emit(h, {}, body);
}

void PageWriter::write_data_page_v1(std::span<const uint8_t> levels, std::span<const uint8_t> values, int32_t num_values,
                                    f::Encoding encoding, const std::optional<f::Statistics>& statistics,
                                    int64_t first_row, int32_t num_rows) {
  (void)num_rows;
  const int64_t offset = out_.tell();
  if (data_page_offset < 0) data_page_offset = offset;
  std::span<const uint8_t> uncompressed = values;
  if (!levels.empty()) {
    joined_.assign(levels.begin(), levels.end());
    joined_.insert(joined_.end(), values.begin(), values.end());
    uncompressed = joined_;
  }
  std::span<const uint8_t> body = compress(uncompressed);
  f::PageHeader h;
  h.type = f::PageType::kDataPage;
  h.uncompressed_page_size = static_cast<int32_t>(uncompressed.size());
  h.compressed_page_size = static_cast<int32_t>(body.size());
  f::DataPageHeader d;
  d.num_values = num_values;
  d.encoding = encoding;
  d.definition_level_encoding = f::Encoding::kRle;
  d.repetition_level_encoding = f::Encoding::kRle;
  d.statistics = statistics;
  h.data_page_header = d;
  note_encoding(f::PageType::kDataPage, encoding);
  const int64_t before = total_compressed_size;
  emit(h, {}, body);
  page_locations.push_back({offset, static_cast<int32_t>(total_compressed_size - before), first_row});
}

void PageWriter::write_data_page_v2(std::span<const uint8_t> rep_levels, std::span<const uint8_t> def_levels,
                                    std::span<const uint8_t> values, int32_t num_values, int32_t num_nulls,
                                    int32_t num_rows, f::Encoding encoding,
                                    const std::optional<f::Statistics>& statistics, int64_t first_row) {
  const int64_t offset = out_.tell();
  if (data_page_offset < 0) data_page_offset = offset;
  std::span<const uint8_t> body = compress(values);
  f::PageHeader h;
  h.type = f::PageType::kDataPageV2;
  const int32_t levels = static_cast<int32_t>(rep_levels.size() + def_levels.size());
  h.uncompressed_page_size = levels + static_cast<int32_t>(values.size());
  h.compressed_page_size = levels + static_cast<int32_t>(body.size());
  f::DataPageHeaderV2 d;
  d.num_values = num_values;
  d.num_nulls = num_nulls;
  d.num_rows = num_rows;
  d.encoding = encoding;
  d.definition_levels_byte_length = static_cast<int32_t>(def_levels.size());
  d.repetition_levels_byte_length = static_cast<int32_t>(rep_levels.size());
  if (!codec_) d.is_compressed = false;
  d.statistics = statistics;
  h.data_page_header_v2 = d;
  note_encoding(f::PageType::kDataPageV2, encoding);
  std::vector<uint8_t> level_bytes(rep_levels.begin(), rep_levels.end());
  level_bytes.insert(level_bytes.end(), def_levels.begin(), def_levels.end());
  const int64_t before = total_compressed_size;
  emit(h, level_bytes, body);
  page_locations.push_back({offset, static_cast<int32_t>(total_compressed_size - before), first_row});
}

}  // namespace strata::parquet::internal
