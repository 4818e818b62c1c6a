#include "strata/columnar/builder.h"

#include <gtest/gtest.h>

#include "strata/columnar/chunked_array.h"
#include "strata/columnar/concatenate.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"

namespace strata::columnar {
namespace {

TEST(Builder, Int64WithNulls) {
  Int64Builder b;
  b.append(1);
  b.append_null();
  b.append(3);
  Array a = b.finish();
  ASSERT_EQ(a.length(), 3);
  EXPECT_EQ(a.null_count(), 1);
  EXPECT_TRUE(a.is_null(1));
  Int64Array v(a);
  EXPECT_EQ(v.value(0), 1);
  EXPECT_EQ(v.value(2), 3);
  EXPECT_EQ(a.to_string(), "[1, null, 3]");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data()->buffers[1]->data()) % kBufferAlignment, 0u);
}

TEST(Builder, NoNullsMeansNoBitmap) {
  DoubleBuilder b;
  std::vector<double> values = {1.5, 2.5, -0.0};
  b.append_values(values);
  Array a = b.finish();
  EXPECT_EQ(a.null_count(), 0);
  EXPECT_EQ(a.data()->buffers[0], nullptr);
  EXPECT_EQ(a.to_string(), "[1.5, 2.5, -0]");
}

TEST(Builder, GrowsPastManyReallocations) {
  Int32Builder b;
  for (int i = 0; i < 100000; ++i) {
    if (i % 7 == 0) {
      b.append_null();
    } else {
      b.append(i);
    }
  }
  Array a = b.finish();
  Int32Array v(a);
  ASSERT_EQ(a.length(), 100000);
  EXPECT_EQ(a.null_count(), (100000 + 6) / 7);
  for (int i = 0; i < 100000; ++i) {
    ASSERT_EQ(a.is_null(i), i % 7 == 0) << i;
    if (i % 7 != 0) {
      ASSERT_EQ(v.value(i), i);
    }
  }
}

TEST(Builder, StringsAndSlices) {
  StringBuilder b;
  b.append("EUR");
  b.append_null();
  b.append("");
  b.append("Dining");
  Array a = b.finish();
  StringArray s(a);
  EXPECT_EQ(s.value(0), "EUR");
  EXPECT_EQ(s.value(2), "");
  EXPECT_EQ(s.value(3), "Dining");
  Array tail = a.slice(1, 3);
  EXPECT_EQ(tail.null_count(), 1);
  EXPECT_EQ(tail.to_string(), "[null, \"\", \"Dining\"]");
  EXPECT_EQ(StringArray(tail.slice(2)).value(0), "Dining");
  EXPECT_THROW(a.slice(3, 2), InvalidArgument);
}

TEST(Builder, BooleanAndTrueCount) {
  BooleanBuilder b;
  for (int i = 0; i < 130; ++i) b.append(i % 3 == 0);
  b.append_null();
  Array a = b.finish();
  BooleanArray v(a);
  EXPECT_EQ(a.length(), 131);
  EXPECT_EQ(v.true_count(), 44);
  EXPECT_EQ(BooleanArray(a.slice(1, 5)).true_count(), 1);  // 3
  EXPECT_EQ(BooleanArray(a.slice(3, 128)).true_count(), 43);  // 3, 6, ..., 129 (the null last)
}

TEST(Builder, TimestampsAndDecimals) {
  NumericBuilder<int64_t> ts(timestamp(TimeUnit::kMilli));
  ts.append(1720597341442);
  Array t = ts.finish();
  EXPECT_EQ(t.type()->to_string(), "timestamp[ms]");
  EXPECT_EQ(value_to_string(t, 0), "2024-07-10T07:42:21.442");

  FixedSizeBinaryBuilder d(decimal128(10, 2));
  d.append(Decimal128::parse("-12.5", 2));
  d.append(Decimal128::parse("0.07", 2));
  d.append_null();
  Array dec = d.finish();
  EXPECT_EQ(Decimal128Array(dec).value(0).to_string(2), "-12.50");
  EXPECT_EQ(value_to_string(dec, 1), "0.07");
  EXPECT_TRUE(dec.is_null(2));
  EXPECT_THROW(Decimal128::parse("1.234", 2), InvalidArgument);
}

TEST(Builder, WrongViewIsATypeError) {
  Int64Builder b;
  b.append(1);
  Array a = b.finish();
  EXPECT_THROW(DoubleArray{a}, TypeError);
  EXPECT_THROW(StringArray{a}, TypeError);
}

TEST(Concatenate, MixedNullsAndOffsets) {
  StringBuilder b1, b2;
  b1.append("a");
  b1.append("bb");
  b2.append_null();
  b2.append("ccc");
  b2.append("dddd");
  Array joined = concatenate({b1.finish().slice(1), b2.finish().slice(0, 2)});
  EXPECT_EQ(joined.to_string(), "[\"bb\", null, \"ccc\"]");
  EXPECT_EQ(joined.null_count(), 1);
}

TEST(Table, FromArraysSliceAndBatches) {
  Int64Builder ids;
  StringBuilder names;
  for (int i = 0; i < 10; ++i) {
    ids.append(i);
    names.append(std::string(static_cast<size_t>(i), 'x'));
  }
  Table t = Table::from_arrays({"id", "name"}, {ids.finish(), names.finish()});
  EXPECT_EQ(t.num_rows(), 10);
  EXPECT_EQ(t.schema()->field_names(), (std::vector<std::string>{"id", "name"}));
  auto batches = t.to_batches(4);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[2].num_rows(), 2);
  Table back = Table::from_batches(batches);
  EXPECT_EQ(back.column(0).num_chunks(), 3);
  EXPECT_TRUE(back.equals(t));
  EXPECT_EQ(t.slice(8, 2).column("id").to_string(), "[8, 9]");
  EXPECT_THROW(t.column("missing"), SchemaError);
}

}  // namespace
}  // namespace strata::columnar
