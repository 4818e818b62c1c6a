// The Parquet reader: a file's metadata and schema, and its rows as a columnar Table, with column projection
// and filters pushed down (pyarrow.parquet.read_table(columns=..., filters=...)).
//
//   auto reader = strata::parquet::FileReader::open("transactions.parquet");
//   strata::parquet::ReadOptions o;
//   o.columns = {"transaction_id", "amount", "category"};
//   o.filter = strata::parquet::parse_filter("is_fraud = true");
//   columnar::Table fraud = reader.read(o);
//
// Only the byte ranges of the chosen column chunks are touched (the file is memory-mapped). A filter is
// applied in three stages — row groups by statistics, pages by the page index, then the filter columns are
// decoded first and the other columns only for the rows that pass — and the result always equals filtering
// the full table. Column chunks and row groups are decoded in parallel; results never depend on `threads`.
// Every size and offset from the file is checked; bad input raises FormatError naming the file, the column,
// the row group and the byte offset.
//
// Thread-safety: const members may be called from many threads at once.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/table.h"
#include "strata/io/file.h"
#include "strata/parquet/filter.h"
#include "strata/parquet/metadata/footer.h"
#include "strata/parquet/schema.h"

namespace strata::parquet {

struct ReadOptions {
  std::vector<std::string> columns;  // top-level columns, in this order; empty = all
  Filter filter;
  int threads = 0;                   // 0 = hardware concurrency
  bool use_page_index = true;
  std::vector<int> row_groups;       // read only these row groups, in this order; empty = all
};

// What a read skipped, for `strata meta`, tests and the tour.
struct ReadStats {
  int row_groups = 0;
  int row_groups_read = 0;   // not pruned by statistics
  int64_t pages = 0;          // data pages of the chosen columns in the row groups read
  int64_t pages_read = 0;     // decoded
  int64_t rows_scanned = 0;   // rows of filter columns decoded
  int64_t rows_out = 0;
};

class FileReader {
 public:
  // Map `path` and read its footer. Throws IoError or FormatError.
  static FileReader open(const std::filesystem::path& path);
  // Read from any input (a file read with pread, bytes in memory). The reader keeps `input` alive.
  static FileReader open(std::shared_ptr<const io::RandomAccessInput> input);

  FileReader(FileReader&&) noexcept;
  FileReader& operator=(FileReader&&) noexcept;
  ~FileReader();

  const format::FileMetaData& metadata() const;
  const SchemaDescriptor& parquet_schema() const;
  const columnar::SchemaPtr& schema() const;
  int num_row_groups() const;
  int64_t num_rows() const;
  const std::string& path() const;

  columnar::Table read(const ReadOptions& options = {}, ReadStats* stats = nullptr) const;

  // Row group after row group, projected and filtered: memory is bounded by one row group's columns.
  // The reader must outlive the BatchReader.
  class BatchReader {
   public:
    BatchReader(const FileReader& reader, ReadOptions options) : reader_(&reader), options_(std::move(options)) {}
    // The next non-empty batch (one row group's passing rows), or nullopt at the end.
    std::optional<columnar::RecordBatch> next();

   private:
    const FileReader* reader_;
    ReadOptions options_;
    int next_row_group_ = 0;
  };
  BatchReader batches(ReadOptions options = {}) const { return BatchReader(*this, std::move(options)); }
  // One row group, all or some columns.
  columnar::Table read_row_group(int row_group, const std::vector<std::string>& columns = {}) const;

 private:
  struct State;
  explicit FileReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

columnar::Table read_table(const std::filesystem::path& path, const ReadOptions& options = {});

}  // namespace strata::parquet
