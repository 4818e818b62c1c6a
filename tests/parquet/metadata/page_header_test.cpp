// Page headers of every column chunk in the corpus, and their pages decompressed with io's codecs: checks both
// our PageHeader decoding and our codecs against files written by parquet-mr, parquet-cpp, arrow-rs, Impala,
// DuckDB and others (independent implementations of snappy, gzip, zstd, brotli, lz4 and lz4_raw).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "strata/core/error.h"
#include "strata/io/compression.h"
#include "strata/io/file.h"
#include "strata/parquet/metadata/footer.h"
#include "strata/parquet/metadata/format_io.h"
#include "strata/parquet/metadata/page_index.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;

io::CompressionType codec_of(format::CompressionCodec codec) {
  switch (codec) {
    case format::CompressionCodec::kUncompressed: return io::CompressionType::kUncompressed;
    case format::CompressionCodec::kSnappy: return io::CompressionType::kSnappy;
    case format::CompressionCodec::kGzip: return io::CompressionType::kGzip;
    case format::CompressionCodec::kBrotli: return io::CompressionType::kBrotli;
    case format::CompressionCodec::kLz4: return io::CompressionType::kLz4Hadoop;
    case format::CompressionCodec::kZstd: return io::CompressionType::kZstd;
    case format::CompressionCodec::kLz4Raw: return io::CompressionType::kLz4Raw;
    default: throw NotImplemented("codec " + format::to_string(codec));
  }
}

constexpr int32_t kMaxPageBytes = 64 << 20;

struct Counts {
  std::map<std::string, int> pages_by_codec;
  int pages = 0;
  int skipped_large = 0;
  int offset_indexes = 0;
  int column_indexes = 0;
};

struct PageSeen {
  int64_t offset;  // of the page header
  int64_t size;    // header + compressed body
};

// The page index must describe the data pages the walk found (parquet-format PageIndex.md).
void check_page_index(const io::RandomAccessInput& file, const format::ColumnChunk& chunk,
                      const std::vector<PageSeen>& data_pages, Counts* counts) {
  auto offsets = read_offset_index(file, chunk);
  if (offsets) {
    const auto& index = *offsets;
    ASSERT_EQ(index.page_locations.size(), data_pages.size());
    for (size_t i = 0; i < data_pages.size(); ++i) {
      EXPECT_EQ(index.page_locations[i].offset, data_pages[i].offset);
      EXPECT_EQ(index.page_locations[i].compressed_page_size, data_pages[i].size);
    }
    ++counts->offset_indexes;
    auto column_index = read_column_index(file, chunk, static_cast<int64_t>(index.page_locations.size()));
    if (column_index) {
      const auto& column = *column_index;
      auto cbytes = file.read_at(*chunk.column_index_offset, *chunk.column_index_length);
      for (size_t i = 0; i < column.null_pages.size(); ++i) {
        // parquet-mr 1.13 wrote null_counts of -1 ("unknown") for the checksum test files, so only the
        // min/max convention is checked here.
        if (column.null_pages[i]) {
          EXPECT_TRUE(column.min_values[i].empty());
        }
      }
      EXPECT_TRUE(format::deserialize<format::ColumnIndex>(serialize(column)) == column);
      // Bool list element type: parquet-mr and Apache Thrift write 1, as we do; arrow-rs 52+ writes the
      // specification's 2 (geospatial/*.parquet). Byte identity holds for the former.
      if ((cbytes.at(1) & 0x0f) == 1) {
        EXPECT_EQ(serialize(column), cbytes);
      }
      ++counts->column_indexes;
    }
  }
}

