#include "strata/columnar/record_batch.h"

#include "strata/core/error.h"

namespace strata::columnar {

RecordBatch::RecordBatch(SchemaPtr schema, std::vector<Array> columns)
    : RecordBatch(schema, columns, columns.empty() ? 0 : columns[0].length()) {}

RecordBatch::RecordBatch(SchemaPtr schema, std::vector<Array> columns, int64_t num_rows)
    : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {
  if (schema_->num_fields() != num_columns()) {
    raise<SchemaError>("record batch: schema has {} fields but {} columns were given", schema_->num_fields(),
                       num_columns());
  }
  for (int i = 0; i < num_columns(); ++i) {
    const auto& f = schema_->field(i);
    if (columns_[static_cast<size_t>(i)].length() != num_rows_) {
      raise<SchemaError>("record batch: column \"{}\" has {} rows, expected {}", f->name(),
                         columns_[static_cast<size_t>(i)].length(), num_rows_);
    }
    if (!columns_[static_cast<size_t>(i)].type()->equals(*f->type())) {
      raise<SchemaError>("record batch: column \"{}\" is {} but the schema says {}", f->name(),
                         columns_[static_cast<size_t>(i)].type()->to_string(), f->type()->to_string());
    }
  }
}

RecordBatch RecordBatch::slice(int64_t offset, int64_t length) const {
  std::vector<Array> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c.slice(offset, length));
  return RecordBatch(schema_, std::move(out), length);
}

RecordBatch RecordBatch::select(const std::vector<int>& indices) const {
  std::vector<FieldPtr> fields;
  std::vector<Array> out;
  for (int i : indices) {
    fields.push_back(schema_->field(i));
    out.push_back(column(i));
  }
  return RecordBatch(columnar::schema(std::move(fields), schema_->metadata()), std::move(out), num_rows_);
}

bool RecordBatch::equals(const RecordBatch& other) const {
  if (!schema_->equals(*other.schema_) || num_rows_ != other.num_rows_) return false;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].equals(other.columns_[i])) return false;
  }
  return true;
}

}  // namespace strata::columnar
