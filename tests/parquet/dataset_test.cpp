// Hive-partitioned datasets (issue 3, "Hive-partitioned datasets"): the folder layout write_dataset makes,
// read_dataset's discovery, typing, pruning and errors, and interop with DuckDB both ways. Expected values are
// written out by hand or computed here from the source rows with plain loops, never by the dataset code.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/canonical.h"
#include "strata/core/error.h"
#include "strata/parquet/dataset.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;
using columnar::Table;
using strata::testing::TempDir;

constexpr int kRows = 1000;
// Row i: id = i, amount = (i % 100) / 4, category = kCategories[i % 5] (index 4 is null), year = 2020 + i % 3.
const char* const kCategories[] = {"Dining", "Home/Garden", "a=b", "100%", nullptr};

std::optional<std::string> category_of(int i) {
  const char* c = kCategories[i % 5];
  return c ? std::optional<std::string>(c) : std::nullopt;
}
double amount_of(int i) { return static_cast<double>(i % 100) / 4; }
int year_of(int i) { return 2020 + i % 3; }

Table sample_table(int rows = kRows) {
  columnar::Int64Builder id;
  columnar::DoubleBuilder amount;
  columnar::StringBuilder category;
  columnar::Int32Builder year;
  for (int i = 0; i < rows; ++i) {
    id.append(i);
    amount.append(amount_of(i));
    if (auto c = category_of(i)) category.append(*c);
    else category.append_null();
    year.append(year_of(i));
  }
  return Table::from_arrays({"id", "amount", "category", "year"},
                            {id.finish(), amount.finish(), category.finish(), year.finish()});
}

// The shortest round-trip decimal (std::to_chars), as the canonical form writes these small values.
std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> listing(const fs::path& root) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files.push_back(fs::relative(e.path(), root).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Category folder names in byte order, written out by hand: "100%25" < "Dining" < "Home%2FGarden" <
// "__HIVE_DEFAULT_PARTITION__" < "a%3Db".
const std::vector<std::optional<std::string>> kCategoryPathOrder = {"100%", "Dining", "Home/Garden", std::nullopt,
                                                                    "a=b"};

// The canonical dump expected from reading the dataset partitioned by category: files in path order, rows in
// id order within a file, partition column last.
std::string expected_by_category(const std::vector<std::optional<std::string>>& categories, int rows = kRows) {
  std::string out = "{\"columns\":[\"id\",\"amount\",\"year\",\"category\"]}\n";
  for (const auto& c : categories) {
    for (int i = 0; i < rows; ++i) {
      if (category_of(i) != c) continue;
      out += "[" + std::to_string(i) + "," + number_text(amount_of(i)) + "," + std::to_string(year_of(i)) + "," +
             (c ? json_string(*c) : "null") + "]\n";
    }
  }
  return out;
}

TEST(PartitionValueEncoding, HiveEscapesAndDecodesAnyEscape) {
  EXPECT_EQ(encode_partition_value("Home/Garden"), "Home%2FGarden");
  EXPECT_EQ(encode_partition_value("a=b"), "a%3Db");
  EXPECT_EQ(encode_partition_value("100%"), "100%25");
  EXPECT_EQ(encode_partition_value("x:y#z?\"'*\\[]^{"), "x%3Ay%23z%3F%22%27%2A%5C%5B%5D%5E%7B");
  EXPECT_EQ(encode_partition_value(std::string("tab\there\x7f", 9)), "tab%09here%7F");
  EXPECT_EQ(encode_partition_value("sp ace é-_.~"), "sp ace é-_.~");  // as Hive: kept
  EXPECT_EQ(decode_partition_value("Home%2FGarden"), "Home/Garden");
  EXPECT_EQ(decode_partition_value("sp%20ace%C3%A9"), "sp ace\xC3\xA9");  // DuckDB's wider encoding
  EXPECT_EQ(decode_partition_value("a+b"), "a+b");
  EXPECT_THROW(decode_partition_value("50%"), InvalidArgument);
  EXPECT_THROW(decode_partition_value("%2G"), InvalidArgument);
}

TEST(WriteDataset, OneFolderPerValueEncodedWithoutThePartitionColumn) {
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  const auto written = write_dataset(sample_table(), dir / "ds", o);
  const std::vector<std::string> expected = {
      "category=100%25/part-0.parquet", "category=Dining/part-0.parquet", "category=Home%2FGarden/part-0.parquet",
      "category=__HIVE_DEFAULT_PARTITION__/part-0.parquet", "category=a%3Db/part-0.parquet"};
  EXPECT_EQ(listing(dir / "ds"), expected);
  std::vector<std::string> got;
  for (const auto& p : written) got.push_back(p.generic_string());
  EXPECT_EQ(got, expected);
  for (const auto& f : expected) {
    const Table part = read_table(dir / "ds" / f);
    EXPECT_EQ(part.schema()->field_names(), (std::vector<std::string>{"id", "amount", "year"})) << f;
    EXPECT_EQ(part.num_rows(), kRows / 5) << f;
  }
  // Rows of one partition keep their order: Dining holds ids 0, 5, 10, ...
  const Table dining = read_table(dir / "ds" / "category=Dining/part-0.parquet");
  const columnar::Int64Array ids(dining.column("id").combine());
  for (int64_t r = 0; r < ids.length(); ++r) ASSERT_EQ(ids.value(r), r * 5);
}

TEST(WriteDataset, NestedKeysAndSplitFiles) {
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"year", "category"};
  o.max_rows_per_file = 30;
  write_dataset(sample_table(300), dir / "ds", o);
  // 300 rows: each (year, category) pair holds 20 rows (i % 15 fixes both); 30 per file gives one file each.
  const auto files = listing(dir / "ds");
  EXPECT_EQ(files.size(), 15u);
  EXPECT_EQ(files.front(), "year=2020/category=100%25/part-0.parquet");
  EXPECT_EQ(files.back(), "year=2022/category=a%3Db/part-0.parquet");

  TempDir dir2;
  o.partition_cols = {"category"};
  o.max_rows_per_file = 25;
  write_dataset(sample_table(300), dir2 / "ds", o);  // 60 rows per category: 25 + 25 + 10
  const auto split = listing(dir2 / "ds");
  ASSERT_EQ(split.size(), 15u);
  EXPECT_EQ(split[0], "category=100%25/part-0.parquet");
  EXPECT_EQ(split[1], "category=100%25/part-1.parquet");
  EXPECT_EQ(split[2], "category=100%25/part-2.parquet");
  EXPECT_EQ(read_table(dir2 / "ds" / split[0]).num_rows(), 25);
  EXPECT_EQ(read_table(dir2 / "ds" / split[2]).num_rows(), 10);
  // Reading back: ids of category "100%" (i % 5 == 3) in order across the three files.
  DatasetReadOptions r;
  r.filter = parse_filter("category = '100%'");
  const Table t = read_dataset(dir2 / "ds", r);
  const columnar::Int64Array ids(t.column("id").combine());
  ASSERT_EQ(ids.length(), 60);
  for (int64_t k = 0; k < 60; ++k) ASSERT_EQ(ids.value(k), 3 + 5 * k);
}