// Walk every page of every column chunk, decode its header and decompress its body.
void check_file(const io::RandomAccessInput& file, Counts* counts) {
  Footer footer = read_footer(file);
  for (const auto& row_group : footer.metadata.row_groups) {
    for (const auto& chunk : row_group.columns) {
      ASSERT_TRUE(chunk.meta_data.has_value());
      const auto& md = *chunk.meta_data;
      int64_t start = md.data_page_offset;
      // Some writers store dictionary_page_offset = 0 for "none" (parquet-mr; dict-page-offset-zero.parquet).
      if (md.dictionary_page_offset && *md.dictionary_page_offset > 0 && *md.dictionary_page_offset < start) {
        start = *md.dictionary_page_offset;
      }
      int64_t end = std::min(start + md.total_compressed_size, footer.metadata_offset);
      auto codec = io::Codec::make(codec_of(md.codec));
      std::vector<uint8_t> chunk_bytes = file.read_at(start, end - start);
      int64_t pos = 0;
      int64_t values = 0;
      std::vector<PageSeen> data_pages;
      while (pos < end - start && values < md.num_values) {
        int64_t page_offset = start + pos;
        int64_t header_length = 0;
        auto header = format::deserialize<format::PageHeader>(
            std::span<const uint8_t>(chunk_bytes).subspan(static_cast<size_t>(pos)), file.name(), start + pos,
            &header_length);
        pos += header_length;
        ASSERT_GE(header.compressed_page_size, 0);
        ASSERT_LE(pos + header.compressed_page_size, end - start) << file.name();
        std::span<const uint8_t> body(chunk_bytes.data() + pos, static_cast<size_t>(header.compressed_page_size));
        pos += header.compressed_page_size;
        if (header.type == format::PageType::kDataPage || header.type == format::PageType::kDataPageV2) {
          data_pages.push_back({page_offset, start + pos - page_offset});
        }
        if (header.uncompressed_page_size > kMaxPageBytes) {
          // large_string_map.brotli.parquet holds a 2 GiB page; decoding it would make this a slow test.
          ++counts->skipped_large;
          if (header.data_page_header) values += header.data_page_header->num_values;
          if (header.data_page_header_v2) values += header.data_page_header_v2->num_values;
          continue;
        }
        std::vector<uint8_t> out(static_cast<size_t>(header.uncompressed_page_size));
        if (header.type == format::PageType::kDataPageV2) {
          ASSERT_TRUE(header.data_page_header_v2.has_value());
          const auto& v2 = *header.data_page_header_v2;
          int64_t levels = int64_t{v2.definition_levels_byte_length} + v2.repetition_levels_byte_length;
          values += v2.num_values;
          if (v2.is_compressed.value_or(true)) {
            codec->decompress(body.subspan(static_cast<size_t>(levels)),
                              std::span<uint8_t>(out).subspan(static_cast<size_t>(levels)));
          }
        } else if (header.type == format::PageType::kDataPage || header.type == format::PageType::kDictionaryPage) {
          if (header.type == format::PageType::kDataPage) {
            ASSERT_TRUE(header.data_page_header.has_value());
            values += header.data_page_header->num_values;
          }
          codec->decompress(body, std::span<uint8_t>(out));
        }
        ++counts->pages;
        ++counts->pages_by_codec[format::to_string(md.codec)];
      }
      EXPECT_EQ(values, md.num_values) << file.name();
      check_page_index(file, chunk, data_pages, counts);
    }
  }
}

std::set<std::string> readable_files() {
  std::set<std::string> out;
  std::ifstream in(strata::testing::shared_dir() / "corpus" / "manifest.tsv");
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() >= 5 && cols[2] == "parquet" && cols[4] == "read") out.insert(cols[0]);
  }
  return out;
}

TEST(PageHeaders, EveryPageOfTheReadableCorpusDecompresses) {
  fs::path corpus = strata::testing::shared_dir() / "corpus";
  if (!fs::exists(corpus / "manifest.tsv")) GTEST_SKIP() << "no corpus at " << corpus;
  Counts counts;
  int files = 0;
  for (const std::string& relative : readable_files()) {
    io::MemoryMappedFile file(corpus / relative);
    SCOPED_TRACE(relative);
    try {
      check_file(file, &counts);
    } catch (const Error& e) {
      ADD_FAILURE() << e.what();
    }
    ++files;
  }
  EXPECT_GE(files, 100);
  std::string summary;
  for (const auto& [codec, n] : counts.pages_by_codec) summary += fmt::format(" {}={}", codec, n);
  std::cout << files << " files, " << counts.pages << " pages:" << summary << "; pages over 64 MiB skipped: "
            << counts.skipped_large << "; offset indexes: " << counts.offset_indexes
            << ", column indexes: " << counts.column_indexes << "\n";
  EXPECT_GT(counts.column_indexes, 0);
  for (const char* codec : {"SNAPPY", "GZIP", "ZSTD", "BROTLI", "LZ4", "LZ4_RAW", "UNCOMPRESSED"}) {
    EXPECT_GT(counts.pages_by_codec[codec], 0) << "no corpus pages for " << codec;
  }
}

}  // namespace
}  // namespace strata::parquet
