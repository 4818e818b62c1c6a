#include <gtest/gtest.h>

#include "sample_arrays.h"
#include "strata/columnar/builder.h"
#include "strata/columnar/canonical.h"
#include "strata/columnar/chunked_array.h"
#include "strata/columnar/concatenate.h"
#include "strata/core/error.h"

namespace strata::columnar {
namespace {

// Every type: the null at index 1 survives building and slicing at any offset, and slices count their own
// nulls (values themselves are checked per row in canonical_test.cpp).
TEST(EveryType, NullsAndSlices) {
  for (const auto& [name, array] : testing::all_samples()) {
    SCOPED_TRACE(name);
    ASSERT_EQ(array.length(), 5);
    const bool all_null = name == "null";
    EXPECT_EQ(array.null_count(), all_null ? 5 : 1);
    EXPECT_TRUE(array.is_null(1));
    EXPECT_EQ(array.is_valid(0), !all_null);
    for (int64_t offset = 0; offset <= 5; ++offset) {
      for (int64_t length = 0; offset + length <= 5; ++length) {
        Array s = array.slice(offset, length);
        EXPECT_EQ(s.length(), length);
        int64_t nulls = 0;
        for (int64_t i = 0; i < length; ++i) {
          EXPECT_EQ(s.is_null(i), array.is_null(offset + i));
          nulls += array.is_null(offset + i);
        }
        EXPECT_EQ(s.null_count(), nulls);
        EXPECT_TRUE(s.equals(array.slice(offset).slice(0, length)));
      }
    }
    EXPECT_THROW(array.slice(3, 3), InvalidArgument);
    EXPECT_EQ(array.slice(5, 0).to_string(), "[]");
  }
}

// Concatenating slices of every type gives the rows in order (compared through their canonical text).
TEST(EveryType, ConcatenateSlicesAndCombineChunks) {
  auto text = [](const Array& a, int64_t i) {
    std::string s;
    append_canonical_value(s, a, i);
    return s;
  };
  for (const auto& [name, array] : testing::all_samples()) {
    SCOPED_TRACE(name);
    Array whole = concatenate({array.slice(0, 2), array.slice(2, 0), array.slice(2, 3)});
    EXPECT_TRUE(whole.equals(array));
    Array mixed = concatenate({array.slice(3, 2), array.slice(0, 1)});
    ASSERT_EQ(mixed.length(), 3);
    EXPECT_EQ(mixed.null_count(), 0 + (name == "null" ? 3 : 0));
    const int64_t rows[] = {3, 4, 0};
    for (int64_t i = 0; i < 3; ++i) EXPECT_EQ(text(mixed, i), text(array, rows[i])) << i;
    ChunkedArray chunked({array.slice(1, 2), array.slice(4, 1)});
    Array combined = chunked.combine();
    EXPECT_EQ(combined.null_count(), name == "null" ? 3 : 1);
    EXPECT_EQ(text(combined, 0), text(array, 1));
    EXPECT_EQ(text(combined, 2), text(array, 4));
    EXPECT_EQ(concatenate({}, array.type()).length(), 0);
  }
}

TEST(ListBuilder, OffsetsValidityAndReuse) {
  ListBuilder b(list(int32()));
  Int32Builder items;
  items.append(1), items.append(2), items.append(3);
  b.append(3);
  b.append_null();
  b.append(0);
  items.append(4);
  b.append(1);
  EXPECT_EQ(b.value_length(), 4);
  Array a = b.finish(items.finish());
  EXPECT_EQ(a.to_string(), "[[1, 2, 3], null, [], [4]]");
  ListArray l(a);
  EXPECT_EQ(l.value_offset(3), 3);
  EXPECT_EQ(l.value_length(1), 0);
  // A slice at a non-zero offset still finds its items through the shared offsets.
  ListArray tail(a.slice(3, 1));
  EXPECT_EQ(tail.value_slice(0).to_string(), "[4]");
  // Empty and reused builders.
  Array empty = b.finish(Int32Builder().finish());
  EXPECT_EQ(empty.length(), 0);
  EXPECT_EQ(ListArray(empty).raw_offsets()[0], 0);
  EXPECT_EQ(empty.to_string(), "[]");
}

TEST(ListBuilder, RejectsMismatchedItems) {
  ListBuilder b(list(int64()));
  b.append(2);
  Int64Builder one;
  one.append(1);
  EXPECT_THROW(b.finish(one.finish()), InvalidArgument);
  Int32Builder wrong;
  wrong.append(1), wrong.append(2);
  EXPECT_THROW(b.finish(wrong.finish()), TypeError);
  EXPECT_THROW(b.append(-1), InvalidArgument);
  EXPECT_THROW(ListBuilder{large_list(field("item", int64()))}, TypeError);
  EXPECT_THROW(LargeListBuilder{list(int64())}, TypeError);
}

TEST(LargeListBuilder, SixtyFourBitOffsets) {
  LargeListBuilder b(large_list(field("item", float64())));
  DoubleBuilder items;
  items.append(0.5);
  b.append(1);
  b.append_nulls(2);
  Array a = b.finish(items.finish());
  EXPECT_EQ(a.data()->buffers[1]->size(), 4 * 8);
  EXPECT_EQ(a.to_string(), "[[0.5], null, null]");
  EXPECT_EQ(a.null_count(), 2);
}

TEST(StructBuilder, NullsAndChildren) {
  auto type = struct_({field("x", int64()), field("y", boolean())});
  StructBuilder b(type);
  Int64Builder x;
  BooleanBuilder y;
  x.append(1), y.append(true), b.append();
  x.append_null(), y.append_null(), b.append_null();
  x.append(3), y.append(false), b.append();
  Array a = b.finish({x.finish(), y.finish()});
  EXPECT_EQ(a.to_string(), "[{x: 1, y: true}, null, {x: 3, y: false}]");
  StructArray s(a.slice(2));
  EXPECT_EQ(s.field(0).to_string(), "[3]");
  EXPECT_EQ(StructBuilder(type).finish({Int64Builder().finish(), BooleanBuilder().finish()}).length(), 0);
  StructBuilder c(type);
  c.append();
  EXPECT_THROW(c.finish({Int64Builder().finish(), BooleanBuilder().finish()}), InvalidArgument);
  EXPECT_THROW(StructBuilder{int64()}, TypeError);
}

TEST(MapBuilder, EntriesAndNullKeys) {
  MapBuilder b(map(utf8(), int32()));
  StringBuilder k;
  Int32Builder v;
  k.append("a"), v.append(1), k.append("b"), v.append(2), b.append(2);
  b.append_null();
  Array m = b.finish(k.finish(), v.finish());
  EXPECT_EQ(m.to_string(), "[[{key: a, value: 1}, {key: b, value: 2}], null]");
  MapBuilder c(map(utf8(), int32()));
  c.append(1);
  StringBuilder nk;
  nk.append_null();
  Int32Builder nv;
  nv.append(1);
  EXPECT_THROW(c.finish(nk.finish(), nv.finish()), InvalidArgument);
}

}  // namespace
}  // namespace strata::columnar
