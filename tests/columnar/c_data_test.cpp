#include "strata/columnar/c_data.h"

#include <gtest/gtest.h>

#include <map>

#include "sample_arrays.h"
#include "strata/core/error.h"

namespace strata::columnar {
namespace {

using testing::all_samples;

// Export with a schema and import back: same type, same values, buffers shared (not copied).
Array round_trip(const Array& a) {
  ArrowArray c_array;
  ArrowSchema c_schema;
  export_array(a, &c_array, &c_schema);
  Array back = import_array(&c_array, &c_schema);
  EXPECT_EQ(c_array.release, nullptr);  // moved into the import
  EXPECT_EQ(c_schema.release, nullptr);
  return back;
}

TEST(CData, RoundTripEveryTypeWholeSlicedAndEmpty) {
  for (const auto& [name, array] : all_samples()) {
    SCOPED_TRACE(name);
    for (auto [offset, length] : {std::pair<int64_t, int64_t>{0, 5}, {1, 3}, {2, 3}, {4, 1}, {3, 0}, {5, 0}}) {
      SCOPED_TRACE(::testing::Message() << "slice " << offset << "+" << length);
      Array a = array.slice(offset, length);
      Array back = round_trip(a);
      EXPECT_TRUE(back.type()->equals(*a.type())) << back.type()->to_string();
      EXPECT_EQ(back.length(), length);
      EXPECT_EQ(back.offset(), a.offset());
      EXPECT_EQ(back.null_count(), a.null_count());
      EXPECT_TRUE(back.equals(a)) << back.to_string() << " vs " << a.to_string();
      EXPECT_EQ(back.to_string(), a.to_string());
      // Zero-copy: the values buffer is the very same memory.
      if (a.type_id() != TypeId::kNull && a.type_id() != TypeId::kStruct &&
          a.type_id() != TypeId::kFixedSizeList) {
        EXPECT_EQ(back.data()->buffers[1]->data(), a.data()->buffers[1]->data());
      }
    }
  }
}

TEST(CData, SampleValuesAreWhatTheBuildersWereGiven) {
  // Guards the samples themselves, so the round trip compares meaningful arrays.
  std::map<std::string, std::string> expected = {
      {"int8", "[-128, null, 0, 1, 127]"},
      {"list", "[[1, 2], null, [], [null, 4], [5]]"},
      {"struct", "[{a: 1, b: one}, null, {a: null, b: three}, {a: 4, b: null}, {a: 5, b: five}]"},
      {"dictionary", "[\"GBP\", null, \"EUR\", \"GBP\", \"USD\"]"},
      {"decimal128", "[1.50, null, -12345678.99, 0.00, -0.01]"},
      {"fixed_size_list", "[[0, 1], null, [4, 5], [6, 7], [8, 9]]"},
  };
  for (const auto& [name, array] : all_samples()) {
    if (expected.count(name)) {
      EXPECT_EQ(array.to_string(), expected[name]) << name;
    }
  }
}

TEST(CData, FormatStrings) {
  EXPECT_EQ(arrow_format(*int8()), "c");
  EXPECT_EQ(arrow_format(*uint64()), "L");
  EXPECT_EQ(arrow_format(*float16()), "e");
  EXPECT_EQ(arrow_format(*float64()), "g");
  EXPECT_EQ(arrow_format(*utf8()), "u");
  EXPECT_EQ(arrow_format(*large_utf8()), "U");
  EXPECT_EQ(arrow_format(*binary()), "z");
  EXPECT_EQ(arrow_format(*large_binary()), "Z");
  EXPECT_EQ(arrow_format(*fixed_size_binary(16)), "w:16");
  EXPECT_EQ(fixed_size_binary(kMaxFixedSizeBinaryWidth)->bit_width(), kMaxFixedSizeBinaryWidth * 8);
  EXPECT_THROW(fixed_size_binary(kMaxFixedSizeBinaryWidth + 1), InvalidArgument);  // its bit width would overflow
  EXPECT_THROW(fixed_size_binary(-1), InvalidArgument);
  EXPECT_EQ(arrow_format(*decimal128(38, 10)), "d:38,10");
  EXPECT_EQ(arrow_format(*date32()), "tdD");
  EXPECT_EQ(arrow_format(*date64()), "tdm");
  EXPECT_EQ(arrow_format(*time32(TimeUnit::kMilli)), "ttm");
  EXPECT_EQ(arrow_format(*time64(TimeUnit::kNano)), "ttn");
  EXPECT_EQ(arrow_format(*timestamp(TimeUnit::kMicro, "UTC")), "tsu:UTC");
  EXPECT_EQ(arrow_format(*timestamp(TimeUnit::kSecond)), "tss:");
  EXPECT_EQ(arrow_format(*duration(TimeUnit::kNano)), "tDn");
  EXPECT_EQ(arrow_format(*dictionary(int16(), utf8())), "s");
  EXPECT_EQ(arrow_format(*list(int64())), "+l");
  EXPECT_EQ(arrow_format(*large_list(field("item", int64()))), "+L");
  EXPECT_EQ(arrow_format(*fixed_size_list(field("item", int64()), 3)), "+w:3");
  EXPECT_EQ(arrow_format(*struct_({})), "+s");
  EXPECT_EQ(arrow_format(*map(utf8(), int64())), "+m");
}

TEST(CData, SchemaFlagsNamesAndMetadata) {
  KeyValueMetadata md({{"k", "v"}, {"empty", ""}});
  auto s = schema({field("id", int64(), false, md), field("ccy", dictionary(int8(), utf8(), true)),
                   field("m", map(utf8(), float64(), true)),
                   field("ts", timestamp(TimeUnit::kMilli, "America/New_York"))},
                  KeyValueMetadata(std::vector<std::pair<std::string, std::string>>{{"origin", "test"}}));
  ArrowSchema c;
  export_schema(*s, &c);
  ASSERT_EQ(std::string(c.format), "+s");
  ASSERT_EQ(c.n_children, 4);
  EXPECT_EQ(std::string(c.children[0]->name), "id");
  EXPECT_EQ(c.children[0]->flags, 0);
  EXPECT_EQ(c.children[1]->flags, ARROW_FLAG_NULLABLE | ARROW_FLAG_DICTIONARY_ORDERED);
  EXPECT_EQ(std::string(c.children[1]->format), "c");
  ASSERT_NE(c.children[1]->dictionary, nullptr);
  EXPECT_EQ(std::string(c.children[1]->dictionary->format), "u");
  EXPECT_EQ(c.children[2]->flags, ARROW_FLAG_NULLABLE | ARROW_FLAG_MAP_KEYS_SORTED);
  EXPECT_EQ(std::string(c.children[2]->children[0]->format), "+s");
  EXPECT_EQ(c.children[2]->children[0]->flags, 0);  // entries are not nullable
  EXPECT_EQ(std::string(c.children[3]->format), "tsm:America/New_York");
  // Metadata bytes as the spec lays them out: int32 count, then int32 length + bytes for each key and value.
  const char* m = c.children[0]->metadata;
  ASSERT_NE(m, nullptr);
  int32_t n;
  std::memcpy(&n, m, 4);
  EXPECT_EQ(n, 2);
  std::memcpy(&n, m + 4, 4);
  EXPECT_EQ(n, 1);
  EXPECT_EQ(m[8], 'k');
  EXPECT_EQ(c.children[1]->metadata, nullptr);

  SchemaPtr back = import_schema(&c);
  EXPECT_EQ(c.release, nullptr);
  EXPECT_TRUE(back->equals(*s, /*check_metadata=*/true)) << back->to_string();
  EXPECT_FALSE(back->field(0)->nullable());
  EXPECT_EQ(back->field(0)->metadata(), md);
  EXPECT_TRUE(back->field(1)->type()->ordered());
  EXPECT_TRUE(back->field(2)->type()->keys_sorted());
  EXPECT_EQ(back->metadata().get("origin"), "test");
}

TEST(CData, RecordBatchRoundTrip) {
  auto samples = all_samples();
  std::vector<FieldPtr> fields;
  std::vector<Array> columns;
  for (const auto& [name, array] : samples) {
    fields.push_back(field(name, array.type()));
    columns.push_back(array);
  }
  RecordBatch batch(schema(fields, KeyValueMetadata(std::vector<std::pair<std::string, std::string>>{{"a", "b"}})), columns);
  for (auto [offset, length] : {std::pair<int64_t, int64_t>{0, 5}, {2, 2}, {5, 0}}) {
    RecordBatch b = batch.slice(offset, length);
    ArrowArray c_array;
    ArrowSchema c_schema;
    export_record_batch(b, &c_array, &c_schema);
    EXPECT_EQ(c_array.n_children, static_cast<int64_t>(samples.size()));
    EXPECT_EQ(c_array.length, length);
    RecordBatch back = import_record_batch(&c_array, &c_schema);
    EXPECT_TRUE(back.equals(b));
    EXPECT_EQ(back.schema()->metadata().get("a"), "b");
  }
}

// A counting release shim around an exported array's own callback.
int g_release_calls = 0;
void (*g_inner_release)(ArrowArray*) = nullptr;
void counting_release(ArrowArray* a) {
  ++g_release_calls;
  a->release = g_inner_release;
  g_inner_release(a);
  EXPECT_EQ(a->release, nullptr);
}

TEST(CData, ImportedBuffersKeepTheForeignArrayAliveUntilTheLastOneDies) {
  g_release_calls = 0;
  StringBuilder b;
  b.append("alpha");
  b.append("beta");
  ArrowArray c;
  export_array(b.finish(), &c);
  g_inner_release = c.release;
  c.release = &counting_release;
  Array imported = import_array(&c, utf8());
  BufferPtr data_buffer = imported.data()->buffers[2];
  Array slice = imported.slice(1, 1);
  imported = Array();
  EXPECT_EQ(g_release_calls, 0);
  EXPECT_EQ(StringArray(slice).value(0), "beta");
  slice = Array();
  EXPECT_EQ(g_release_calls, 0);
  EXPECT_EQ(data_buffer->view(), "alphabeta");
  data_buffer.reset();
  EXPECT_EQ(g_release_calls, 1);
}

TEST(CData, ExportedArrayOutlivesOurHandles) {
  ArrowArray c;
  {
    Int64Builder b;
    b.append(41);
    b.append(42);
    export_array(b.finish().slice(1), &c);
  }
  EXPECT_EQ(c.length, 1);
  EXPECT_EQ(c.offset, 1);
  EXPECT_EQ(c.null_count, 0);
  EXPECT_EQ(c.n_buffers, 2);
  EXPECT_EQ(c.buffers[0], nullptr);
  EXPECT_EQ(static_cast<const int64_t*>(c.buffers[1])[1], 42);
  c.release(&c);
  EXPECT_EQ(c.release, nullptr);
}

TEST(CData, MovedStructsAndMovedChildren) {
  Array s = all_samples()[0].array;
  for (const auto& sample : all_samples()) {
    if (sample.name == "struct") s = sample.array;
  }
  ArrowArray a;
  export_array(s, &a);
  // Move the struct (a bitwise copy, then mark the source released).
  ArrowArray moved = a;
  a.release = nullptr;
  // A consumer may move a child out and release the parent; the child must stay valid on its own.
  ArrowArray child = *moved.children[1];
  moved.children[1]->release = nullptr;
  moved.release(&moved);
  EXPECT_EQ(moved.release, nullptr);
  Array b = import_array(&child, utf8());
  EXPECT_EQ(b.to_string(), "[\"one\", null, \"three\", null, \"five\"]");
}

TEST(CData, ForeignProducer) {
  // A producer written the way a C library would: static buffers and a release that records its call.
  static int released = 0;
  static const uint8_t validity[1] = {0b1101};
  static const int32_t values[4] = {10, 0, 30, 40};
  static const void* buffers[2] = {validity, values};
  released = 0;
  ArrowArray c{};
  c.length = 3;
  c.offset = 1;
  c.null_count = -1;  // unknown: we count
  c.n_buffers = 2;
  c.buffers = buffers;
  c.release = [](ArrowArray* self) {
    ++released;
    self->release = nullptr;
  };
  {
    Array a = import_array(&c, int32());
    EXPECT_EQ(a.null_count(), 1);  // bits 1..3 of 0b1101 are 0,1,1 -> one null
    EXPECT_EQ(a.to_string(), "[null, 30, 40]");
    EXPECT_EQ(a.data()->buffers[1]->data(), reinterpret_cast<const uint8_t*>(values));
  }
  EXPECT_EQ(released, 1);
}

TEST(CData, ImportRejectsBadInputAndStillReleases) {
  static int released = 0;
  released = 0;
  ArrowSchema s{};
  s.format = "x?";
  s.name = "";
  s.release = [](ArrowSchema* self) {
    ++released;
    self->release = nullptr;
  };
  EXPECT_THROW(import_type(&s), NotImplemented);
  EXPECT_EQ(released, 1);

  ArrowArray c;
  export_array(all_samples()[3].array, &c);  // int16
  EXPECT_THROW(import_array(&c, utf8()), InvalidArgument);  // 2 buffers where 3 are expected
  EXPECT_EQ(c.release, nullptr);
}

}  // namespace
}  // namespace strata::columnar

