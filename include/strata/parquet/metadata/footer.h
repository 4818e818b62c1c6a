// The tail of a Parquet file (parquet-format README, "File Format"; "Metadata"):
//
//   offset 0            "PAR1"                               4 bytes
//   ...                 column chunks, page index, bloom filters
//   size - 8 - L        FileMetaData, thrift compact         L bytes
//   size - 8            L, u32 little-endian                 4 bytes
//   size - 4            "PAR1"                               4 bytes
//
// A file whose tail magic is "PARE" has an encrypted footer (parquet-format Encryption.md); reading it needs keys,
// which Strata does not support: NotImplemented. Everything else that does not fit the layout — too short, wrong
// magic, a length pointing before the head magic, metadata that does not decode, a schema tree whose num_children
// do not add up, a row group with the wrong number of column chunks, negative counts — is a FormatError with the
// file and the byte offset.
//
// Example (the files to open next: format.h for the structures, format_io.h for their encoding):
//
//   strata::io::MemoryMappedFile file("sales.parquet");
//   strata::parquet::Footer footer = strata::parquet::read_footer(file);
//   int64_t rows = 0;
//   for (const auto& row_group : footer.metadata.row_groups) rows += row_group.num_rows;
//   const auto& first = *footer.metadata.row_groups.at(0).columns.at(0).meta_data;
//   fmt::print("{} rows; first column {} in {}\n", rows, first.path_in_schema.at(0), format::to_string(first.codec));
//
// Thread-safety: plain functions; `input` must allow concurrent const reads (every RandomAccessInput does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "strata/io/file.h"
#include "strata/io/output_stream.h"
#include "strata/parquet/metadata/format.h"

namespace strata::parquet {

inline constexpr std::string_view kParquetMagic = "PAR1";
inline constexpr std::string_view kEncryptedFooterMagic = "PARE";
// Head magic + footer length + tail magic.
inline constexpr int64_t kMinimumFileSize = 12;
// Bytes read from the end in one go: most footers fit, so a footer costs one read.
inline constexpr int64_t kFooterSpeculativeRead = 64 * 1024;

struct Footer {
  format::FileMetaData metadata;
  int64_t metadata_offset = 0;  // absolute offset of the FileMetaData bytes
  int64_t metadata_length = 0;
};

// Read, decode and validate the footer of `input`.
Footer read_footer(const io::RandomAccessInput& input);

// Check the structure other code relies on: a non-empty schema whose num_children form one tree covering every
// element, leaves with a physical type, row groups with one column chunk per leaf and non-negative row counts.
// `file` and `offset` (of the metadata) go into the FormatError.
void validate_file_metadata(const format::FileMetaData& metadata, const std::string& file, int64_t offset);

// Number of leaf columns in the schema. REQUIRES: validate_file_metadata passed.
int64_t leaf_column_count(const format::FileMetaData& metadata);

// Append FileMetaData, its length and the tail magic to `out`; returns the metadata's encoded length.
int64_t write_footer(io::OutputStream& out, const format::FileMetaData& metadata);

}  // namespace strata::parquet
