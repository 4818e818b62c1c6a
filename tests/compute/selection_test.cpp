#include "strata/compute/selection.h"

#include <gtest/gtest.h>

#include "strata/columnar/table.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/core/error.h"
#include "test_arrays.h"

namespace strata::compute {
namespace {

using namespace testing;
using columnar::ChunkedArray;

TEST(Filter, NullInMaskDropsRow) {
  const Array v = i64({1, 2, std::nullopt, 4, 5});
  const Array m = bools({true, std::nullopt, true, false, true});
  EXPECT_EQ(filter(v, m).to_string(), "[1, null, 5]");
  EXPECT_EQ(filter(strings({"a", "b", "c", "d", "e"}), m).to_string(), "[\"a\", \"c\", \"e\"]");
  EXPECT_EQ(filter(bools({true, false, false, true, true}), m).to_string(), "[true, false, true]");
  EXPECT_EQ(filter(v.slice(1, 3), m.slice(2, 3)).to_string(), "[2, 4]");
  EXPECT_EQ(filter(i64({}), bools({})).length(), 0);
  EXPECT_THROW(filter(v, bools({true})), InvalidArgument);
}

TEST(Filter, LongInputChunkedAndDictionary) {
  std::vector<std::optional<int64_t>> v;
  std::vector<std::optional<bool>> m;
  for (int64_t i = 0; i < 300; ++i) {
    v.push_back(i);
    m.push_back(i % 7 == 0);
  }
  const Array r = filter(i64(v), bools(m));
  ASSERT_EQ(r.length(), 43);  // 0, 7, ..., 294
  EXPECT_EQ(columnar::Int64Array(r).value(42), 294);
  const ChunkedArray c({i64({1, 2}), i64({3, 4, 5})});
  const ChunkedArray cm({bools({false, true, true}), bools({false, true})});
  EXPECT_EQ(filter(c, cm).combine().to_string(), "[2, 3, 5]");
  const Array d = dictionary_encode(strings({"x", "y", "x"}));
  EXPECT_EQ(dictionary_decode(filter(d, bools({false, true, true}))).to_string(), "[\"y\", \"x\"]");
}

TEST(Filter, TableKeepsChunksWithoutCombining) {
  // Two chunks per column; the output has one chunk per input chunk, each holding the rows kept from it.
  const ChunkedArray k({i64({1, 2, 3}), i64({4, std::nullopt})});
  const ChunkedArray s({strings({"a", "b", "c"}), strings({"d", "e"})});
  const columnar::Table t(columnar::schema({columnar::field("k", columnar::int64()), columnar::field("s", columnar::utf8())}),
                          {k, s}, 5);
  const auto f = filter(t, bools({true, false, true, std::nullopt, true}));
  EXPECT_EQ(f.num_rows(), 3);
  ASSERT_EQ(f.column(0).num_chunks(), 2);
  EXPECT_EQ(f.column(0).chunk(0).to_string(), "[1, 3]");
  EXPECT_EQ(f.column(0).chunk(1).to_string(), "[null]");
  EXPECT_EQ(f.column(1).combine().to_string(), "[\"a\", \"c\", \"e\"]");
  EXPECT_THROW(filter(t, bools({true})), InvalidArgument);
}

TEST(Take, IndicesWithNullsAndBounds) {
  const Array v = strings({"a", std::nullopt, "c", "d"});
  EXPECT_EQ(take(v, numbers<int32_t>({3, 0, std::nullopt, 1, 0})).to_string(), "[\"d\", \"a\", null, null, \"a\"]");
  EXPECT_EQ(take(f64({1.5, 2.5}), numbers<uint8_t>({1, 1, 0})).to_string(), "[2.5, 2.5, 1.5]");
  EXPECT_EQ(take(i64({1, 2, 3}).slice(1), i64({1})).to_string(), "[3]");
  EXPECT_THROW(take(v, i64({4})), InvalidArgument);
  EXPECT_THROW(take(v, i64({-1})), InvalidArgument);
  const auto t = columnar::Table::from_arrays({"k", "v"}, {i64({10, 20, 30}), strings({"x", "y", "z"})});
  const auto tt = take(t, i64({2, 0}));
  EXPECT_EQ(tt.column(0).combine().to_string(), "[30, 10]");
  EXPECT_EQ(tt.column(1).combine().to_string(), "[\"z\", \"x\"]");
}

TEST(SortIndices, SingleKeyNullsAndNaNLast) {
  const Array a = f64({3.0, std::nullopt, -1.0, std::nan(""), 3.0, 0.5});
  EXPECT_EQ(sort_indices(a).to_string(), "[2, 5, 0, 4, 3, 1]");
  EXPECT_EQ(sort_indices(a, SortOrder::kDescending).to_string(), "[0, 4, 5, 2, 3, 1]");
  EXPECT_EQ(sort_indices(strings({"pear", "apple", std::nullopt, "fig"})).to_string(), "[1, 3, 0, 2]");
  EXPECT_EQ(sort_indices(i64({})).length(), 0);
}

TEST(SortIndices, SeveralKeysAndDictionary) {
  const Array k1 = dictionary_encode(strings({"b", "a", "b", "a", std::nullopt}));
  const Array k2 = i64({1, 2, 3, 1, 0});
  EXPECT_EQ(sort_indices({{k1, SortOrder::kAscending}, {k2, SortOrder::kDescending}}).to_string(),
            "[1, 3, 2, 0, 4]");
  const auto t = columnar::Table::from_arrays({"g", "x"}, {k1, k2});
  EXPECT_EQ(sort_indices(t, {{"g", SortOrder::kDescending}, {"x", SortOrder::kAscending}}).to_string(),
            "[0, 2, 3, 1, 4]");
}

TEST(Unique, FirstAppearanceOrderWithNull) {
  EXPECT_EQ(unique(i64({3, 1, 3, std::nullopt, 1, 2})).to_string(), "[3, 1, null, 2]");
  EXPECT_EQ(unique(strings({"b", "a", "b"})).to_string(), "[\"b\", \"a\"]");
  EXPECT_EQ(unique(f64({0.0, -0.0, 1.5})).to_string(), "[0, 1.5]");
  EXPECT_EQ(unique(bools({true, true, false})).to_string(), "[true, false]");
  EXPECT_EQ(unique(i64({})).length(), 0);
}

TEST(ValueCounts, CountsPerValue) {
  const Array vc = value_counts(strings({"x", "y", std::nullopt, "x", "x", std::nullopt}));
  const columnar::StructArray s(vc);
  EXPECT_EQ(s.field(0).to_string(), "[\"x\", \"y\", null]");
  EXPECT_EQ(s.field(1).to_string(), "[3, 1, 2]");
  const columnar::StructArray si(value_counts(i64({5, 5, 6}).slice(1)));
  EXPECT_EQ(si.field(0).to_string(), "[5, 6]");
  EXPECT_EQ(si.field(1).to_string(), "[1, 1]");
}

}  // namespace
}  // namespace strata::compute
