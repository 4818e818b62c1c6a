#include "nested_reader.h"

#include "strata/core/bit_util.h"
#include "strata/core/error.h"

namespace strata::parquet::internal {

namespace f = format;
using columnar::Array;
using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TypeId;

namespace {

struct Context {
  int16_t rep = 0;  // of the innermost repeated ancestor (0 at the top)
  int16_t def = 0;
};

bool is_list_like(const columnar::DataType& t) {
  return t.id() == TypeId::kList || t.id() == TypeId::kLargeList || t.id() == TypeId::kMap;
}

// The node holding a LIST group's elements: the repeated node itself in the legacy two-level forms
// (as in to_arrow_schema), else its only child.
bool two_level_list(const SchemaNode& list, const SchemaNode& repeated) {
  return repeated.is_leaf() || repeated.children.size() > 1 || repeated.element->name == "array" ||
         repeated.element->name == list.element->name + "_tuple";
}

// How a node is read. `as_element`: a repeated node standing for one element of its list (not a list).
enum class Shape { kRepeatedList, kList, kStruct, kLeaf };

Shape shape_of(const SchemaNode& node, const columnar::DataType& type, bool as_element, const std::string& file) {
  const bool repeated = node.repetition() == f::FieldRepetitionType::kRepeated;
  if (repeated && !as_element) {
    if (!is_list_like(type) || type.id() == TypeId::kMap) {
      throw FormatError(file, std::nullopt, fmt::format("repeated field \"{}\" read as {}", node.element->name, type.to_string()));
    }
    return Shape::kRepeatedList;
  }
  if (node.is_leaf()) return Shape::kLeaf;
  if (type.id() == TypeId::kFixedSizeList) raise<NotImplemented>("reading \"{}\" as {}", node.element->name, type.to_string());
  if (is_list_like(type)) {
    if (node.children.size() != 1 || node.children[0].repetition() != f::FieldRepetitionType::kRepeated) {
      throw FormatError(file, std::nullopt,
                        fmt::format("group \"{}\" read as {} has no single repeated child", node.element->name, type.to_string()));
    }
    return Shape::kList;
  }
  if (type.id() != TypeId::kStruct || type.fields().size() != node.children.size()) {
    throw FormatError(file, std::nullopt, fmt::format("group \"{}\" read as {}", node.element->name, type.to_string()));
  }
  return Shape::kStruct;
}

// The element node and whether it stands as an element (repeated node itself) for a LIST/MAP group.
std::pair<const SchemaNode*, bool> element_of(const SchemaNode& node, const columnar::DataType& type) {
  const SchemaNode& repeated = node.children[0];
  if (type.id() == TypeId::kMap || two_level_list(node, repeated)) return {&repeated, true};
  return {&repeated.children[0], false};
}

void plan(const SchemaNode& node, const DataTypePtr& type, Context ctx, bool as_element, int base,
          std::vector<LeafPlan>& out) {
  switch (shape_of(node, *type, as_element, "")) {
    case Shape::kRepeatedList:
      plan(node, type->fields()[0]->type(), {node.max_repetition_level, node.max_definition_level}, true, base, out);
      return;
    case Shape::kList: {
      const SchemaNode& repeated = node.children[0];
      auto [element, element_as_element] = element_of(node, *type);
      plan(*element, type->fields()[0]->type(), {repeated.max_repetition_level, repeated.max_definition_level},
           element_as_element, base, out);
      return;
    }
    case Shape::kStruct:
      for (size_t i = 0; i < node.children.size(); ++i) plan(node.children[i], type->fields()[i]->type(), ctx, false, base, out);
      return;
    case Shape::kLeaf:
      out[static_cast<size_t>(node.leaf_begin - base)] = {type, ctx.def};
      return;
  }
}

class Assembler {
 public:
  Assembler(const std::vector<LeafColumn>& leaves, int base, const std::string& file)
      : leaves_(leaves), base_(base), file_(file) {}

  std::shared_ptr<ArrayData> build(const SchemaNode& node, const DataTypePtr& type, Context ctx, bool as_element) {
    switch (shape_of(node, *type, as_element, file_)) {
      case Shape::kRepeatedList: {
        const Context inner{node.max_repetition_level, node.max_definition_level};
        auto child = build(node, type->fields()[0]->type(), inner, true);
        return list(node, type, ctx, inner, /*list_def=*/-1, std::move(child));
      }
      case Shape::kList: {
        const SchemaNode& repeated = node.children[0];
        const Context inner{repeated.max_repetition_level, repeated.max_definition_level};
        auto [element, element_as_element] = element_of(node, *type);
        auto child = build(*element, type->fields()[0]->type(), inner, element_as_element);
        const bool nullable = node.repetition() == f::FieldRepetitionType::kOptional && !as_element;
        return list(node, type, ctx, inner, nullable ? node.max_definition_level : int16_t{-1}, std::move(child));
      }
      case Shape::kStruct: {
        const LeafColumn& leaf = first_leaf(node);
        const bool nullable = node.repetition() == f::FieldRepetitionType::kOptional && !as_element;
        std::vector<uint8_t> valid;
        int64_t length = 0;
        for (size_t p = 0; p < leaf.def.size(); ++p) {
          if (leaf.rep[p] > ctx.rep || leaf.def[p] < ctx.def) continue;
          ++length;
          if (nullable) valid.push_back(leaf.def[p] >= node.max_definition_level);
        }
        int64_t nulls = 0;
        auto bitmap = make_bitmap(valid, &nulls);
        auto data = ArrayData::make(type, length, {std::move(bitmap)}, nulls);
        for (size_t i = 0; i < node.children.size(); ++i) {
          auto child = build(node.children[i], type->fields()[i]->type(), ctx, false);
          if (child->length != length) mismatch(node, child->length, length);
          data->children.push_back(std::move(child));
        }
        return data;
      }
      case Shape::kLeaf: {
        const LeafColumn& leaf = first_leaf(node);
        if (!leaf.values.type()->equals(*type)) {
          throw FormatError(file_, std::nullopt, fmt::format("leaf \"{}\" decoded as {}, wanted {}", node.element->name,
                                                             leaf.values.type()->to_string(), type->to_string()));
        }
        return leaf.values.data();
      }
    }
    return nullptr;
  }

