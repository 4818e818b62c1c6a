// Pages (internal): reading the pages of a column chunk and writing them (parquet-format README "Data Pages",
// "Column chunks"; parquet.thrift PageHeader). A page is a thrift-compact PageHeader followed by
// compressed_page_size bytes:
//   DATA_PAGE (v1):   compress([u32 len][rep levels, RLE]? [u32 len][def levels, RLE]? values)
//   DATA_PAGE_V2:     [rep levels, RLE][def levels, RLE] (never compressed) compress(values) (unless
//                     is_compressed = false)
//   DICTIONARY_PAGE:  compress(PLAIN values)
// The reader checks every size against the chunk's bytes and a sane bound before allocating, and names the
// column, the page's byte offset and the reason in its FormatError.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "strata/io/compression.h"
#include "strata/io/output_stream.h"
#include "strata/parquet/metadata/format.h"

namespace strata::parquet::internal {

// The io codec for a Parquet codec. Throws NotImplemented for LZO.
io::CompressionType codec_for(format::CompressionCodec codec);
format::CompressionCodec parquet_codec(io::CompressionType type);

struct Page {
  format::PageHeader header;
  int64_t offset = 0;  // of the page header in the file
  // DATA_PAGE: the whole uncompressed body (levels with their length prefixes, then values).
  // DATA_PAGE_V2: the uncompressed values; the levels are in rep_levels / def_levels.
  // DICTIONARY_PAGE: the PLAIN values.
  std::span<const uint8_t> body;
  std::span<const uint8_t> rep_levels;  // v2 only
  std::span<const uint8_t> def_levels;  // v2 only
  // Holds decompressed bytes when `body` is not a view of the chunk. Not zero-filled: a corrupt page that
  // claims a large size costs no page faults before its decompression fails.
  std::unique_ptr<uint8_t[]> storage;
  size_t storage_capacity = 0;
};

class PageReader {
 public:
  // `chunk` holds the column chunk's bytes, which start at `chunk_offset` in `file`.
  PageReader(std::span<const uint8_t> chunk, int64_t chunk_offset, format::CompressionCodec codec, std::string file,
             std::string column, bool v2_pages_always_compressed = false);

  // The next page (skipping index pages and pages of unknown types), or false at the end of the chunk.
  bool next(Page* page);
  // Skip to the page starting at `offset` (from an OffsetIndex). Throws FormatError if outside the chunk.
  void seek(int64_t offset);

  [[noreturn]] void fail(int64_t offset, const std::string& why) const;
  const std::string& file() const { return file_; }
  const std::string& column() const { return column_; }

 private:
  void decompress(std::span<const uint8_t> in, int64_t size, Page* page, std::span<const uint8_t>* out, int64_t offset);

  std::span<const uint8_t> chunk_;
  int64_t chunk_offset_;
  int64_t position_ = 0;
  format::CompressionCodec codec_type_;
  std::unique_ptr<io::Codec> codec_;
  std::string file_;
  std::string column_;
  bool v2_pages_always_compressed_ = false;
};

// Whether a writer (FileMetaData.created_by) is parquet-cpp older than Arrow 3.0, whose v2 pages claim to be
// uncompressed when they are not.
bool writer_marks_v2_pages_uncompressed(const std::optional<std::string>& created_by);

// Writes the pages of one column chunk to a stream and keeps what ColumnMetaData and the page index need.
class PageWriter {
 public:
  PageWriter(io::OutputStream& out, io::CompressionType compression, std::optional<int> level);

  // PLAIN-encoded dictionary values.
  void write_dictionary_page(std::span<const uint8_t> values, int32_t num_values);
  // `levels` holds the v1 level sections (each with its u32 length prefix) and is written before `values`.
  void write_data_page_v1(std::span<const uint8_t> levels, std::span<const uint8_t> values, int32_t num_values,
                          format::Encoding encoding, const std::optional<format::Statistics>& statistics,
                          int64_t first_row, int32_t num_rows);
  void write_data_page_v2(std::span<const uint8_t> rep_levels, std::span<const uint8_t> def_levels,
                          std::span<const uint8_t> values, int32_t num_values, int32_t num_nulls, int32_t num_rows,
                          format::Encoding encoding, const std::optional<format::Statistics>& statistics,
                          int64_t first_row);

  // Free `values` (the caller's buffer of the next data page's values) as soon as that page is compressed.
  void drop_after_compress(std::vector<uint8_t>* values) { drop_ = values; }

  // What the column chunk's metadata records.
  std::optional<int64_t> dictionary_page_offset;
  int64_t data_page_offset = -1;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::vector<format::Encoding> encodings;
  std::vector<format::PageEncodingStats> encoding_stats;
  std::vector<format::PageLocation> page_locations;

 private:
  std::span<const uint8_t> compress(std::span<const uint8_t> in);
  void emit(const format::PageHeader& header, std::span<const uint8_t> prefix, std::span<const uint8_t> body);
  void note_encoding(format::PageType type, format::Encoding encoding);

  io::OutputStream& out_;
  std::unique_ptr<io::Codec> codec_;
  std::vector<uint8_t> scratch_;
  std::vector<uint8_t> joined_;
  std::vector<uint8_t>* drop_ = nullptr;
};

}  // namespace strata::parquet::internal