TEST(WriteDataset, ExistingDataBehavior) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(10), root, o);
  EXPECT_THROW(write_dataset(sample_table(10), root, o), InvalidArgument);  // kError: not empty

  // A stale file in the Dining folder and a whole partition the new data does not have.
  strata::testing::write_file(root / "category=Dining" / "old.parquet", "stale");
  fs::create_directories(root / "category=Other");
  write_table(sample_table(3).select(std::vector<std::string>{"id", "amount", "year"}),
              root / "category=Other" / "part-0.parquet");

  o.existing_data_behavior = ExistingDataBehavior::kOverwriteOrIgnore;
  write_dataset(sample_table(10), root, o);
  EXPECT_TRUE(fs::exists(root / "category=Dining" / "old.parquet"));
  EXPECT_TRUE(fs::exists(root / "category=Other" / "part-0.parquet"));

  o.existing_data_behavior = ExistingDataBehavior::kDeleteMatching;
  write_dataset(sample_table(10), root, o);
  EXPECT_FALSE(fs::exists(root / "category=Dining" / "old.parquet"));       // matching folder emptied
  EXPECT_TRUE(fs::exists(root / "category=Other" / "part-0.parquet"));      // others left alone
  const Table t = read_dataset(root);
  EXPECT_EQ(t.num_rows(), 13);  // 10 new rows + the 3 of category=Other
}