 private:
  const LeafColumn& first_leaf(const SchemaNode& node) const {
    const int i = node.leaf_begin - base_;
    if (node.leaf_end <= node.leaf_begin || i < 0 || static_cast<size_t>(i) >= leaves_.size()) {
      throw FormatError(file_, std::nullopt, fmt::format("group \"{}\" has no leaf column", node.element->name));
    }
    const LeafColumn& leaf = leaves_[static_cast<size_t>(i)];
    if (leaf.def.size() != leaf.rep.size()) {
      throw FormatError(file_, std::nullopt, fmt::format("leaf of \"{}\": {} definition levels, {} repetition levels",
                                                         node.element->name, leaf.def.size(), leaf.rep.size()));
    }
    return leaf;
  }

  [[noreturn]] void mismatch(const SchemaNode& node, int64_t got, int64_t want) const {
    throw FormatError(file_, std::nullopt,
                      fmt::format("the columns of \"{}\" disagree: {} values where its levels give {}", node.element->name, got, want));
  }

  static BufferPtr make_bitmap(const std::vector<uint8_t>& valid, int64_t* nulls) {
    *nulls = 0;
    for (uint8_t v : valid) *nulls += !v;
    if (*nulls == 0) return nullptr;
    auto bits = Buffer::allocate_zeroed(bit_util::bytes_for_bits(static_cast<int64_t>(valid.size())));
    for (size_t i = 0; i < valid.size(); ++i) {
      if (valid[i]) bit_util::set_bit(bits->mutable_data(), static_cast<int64_t>(i));
    }
    return bits;
  }

  // A list (or map) over the instances of `ctx` in the node's first leaf; its elements are the instances of
  // `inner`. `list_def` >= 0: the list is null where the definition level is below it.
  std::shared_ptr<ArrayData> list(const SchemaNode& node, const DataTypePtr& type, Context ctx, Context inner,
                                  int16_t list_def, std::shared_ptr<ArrayData> child) {
    const LeafColumn& leaf = first_leaf(node);
    std::vector<int64_t> offsets;
    std::vector<uint8_t> valid;
    int64_t count = 0;
    for (size_t p = 0; p < leaf.def.size(); ++p) {
      const int16_t r = leaf.rep[p];
      const int16_t d = leaf.def[p];
      if (r <= ctx.rep && d >= ctx.def) {
        offsets.push_back(count);
        if (list_def >= 0) valid.push_back(d >= list_def);
      }
      if (r <= inner.rep && d >= inner.def) ++count;
    }
    offsets.push_back(count);
    if (child->length != count) mismatch(node, child->length, count);
    const auto length = static_cast<int64_t>(offsets.size()) - 1;
    int64_t nulls = 0;
    auto bitmap = make_bitmap(valid, &nulls);
    BufferPtr offset_buffer;
    if (type->id() == TypeId::kLargeList) {
      offset_buffer = Buffer::copy_of(offsets.data(), static_cast<int64_t>(offsets.size() * sizeof(int64_t)));
    } else {
      if (count > INT32_MAX) {
        raise<NotImplemented>("list \"{}\" holds more than 2^31 values in one row group", node.element->name);
      }
      offset_buffer = Buffer::allocate(static_cast<int64_t>(offsets.size() * sizeof(int32_t)));
      auto* o = offset_buffer->mutable_data_as<int32_t>();
      for (size_t i = 0; i < offsets.size(); ++i) o[i] = static_cast<int32_t>(offsets[i]);
    }
    auto data = ArrayData::make(type, length, {std::move(bitmap), std::move(offset_buffer)}, nulls);
    data->children.push_back(std::move(child));
    return data;
  }

  const std::vector<LeafColumn>& leaves_;
  int base_;
  const std::string& file_;
};

}  // namespace

std::vector<LeafPlan> plan_leaves(const SchemaNode& node, const DataTypePtr& type) {
  std::vector<LeafPlan> out(static_cast<size_t>(node.leaf_end - node.leaf_begin));
  plan(node, type, {}, false, node.leaf_begin, out);
  return out;
}

Array assemble_field(const SchemaNode& node, const DataTypePtr& type, const std::vector<LeafColumn>& leaves,
                     int64_t rows, const std::string& file) {
  if (leaves.size() != static_cast<size_t>(node.leaf_end - node.leaf_begin)) {
    throw FormatError(file, std::nullopt, fmt::format("field \"{}\": {} leaves given for {}", node.element->name,
                                                      leaves.size(), node.leaf_end - node.leaf_begin));
  }
  Assembler assembler(leaves, node.leaf_begin, file);
  auto data = assembler.build(node, type, {}, false);
  if (data->length != rows) {
    throw FormatError(file, std::nullopt, fmt::format("field \"{}\" assembles {} rows of {}", node.element->name, data->length, rows));
  }
  return Array(std::move(data));
}

}  // namespace strata::parquet::internal