namespace strata::columnar {
namespace {

// Arrays fresh from builders that were given nothing: length 0, no nulls, and they survive the interface.
TEST(CData, EmptyArraysFromEveryBuilder) {
  std::vector<Array> empties = {
      Int8Builder().finish(),
      UInt64Builder().finish(),
      DoubleBuilder().finish(),
      NumericBuilder<int64_t>(timestamp(TimeUnit::kNano, "UTC")).finish(),
      BooleanBuilder().finish(),
      StringBuilder().finish(),
      LargeBinaryBuilder().finish(),
      FixedSizeBinaryBuilder(fixed_size_binary(4)).finish(),
      FixedSizeBinaryBuilder(decimal128(38, 5)).finish(),
      ListBuilder(list(int32())).finish(Int32Builder().finish()),
      LargeListBuilder(large_list(field("item", utf8()))).finish(StringBuilder().finish()),
      StructBuilder(struct_({field("a", int16())})).finish({Int16Builder().finish()}),
      MapBuilder(map(utf8(), utf8())).finish(StringBuilder().finish(), StringBuilder().finish()),
  };
  for (const Array& a : empties) {
    SCOPED_TRACE(a.type()->to_string());
    EXPECT_EQ(a.length(), 0);
    EXPECT_EQ(a.null_count(), 0);
    EXPECT_EQ(a.to_string(), "[]");
    Array back = round_trip(a);
    EXPECT_TRUE(back.type()->equals(*a.type()));
    EXPECT_EQ(back.length(), 0);
    EXPECT_TRUE(back.equals(a));
  }
}

}  // namespace
}  // namespace strata::columnar