TEST(WriteDataset, DictionaryBoolAndDateKeysFromAChunkedTable) {
  // Rows i = 0..11: flag = i % 2 == 0, day = 2024-01-30 + i % 3 (days 19752..19754), and category as read
  // back from a dataset (dictionary<int32, string>, one chunk per file).
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(12), dir / "src", o);
  const Table read_back = read_dataset(dir / "src");  // category last, dictionary-encoded, 5 chunks
  ASSERT_EQ(read_back.column("category").type()->id(), columnar::TypeId::kDictionary);
  columnar::BooleanBuilder flag;
  columnar::NumericBuilder<int32_t> day(columnar::date32());
  const columnar::Int64Array ids(read_back.column("id").combine());
  for (int64_t r = 0; r < ids.length(); ++r) {
    flag.append(ids.value(r) % 2 == 0);
    day.append(static_cast<int32_t>(19752 + ids.value(r) % 3));
  }
  std::vector<columnar::ChunkedArray> columns = read_back.columns();
  columns.emplace_back(flag.finish());
  columns.emplace_back(day.finish());
  std::vector<columnar::FieldPtr> fields = read_back.schema()->fields();
  fields.push_back(columnar::field("flag", columnar::boolean()));
  fields.push_back(columnar::field("day", columnar::date32()));
  const Table t(columnar::schema(fields), columns);

  o.partition_cols = {"category", "flag", "day"};
  write_dataset(t, dir / "out", o);
  const auto files = listing(dir / "out");
  // 12 rows: category i % 5, flag i % 2, day i % 3; rows 0..11 give 12 distinct triples, one file each.
  ASSERT_EQ(files.size(), 12u);
  // Category "100%" holds rows 3 (odd, 3 % 3 = 0: 2024-01-30) and 8 (even, 8 % 3 = 2: 2024-02-01).
  EXPECT_EQ(files[0], "category=100%25/flag=false/day=2024-01-30/part-0.parquet");
  EXPECT_EQ(files[1], "category=100%25/flag=true/day=2024-02-01/part-0.parquet");
  DatasetReadOptions r;
  r.columns = {"id", "category", "flag", "day"};
  r.dictionary_partition_columns = false;
  const Table back = read_dataset(dir / "out", r);
  // Inferred as pyarrow does: none of these folder values is an int32, so all are strings.
  EXPECT_EQ(back.schema()->to_string(), "id: int64\ncategory: string\nflag: string\nday: string\n");
  EXPECT_EQ(back.num_rows(), 12);
}

TEST(DatasetWriterTest, StreamsBatchesIntoFilesOfBoundedRows) {
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  o.max_rows_per_file = 150;  // each category has 200 rows: files of 150 and 50
  const Table source = sample_table();
  DatasetWriter writer(dir / "ds", source.schema(), o);
  for (const auto& batch : source.to_batches()) {
    for (int64_t offset = 0; offset < batch.num_rows(); offset += 100) {
      writer.write(batch.slice(offset, std::min<int64_t>(100, batch.num_rows() - offset)));
    }
  }
  const auto files = writer.close();
  ASSERT_EQ(files.size(), 10u);
  EXPECT_EQ(files[0].generic_string(), "category=100%25/part-0.parquet");
  EXPECT_EQ(files[1].generic_string(), "category=100%25/part-1.parquet");
  EXPECT_EQ(read_table(dir / "ds" / files[0]).num_rows(), 150);
  EXPECT_EQ(read_table(dir / "ds" / files[1]).num_rows(), 50);
  EXPECT_EQ(listing(dir / "ds").size(), 10u);
  EXPECT_EQ(columnar::to_canonical(read_dataset(dir / "ds")), expected_by_category(kCategoryPathOrder));
  EXPECT_THROW(writer.write(source), InvalidArgument);  // after close

  // A writer destroyed without close() leaves no file behind (only files finished at max_rows_per_file).
  {
    DatasetWriter abandoned(dir / "abandoned", source.schema(), DatasetWriteOptions{{"category"}});
    abandoned.write(source.slice(0, 100));
    EXPECT_THROW(abandoned.write(source.select(std::vector<std::string>{"id", "category"})), SchemaError);
  }
  EXPECT_TRUE(listing(dir / "abandoned").empty());
}

TEST(WriteDataset, RejectsBadOptions) {
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"nope"};
  EXPECT_THROW(write_dataset(sample_table(10), dir / "a", o), SchemaError);
  o.partition_cols = {"amount"};  // double: not a partition type
  EXPECT_THROW(write_dataset(sample_table(10), dir / "b", o), InvalidArgument);
  o.partition_cols = {"id", "amount", "category", "year"};
  EXPECT_THROW(write_dataset(sample_table(10), dir / "c", o), InvalidArgument);
  o.partition_cols = {"category"};
  o.max_rows_per_file = 2;
  o.basename_template = "data.parquet";  // no {i} for the second file
  EXPECT_THROW(write_dataset(sample_table(10), dir / "d", o), InvalidArgument);
}

