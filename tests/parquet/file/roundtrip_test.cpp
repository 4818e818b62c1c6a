// Table → Parquet file → table, for every option that changes the bytes (STYLE.md "Round trips").
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace strata::parquet
