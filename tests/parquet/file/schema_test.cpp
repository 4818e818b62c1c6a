#include "strata/parquet/schema.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"

namespace strata::parquet {
namespace {

namespace f = format;
using namespace strata::columnar;

TEST(ParquetSchema, WritesTheNotebookTableAsPyarrowDoes) {
  auto s = schema({field("transaction_id", int64()), field("customer_id", int32()), field("amount", float64()),
                   field("category", dictionary(int32(), utf8())),
                   field("timestamp", timestamp(TimeUnit::kMilli)), field("is_fraud", boolean(), false),
                   field("price", decimal128(10, 2)), field("tiny", uint8())});
  auto elements = to_parquet_schema(*s);
  ASSERT_EQ(elements.size(), 9u);
  EXPECT_EQ(elements[0].num_children, 8);
  EXPECT_EQ(elements[1].type, f::Type::kInt64);
  EXPECT_EQ(elements[1].repetition_type, f::FieldRepetitionType::kOptional);
  EXPECT_EQ(elements[4].type, f::Type::kByteArray);
  EXPECT_EQ(elements[4].converted_type, f::ConvertedType::kUtf8);
  EXPECT_EQ(elements[5].type, f::Type::kInt64);
  const auto& ts = std::get<f::TimestampType>(*elements[5].logical_type);
  EXPECT_FALSE(ts.is_adjusted_to_utc);
  EXPECT_TRUE(std::holds_alternative<f::MilliSeconds>(ts.unit));
  EXPECT_EQ(elements[6].repetition_type, f::FieldRepetitionType::kRequired);
  EXPECT_EQ(elements[7].type_length, 5);  // 10 digits need 5 bytes (parquet-cpp's sizing)
  EXPECT_EQ(elements[8].converted_type, f::ConvertedType::kUint8);

  SchemaDescriptor desc(elements);
  ASSERT_EQ(desc.num_columns(), 8);
  EXPECT_EQ(desc.column(3).dotted_path(), "category");
  EXPECT_EQ(desc.column(3).max_definition_level, 1);
  EXPECT_EQ(desc.column(5).max_definition_level, 0);
  // Without ARROW:schema, the dictionary and the time zone are not known; with it, they are restored.
  auto plain = to_arrow_schema(desc, nullptr, std::nullopt);
  EXPECT_EQ(plain->field(3)->type()->to_string(), "string");
  EXPECT_EQ(plain->field(7)->type()->to_string(), "uint8");
  auto restored = to_arrow_schema(desc, s, std::nullopt);
  EXPECT_TRUE(restored->equals(*s)) << restored->to_string();
}

TEST(ParquetSchema, DecimalWidths) {
  EXPECT_EQ(decimal_byte_width(1), 1);
  EXPECT_EQ(decimal_byte_width(2), 1);
  EXPECT_EQ(decimal_byte_width(3), 2);
  EXPECT_EQ(decimal_byte_width(9), 4);
  EXPECT_EQ(decimal_byte_width(18), 8);
  EXPECT_EQ(decimal_byte_width(38), 16);
}

TEST(ParquetSchema, ReadsNestedGroups) {
  // message m { optional group tags (LIST) { repeated group list { optional binary element (STRING); } }
  //             required group point { required double x; optional double y; } }
  std::vector<f::SchemaElement> e(8);
  e[0].name = "m";
  e[0].num_children = 2;
  e[1].name = "tags";
  e[1].repetition_type = f::FieldRepetitionType::kOptional;
  e[1].num_children = 1;
  e[1].converted_type = f::ConvertedType::kList;
  e[2].name = "list";
  e[2].repetition_type = f::FieldRepetitionType::kRepeated;
  e[2].num_children = 1;
  e[3].name = "element";
  e[3].repetition_type = f::FieldRepetitionType::kOptional;
  e[3].type = f::Type::kByteArray;
  e[3].logical_type = f::StringType{};
  e[4].name = "point";
  e[4].repetition_type = f::FieldRepetitionType::kRequired;
  e[4].num_children = 2;
  e[5].name = "x";
  e[5].repetition_type = f::FieldRepetitionType::kRequired;
  e[5].type = f::Type::kDouble;
  e[6].name = "y";
  e[6].repetition_type = f::FieldRepetitionType::kOptional;
  e[6].type = f::Type::kDouble;
  e.resize(7);
  SchemaDescriptor desc(e);
  ASSERT_EQ(desc.num_columns(), 3);
  EXPECT_EQ(desc.column(0).dotted_path(), "tags.list.element");
  EXPECT_EQ(desc.column(0).max_definition_level, 3);
  EXPECT_EQ(desc.column(0).max_repetition_level, 1);
  EXPECT_EQ(desc.column(2).max_definition_level, 1);
  auto arrow = to_arrow_schema(desc, nullptr, std::nullopt);
  EXPECT_EQ(arrow->to_string(), "tags: list<element: string>\npoint: struct<x: double not null, y: double> not null\n");
}

TEST(ParquetSchema, LeafTypesFollowPyarrow) {
  f::SchemaElement e;
  e.name = "c";
  e.type = f::Type::kInt96;
  EXPECT_EQ(arrow_type_of_leaf(e)->to_string(), "timestamp[ns]");
  e.type = f::Type::kInt64;
  e.converted_type = f::ConvertedType::kTimestampMicros;
  EXPECT_EQ(arrow_type_of_leaf(e)->to_string(), "timestamp[us, tz=UTC]");
  e.type = f::Type::kFixedLenByteArray;
  e.type_length = 32;
  e.converted_type.reset();
  e.logical_type = f::DecimalType{2, 70};
  EXPECT_THROW(arrow_type_of_leaf(e), NotImplemented);
}

}  // namespace
}  // namespace strata::parquet