TEST(ReadDataset, RoundTripInPathOrderWithInferredTypes) {
  TempDir dir;
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(), dir / "ds", o);
  const Dataset ds = Dataset::open(dir / "ds");
  EXPECT_EQ(ds.files().size(), 5u);
  ASSERT_EQ(ds.partition_schema()->num_fields(), 1);
  EXPECT_EQ(ds.partition_schema()->field(0)->type()->to_string(), "string");
  for (int threads : {1, 2}) {
    DatasetReadOptions r;
    r.threads = threads;
    const Table t = ds.read(r);
    EXPECT_EQ(t.schema()->field(3)->type()->to_string(), "dictionary<values=string, indices=int32>");
    EXPECT_EQ(columnar::to_canonical(t), expected_by_category(kCategoryPathOrder));
    r.dictionary_partition_columns = false;
    const Table plain = ds.read(r);
    EXPECT_EQ(plain.schema()->field(3)->type()->to_string(), "string");
    EXPECT_EQ(columnar::to_canonical(plain), expected_by_category(kCategoryPathOrder));
  }
}

TEST(ReadDataset, InfersInt32LikePyarrowOrTakesAnExplicitPartitioning) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"year"};
  write_dataset(sample_table(30), root, o);
  EXPECT_EQ(listing(root).front(), "year=2020/part-0.parquet");
  Dataset ds = Dataset::open(root);
  EXPECT_EQ(ds.partition_schema()->field(0)->type()->to_string(), "int32");
  DatasetReadOptions r;
  r.columns = {"year", "id"};
  r.filter = parse_filter("year >= 2021 and id < 8");
  r.dictionary_partition_columns = false;
  EXPECT_EQ(columnar::to_canonical(ds.read(r)), "{\"columns\":[\"year\",\"id\"]}\n[2021,1]\n[2021,4]\n[2021,7]\n"
                                                "[2022,2]\n[2022,5]\n");

  // Explicit types: year as int64, and a date32 key.
  const auto partitioning = columnar::schema({columnar::field("year", columnar::int64())});
  ds = Dataset::open(root, partitioning);
  EXPECT_EQ(ds.partition_schema()->field(0)->type()->to_string(), "int64");
  EXPECT_EQ(ds.read(r).schema()->field(0)->type()->to_string(), "int64");

  // One value that is not an int32 (3000000000 is past its range) makes the key a string, as in pyarrow.
  fs::create_directories(root / "year=3000000000");
  write_table(read_table(root / "year=2020/part-0.parquet"), root / "year=3000000000" / "part-0.parquet");
  EXPECT_EQ(Dataset::open(root).partition_schema()->field(0)->type()->to_string(), "string");
  EXPECT_EQ(Dataset::open(root, partitioning).partition_schema()->field(0)->type()->to_string(), "int64");
  EXPECT_THROW(Dataset::open(root, columnar::schema({columnar::field("year", columnar::int32())})), FormatError);
  EXPECT_THROW(Dataset::open(root, columnar::schema({columnar::field("month", columnar::int32())})), SchemaError);

  TempDir dates;
  fs::create_directories(dates / "day=2024-01-31");
  write_table(read_table(root / "year=2020/part-0.parquet"), dates / "day=2024-01-31" / "part-0.parquet");
  fs::create_directories(dates / "day=2024-02-01");
  write_table(read_table(root / "year=2021/part-0.parquet"), dates / "day=2024-02-01" / "part-0.parquet");
  const Dataset by_day = Dataset::open(dates.path(), columnar::schema({columnar::field("day", columnar::date32())}));
  DatasetReadOptions d;
  d.columns = {"day", "id"};
  d.filter = parse_filter("day > '2024-01-31'");
  DatasetReadStats stats;
  EXPECT_EQ(columnar::to_canonical(by_day.read(d, &stats)),
            "{\"columns\":[\"day\",\"id\"]}\n"
            "[\"2024-02-01\",1]\n[\"2024-02-01\",4]\n[\"2024-02-01\",7]\n[\"2024-02-01\",10]\n[\"2024-02-01\",13]\n"
            "[\"2024-02-01\",16]\n[\"2024-02-01\",19]\n[\"2024-02-01\",22]\n[\"2024-02-01\",25]\n[\"2024-02-01\",28]\n");
  EXPECT_EQ(stats.files_pruned, 1);
}

// Overwrite a file with bytes no Parquet reader accepts: reading it would throw FormatError.
void poison(const fs::path& file) { strata::testing::write_file(file, "not a parquet file at all"); }

