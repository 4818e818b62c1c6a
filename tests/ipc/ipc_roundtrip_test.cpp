#include <gtest/gtest.h>

#include "ipc_test_tables.h"
#include "strata/core/error.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "support/test_support.h"

namespace strata::ipc {
namespace {

using namespace strata::columnar;
using strata::testing::TempDir;

Table roundtrip_file(const Table& t, const WriteOptions& options = {}) {
  TempDir dir;
  write_feather(t, dir / "t.arrow", options);
  return read_feather(dir / "t.arrow");
}

Table roundtrip_stream(const Table& t, const WriteOptions& options = {}) {
  io::BufferOutputStream out;
  write_ipc_stream(t, out, options);
  auto bytes = std::make_shared<std::vector<uint8_t>>(out.release());
  return StreamReader::open(*bytes, bytes, "stream").read_all();
}

TEST(IpcRoundTrip, EveryTypeFileAndStream) {
  Table t = testing::all_types_table(101);
  EXPECT_TRUE(roundtrip_file(t).equals(t));
  EXPECT_TRUE(roundtrip_stream(t).equals(t));
  EXPECT_TRUE(roundtrip_file(testing::all_types_table(0)).equals(testing::all_types_table(0)));
}

TEST(IpcRoundTrip, CompressedBuffers) {
  Table t = testing::all_types_table(3000);
  for (auto codec : {io::CompressionType::kLz4Frame, io::CompressionType::kZstd}) {
    WriteOptions o;
    o.compression = codec;
    o.max_batch_rows = 1000;
    Table back = roundtrip_file(t, o);
    EXPECT_TRUE(back.equals(t)) << io::compression_name(codec);
    EXPECT_EQ(back.column(0).num_chunks(), 3);
  }
  WriteOptions bad;
  bad.compression = io::CompressionType::kSnappy;
  TempDir dir;
  EXPECT_THROW(write_feather(t, dir / "x.arrow", bad), InvalidArgument);
}

TEST(IpcRoundTrip, SlicedArraysAreWrittenFromTheirOffset) {
  Table t = testing::all_types_table(100);
  Table sliced = t.slice(13, 61);
  EXPECT_TRUE(roundtrip_file(sliced).equals(sliced));
  EXPECT_TRUE(roundtrip_stream(sliced, {.compression = io::CompressionType::kZstd}).equals(sliced));
}

TEST(IpcRoundTrip, NestedListsAndStructs) {
  // list<int64> with nulls, and struct<a: int32, b: string>.
  Int64Builder values;
  for (int i = 0; i < 10; ++i) values.append(i);
  Array child = values.finish();
  Int32Builder offsets_builder;
  for (int32_t o : {0, 2, 2, 5, 10}) offsets_builder.append(o);
  Array offsets = offsets_builder.finish();
  auto validity = Buffer::allocate_zeroed(1);
  validity->mutable_data()[0] = 0b1101;  // element 1 is null
  auto list_data = ArrayData::make(list(int64()), 4, {validity, offsets.data()->buffers[1]}, 1);
  list_data->children.push_back(child.data());
  Array lists(list_data);
  Int32Builder a;
  StringBuilder b;
  for (int i = 0; i < 4; ++i) {
    a.append(i * 10);
    b.append(std::string(static_cast<size_t>(i), 'z'));
  }
  StructArray st = StructArray::make({field("a", int32()), field("b", utf8())}, {a.finish(), b.finish()});
  Table t = Table::from_arrays({"lists", "st"}, {lists, st});
  Table back = roundtrip_file(t);
  EXPECT_TRUE(back.equals(t));
  EXPECT_EQ(back.column("lists").to_string(), "[[0, 1], null, [2, 3, 4], [5, 6, 7, 8, 9]]");
  EXPECT_TRUE(roundtrip_stream(t.slice(1, 3)).equals(t.slice(1, 3)));
}

TEST(IpcRoundTrip, DictionariesWithDeltasAndReplacements) {
  auto schema = columnar::schema({field("cat", dictionary(int32(), utf8()))});
  Array first = testing::dictionary_column({"a", "b"}, {0, 1, 1}, {true, false, true});
  Array grown = testing::dictionary_column({"a", "b", "c"}, {2, 0});
  Array replaced = testing::dictionary_column({"z"}, {0, 0});
  {
    TempDir dir;
    FileWriter w(dir / "d.arrow", schema);
    w.write(RecordBatch(schema, {first}));
    w.write(RecordBatch(schema, {grown}));  // a delta: "c"
    w.close();
    Table back = read_feather(dir / "d.arrow");
    EXPECT_EQ(back.column("cat").to_string(), "[\"a\", null, \"b\", \"c\", \"a\"]");
  }
  {
    TempDir dir;
    FileWriter w(dir / "d.arrow", schema);
    w.write(RecordBatch(schema, {first}));
    EXPECT_THROW(w.write(RecordBatch(schema, {replaced})), InvalidArgument);
  }
  io::BufferOutputStream out;
  StreamWriter w(out, schema);
  w.write(RecordBatch(schema, {first}));
  w.write(RecordBatch(schema, {grown}));
  w.write(RecordBatch(schema, {replaced}));
  w.close();
  auto bytes = std::make_shared<std::vector<uint8_t>>(out.release());
  Table back = StreamReader::open(*bytes, bytes, "s").read_all();
  EXPECT_EQ(back.column("cat").to_string(), "[\"a\", null, \"b\", \"c\", \"a\", \"z\", \"z\"]");
}

TEST(IpcRoundTrip, SchemaMetadataAndNullability) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  KeyValueMetadata meta(Pairs{{"origin", "strata"}, {"rows", "2"}});
  auto schema = columnar::schema(
      {field("id", int64(), false, KeyValueMetadata(Pairs{{"unit", "none"}})), field("n", null())}, meta);
  Int64Builder ids;
  ids.append(1);
  ids.append(2);
  Table t(schema, {ChunkedArray(ids.finish()), ChunkedArray(NullArray(2))});
  Table back = roundtrip_file(t);
  EXPECT_TRUE(back.schema()->equals(*schema, /*check_metadata=*/true));
  EXPECT_TRUE(back.equals(t));
}

TEST(IpcRoundTrip, UncompressedFilesAreReadZeroCopy) {
  TempDir dir;
  Table t = testing::all_types_table(1000);
  write_feather(t, dir / "z.arrow");
  auto reader = FileReader::open(dir / "z.arrow");
  RecordBatch batch = reader.read_record_batch(0);
  // The int64 values buffer is a view into the mapping, not an owned copy.
  EXPECT_FALSE(batch.column("i64").data()->buffers[1]->is_owned());
  EXPECT_TRUE(batch.column("i64").equals(t.column("i64").chunk(0)));
}

}  // namespace
}  // namespace strata::ipc
