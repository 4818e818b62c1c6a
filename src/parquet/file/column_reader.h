// The column reader (internal): the pages of one flat column chunk → a columnar array, for all rows or only
// for the rows in given ranges (pages outside them are skipped without being decompressed).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/parquet/metadata/format.h"
#include "strata/parquet/schema.h"

namespace strata::parquet::internal {

// Sorted, disjoint [begin, end) row ranges within a row group.
using RowRanges = std::vector<std::pair<int64_t, int64_t>>;

struct ColumnChunkInput {
  std::span<const uint8_t> bytes;  // the chunk's bytes
  int64_t offset = 0;              // where they start in the file
  const format::ColumnMetaData* meta = nullptr;
  const format::OffsetIndex* offset_index = nullptr;  // optional
  std::string file;
  int row_group = 0;
  int64_t row_group_rows = 0;
  // Files from parquet-cpp before Arrow 3.0 mark compressed v2 pages as uncompressed (ARROW-10353,
  // ARROW-17100): decompress v2 values whenever the column has a codec.
  bool v2_pages_always_compressed = false;
};

struct ColumnReadResult {
  columnar::Array array;
  int64_t pages = 0;
  int64_t pages_read = 0;
};

// Decode a flat column (max repetition level 0, max definition level 0 or 1) into an array of `type` (the
// Arrow type from the file schema, possibly refined by ARROW:schema). With `ranges`, only those rows, in order.
ColumnReadResult read_flat_column(const ColumnChunkInput& input, const ColumnDescriptor& column,
                                  const columnar::DataTypePtr& type, const RowRanges* ranges);

// One leaf of a nested field: its definition and repetition levels (one entry per level, zeros when the
// column has no such levels) and its values, one slot for every level whose definition level reaches the
// slot level (the definition level of the leaf's innermost repeated ancestor, or 0), valid when the
// definition level is the column's maximum.
struct LeafColumn {
  std::vector<int16_t> def;
  std::vector<int16_t> rep;
  columnar::Array values;
};

struct NestedLeafResult {
  LeafColumn leaf;
  int64_t pages = 0;
};

// Decode every page of a leaf column of a nested field (any levels; v1 and v2 pages) into a LeafColumn whose
// values are of `type`, one slot per level with definition level >= `slot_level`.
NestedLeafResult read_nested_leaf(const ColumnChunkInput& input, const ColumnDescriptor& column,
                                  const columnar::DataTypePtr& type, int16_t slot_level);

}  // namespace strata::parquet::internal
