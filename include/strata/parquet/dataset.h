// Hive-partitioned Parquet datasets: a folder tree with one level per partition column, `key=value`, and
// Parquet files at the leaves, as Spark, Hive, Trino, DuckDB and pyarrow write and read them
// (`pyarrow.parquet.write_to_dataset(table, root, partition_cols=[...])`, `pq.read_table(root, filters=...)`).
//
//   strata::parquet::DatasetWriteOptions w;
//   w.partition_cols = {"category"};
//   strata::parquet::write_dataset(table, "sales", w);       // sales/category=Dining/part-0.parquet, ...
//
//   strata::parquet::DatasetReadOptions r;
//   r.filter = strata::parquet::parse_filter("category = 'Dining' and amount > 100");
//   columnar::Table dining = strata::parquet::read_dataset("sales", r);
//
// Writing (write_dataset for a table, DatasetWriter for a stream of batches): rows are grouped by the
// partition columns' values; each group goes to `root/k1=v1/k2=v2/` as one or more files written by the
// single-file writer (each file appears atomically, under a temporary name renamed on close). The partition columns are left out of the files. Values are percent-encoded in folder
// names as Hive and Spark do (`/`, `=`, `%`, `:`, `#`, `?`, quotes, `\`, `*`, `[`, `]`, `{`, `^`, DEL and
// control characters, as `%2F` ...); nulls become `__HIVE_DEFAULT_PARTITION__` and empty strings `key=`
// (pyarrow's and DuckDB's forms).
//
// Reading: files are found recursively under `root` and read in path order (byte order of their relative
// paths), so the row order is deterministic; only the first file's footer is read before pruning, for the
// schema. Names starting with `.` or `_` are skipped (`_SUCCESS`,
// `.part-0.crc`, `_metadata`), except `_key=value` folders, as are the writer's `*.tmp-*` temporaries. Folder
// names are parsed as `key=value` and percent-decoded. Partition column types are inferred as pyarrow's
// HivePartitioning.discover does: int32 when every value is an integer in int32's range, else string
// (`__HIVE_DEFAULT_PARTITION__` is null and does not vote; an empty value is "" and votes for string, or
// null under an explicit non-string type); give `partitioning` to choose types instead.
// A filter is split per file: its conditions on partition columns are decided from the path alone, so files
// that cannot hold a passing row are never opened; the rest is pushed into each file's reader (statistics,
// page index, late materialisation). Partition columns are appended after the file columns, as dictionary
// columns (pq.read_table's form) or plain ones. `Dataset::batches` streams the same rows batch by batch
// (pyarrow's Dataset.to_batches), one row group in memory at a time.
//
// Errors: a folder name that is not `key=value`, or files at different partition depths or keys, raise
// FormatError naming the file; files whose schema differs from the first file's raise SchemaError naming
// both; unknown columns raise SchemaError; a non-empty root with ExistingDataBehavior::kError raises
// InvalidArgument.
//
// Thread-safety: the functions are reentrant; a Dataset's const members may be called from many threads; a
// DatasetWriter and a Dataset::BatchReader belong to one thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/columnar/table.h"
#include "strata/parquet/filter.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace strata::parquet {

/// The folder name of a null partition value, as Hive, Spark, pyarrow and DuckDB write it.
inline constexpr std::string_view kHiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

/// What write_dataset does when `root` already holds files (pyarrow's `existing_data_behavior`).
enum class ExistingDataBehavior {
  kError,              ///< refuse (InvalidArgument) when `root` holds anything
  kOverwriteOrIgnore,  ///< write the new files; same-named files are replaced, others left as they are
  kDeleteMatching,     ///< empty each partition folder that receives new files first
};

struct DatasetWriteOptions {
  std::vector<std::string> partition_cols;  ///< folder levels, outermost first; empty = files in `root`
  WriterOptions writer;                     ///< options of every file
  ExistingDataBehavior existing_data_behavior = ExistingDataBehavior::kError;
  std::string basename_template = "part-{i}.parquet";  ///< `{i}` counts files from 0 in each folder
  int64_t max_rows_per_file = 0;            ///< split a partition's rows into files of at most this; 0 = one file
};

/// Write `table` under `root` as a Hive-partitioned dataset and return the files written, relative to
/// `root`, in path order. Partition columns may be integers, strings, booleans, date32 or dictionaries of
/// those. Throws InvalidArgument (bad options, a partition column of another type, non-empty root with
/// kError), SchemaError (unknown column), IoError.
std::vector<std::filesystem::path> write_dataset(const columnar::Table& table, const std::filesystem::path& root,
                                                 const DatasetWriteOptions& options = {});

