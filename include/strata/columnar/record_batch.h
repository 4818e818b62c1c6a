// RecordBatch: equal-length arrays under a schema; the unit that readers stream and writers consume.
// Immutable; share freely across threads.
#pragma once

#include <vector>

#include "strata/columnar/array.h"

namespace strata::columnar {

class RecordBatch {
 public:
  RecordBatch() = default;
  // Checks that lengths and types agree with the schema (throws SchemaError).
  RecordBatch(SchemaPtr schema, std::vector<Array> columns);
  // `num_rows` is given explicitly for batches with no columns.
  RecordBatch(SchemaPtr schema, std::vector<Array> columns, int64_t num_rows);

  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  const Array& column(int i) const { return columns_.at(static_cast<size_t>(i)); }
  const Array& column(std::string_view name) const { return column(schema_->require_field_index(name)); }
  const std::vector<Array>& columns() const { return columns_; }

  RecordBatch slice(int64_t offset, int64_t length) const;
  RecordBatch select(const std::vector<int>& indices) const;
  bool equals(const RecordBatch& other) const;

 private:
  SchemaPtr schema_;
  std::vector<Array> columns_;
  int64_t num_rows_ = 0;
};

}  // namespace strata::columnar
