#include "strata/compute/group_by.h"

#include <gtest/gtest.h>

#include "strata/compute/dictionary_encode.h"
#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;
using columnar::Table;

TEST(GroupBy, OneStringKeyAllAggregates) {
  const Table t = Table::from_arrays(
      {"region", "amount", "qty"},
      {strings({"north", "south", "north", std::nullopt, "south", "north"}), f64({1.5, 2.0, std::nullopt, 4.0, 6.0, 2.5}),
       i64({1, 2, 3, 4, 5, 6})});
  const Table g = group_by(t, {"region"},
                           {{"amount", AggregateFunction::kSum, ""},
                            {"amount", AggregateFunction::kCount, ""},
                            {"amount", AggregateFunction::kMean, ""},
                            {"qty", AggregateFunction::kMin, ""},
                            {"qty", AggregateFunction::kMax, "top"},
                            {"qty", AggregateFunction::kSum, ""}});
  ASSERT_EQ(g.num_rows(), 3);
  EXPECT_EQ(g.schema()->field_names(),
            (std::vector<std::string>{"region", "amount_sum", "amount_count", "amount_mean", "qty_min", "top", "qty_sum"}));
  // north: amounts 1.5, null, 2.5, qty 1, 3, 6; south: 2.0, 6.0, qty 2, 5; null: 4.0, qty 4.
  EXPECT_EQ(g.column("region").combine().to_string(), "[\"north\", \"south\", null]");
  EXPECT_EQ(g.column("amount_sum").combine().to_string(), "[4, 8, 4]");
  EXPECT_EQ(g.column("amount_count").combine().to_string(), "[2, 2, 1]");
  EXPECT_EQ(g.column("amount_mean").combine().to_string(), "[2, 4, 4]");
  EXPECT_EQ(g.column("qty_min").combine().to_string(), "[1, 2, 4]");
  EXPECT_EQ(g.column("top").combine().to_string(), "[6, 5, 4]");
  EXPECT_EQ(g.column("qty_sum").combine().to_string(), "[10, 7, 4]");
  EXPECT_TRUE(g.column("qty_sum").type()->equals(*columnar::int64()));
}

TEST(GroupBy, SeveralKeysDictionaryAndIntegers) {
  const Table t = Table::from_arrays(
      {"k1", "k2", "v"},
      {dictionary_encode(strings({"a", "b", "a", "a", "b"})), i64({1, 1, 2, 1, 1}), numbers<int32_t>({10, 20, 30, 40, std::nullopt})});
  const Table g = group_by(t, {"k1", "k2"}, {{"v", AggregateFunction::kSum, ""}, {"v", AggregateFunction::kCount, ""}});
  ASSERT_EQ(g.num_rows(), 3);
  EXPECT_EQ(g.column("k2").combine().to_string(), "[1, 1, 2]");
  EXPECT_EQ(dictionary_decode(g.column("k1").combine()).to_string(), "[\"a\", \"b\", \"a\"]");
  EXPECT_EQ(g.column("v_sum").combine().to_string(), "[50, 20, 30]");
  EXPECT_EQ(g.column("v_count").combine().to_string(), "[2, 1, 1]");
}

TEST(GroupBy, EmptyTableChunkedColumnsAndErrors) {
  const Table empty = Table::from_arrays({"k", "v"}, {i64({}), f64({})});
  EXPECT_EQ(group_by(empty, {"k"}, {{"v", AggregateFunction::kSum, ""}}).num_rows(), 0);
  const Table t(columnar::schema({columnar::field("k", columnar::int64()), columnar::field("v", columnar::float64())}),
                {columnar::ChunkedArray({i64({1, 2}), i64({1})}), columnar::ChunkedArray({f64({0.5, 1.0}), f64({0.25})})});
  const Table g = group_by(t, {"k"}, {{"v", AggregateFunction::kMax, ""}});
  EXPECT_EQ(g.column("v_max").combine().to_string(), "[0.5, 1]");
  EXPECT_THROW(group_by(t, {"missing"}, {}), SchemaError);
  const Table s = Table::from_arrays({"k", "s"}, {i64({1}), strings({"x"})});
  EXPECT_THROW(group_by(s, {"k"}, {{"s", AggregateFunction::kSum, ""}}), TypeError);
  EXPECT_EQ(group_by(s, {"k"}, {{"s", AggregateFunction::kCount, ""}}).column("s_count").combine().to_string(), "[1]");
}

}  // namespace
}  // namespace strata::compute