TEST(ReadDataset, PrunesFilesFromPartitionValuesWithoutOpeningThem) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(), root, o);
  // Every file but Dining's and the first one (whose footer gives the dataset's schema) is unreadable: a read
  // that opened one would throw.
  for (const char* f : {"category=Home%2FGarden", "category=__HIVE_DEFAULT_PARTITION__", "category=a%3Db"}) {
    poison(root / f / "part-0.parquet");
  }
  DatasetReadOptions r;
  r.filter = parse_filter("category = 'Dining' and amount > 20");
  DatasetReadStats stats;
  const Table t = read_dataset(root, r, &stats);
  EXPECT_EQ(stats.files, 5);
  EXPECT_EQ(stats.files_pruned, 4);
  EXPECT_EQ(stats.files_read, 1);
  // Dining rows are i % 5 == 0; amount = (i % 100) / 4 > 20 means i % 100 > 80: i % 100 in {85, 90, 95}.
  int64_t want = 0;
  for (int i = 0; i < kRows; ++i) want += (i % 5 == 0 && i % 100 > 80);
  EXPECT_EQ(want, 30);
  EXPECT_EQ(t.num_rows(), want);
  EXPECT_EQ(stats.file_stats.rows_out, want);

  // A condition on the partition column OR'ed with one on a file column cannot prune: it opens the poisoned
  // files and says which.
  r.filter = parse_filter("category = 'Dining' or amount > 20");
  r.threads = 1;  // files in path order, so the first bad one is the one named
  try {
    read_dataset(root, r);
    FAIL() << "read a poisoned file";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("category=Home%2FGarden"), std::string::npos) << e.what();
  }
}

TEST(ReadDataset, PruningCountsAndResidualFilters) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"year", "category"};
  write_dataset(sample_table(), root, o);
  const Table whole = read_dataset(root);
  EXPECT_EQ(whole.num_rows(), kRows);
  struct Case {
    const char* filter;
    int files_read;
    int64_t rows;  // counted below from the source rows
    bool (*keep)(int);
  };
  const Case cases[] = {
      {"category = 'Dining'", 3, 0, [](int i) { return i % 5 == 0; }},
      {"category is null", 3, 0, [](int i) { return i % 5 == 4; }},
      {"category in ('a=b', 'Home/Garden') and year = 2021", 2, 0,
       [](int i) { return (i % 5 == 1 || i % 5 == 2) && i % 3 == 1; }},
      {"year != 2020 and category not in ('Dining')", 6, 0,
       [](int i) { return i % 3 != 0 && i % 5 != 0 && i % 5 != 4; }},  // null category: not in gives null
      {"year = 2022 and amount < 1 or category = '100%' and year = 2020", 6, 0,
       [](int i) { return (i % 3 == 2 && i % 100 < 4) || (i % 5 == 3 && i % 3 == 0); }},
      {"id < 0", 15, 0, [](int) { return false; }},
      {"year > 2030", 0, 0, [](int) { return false; }},
  };
  for (const auto& c : cases) {
    int64_t want = 0;
    for (int i = 0; i < kRows; ++i) want += c.keep(i);
    DatasetReadOptions r;
    r.filter = parse_filter(c.filter);
    DatasetReadStats stats;
    const Table t = read_dataset(root, r, &stats);
    EXPECT_EQ(stats.files, 15) << c.filter;
    EXPECT_EQ(stats.files_read, c.files_read) << c.filter;
    EXPECT_EQ(stats.files_pruned, 15 - c.files_read) << c.filter;
    EXPECT_EQ(t.num_rows(), want) << c.filter;
    // Every row returned passes the filter by the source's own values.
    const columnar::Int64Array ids(t.column("id").combine());
    for (int64_t k = 0; k < ids.length(); ++k) EXPECT_TRUE(c.keep(static_cast<int>(ids.value(k)))) << c.filter;
  }
}

TEST(ReadDataset, ProjectionOfPartitionAndFileColumns) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(20), root, o);
  DatasetReadOptions r;
  r.columns = {"category"};
  r.filter = parse_filter("amount >= 3");  // a file column that is not projected; i >= 12
  const Table t = read_dataset(root, r);
  // Rows 12..19 have categories a=b, 100%, null, Dining, Home/Garden, a=b, 100%, null.
  EXPECT_EQ(columnar::to_canonical(t), "{\"columns\":[\"category\"]}\n[\"100%\"]\n[\"100%\"]\n[\"Dining\"]\n"
                                       "[\"Home/Garden\"]\n[null]\n[null]\n[\"a=b\"]\n[\"a=b\"]\n");
  r.filter = {};
  r.columns = {"category", "id"};
  EXPECT_EQ(read_dataset(root, r).num_rows(), 20);
  r.columns = {"nope"};
  EXPECT_THROW(read_dataset(root, r), SchemaError);
  r.columns = {};
  r.filter = parse_filter("nope = 1");
  EXPECT_THROW(read_dataset(root, r), SchemaError);
  r.filter = parse_filter("category = 5");  // a number against a string key
  EXPECT_THROW(read_dataset(root, r), InvalidArgument);
}

