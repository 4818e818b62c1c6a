// Page index reading and validation; see page_index.h.
#include "strata/parquet/metadata/page_index.h"

#include "strata/core/error.h"
#include "strata/parquet/metadata/format_io.h"

namespace strata::parquet {

namespace {

// Read the `length` bytes at `offset` and decode a T that must fill them exactly.
template <typename T>
T read_index(const io::RandomAccessInput& input, int64_t offset, int64_t length, const char* what) {
  if (offset < 0 || length <= 0) {
    throw FormatError(input.name(), offset, fmt::format("{} has offset {} and length {}", what, offset, length));
  }
  std::vector<uint8_t> bytes = input.read_at(offset, length);
  int64_t consumed = 0;
  T index = format::deserialize<T>(bytes, input.name(), offset, &consumed);
  if (consumed != length) {
    throw FormatError(input.name(), offset,
                      fmt::format("{} ends after {} of its {} bytes", what, consumed, length));
  }
  return index;
}

}  // namespace

std::optional<format::OffsetIndex> read_offset_index(const io::RandomAccessInput& input,
                                                     const format::ColumnChunk& chunk) {
  if (!chunk.offset_index_offset || !chunk.offset_index_length) return std::nullopt;
  const int64_t at = *chunk.offset_index_offset;
  auto index = read_index<format::OffsetIndex>(input, at, *chunk.offset_index_length, "OffsetIndex");
  const auto& pages = index.page_locations;
  if (chunk.meta_data) {
    const auto& md = *chunk.meta_data;
    int64_t chunk_start = md.dictionary_page_offset && *md.dictionary_page_offset > 0
                              ? std::min(*md.dictionary_page_offset, md.data_page_offset)
                              : md.data_page_offset;
    int64_t chunk_end = chunk_start + md.total_compressed_size;
    for (size_t i = 0; i < pages.size(); ++i) {
      const auto& page = pages[i];
      if (page.offset < chunk_start || page.compressed_page_size <= 0 ||
          page.offset + page.compressed_page_size > chunk_end) {
        throw FormatError(input.name(), at,
                          fmt::format("OffsetIndex page {} at byte {} (+{}) lies outside its column chunk [{}, {})", i,
                                      page.offset, page.compressed_page_size, chunk_start, chunk_end));
      }
    }
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i == 0 && pages[i].first_row_index != 0) {
      throw FormatError(input.name(), at,
                        fmt::format("OffsetIndex page 0 starts at row {}, not 0", pages[i].first_row_index));
    }
    if (i > 0 && (pages[i].offset < pages[i - 1].offset + pages[i - 1].compressed_page_size ||
                  pages[i].first_row_index <= pages[i - 1].first_row_index)) {
      throw FormatError(input.name(), at,
                        fmt::format("OffsetIndex page {} (byte {}, row {}) does not follow page {} (byte {} +{}, row {})",
                                    i, pages[i].offset, pages[i].first_row_index, i - 1, pages[i - 1].offset,
                                    pages[i - 1].compressed_page_size, pages[i - 1].first_row_index));
    }
  }
  if (index.unencoded_byte_array_data_bytes && index.unencoded_byte_array_data_bytes->size() != pages.size()) {
    throw FormatError(input.name(), at,
                      fmt::format("OffsetIndex has {} unencoded_byte_array_data_bytes for {} pages",
                                  index.unencoded_byte_array_data_bytes->size(), pages.size()));
  }
  return index;
}

std::optional<format::ColumnIndex> read_column_index(const io::RandomAccessInput& input,
                                                     const format::ColumnChunk& chunk, int64_t pages) {
  if (!chunk.column_index_offset || !chunk.column_index_length) return std::nullopt;
  const int64_t at = *chunk.column_index_offset;
  auto index = read_index<format::ColumnIndex>(input, at, *chunk.column_index_length, "ColumnIndex");
  const size_t n = index.null_pages.size();
  auto check = [&](const char* list, size_t size) {
    if (size != n) {
      throw FormatError(input.name(), at,
                        fmt::format("ColumnIndex has {} {} for {} null_pages", size, list, n));
    }
  };
  check("min_values", index.min_values.size());
  check("max_values", index.max_values.size());
  if (index.null_counts) check("null_counts", index.null_counts->size());
  if (index.nan_counts) check("nan_counts", index.nan_counts->size());
  if (pages >= 0 && static_cast<int64_t>(n) != pages) {
    throw FormatError(input.name(), at,
                      fmt::format("ColumnIndex lists {} pages, the OffsetIndex {}", n, pages));
  }
  return index;
}

}  // namespace strata::parquet
