// Record assembly from hand-computed repetition/definition levels: the Dremel paper's Document example
// (Melnik et al. 2010, figure 3, whose levels are given there) and the null/empty distinctions of lists.
#include "nested_reader.h"

#include <gtest/gtest.h>

#include "strata/columnar/builder.h"
#include "strata/columnar/canonical.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"

namespace strata::parquet::internal {
namespace {

namespace f = format;
using namespace strata::columnar;

f::SchemaElement group(std::string name, f::FieldRepetitionType rep, int children,
                       std::optional<f::ConvertedType> converted = std::nullopt) {
  f::SchemaElement e;
  e.name = std::move(name);
  e.repetition_type = rep;
  e.num_children = children;
  e.converted_type = converted;
  return e;
}

f::SchemaElement leaf(std::string name, f::FieldRepetitionType rep, f::Type type, bool utf8 = false) {
  f::SchemaElement e;
  e.name = std::move(name);
  e.repetition_type = rep;
  e.type = type;
  if (utf8) e.converted_type = f::ConvertedType::kUtf8;
  return e;
}

constexpr auto kRequired = f::FieldRepetitionType::kRequired;
constexpr auto kOptional = f::FieldRepetitionType::kOptional;
constexpr auto kRepeated = f::FieldRepetitionType::kRepeated;

Array ints(std::vector<std::optional<int64_t>> v) {
  NumericBuilder<int64_t> b;
  for (auto x : v) b.append_option(x);
  return b.finish();
}

Array int32s(std::vector<std::optional<int32_t>> v) {
  NumericBuilder<int32_t> b;
  for (auto x : v) b.append_option(x);
  return b.finish();
}

Array strings(std::vector<std::optional<std::string>> v) {
  StringBuilder b;
  for (const auto& x : v) {
    if (x) {
      b.append(*x);
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

LeafColumn column(std::vector<int16_t> def, std::vector<int16_t> rep, Array values) {
  return {std::move(def), std::move(rep), std::move(values)};
}

// The rows of one assembled field, as the canonical dump prints them (one JSON array per row).
std::string rows_of(const std::string& name, const Array& array) {
  auto s = schema({field(name, array.type())});
  std::string dump = to_canonical(Table::from_batches({RecordBatch(s, {array}, array.length())}, s));
  return dump.substr(dump.find('\n') + 1);
}

class Dremel : public ::testing::Test {
 protected:
  // message Document { required int64 DocId;
  //   optional group Links { repeated int64 Backward; repeated int64 Forward; }
  //   repeated group Name { repeated group Language { required string Code; optional string Country; }
  //                         optional string Url; } }
  Dremel()
      : elements_{group("Document", kRequired, 3),
                  leaf("DocId", kRequired, f::Type::kInt64),
                  group("Links", kOptional, 2),
                  leaf("Backward", kRepeated, f::Type::kInt64),
                  leaf("Forward", kRepeated, f::Type::kInt64),
                  group("Name", kRepeated, 2),
                  group("Language", kRepeated, 2),
                  leaf("Code", kRequired, f::Type::kByteArray, true),
                  leaf("Country", kOptional, f::Type::kByteArray, true),
                  leaf("Url", kOptional, f::Type::kByteArray, true)},
        desc_(elements_),
        schema_(to_arrow_schema(desc_, nullptr, std::nullopt)) {}

  std::vector<f::SchemaElement> elements_;
  SchemaDescriptor desc_;
  SchemaPtr schema_;
};

TEST_F(Dremel, LevelsAndSlotLevelsMatchThePaper) {
  const std::vector<int> max_def = {0, 2, 2, 2, 3, 2};
  const std::vector<int> max_rep = {0, 1, 1, 2, 2, 1};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(desc_.column(i).max_definition_level, max_def[static_cast<size_t>(i)]) << i;
    EXPECT_EQ(desc_.column(i).max_repetition_level, max_rep[static_cast<size_t>(i)]) << i;
  }
  const auto links = plan_leaves(desc_.root().children[1], schema_->field(1)->type());
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].slot_level, 2);  // Backward: its own level
  EXPECT_EQ(links[0].type->to_string(), "int64");
  const auto name = plan_leaves(desc_.root().children[2], schema_->field(2)->type());
  ASSERT_EQ(name.size(), 3u);
  EXPECT_EQ(name[0].slot_level, 2);  // Code, Country: within Language
  EXPECT_EQ(name[1].slot_level, 2);
  EXPECT_EQ(name[2].slot_level, 1);  // Url: within Name
  EXPECT_EQ(name[2].type->to_string(), "string");
}

TEST_F(Dremel, AssemblesTheTwoDocuments) {
  // Figure 3's column stripes: (value, r, d); values only where d is the maximum.
  std::vector<LeafColumn> links = {
      column({1, 2, 2}, {0, 0, 1}, ints({10, 30})),                     // Backward: NULL, 10, 30
      column({2, 2, 2, 2}, {0, 1, 1, 0}, ints({20, 40, 60, 80}))};      // Forward
  Array links_array = assemble_field(desc_.root().children[1], schema_->field(1)->type(), links, 2, "dremel");
  EXPECT_EQ(rows_of("Links", links_array),
            "[{\"Backward\":[],\"Forward\":[20,40,60]}]\n[{\"Backward\":[10,30],\"Forward\":[80]}]\n");
  EXPECT_EQ(links_array.null_count(), 0);
  const ListArray backward(Array(links_array.data()->children[0]));
  EXPECT_EQ(backward.value_offset(0), 0);
  EXPECT_EQ(backward.value_offset(1), 0);
  EXPECT_EQ(backward.value_offset(2), 2);

  std::vector<LeafColumn> name = {
      // Code: en-us (0,2), en (2,2), NULL (1,1), en-gb (1,2), NULL (0,1)
      column({2, 2, 1, 2, 1}, {0, 2, 1, 1, 0}, strings({"en-us", "en", "en-gb"})),
      // Country: us (0,3), NULL (2,2), NULL (1,1), gb (1,3), NULL (0,1); slots where d >= 2
      column({3, 2, 1, 3, 1}, {0, 2, 1, 1, 0}, strings({"us", std::nullopt, "gb"})),
      // Url: http://A (0,2), http://B (1,2), NULL (1,1), http://C (0,2)
      column({2, 2, 1, 2}, {0, 1, 1, 0}, strings({"http://A", "http://B", std::nullopt, "http://C"}))};
  Array name_array = assemble_field(desc_.root().children[2], schema_->field(2)->type(), name, 2, "dremel");
  EXPECT_EQ(rows_of("Name", name_array),
            "[[{\"Language\":[{\"Code\":\"en-us\",\"Country\":\"us\"},{\"Code\":\"en\",\"Country\":null}],"
            "\"Url\":\"http://A\"},{\"Language\":[],\"Url\":\"http://B\"},"
            "{\"Language\":[{\"Code\":\"en-gb\",\"Country\":\"gb\"}],\"Url\":null}]]\n"
            "[[{\"Language\":[],\"Url\":\"http://C\"}]]\n");
  // The layout: Name offsets 0,3,4; Language offsets over the four names 0,2,2,3,3; no list is null.
  const ListArray names(name_array);
  EXPECT_EQ(names.null_count(), 0);
  EXPECT_EQ(names.value_offset(1), 3);
  EXPECT_EQ(names.value_offset(2), 4);
  Array entries(name_array.data()->children[0]);
  EXPECT_EQ(entries.length(), 4);
  EXPECT_EQ(entries.null_count(), 0);
  const ListArray language(Array(entries.data()->children[0]));
  const std::vector<int64_t> want = {0, 2, 2, 3, 3};
  for (int64_t i = 0; i <= 4; ++i) EXPECT_EQ(language.value_offset(i), want[static_cast<size_t>(i)]) << i;
  EXPECT_EQ(Array(entries.data()->children[1]).null_count(), 1);  // Url of the third name
}

TEST_F(Dremel, LeavesThatDisagreeAreAFormatError) {
  std::vector<LeafColumn> links = {column({1, 2, 2}, {0, 0, 1}, ints({10, 30})),
                                   column({2, 2, 2, 2}, {0, 1, 1, 1}, ints({20, 40, 60, 80}))};  // one row only
  EXPECT_THROW(assemble_field(desc_.root().children[1], schema_->field(1)->type(), links, 2, "dremel"), FormatError);
  std::vector<LeafColumn> short_values = {column({1, 2, 2}, {0, 0, 1}, ints({10})),
                                          column({2, 2, 2, 2}, {0, 1, 1, 0}, ints({20, 40, 60, 80}))};
  EXPECT_THROW(assemble_field(desc_.root().children[1], schema_->field(1)->type(), short_values, 2, "dremel"),
               FormatError);
}

TEST(NestedAssembly, NullListEmptyListAndNullElement) {
  // message m { optional group a (LIST) { repeated group list { optional int32 element; } } }
  std::vector<f::SchemaElement> e = {group("m", kRequired, 1), group("a", kOptional, 1, f::ConvertedType::kList),
                                     group("list", kRepeated, 1), leaf("element", kOptional, f::Type::kInt32)};
  SchemaDescriptor desc(e);
  auto s = to_arrow_schema(desc, nullptr, std::nullopt);
  ASSERT_EQ(s->field(0)->type()->to_string(), "list<element: int32>");
  const auto plan = plan_leaves(desc.root().children[0], s->field(0)->type());
  EXPECT_EQ(plan[0].slot_level, 2);
  // Rows: null, [], [null], [1, 2]  →  d = 0, 1, 2, 3 3; r = 0, 0, 0, 0 1.
  std::vector<LeafColumn> leaves = {column({0, 1, 2, 3, 3}, {0, 0, 0, 0, 1}, int32s({std::nullopt, 1, 2}))};
  Array a = assemble_field(desc.root().children[0], s->field(0)->type(), leaves, 4, "m");
  EXPECT_EQ(rows_of("a", a), "[null]\n[[]]\n[[null]]\n[[1,2]]\n");
  const ListArray list(a);
  EXPECT_EQ(list.null_count(), 1);
  EXPECT_TRUE(list.is_null(0));
  EXPECT_FALSE(list.is_null(1));
  const std::vector<int32_t> want = {0, 0, 0, 1, 3};
  for (int64_t i = 0; i <= 4; ++i) EXPECT_EQ(list.value_offset(i), want[static_cast<size_t>(i)]) << i;
  EXPECT_EQ(list.values().length(), 3);
  EXPECT_EQ(list.values().null_count(), 1);
}

TEST(NestedAssembly, MapOfListsAndTwoLevelLists) {
  // message m { optional group m (MAP) { repeated group key_value { required binary key (UTF8);
  //               optional group value (LIST) { repeated int32 array; } } } }
  std::vector<f::SchemaElement> e = {group("m", kRequired, 1), group("m", kOptional, 1, f::ConvertedType::kMap),
                                     group("key_value", kRepeated, 2), leaf("key", kRequired, f::Type::kByteArray, true),
                                     group("value", kOptional, 1, f::ConvertedType::kList),
                                     leaf("array", kRepeated, f::Type::kInt32)};
  SchemaDescriptor desc(e);
  auto s = to_arrow_schema(desc, nullptr, std::nullopt);
  ASSERT_EQ(s->field(0)->type()->id(), TypeId::kMap);
  const auto plan = plan_leaves(desc.root().children[0], s->field(0)->type());
  EXPECT_EQ(plan[0].slot_level, 2);  // key: within key_value (map d 1, key_value d 2)
  EXPECT_EQ(plan[1].slot_level, 4);  // array: its own level (max d 4, r 2)
  // Rows: {"a": [1, 2], "b": null}, null, {}, {"c": []}. Definition levels: 1 map present, 2 an entry,
  // 3 value list present, 4 a list element; repetition 1 a new entry, 2 a new list element.
  std::vector<LeafColumn> leaves = {
      // key (max d 2): a (r0,d2) b (r1,d2) | null map (r0,d0) | empty map (r0,d1) | c (r0,d2)
      column({2, 2, 0, 1, 2}, {0, 1, 0, 0, 0}, strings({"a", "b", "c"})),
      // array (max d 4): 1 (r0,d4) 2 (r2,d4) | b's null list (r1,d2) | null map (r0,d0) | empty map (r0,d1) |
      // c's empty list (r0,d3)
      column({4, 4, 2, 0, 1, 3}, {0, 2, 1, 0, 0, 0}, int32s({1, 2}))};
  Array m = assemble_field(desc.root().children[0], s->field(0)->type(), leaves, 4, "m");
  EXPECT_EQ(rows_of("m", m), "[[[\"a\",[1,2]],[\"b\",null]]]\n[null]\n[[]]\n[[[\"c\",[]]]]\n");
  const ListArray map(m);
  EXPECT_EQ(map.null_count(), 1);
  const std::vector<int32_t> want = {0, 2, 2, 2, 3};
  for (int64_t i = 0; i <= 4; ++i) EXPECT_EQ(map.value_offset(i), want[static_cast<size_t>(i)]) << i;
  Array entries = map.values();
  ASSERT_EQ(entries.length(), 3);
  EXPECT_EQ(entries.null_count(), 0);
  const ListArray values(Array(entries.data()->children[1]));
  EXPECT_EQ(values.null_count(), 1);  // "b": null
  EXPECT_TRUE(values.is_null(1));
  const std::vector<int32_t> value_offsets = {0, 2, 2, 2};
  for (int64_t i = 0; i <= 3; ++i) EXPECT_EQ(values.value_offset(i), value_offsets[static_cast<size_t>(i)]) << i;
}

}  // namespace
}  // namespace strata::parquet::internal

