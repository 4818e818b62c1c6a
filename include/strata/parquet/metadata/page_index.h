// Reading a column chunk's page index (parquet-format PageIndex.md): the OffsetIndex (where each data page
// starts, its size including the header, its first row) and the ColumnIndex (per-page null_pages, min/max and
// null counts), each a thrift compact struct stored at the offset and length the ColumnChunk gives, usually
// after the last row group and before the footer:
//
//   ... row groups ... | ColumnIndex of chunk 0, 1, ... | OffsetIndex of chunk 0, 1, ... | FileMetaData | len | PAR1
//
// Both functions return nullopt when the chunk has no such index, and check what readers rely on before they
// skip pages: the struct fills its stated length exactly, page locations are in increasing offset and row
// order inside the column chunk, the first page holds row 0, the ColumnIndex lists one entry per page. Violations
// are FormatErrors naming the file, the index's offset and the page.
//
// Thread-safety: plain functions; `input` must allow concurrent const reads.
#pragma once

#include <optional>

#include "strata/io/file.h"
#include "strata/parquet/metadata/format.h"

namespace strata::parquet {

std::optional<format::OffsetIndex> read_offset_index(const io::RandomAccessInput& input,
                                                     const format::ColumnChunk& chunk);

// `pages` is the number of pages of the chunk's OffsetIndex (the ColumnIndex must list as many), or -1 if unknown.
std::optional<format::ColumnIndex> read_column_index(const io::RandomAccessInput& input,
                                                     const format::ColumnChunk& chunk, int64_t pages = -1);

}  // namespace strata::parquet
