// Table: a schema and one ChunkedArray per column, all of the same length. Tables are what readers
// return and writers take; printing one (`to_string`, `operator<<`) gives the notebook-style view of
// columnar/pretty_print.h. Immutable; share freely across threads.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "strata/columnar/chunked_array.h"
#include "strata/columnar/record_batch.h"

namespace strata::columnar {

struct PrettyPrintOptions;  // columnar/pretty_print.h

class Table {
 public:
  Table() = default;
  // Checks that lengths and types agree with the schema (throws SchemaError).
  Table(SchemaPtr schema, std::vector<ChunkedArray> columns);
  Table(SchemaPtr schema, std::vector<ChunkedArray> columns, int64_t num_rows);

  // A table whose columns are the batches' columns, chunk by chunk. REQUIRES: equal schemas.
  static Table from_batches(const std::vector<RecordBatch>& batches, SchemaPtr schema = nullptr);
  // Columns from single arrays under a schema made from `names` and the arrays' types.
  static Table from_arrays(const std::vector<std::string>& names, const std::vector<Array>& arrays);

  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  const ChunkedArray& column(int i) const { return columns_.at(static_cast<size_t>(i)); }
  const ChunkedArray& column(std::string_view name) const { return column(schema_->require_field_index(name)); }
  const std::vector<ChunkedArray>& columns() const { return columns_; }

  Table slice(int64_t offset, int64_t length) const;
  Table select(const std::vector<int>& indices) const;
  Table select(const std::vector<std::string>& names) const;
  // Every column as a single chunk.
  Table combine_chunks() const;
  // Record batches along chunk boundaries (at most `max_rows` rows each when positive).
  std::vector<RecordBatch> to_batches(int64_t max_rows = 0) const;
  // Same schema (metadata ignored) and the same values, whatever the chunking.
  bool equals(const Table& other) const;
  // The pandas-style text of columnar/pretty_print.h (default options, or the given ones).
  std::string to_string() const;
  std::string to_string(const PrettyPrintOptions& options) const;

 private:
  SchemaPtr schema_;
  std::vector<ChunkedArray> columns_;
  int64_t num_rows_ = 0;
};

// Writes table.to_string().
std::ostream& operator<<(std::ostream& out, const Table& table);

}  // namespace strata::columnar
