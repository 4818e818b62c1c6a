// Record assembly (internal): the leaves of one top-level nested field, each with its repetition and
// definition levels, → one columnar array (struct, list, large_list, map in any combination) in the Arrow
// layout. parquet-format README "Nested Encoding"; lists and maps follow LogicalTypes.md "Nested Types",
// including the backward-compatibility forms (two-level lists, repeated fields without annotation), with the
// same decisions as to_arrow_schema.
//
// An instance of a node is found in any one of its leaves: in the context of its innermost repeated ancestor
// R (repetition level r, definition level d; r = d = 0 at the top) the node's instances are the levels with
// repetition level <= r and definition level >= d, in order. A list's elements are the instances in the
// context of its repeated node; an optional node is valid where the definition level reaches its own.
#pragma once

#include <cstdint>
#include <vector>

#include "column_reader.h"
#include "strata/columnar/array.h"
#include "strata/parquet/schema.h"

namespace strata::parquet::internal {

// What each leaf of `node` must be decoded as: its Arrow type (from `type`, the field's type) and its slot
// level (see LeafColumn). Indexed by leaf - node.leaf_begin.
struct LeafPlan {
  columnar::DataTypePtr type;
  int16_t slot_level = 0;
};
std::vector<LeafPlan> plan_leaves(const SchemaNode& node, const columnar::DataTypePtr& type);

// Assemble the field of top-level `node` with Arrow type `type` from its leaves (indexed by leaf -
// node.leaf_begin, decoded as plan_leaves says). Throws FormatError (naming `file`) when the leaves'
// levels disagree, NotImplemented for shapes the reader does not assemble (fixed-size lists).
columnar::Array assemble_field(const SchemaNode& node, const columnar::DataTypePtr& type,
                               const std::vector<LeafColumn>& leaves, int64_t rows, const std::string& file);

}  // namespace strata::parquet::internal