namespace strata::parquet::internal {
namespace {

TEST(NestedAssembly, TwoLevelListOfGroups) {
  // message m { optional group points (LIST) { repeated group array { required int32 x; optional int32 y; } } }
  // (LogicalTypes.md backward-compatibility rule: a repeated group with several fields is the element.)
  std::vector<f::SchemaElement> e = {group("m", kRequired, 1), group("points", kOptional, 1, f::ConvertedType::kList),
                                     group("array", kRepeated, 2), leaf("x", kRequired, f::Type::kInt32),
                                     leaf("y", kOptional, f::Type::kInt32)};
  SchemaDescriptor desc(e);
  auto s = to_arrow_schema(desc, nullptr, std::nullopt);
  ASSERT_EQ(s->field(0)->type()->to_string(), "list<array: struct<x: int32 not null, y: int32> not null>");
  // Rows: [{1, null}, {2, 3}], null, []  →  x: (r0,d2) (r1,d2) (r0,d0) (r0,d1); y adds one level when present.
  std::vector<LeafColumn> leaves = {column({2, 2, 0, 1}, {0, 1, 0, 0}, int32s({1, 2})),
                                    column({2, 3, 0, 1}, {0, 1, 0, 0}, int32s({std::nullopt, 3}))};
  Array a = assemble_field(desc.root().children[0], s->field(0)->type(), leaves, 3, "m");
  EXPECT_EQ(rows_of("points", a), "[[{\"x\":1,\"y\":null},{\"x\":2,\"y\":3}]]\n[null]\n[[]]\n");
}

}  // namespace
}  // namespace strata::parquet::internal
