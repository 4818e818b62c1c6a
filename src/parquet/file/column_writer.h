// The column writer (internal): one column's values for one row group → the pages of a column chunk, with
// statistics per page and per chunk and the chunk's page index. Flat columns only (max repetition level 0,
// definition level 0 or 1). Works into a memory buffer so columns can be encoded in parallel and appended in
// schema order; offsets it records are relative to that buffer.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "strata/columnar/chunked_array.h"
#include "strata/io/compression.h"
#include "strata/parquet/metadata/format.h"
#include "strata/parquet/schema.h"

namespace strata::parquet::internal {

struct ColumnWriteOptions {
  io::CompressionType compression = io::CompressionType::kSnappy;
  std::optional<int> compression_level;
  bool dictionary = true;
  int64_t dictionary_pagesize_limit = 1 << 20;
  std::optional<format::Encoding> encoding;  // for non-dictionary pages; PLAIN when unset
  int64_t data_page_size = 1 << 20;
  int64_t data_page_row_limit = 20000;       // as parquet-cpp: small pages make the page index useful
  int data_page_version = 1;
  bool statistics = true;
};

struct WrittenChunk {
  format::ColumnMetaData meta;     // page offsets relative to `bytes`
  format::ColumnIndex column_index;
  format::OffsetIndex offset_index;  // page offsets relative to `bytes`
  bool has_column_index = false;
  std::vector<uint8_t> bytes;
};

// `values` is taken so that it can be released as soon as its values are copied (fixed-width columns),
// before the pages are encoded and compressed: the streaming writer's peak memory.
WrittenChunk write_column_chunk(columnar::ChunkedArray values, const ColumnDescriptor& column,
                                const ColumnWriteOptions& options);

}  // namespace strata::parquet::internal