TEST(DatasetBatches, SameRowsAsReadOneRowGroupAtATime) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"year", "category"};
  o.writer.row_group_size = 16;
  write_dataset(sample_table(), root, o);
  const Dataset ds = Dataset::open(root);
  struct Case {
    const char* filter;
    std::vector<std::string> columns;
    bool dictionary;
  };
  const Case cases[] = {
      {"", {}, true},
      {"", {}, false},
      {"category = 'Dining' and amount > 10", {}, true},
      {"year != 2020 and category not in ('Dining')", {"category", "id"}, false},
      {"amount >= 3 and amount < 4", {"category"}, true},  // only partition columns, a residual on a file column
      {"year = 2021", {"year"}, true},                     // only partition columns, no residual
      {"id < 0", {}, true},
      {"year > 2030", {}, true},
  };
  for (const auto& c : cases) {
    DatasetReadOptions r;
    if (*c.filter) r.filter = parse_filter(c.filter);
    r.columns = c.columns;
    r.dictionary_partition_columns = c.dictionary;
    DatasetReadStats whole_stats;
    const Table whole = ds.read(r, &whole_stats);
    auto reader = ds.batches(r);
    EXPECT_TRUE(reader.schema()->equals(*whole.schema())) << c.filter;
    EXPECT_EQ(reader.stats().files_pruned, whole_stats.files_pruned) << c.filter;
    std::vector<columnar::RecordBatch> batches;
    while (auto batch = reader.next()) {
      EXPECT_GT(batch->num_rows(), 0) << c.filter;
      EXPECT_LE(batch->num_rows(), 16) << c.filter;  // one row group's passing rows
      batches.push_back(std::move(*batch));
    }
    EXPECT_FALSE(reader.next()) << c.filter;
    EXPECT_EQ(columnar::to_canonical(Table::from_batches(batches, reader.schema())), columnar::to_canonical(whole))
        << c.filter;
    EXPECT_EQ(reader.stats().files, whole_stats.files) << c.filter;
    EXPECT_EQ(reader.stats().files_read, whole_stats.files_read) << c.filter;
    EXPECT_EQ(reader.stats().file_stats.rows_out, whole.num_rows()) << c.filter;
  }
  DatasetReadOptions bad;
  bad.columns = {"nope"};
  EXPECT_THROW(ds.batches(bad), SchemaError);
}

TEST(ReadDataset, SkipsHiddenAndTemporaryFilesAndReadsEmptyStringsAndUnpartitionedFolders) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(10), root, o);
  strata::testing::write_file(root / "_SUCCESS", "");
  strata::testing::write_file(root / "category=Dining" / ".part-0.parquet.crc", "crc");
  strata::testing::write_file(root / "category=Dining" / "part-9.parquet.tmp-abc123", "half");
  fs::create_directories(root / "_temporary" / "0");
  strata::testing::write_file(root / "_temporary" / "0" / "part-0.parquet", "junk");
  fs::create_directories(root / ".hidden");
  strata::testing::write_file(root / ".hidden" / "x", "junk");
  // An empty string partition value: folder `category=`, as pyarrow and DuckDB write it.
  fs::create_directories(root / "category=");
  write_table(sample_table(1).select(std::vector<std::string>{"id", "amount", "year"}),
              root / "category=" / "part-0.parquet");
  DatasetReadStats stats;
  DatasetReadOptions r;
  r.columns = {"id", "category"};
  const Table t = read_dataset(root, r, &stats);
  EXPECT_EQ(stats.files, 6);
  EXPECT_EQ(columnar::to_canonical(t), "{\"columns\":[\"id\",\"category\"]}\n[0,\"\"]\n[3,\"100%\"]\n[8,\"100%\"]\n"
                                       "[0,\"Dining\"]\n[5,\"Dining\"]\n[1,\"Home/Garden\"]\n[6,\"Home/Garden\"]\n"
                                       "[4,null]\n[9,null]\n[2,\"a=b\"]\n[7,\"a=b\"]\n");

  // No partitioning at all: files straight under the root.
  TempDir flat;
  write_dataset(sample_table(10), flat / "ds", DatasetWriteOptions{});
  EXPECT_EQ(listing(flat / "ds"), std::vector<std::string>{"part-0.parquet"});
  EXPECT_TRUE(read_dataset(flat / "ds").equals(sample_table(10)));
}

