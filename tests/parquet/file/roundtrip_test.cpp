// Table → Parquet file → table, for every option that changes the bytes (STYLE.md "Round trips").
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "parquet_test_tables.h"
#include "strata/core/error.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

using strata::testing::TempDir;
using columnar::Table;

struct Variant {
  io::CompressionType codec;
  int page_version;
  bool dictionary;
};

class ParquetRoundTrip : public ::testing::TestWithParam<Variant> {};

TEST_P(ParquetRoundTrip, EveryTypeWithNulls) {
  const Variant v = GetParam();
  TempDir dir;
  Table t = testing::all_types_table(3000);
  WriterOptions o;
  o.compression = v.codec;
  o.data_page_version = v.page_version;
  o.use_dictionary = v.dictionary;
  o.row_group_size = 1000;
  o.data_page_size = 2048;
  write_table(t, dir / "t.parquet", o);
  auto reader = FileReader::open(dir / "t.parquet");
  EXPECT_EQ(reader.num_rows(), 3000);
  EXPECT_EQ(reader.num_row_groups(), 3);
  Table back = reader.read();
  ASSERT_TRUE(back.schema()->equals(*t.schema())) << back.schema()->to_string();
  for (int c = 0; c < t.num_columns(); ++c) {
    EXPECT_TRUE(back.column(c).equals(t.column(c))) << t.schema()->field(c)->name();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Options, ParquetRoundTrip,
    ::testing::Values(Variant{io::CompressionType::kUncompressed, 1, true}, Variant{io::CompressionType::kSnappy, 1, true},
                      Variant{io::CompressionType::kSnappy, 2, false}, Variant{io::CompressionType::kGzip, 1, false},
                      Variant{io::CompressionType::kZstd, 2, true}, Variant{io::CompressionType::kLz4Raw, 1, true},
                      Variant{io::CompressionType::kBrotli, 2, true}));

TEST(ParquetRoundTripMore, ProjectionAndRowGroups) {
  TempDir dir;
  Table t = testing::transactions(10000);
  WriterOptions o;
  o.row_group_size = 2500;
  write_table(t, dir / "tx.parquet", o);
  auto reader = FileReader::open(dir / "tx.parquet");
  ReadOptions r;
  r.columns = {"category", "transaction_id"};
  Table two = reader.read(r);
  EXPECT_EQ(two.schema()->field_names(), (std::vector<std::string>{"category", "transaction_id"}));
  EXPECT_TRUE(two.column(0).equals(t.column("category")));
  EXPECT_TRUE(reader.read_row_group(2, {"amount"}).column(0).equals(t.column("amount").slice(5000, 2500)));
  EXPECT_THROW(reader.read_row_group(4), InvalidArgument);
  r.columns = {"nope"};
  EXPECT_THROW(reader.read(r), SchemaError);
}

TEST(ParquetRoundTripMore, EncodingsPerColumn) {
  TempDir dir;
  Table t = testing::all_types_table(2000);
  WriterOptions o;
  o.use_dictionary = false;
  o.column_encoding = {{"i32", format::Encoding::kDeltaBinaryPacked}, {"i64", format::Encoding::kDeltaBinaryPacked},
                       {"ts_ms", format::Encoding::kDeltaBinaryPacked}};
  write_table(t, dir / "e.parquet", o);
  EXPECT_TRUE(read_table(dir / "e.parquet").equals(t));
}

TEST(ParquetRoundTripMore, EmptyTableAndSlices) {
  TempDir dir;
  Table t = testing::all_types_table(100);
  write_table(t.slice(0, 0), dir / "empty.parquet");
  Table empty = read_table(dir / "empty.parquet");
  EXPECT_EQ(empty.num_rows(), 0);
  EXPECT_TRUE(empty.schema()->equals(*t.schema()));
  write_table(t.slice(17, 50), dir / "slice.parquet");
  EXPECT_TRUE(read_table(dir / "slice.parquet").equals(t.slice(17, 50)));
}

// dictionary<int32, string> columns: written from their dictionaries (merged across chunks), read back as
// dictionaries, with nulls in the indices and in the dictionary; also with use_dictionary off.
TEST(ParquetRoundTripMore, DictionaryColumns) {
  using namespace strata::columnar;
  auto make = [](std::vector<std::string> values, std::vector<int32_t> codes, std::vector<bool> valid) {
    StringBuilder dict;
    for (const auto& v : values) {
      if (v == "<null>") {
        dict.append_null();
      } else {
        dict.append(v);
      }
    }
    Int32Builder idx;
    for (size_t i = 0; i < codes.size(); ++i) {
      if (valid[i]) {
        idx.append(codes[i]);
      } else {
        idx.append_null();
      }
    }
    auto data = std::make_shared<ArrayData>(*idx.finish().data());
    data->type = dictionary(int32(), utf8());
    data->dictionary = dict.finish().data();
    return Array(data);
  };
  Array a = make({"EUR", "USD", "<null>"}, {0, 1, 1, 2, 0}, {true, true, false, true, true});
  Array b = make({"GBP", "EUR"}, {1, 0, 0}, {true, true, true});
  auto schema = columnar::schema({field("currency", dictionary(int32(), utf8()))});
  Table t(schema, {ChunkedArray({a, b}, dictionary(int32(), utf8()))});
  for (bool use_dictionary : {true, false}) {
    TempDir dir;
    WriterOptions o;
    o.use_dictionary = use_dictionary;
    write_table(t, dir / "d.parquet", o);
    Table back = read_table(dir / "d.parquet");
    EXPECT_EQ(back.schema()->field(0)->type()->to_string(), "dictionary<values=string, indices=int32>");
    EXPECT_EQ(back.column(0).to_string(), "[\"EUR\", \"USD\", null, null, \"EUR\", \"EUR\", \"GBP\", \"GBP\"]");
    ReadOptions r;
    r.filter = parse_filter("currency in ('GBP', 'USD')");
    EXPECT_EQ(read_table(dir / "d.parquet", r).column(0).to_string(), "[\"USD\", \"GBP\", \"GBP\"]");
  }
}

}  // namespace
}  // namespace strata::parquet