/// The streaming form of write_dataset: tables or record batches in, one open Parquet file per partition folder
/// (each buffering about one row group), so memory is bounded by row_group_size times the partitions written,
/// whatever the total. A file is closed and the next one (`part-1`, ...) started at max_rows_per_file.
///
///   DatasetWriter w("sales", schema, options);
///   for (const auto& batch : batches) w.write(batch);
///   std::vector<std::filesystem::path> files = w.close();
///
/// Destroyed without close(), it leaves no new file (the open ones are temporaries), but files already
/// finished at max_rows_per_file stay. Not thread-safe: one writer per thread.
class DatasetWriter {
 public:
  /// Check the options against `schema` and the root (existing_data_behavior). Throws as write_dataset.
  DatasetWriter(const std::filesystem::path& root, columnar::SchemaPtr schema, DatasetWriteOptions options = {});
  ~DatasetWriter();
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  /// Group the rows by partition values and append them to their folders' files. REQUIRES: the writer's
  /// schema (SchemaError otherwise).
  void write(const columnar::Table& table);
  void write(const columnar::RecordBatch& batch);
  /// Close every open file (footer, rename into place) and return the files written, relative to the root,
  /// in path order.
  std::vector<std::filesystem::path> close();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Percent-encode a partition value for a folder name (the Hive/Spark set; other bytes kept as they are).
std::string encode_partition_value(std::string_view value);
/// Decode `%XX` escapes (any byte); other characters kept. Throws InvalidArgument on a malformed escape.
std::string decode_partition_value(std::string_view segment);

struct DatasetReadOptions {
  std::vector<std::string> columns;  ///< file and partition columns, in this order; empty = all
  Filter filter;                     ///< on any columns; partition conditions prune whole files
  int threads = 0;  ///< 0 = hardware concurrency; files are read in parallel when there are at least as many
                    ///< as threads, else each file's reader uses them; the result is the same for any count
  bool use_page_index = true;
  bool dictionary_partition_columns = true;  ///< dictionary<int32, T> (pq.read_table) or plain T (ds.dataset)
};

/// What a dataset read skipped.
struct DatasetReadStats {
  int files = 0;         ///< files discovered
  int files_pruned = 0;  ///< skipped from their partition values alone, never opened
  int files_read = 0;    ///< opened and read
  ReadStats file_stats;  ///< sums over the files read
};

/// One data file of a dataset and its partition values (as decoded text; nullopt for null).
struct DatasetFile {
  std::filesystem::path path;  ///< relative to the root
  std::vector<std::optional<std::string>> partition_values;  ///< one per partition field
};

/// A discovered dataset: the files under a root, the partitioning and the schema of the first file.
class Dataset {
 public:
  /// Discover the files under `root`. `partitioning`, when given, names the partition fields and their types
  /// (integers, float64, utf8, bool, date32); otherwise they are inferred (int32 or utf8). Opens only the first
  /// file's footer. Throws IoError (no such folder), FormatError (bad folder names), SchemaError.
  static Dataset open(const std::filesystem::path& root, columnar::SchemaPtr partitioning = nullptr);

  const std::filesystem::path& root() const { return root_; }
  const std::vector<DatasetFile>& files() const { return files_; }
  /// The partition fields, outermost first.
  const columnar::SchemaPtr& partition_schema() const { return partition_schema_; }
  /// The columns of the first file (empty schema when there are no files).
  const columnar::SchemaPtr& file_schema() const { return file_schema_; }
  /// File columns then partition columns (partition ones plain; `read` makes them dictionaries on request).
  columnar::SchemaPtr schema() const;

  /// Read the dataset: prune files by partition values, push the rest of the filter into each file.
  columnar::Table read(const DatasetReadOptions& options = {}, DatasetReadStats* stats = nullptr) const;

  class BatchReader;
  /// Batch after batch, as pyarrow's Dataset.to_batches: the same rows as read(options), in the same order,
  /// one batch per row group with passing rows (files in path order, opened one at a time); memory is bounded by
  /// one row group's columns. `options.threads` decode each row group's columns. The dataset must outlive the
  /// reader. Throws as read() (options, from batches(); files, from next()).
  BatchReader batches(DatasetReadOptions options = {}) const;

 private:
  struct Plan;
  Plan plan(const DatasetReadOptions& options) const;
  FileReader open_file(size_t file) const;  // checks its columns against file_schema()

  std::filesystem::path root_;
  std::vector<DatasetFile> files_;
  columnar::SchemaPtr partition_schema_;
  columnar::SchemaPtr file_schema_;
};

class Dataset::BatchReader {
 public:
  BatchReader(BatchReader&&) noexcept;
  BatchReader& operator=(BatchReader&&) noexcept;
  ~BatchReader();

  /// The columns of every batch (as read() would give them).
  const columnar::SchemaPtr& schema() const;
  /// The next batch with rows, or nullopt at the end.
  std::optional<columnar::RecordBatch> next();
  /// So far: files (all), files_pruned (known from the start), files_read (opened), file_stats.
  const DatasetReadStats& stats() const;

 private:
  friend class Dataset;
  struct State;
  explicit BatchReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Dataset::open(root, partitioning).read(options, stats).
columnar::Table read_dataset(const std::filesystem::path& root, const DatasetReadOptions& options = {},
                             DatasetReadStats* stats = nullptr, columnar::SchemaPtr partitioning = nullptr);

}  // namespace strata::parquet
