#include "strata/columnar/table.h"

#include <algorithm>

#include "strata/core/error.h"

namespace strata::columnar {

Table::Table(SchemaPtr schema, std::vector<ChunkedArray> columns)
    : Table(schema, columns, columns.empty() ? 0 : columns[0].length()) {}

Table::Table(SchemaPtr schema, std::vector<ChunkedArray> columns, int64_t num_rows)
    : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {
  if (schema_->num_fields() != num_columns()) {
    raise<SchemaError>("table: schema has {} fields but {} columns were given", schema_->num_fields(),
                       num_columns());
  }
  for (int i = 0; i < num_columns(); ++i) {
    const auto& f = schema_->field(i);
    const auto& c = columns_[static_cast<size_t>(i)];
    if (c.length() != num_rows_) {
      raise<SchemaError>("table: column \"{}\" has {} rows, expected {}", f->name(), c.length(), num_rows_);
    }
    if (!c.type()->equals(*f->type())) {
      raise<SchemaError>("table: column \"{}\" is {} but the schema says {}", f->name(), c.type()->to_string(),
                         f->type()->to_string());
    }
  }
}

Table Table::from_batches(const std::vector<RecordBatch>& batches, SchemaPtr schema) {
  if (!schema) {
    if (batches.empty()) raise("Table::from_batches of no batches needs a schema");
    schema = batches[0].schema();
  }
  std::vector<std::vector<Array>> chunks(static_cast<size_t>(schema->num_fields()));
  int64_t rows = 0;
  for (const auto& b : batches) {
    if (!b.schema()->equals(*schema)) {
      raise<SchemaError>("Table::from_batches: batch schema\n{}differs from\n{}", b.schema()->to_string(),
                         schema->to_string());
    }
    for (int i = 0; i < b.num_columns(); ++i) chunks[static_cast<size_t>(i)].push_back(b.column(i));
    rows += b.num_rows();
  }
  std::vector<ChunkedArray> columns;
  for (int i = 0; i < schema->num_fields(); ++i) {
    columns.emplace_back(std::move(chunks[static_cast<size_t>(i)]), schema->field(i)->type());
  }
  return Table(std::move(schema), std::move(columns), rows);
}

Table Table::from_arrays(const std::vector<std::string>& names, const std::vector<Array>& arrays) {
  if (names.size() != arrays.size()) raise("Table::from_arrays: {} names for {} arrays", names.size(), arrays.size());
  std::vector<FieldPtr> fields;
  std::vector<ChunkedArray> columns;
  for (size_t i = 0; i < names.size(); ++i) {
    fields.push_back(field(names[i], arrays[i].type()));
    columns.emplace_back(arrays[i]);
  }
  return Table(columnar::schema(std::move(fields)), std::move(columns), arrays.empty() ? 0 : arrays[0].length());
}

Table Table::slice(int64_t offset, int64_t length) const {
  std::vector<ChunkedArray> out;
  for (const auto& c : columns_) out.push_back(c.slice(offset, length));
  return Table(schema_, std::move(out), length);
}

Table Table::select(const std::vector<int>& indices) const {
  std::vector<FieldPtr> fields;
  std::vector<ChunkedArray> out;
  for (int i : indices) {
    fields.push_back(schema_->field(i));
    out.push_back(column(i));
  }
  return Table(columnar::schema(std::move(fields), schema_->metadata()), std::move(out), num_rows_);
}

Table Table::select(const std::vector<std::string>& names) const {
  std::vector<int> indices;
  for (const auto& n : names) indices.push_back(schema_->require_field_index(n));
  return select(indices);
}

Table Table::combine_chunks() const {
  std::vector<ChunkedArray> out;
  for (const auto& c : columns_) out.emplace_back(std::vector<Array>{c.combine()}, c.type());
  return Table(schema_, std::move(out), num_rows_);
}

std::vector<RecordBatch> Table::to_batches(int64_t max_rows) const {
  std::vector<RecordBatch> out;
  // Cut at every chunk boundary of every column, and every max_rows rows.
  std::vector<int64_t> cuts = {0, num_rows_};
  for (const auto& c : columns_) {
    int64_t pos = 0;
    for (const auto& chunk : c.chunks()) cuts.push_back(pos += chunk.length());
  }
  if (max_rows > 0) {
    for (int64_t p = max_rows; p < num_rows_; p += max_rows) cuts.push_back(p);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const int64_t start = cuts[k];
    const int64_t length = cuts[k + 1] - start;
    std::vector<Array> arrays;
    for (const auto& c : columns_) {
      auto piece = c.slice(start, length);
      arrays.push_back(piece.num_chunks() == 1 ? piece.chunk(0) : piece.combine());
    }
    out.emplace_back(schema_, std::move(arrays), length);
  }
  return out;
}

bool Table::equals(const Table& other) const {
  if (!schema_->equals(*other.schema_) || num_rows_ != other.num_rows_) return false;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!columns_[i].equals(other.columns_[i])) return false;
  }
  return true;
}

}  // namespace strata::columnar
