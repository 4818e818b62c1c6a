// The Parquet writer: columnar tables or record batches in, a Parquet file out, with the options pyarrow names
// (`pyarrow.parquet.write_table` / `ParquetWriter`).
//
//   strata::parquet::WriterOptions o;
//   o.compression = io::CompressionType::kSnappy;
//   o.row_group_size = 50'000;
//   strata::parquet::write_table(table, "transactions.parquet", o);
//
//   strata::parquet::FileWriter w("out.parquet", schema, o);   // streaming: about one row group buffered
//   for (const auto& batch : batches) w.write(batch);
//   w.close();                                                 // footer, page index, rename into place
//
// Every column chunk gets statistics (min, max, null count) and every page gets them in its header and in
// the page index (ColumnIndex, OffsetIndex), which readers use to skip row groups and pages. The Arrow
// schema is stored under "ARROW:schema" so dictionary columns, time zones and large types read back exactly.
// The file appears only on close(): it is written under a temporary name and renamed into place; a writer
// destroyed without close() leaves any previous file untouched (fsynced too with `sync`). Output bytes never depend on `threads`.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/table.h"
#include "strata/io/compression.h"
#include "strata/parquet/metadata/format.h"

namespace strata::parquet {

struct WriterOptions {
  io::CompressionType compression = io::CompressionType::kSnappy;
  std::optional<int> compression_level;
  std::map<std::string, io::CompressionType> column_compression;  // per column, overriding `compression`
  int64_t row_group_size = 1 << 20;        // rows per row group
  int64_t data_page_size = 1 << 20;        // target bytes of encoded values per page
  bool use_dictionary = true;              // dictionary-encode columns (falls back to PLAIN past the limit)
  std::vector<std::string> dictionary_columns;  // when non-empty, only these columns use a dictionary
  int64_t dictionary_pagesize_limit = 1 << 20;  // bytes of dictionary before falling back to PLAIN
  std::map<std::string, format::Encoding> column_encoding;  // non-dictionary encoding per column
  bool write_statistics = true;
  bool write_page_index = true;
  int data_page_version = 1;               // 1 or 2
  columnar::KeyValueMetadata key_value_metadata;
  bool store_schema = true;                // write ARROW:schema
  int threads = 0;                         // encode columns in parallel (0 = hardware concurrency)
  // The file replaces any old one atomically (rename) either way; `sync` also fsyncs it on close, so it
  // survives a power loss (slower: waits for the disk).
  bool sync = false;
};

namespace internal {
class FileWriterState;
}

class FileWriter {
 public:
  // Open `path` for writing (a temporary name until close()). Throws IoError, NotImplemented (nested types).
  FileWriter(const std::filesystem::path& path, columnar::SchemaPtr schema, WriterOptions options = {});
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void write(const columnar::RecordBatch& batch);
  void write(const columnar::Table& table);
  // Flush the last row group, write the page index and the footer, and rename the file into place.
  void close();

  // Rows buffered for the next row group and their in-memory size (for the streaming memory bound).
  int64_t buffered_rows() const;

 private:
  std::unique_ptr<internal::FileWriterState> state_;
};

void write_table(const columnar::Table& table, const std::filesystem::path& path, const WriterOptions& options = {});

}  // namespace strata::parquet
