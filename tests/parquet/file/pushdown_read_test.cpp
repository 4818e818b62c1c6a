// Filtered reads equal filtering the full table, whatever the pruning skipped (issue 3: "The result is always
// identical to filtering the full table").
#include <gtest/gtest.h>

#include "parquet_test_tables.h"
#include "row_filter.h"
#include "pushdown.h"
#include "strata/core/error.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

using columnar::Array;
using columnar::Table;
using strata::testing::TempDir;

// The reference: evaluate the filter over the whole table, row by row, and keep the passing rows.
Table filter_by_hand(const Table& t, const std::string& text, const std::vector<std::string>& columns) {
  const Filter f = internal::bind_filter(parse_filter(text), *t.schema());
  Table whole = t.combine_chunks();
  std::map<std::string, Array> cols;
  for (const auto& name : f.columns()) cols[name] = whole.column(name).chunk(0);
  const auto mask = internal::evaluate_rows(f, cols, whole.num_rows());
  std::vector<Table> pieces;
  std::vector<columnar::RecordBatch> batches;
  for (int64_t i = 0; i < whole.num_rows(); ++i) {
    if (mask[static_cast<size_t>(i)]) batches.push_back(whole.select(columns).slice(i, 1).to_batches()[0]);
  }
  return Table::from_batches(batches, whole.select(columns).schema());
}

class PushdownRead : public ::testing::Test {
 protected:
  void SetUp() override {
    table_ = testing::transactions(20000);
    WriterOptions o;
    o.row_group_size = 5000;
    o.data_page_size = 4096;
    write_table(table_, dir_ / "tx.parquet", o);
  }
  TempDir dir_;
  Table table_;
};

TEST_F(PushdownRead, EqualsFilteringTheFullTable) {
  auto reader = FileReader::open(dir_ / "tx.parquet");
  const std::vector<std::string> cols = {"transaction_id", "amount", "category"};
  for (const char* text :
       {"is_fraud = true", "transaction_id < 100", "transaction_id >= 12000 and transaction_id < 12010",
        "category in ('Dining', 'Travel') and amount > 200", "currency = 'JPY' or transaction_id = 5",
        "amount <= 10.5 and is_fraud = false", "category not in ('Dining')", "customer_id = 77",
        "timestamp < '2024-01-02T00:00:00'", "transaction_id = -1", "amount is null", "amount is not null"}) {
    for (int threads : {1, 2}) {
      ReadOptions r;
      r.columns = cols;
      r.filter = parse_filter(text);
      r.threads = threads;
      ReadStats stats;
      Table got = reader.read(r, &stats);
      Table want = filter_by_hand(table_, text, cols);
      ASSERT_EQ(got.num_rows(), want.num_rows()) << text;
      EXPECT_TRUE(got.equals(want)) << text;
      EXPECT_EQ(stats.rows_out, want.num_rows()) << text;
    }
  }
}

TEST_F(PushdownRead, StatisticsAndThePageIndexSkipWork) {
  auto reader = FileReader::open(dir_ / "tx.parquet");
  ReadOptions r;
  r.columns = {"transaction_id", "amount"};
  r.filter = parse_filter("transaction_id >= 12000 and transaction_id < 12010");
  ReadStats stats;
  Table got = reader.read(r, &stats);
  EXPECT_EQ(got.num_rows(), 10);
  EXPECT_EQ(stats.row_groups, 4);
  EXPECT_EQ(stats.row_groups_read, 1);  // ids are ascending: only row group 2 can hold them
  EXPECT_LT(stats.pages_read, stats.pages / 4) << stats.pages_read << " of " << stats.pages;
  EXPECT_LT(stats.rows_scanned, 2000);
  r.use_page_index = false;
  ReadStats without;
  EXPECT_TRUE(reader.read(r, &without).equals(got));
  EXPECT_GT(without.rows_scanned, stats.rows_scanned);
}

TEST_F(PushdownRead, BatchesRowGroupByRowGroupEqualTheWholeRead) {
  auto reader = FileReader::open(dir_ / "tx.parquet");
  ReadOptions r;
  r.columns = {"transaction_id", "category"};
  r.filter = parse_filter("transaction_id >= 4990 and transaction_id < 10010 and is_fraud = false");
  std::vector<columnar::RecordBatch> batches;
  auto it = reader.batches(r);
  while (auto batch = it.next()) {
    EXPECT_LE(batch->num_rows(), 5000);  // never more than one row group at a time
    batches.push_back(std::move(*batch));
  }
  EXPECT_EQ(batches.size(), 3u);  // row groups 0, 1 and 2 hold matching rows; 3 is pruned
  EXPECT_TRUE(columnar::Table::from_batches(batches).equals(reader.read(r)));
  r.row_groups = {1};
  EXPECT_EQ(reader.read(r).num_rows(), filter_by_hand(table_.slice(5000, 5000), "transaction_id >= 4990 and transaction_id < 10010 and is_fraud = false", r.columns).num_rows());
  r.row_groups = {7};
  EXPECT_THROW(reader.read(r), InvalidArgument);
}

// Late materialisation copies only the passing rows' values straight from PLAIN and dictionary pages
// without nulls (and falls back to whole-page decoding for pages with nulls or other encodings): every type,
// both page versions, dictionary on and off, compressed or not, sparse and dense selections.
TEST(PushdownLateMaterialisation, EveryTypeEqualsFilteringTheFullTable) {
  TempDir dir;
  // Rows without nulls first (pages without nulls), then rows with nulls.
  const Table mixed = testing::all_types_table(3000, 11);
  const Table dense = filter_by_hand(mixed, "i8 is not null", mixed.schema()->field_names());
  const Table table = Table::from_batches({dense.combine_chunks().to_batches()[0], mixed.slice(0, 1500).combine_chunks().to_batches()[0]});
  for (int version : {1, 2}) {
    for (bool dictionary : {true, false}) {
      for (auto codec : {io::CompressionType::kSnappy, io::CompressionType::kUncompressed}) {
        WriterOptions o;
        o.row_group_size = 1700;
        o.data_page_size = 2000;
        o.data_page_version = version;
        o.use_dictionary = dictionary;
        o.compression = codec;
        write_table(table, dir / "t.parquet", o);
        auto reader = FileReader::open(dir / "t.parquet");
        for (const char* text : {"i32 < 300", "i32 = 5", "b = true", "s = 'Travel' or u8 > 250"}) {
          for (int threads : {1, 2}) {
            ReadOptions r;
            r.filter = parse_filter(text);
            r.threads = threads;
            const Table got = reader.read(r);
            const Table want = filter_by_hand(table, text, table.schema()->field_names());
            ASSERT_GT(want.num_rows(), 0) << text;
            EXPECT_TRUE(got.equals(want)) << text << " version " << version << " dictionary " << dictionary
                                          << " threads " << threads;
          }
        }
      }
    }
  }
}

TEST_F(PushdownRead, BadFiltersAreClearErrors) {
  auto reader = FileReader::open(dir_ / "tx.parquet");
  ReadOptions r;
  r.filter = parse_filter("amount = 'lots'");
  EXPECT_THROW(reader.read(r), InvalidArgument);
  r.filter = parse_filter("no_such_column = 1");
  EXPECT_THROW(reader.read(r), SchemaError);
}

}  // namespace
}  // namespace strata::parquet