template <typename E>
std::string error_of(const fs::path& root) {
  try {
    read_dataset(root);
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadDataset, TypedErrorsNameThePath) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  write_dataset(sample_table(10), root, o);

  fs::create_directories(root / "misc");
  write_table(sample_table(2), root / "misc" / "part-0.parquet");
  EXPECT_NE(error_of<FormatError>(root).find("misc/part-0.parquet"), std::string::npos);
  EXPECT_NE(error_of<FormatError>(root).find("not a Hive partition"), std::string::npos);
  fs::remove_all(root / "misc");

  fs::create_directories(root / "category=x" / "year=1");
  write_table(sample_table(2), root / "category=x" / "year=1" / "part-0.parquet");
  EXPECT_NE(error_of<FormatError>(root).find("category=x/year=1/part-0.parquet"), std::string::npos);
  fs::remove_all(root / "category=x");

  fs::create_directories(root / "category=50%");
  write_table(sample_table(2), root / "category=50%" / "part-0.parquet");
  EXPECT_NE(error_of<FormatError>(root).find("category=50%/part-0.parquet"), std::string::npos);
  fs::remove_all(root / "category=50%");

  // A file whose columns differ from the first file's.
  fs::create_directories(root / "category=zzz");
  write_table(sample_table(2).select(std::vector<std::string>{"id", "year"}), root / "category=zzz" / "part-0.parquet");
  const std::string schema_error = error_of<SchemaError>(root);
  EXPECT_NE(schema_error.find("category=zzz/part-0.parquet"), std::string::npos) << schema_error;
  EXPECT_NE(schema_error.find("category=100%25/part-0.parquet"), std::string::npos) << schema_error;
  // ... which a filter that prunes it never sees.
  DatasetReadOptions r;
  r.filter = parse_filter("category != 'zzz'");
  EXPECT_EQ(read_dataset(root, r).num_rows(), 8);  // 10 rows but the 2 null ones; zzz not opened

  EXPECT_THROW(read_dataset(dir / "missing"), IoError);
}

TEST(ReadDataset, EmptyFoldersAndEmptyTables) {
  TempDir dir;
  fs::create_directories(dir / "empty");
  const Table none = read_dataset(dir / "empty");
  EXPECT_EQ(none.num_rows(), 0);
  EXPECT_EQ(none.num_columns(), 0);
  // With a partitioning, the partition columns exist even with no files.
  const Table keyed = read_dataset(dir / "empty", {}, nullptr, columnar::schema({columnar::field("k", columnar::int64())}));
  EXPECT_EQ(keyed.schema()->field_names(), std::vector<std::string>{"k"});
  EXPECT_EQ(keyed.num_rows(), 0);

  // An empty table: no partition folders at all; unpartitioned, one empty file that keeps the schema.
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  EXPECT_TRUE(write_dataset(sample_table(0), dir / "a", o).empty());
  o.partition_cols = {};
  EXPECT_EQ(write_dataset(sample_table(0), dir / "b", o).size(), 1u);
  const Table b = read_dataset(dir / "b");
  EXPECT_EQ(b.num_rows(), 0);
  EXPECT_EQ(b.schema()->field_names(), (std::vector<std::string>{"id", "amount", "category", "year"}));
}

// ---------------------------------------------------------------------------------------------------------
// DuckDB, both ways (the interop harness under build/interop).

// The header line, then the row lines sorted: DuckDB reads files in directory-listing order (not sorted), so
// its row order across files depends on the file system; the rows themselves must be the same.
std::string sorted_rows(const std::string& dump) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < dump.size()) {
    const size_t end = dump.find('\n', start);
    lines.push_back(dump.substr(start, end - start));
    start = end == std::string::npos ? dump.size() : end + 1;
  }
  if (lines.empty()) return "";
  std::sort(lines.begin() + 1, lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

class DatasetInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("STRATA_SKIP_INTEROP")) GTEST_SKIP() << "STRATA_SKIP_INTEROP is set";
    harness_ = strata::testing::interop_dir();
    ASSERT_TRUE(fs::exists(harness_ / "node_modules"))
        << "the interop harness is not installed under build/interop: run scripts/install-deps";
  }
  strata::testing::CommandResult duckdb(const std::string& args) {
    const fs::path script = strata::testing::source_dir() / "tests" / "parquet" / "dataset_duckdb.mjs";
    return strata::testing::run_command("node " + strata::testing::shell_quote(script.string()) + " " +
                                        strata::testing::shell_quote(harness_.string()) + " " + args);
  }
  fs::path harness_;
};