namespace strata::parquet {
namespace {

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The writer encodes columns in parallel and, with more than one thread, writes a row group while the next
// is encoded: the bytes never depend on the thread count, for whole tables and for small streamed batches.
TEST(ParquetRoundTripMore, BytesDoNotDependOnThreads) {
  TempDir dir;
  const Table t = testing::all_types_table(5000, 3);
  std::string first;
  for (int threads : {1, 2, 3, 8}) {
    WriterOptions o;
    o.row_group_size = 1200;
    o.data_page_size = 4096;
    o.threads = threads;
    write_table(t, dir / "t.parquet", o);
    const std::string bytes = file_bytes(dir / "t.parquet");
    if (first.empty()) first = bytes;
    EXPECT_EQ(bytes, first) << threads << " threads";
    FileWriter w(dir / "s.parquet", t.schema(), o);
    for (int64_t at = 0; at < t.num_rows(); at += 333) w.write(t.slice(at, std::min<int64_t>(333, t.num_rows() - at)));
    w.close();
    EXPECT_EQ(file_bytes(dir / "s.parquet"), first) << threads << " threads, streamed";
    EXPECT_TRUE(FileReader::open(dir / "s.parquet").read().equals(t));
  }
  // An empty table still makes one (empty) row group, with any thread count.
  for (int threads : {1, 2}) {
    WriterOptions o;
    o.threads = threads;
    write_table(t.slice(0, 0), dir / "e.parquet", o);
    auto reader = FileReader::open(dir / "e.parquet");
    EXPECT_EQ(reader.num_row_groups(), 1);
    EXPECT_EQ(reader.num_rows(), 0);
  }
}

}  // namespace
}  // namespace strata::parquet
