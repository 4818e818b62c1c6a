// The Parquet schema of a file and its mapping to and from columnar (Arrow) schemas.
//
// A Parquet schema is a tree flattened depth-first into SchemaElements (parquet-format README "Nested
// Encoding"); its leaves are the file's columns, each with a path, a physical type and the maximum
// definition and repetition levels its position in the tree implies. SchemaDescriptor rebuilds the tree and
// numbers the leaves. The Arrow mapping follows pyarrow (parquet-cpp's arrow/schema.cc): logical types first,
// then legacy converted types, then the physical type; when the file carries an "ARROW:schema" entry (as
// pyarrow and Strata write), the stored Arrow types restore what Parquet cannot say (dictionaries, time
// zones, large types, second-unit timestamps, durations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/type.h"
#include "strata/parquet/metadata/format.h"

namespace strata::parquet {

struct SchemaNode {
  const format::SchemaElement* element = nullptr;
  std::vector<SchemaNode> children;
  int16_t max_definition_level = 0;  // of this node (counting optional/repeated ancestors and itself)
  int16_t max_repetition_level = 0;
  int leaf_begin = 0;                // leaves of this subtree: [leaf_begin, leaf_end)
  int leaf_end = 0;
  bool is_leaf() const { return children.empty() && element->type.has_value(); }
  format::FieldRepetitionType repetition() const {
    return element->repetition_type.value_or(format::FieldRepetitionType::kRequired);
  }
};

struct ColumnDescriptor {
  int index = 0;                        // leaf number, as in RowGroup::columns
  std::vector<std::string> path;        // path_in_schema
  const format::SchemaElement* element = nullptr;
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;

  format::Type physical_type() const { return *element->type; }
  int32_t type_length() const { return element->type_length.value_or(0); }
  std::string dotted_path() const;
};

class SchemaDescriptor {
 public:
  // REQUIRES: validate_file_metadata passed (num_children form one tree). `elements` must outlive this.
  explicit SchemaDescriptor(const std::vector<format::SchemaElement>& elements);

  const SchemaNode& root() const { return root_; }
  const std::vector<ColumnDescriptor>& columns() const { return columns_; }
  const ColumnDescriptor& column(int i) const { return columns_.at(static_cast<size_t>(i)); }
  int num_columns() const { return static_cast<int>(columns_.size()); }

 private:
  SchemaNode root_;
  std::vector<ColumnDescriptor> columns_;
};

// The Arrow type of one leaf read on its own (no ARROW:schema), following pyarrow's rules.
// Throws NotImplemented for types Strata does not read (e.g. decimals wider than 38 digits).
columnar::DataTypePtr arrow_type_of_leaf(const format::SchemaElement& leaf);

// The Arrow schema of a file: one field per top-level node (nested nodes become list/struct/map). `stored`
// is the decoded ARROW:schema, when present; its types win where they are a refinement of the Parquet type.
columnar::SchemaPtr to_arrow_schema(const SchemaDescriptor& schema, const columnar::SchemaPtr& stored,
                                    const std::optional<std::vector<format::KeyValue>>& key_value_metadata);

// Whether `stored` (from ARROW:schema) can be produced from data read as `parquet_type`.
bool stored_type_applies(const columnar::DataType& stored, const columnar::DataType& parquet_type);

// The Parquet schema elements (root first) for a flat Arrow schema, as the writer writes them.
// Throws NotImplemented for nested fields.
std::vector<format::SchemaElement> to_parquet_schema(const columnar::Schema& schema);

// Bytes of a FIXED_LEN_BYTE_ARRAY holding a decimal of `precision` digits (as parquet-cpp sizes them).
int32_t decimal_byte_width(int32_t precision);

}  // namespace strata::parquet