TEST_F(DatasetInterop, DuckDbReadsStrataDatasetsIdentically) {
  TempDir dir;
  const fs::path root = dir / "ds";
  DatasetWriteOptions o;
  o.partition_cols = {"category"};
  o.writer.row_group_size = 64;
  write_dataset(sample_table(), root, o);
  const auto r = duckdb("read " + strata::testing::shell_quote(root.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(sorted_rows(r.output), sorted_rows(expected_by_category(kCategoryPathOrder)));
  EXPECT_EQ(columnar::to_canonical(read_dataset(root)), expected_by_category(kCategoryPathOrder));

  // Two levels, integer key: DuckDB types year as BIGINT, Strata as int32; the dump is the same.
  TempDir dir2;
  o.partition_cols = {"year", "category"};
  write_dataset(sample_table(), dir2 / "ds", o);
  const auto r2 = duckdb("read " + strata::testing::shell_quote((dir2 / "ds").string()) + " id,amount,year,category");
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  std::string want = "{\"columns\":[\"id\",\"amount\",\"year\",\"category\"]}\n";
  for (int y = 2020; y <= 2022; ++y) {
    for (const auto& c : kCategoryPathOrder) {
      for (int i = 0; i < kRows; ++i) {
        if (year_of(i) != y || category_of(i) != c) continue;
        want += "[" + std::to_string(i) + "," + number_text(amount_of(i)) + "," + std::to_string(y) + "," +
                (c ? json_string(*c) : "null") + "]\n";
      }
    }
  }
  EXPECT_EQ(sorted_rows(r2.output), sorted_rows(want));
  DatasetReadOptions ro;
  ro.columns = {"id", "amount", "year", "category"};
  EXPECT_EQ(columnar::to_canonical(read_dataset(dir2 / "ds", ro)), want);
}

TEST_F(DatasetInterop, StrataReadsDuckDbDatasetsIdentically) {
  TempDir dir;
  // DuckDB partitions a file Strata wrote; it percent-encodes more than Hive (spaces, non-ASCII).
  columnar::Int64Builder id;
  columnar::StringBuilder category;
  columnar::Int64Builder year;
  const char* extra[] = {"sp ace", "\xC3\xA9t\xC3\xA9", ""};
  for (int i = 0; i < kRows; ++i) {
    id.append(i);
    if (i % 8 >= 5) {
      category.append(extra[i % 8 - 5]);
    } else if (auto c = category_of(i)) {
      category.append(*c);
    } else {
      category.append_null();
    }
    year.append(year_of(i));
  }
  write_table(Table::from_arrays({"id", "category", "year"}, {id.finish(), category.finish(), year.finish()}),
              dir / "in.parquet");
  const fs::path out = dir / "duck";
  auto w = duckdb("write " + strata::testing::shell_quote((dir / "in.parquet").string()) + " " +
                  strata::testing::shell_quote(out.string()) + " year,category");
  ASSERT_EQ(w.exit_code, 0) << w.output;
  ASSERT_TRUE(fs::exists(out / "year=2020" / "category=sp%20ace"));

  const auto r = duckdb("read " + strata::testing::shell_quote(out.string()) + " id,year,category");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  DatasetReadOptions ro;
  ro.columns = {"id", "year", "category"};
  const std::string strata_dump = columnar::to_canonical(read_dataset(out, ro));
  EXPECT_EQ(sorted_rows(strata_dump), sorted_rows(r.output));
  // Independently: every source row appears once, with its own year and category.
  int64_t lines = std::count(strata_dump.begin(), strata_dump.end(), '\n');
  EXPECT_EQ(lines, kRows + 1);
  EXPECT_NE(strata_dump.find("[5,2022,\"sp ace\"]\n"), std::string::npos);
  EXPECT_NE(strata_dump.find("[6,2020,\"\xC3\xA9t\xC3\xA9\"]\n"), std::string::npos);
  EXPECT_NE(strata_dump.find("[7,2021,\"\"]\n"), std::string::npos);
  EXPECT_NE(strata_dump.find("[4,2021,null]\n"), std::string::npos);
  EXPECT_NE(strata_dump.find("[1,2021,\"Home/Garden\"]\n"), std::string::npos);

  // Pruning on DuckDB's folders.
  DatasetReadStats stats;
  ro.filter = parse_filter("category = 'sp ace' and year = 2022");
  const Table t = read_dataset(out, ro, &stats);
  int64_t want = 0;
  for (int i = 0; i < kRows; ++i) want += (i % 8 == 5 && year_of(i) == 2022);
  EXPECT_EQ(t.num_rows(), want);
  EXPECT_EQ(stats.files_read, 1);
}

}  // namespace
}  // namespace strata::parquet
