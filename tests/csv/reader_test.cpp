#include "strata/csv/reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <utility>
#include <vector>

#include "strata/core/error.h"
#include "support/test_support.h"

namespace strata::csv {
namespace {

using columnar::Table;

std::string column_text(const Table& t, const std::string& name) { return t.column(name).to_string(); }

TEST(CsvReader, InfersTheTransactionTableTypes) {
  const std::string text =
      "transaction_id,customer_id,amount,currency,category,timestamp,is_fraud\n"
      "0,5062,47.734790646936844,EUR,Entertainment,2024-07-10T07:42:21.442000,False\n"
      "1,17,12.5,USD,Dining,2024-01-01T00:00:00.000000,True\n";
  Table t = read_csv_text(text);
  ASSERT_EQ(t.num_rows(), 2);
  EXPECT_EQ(t.schema()->to_string(),
            "transaction_id: int64\ncustomer_id: int64\namount: double\ncurrency: string\ncategory: string\n"
            "timestamp: timestamp[ms]\nis_fraud: bool\n");
  EXPECT_EQ(column_text(t, "amount"), "[47.734790646936844, 12.5]");
  EXPECT_EQ(column_text(t, "timestamp"), "[2024-07-10T07:42:21.442, 2024-01-01T00:00:00]");
  EXPECT_EQ(column_text(t, "is_fraud"), "[false, true]");
}

TEST(CsvReader, InferenceOrderFollowsPyarrow) {
  EXPECT_EQ(infer_value_type("12")->to_string(), "int64");
  EXPECT_EQ(infer_value_type("-9223372036854775808")->to_string(), "int64");
  EXPECT_EQ(infer_value_type("9223372036854775808")->to_string(), "double");
  EXPECT_EQ(infer_value_type("1e5")->to_string(), "double");
  EXPECT_EQ(infer_value_type("true")->to_string(), "bool");
  EXPECT_EQ(infer_value_type("2024-02-29")->to_string(), "date32[day]");
  EXPECT_EQ(infer_value_type("2023-02-29")->to_string(), "string");
  EXPECT_EQ(infer_value_type("2024-02-29 10:11:12")->to_string(), "timestamp[s]");
  EXPECT_EQ(infer_value_type("2024-02-29T10:11:12.5Z")->to_string(), "timestamp[ms, tz=UTC]");
  EXPECT_EQ(infer_value_type("2024-02-29T10:11:12.1234567")->to_string(), "timestamp[ns]");
  EXPECT_EQ(infer_value_type("NA")->to_string(), "null");
  EXPECT_EQ(infer_value_type("hello")->to_string(), "string");
}

TEST(CsvReader, ColumnsWidenAcrossValues) {
  Table t = read_csv_text("a,b,c,d\n1,1,1,2024-01-01\n2.5,0,x,2024-01-01T10:00:00\n,true,,\n");
  EXPECT_EQ(t.schema()->to_string(), "a: double\nb: bool\nc: string\nd: timestamp[s]\n");
  EXPECT_EQ(column_text(t, "a"), "[1, 2.5, null]");
  EXPECT_EQ(column_text(t, "b"), "[true, false, true]");
  EXPECT_EQ(column_text(t, "c"), "[\"1\", \"x\", \"\"]");
  EXPECT_EQ(column_text(t, "d"), "[2024-01-01T00:00:00, 2024-01-01T10:00:00, null]");
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndLineBreaks) {
  Table t = read_csv_text("id,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nnext line\"\r\n3,plain\r\n");
  ASSERT_EQ(t.num_rows(), 3);
  EXPECT_EQ(column_text(t, "text"), "[\"a, b\", \"say \"hi\"\nnext line\", \"plain\"]");
  EXPECT_EQ(column_text(t, "id"), "[1, 2, 3]");
}

TEST(CsvReader, EscapeCharacterAndOtherDelimiter) {
  ReadOptions o;
  o.delimiter = ';';
  o.escape_char = '\\';
  Table t = read_csv_text("k;v\n1;a\\;b\n2;\"q\\\"q\"\n", o);
  EXPECT_EQ(column_text(t, "v"), "[\"a;b\", \"q\"q\"]");
}

TEST(CsvReader, NullSpellingsAndStrings) {
  ReadOptions o;
  Table t = read_csv_text("n,s\nNA,NA\n,x\nnull,\n", o);
  EXPECT_EQ(column_text(t, "n"), "[null, null, null]");
  EXPECT_EQ(t.column("n").type()->to_string(), "null");
  // As pyarrow: strings keep their text unless strings_can_be_null.
  EXPECT_EQ(column_text(t, "s"), "[\"NA\", \"x\", \"\"]");
  o.strings_can_be_null = true;
  o.null_values = {"", "NA"};
  Table u = read_csv_text("s\nNA\nx\n\"\"\n", o);
  EXPECT_EQ(column_text(u, "s"), "[null, \"x\", null]");
}

TEST(CsvReader, ExplicitSchemaAndErrorsWithLineAndColumn) {
  ReadOptions o;
  o.schema = columnar::schema({columnar::field("id", columnar::int32()), columnar::field("v", columnar::float32())});
  Table t = read_csv_text("id,v,rest\n1,0.5,x\n-2,1e3,y\n", o);
  EXPECT_EQ(t.schema()->to_string(), "id: int32\nv: float\nrest: string\n");
  EXPECT_EQ(column_text(t, "v"), "[0.5, 1000]");
  try {
    read_csv_text("id,v\n1,2\n3,4\n99999999999,5\n", o, nullptr, "bad.csv");
    FAIL() << "no error";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "bad.csv at byte 13: line 4: column \"id\": \"99999999999\" is not a valid int32");
  }
}

TEST(CsvReader, RaggedRowsFailOrAreSkippedAndReported) {
  const std::string text = "a,b\n1,2\n3\n4,5,6\n7,8\n";
  try {
    read_csv_text(text, {}, nullptr, "ragged.csv");
    FAIL() << "no error";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "ragged.csv at byte 8: line 3: expected 2 fields, found 1");
  }
  ReadOptions o;
  o.invalid_rows = InvalidRowHandling::kSkip;
  ReadReport report;
  Table t = read_csv_text(text, o, &report);
  EXPECT_EQ(column_text(t, "a"), "[1, 7]");
  ASSERT_EQ(report.skipped.size(), 2u);
  EXPECT_EQ(report.skipped[0].line, 3);
  EXPECT_EQ(report.skipped[1].line, 4);
  EXPECT_EQ(report.skipped[1].reason, "expected 2 fields, found 3");
}

TEST(CsvReader, UnbalancedQuoteIsAnError) {
  try {
    read_csv_text("a,b\n1,\"open\n2,3\n", {}, nullptr, "q.csv");
    FAIL() << "no error";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "q.csv at byte 4: line 2: a quoted field is never closed");
  }
}

TEST(CsvReader, HeaderlessIncludeColumnsAndSkipRows) {
  ReadOptions o;
  o.header = false;
  o.skip_rows = 1;
  Table t = read_csv_text("# comment line\n1,x\n2,y\n", o);
  EXPECT_EQ(t.schema()->field_names(), (std::vector<std::string>{"f0", "f1"}));
  ReadOptions p;
  p.include_columns = {"c", "a"};
  Table u = read_csv_text("a,b,c\n1,2,3\n", p);
  EXPECT_EQ(u.schema()->field_names(), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(column_text(u, "c"), "[3]");
  p.include_columns = {"zz"};
  EXPECT_THROW(read_csv_text("a\n1\n", p), SchemaError);
}

TEST(CsvReader, ResultsDoNotDependOnThreadsOrBlockSize) {
  std::string text = "id,name,value,when\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",\"name " + std::to_string(i % 13) + (i % 97 == 0 ? "\nwith a break" : "") +
            "\"," + (i % 11 == 0 ? "" : std::to_string(i * 0.25)) + ",2024-03-0" + std::to_string(1 + i % 9) + "\n";
  }
  ReadOptions one;
  one.threads = 1;
  one.block_size = 1 << 30;
  Table reference = read_csv_text(text, one);
  ASSERT_EQ(reference.num_rows(), 20000);
  EXPECT_EQ(reference.schema()->to_string(), "id: int64\nname: string\nvalue: double\nwhen: date32[day]\n");
  for (int threads : {1, 2, 3}) {
    ReadOptions o;
    o.threads = threads;
    o.block_size = 4096;
    Table t = read_csv_text(text, o);
    EXPECT_GT(t.column(0).num_chunks(), 10);
    EXPECT_TRUE(t.equals(reference)) << threads;
  }
}

TEST(CsvReader, ABlockThatWidensLateRetypesEarlierBlocks) {
  std::string text = "v\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + "\n";
  text += "0.5\n";
  ReadOptions o;
  o.block_size = 1024;
  Table t = read_csv_text(text, o);
  EXPECT_EQ(t.column("v").type()->to_string(), "double");
  EXPECT_EQ(columnar::value_to_string(t.column("v").chunk(0), 3), "3");
  EXPECT_EQ(t.num_rows(), 5001);
}

TEST(CsvReader, DictionaryEncodingByOptionOrSchema) {
  ReadOptions o;
  o.auto_dict_max_cardinality = 2;
  Table t = read_csv_text("a,b\nx,1\ny,2\nx,3\n", o);
  EXPECT_EQ(t.schema()->to_string(), "a: dictionary<values=string, indices=int32>\nb: int64\n");
  EXPECT_EQ(column_text(t, "a"), "[\"x\", \"y\", \"x\"]");
  o.auto_dict_max_cardinality = 1;  // three distinct values would not fit: stays a string column
  EXPECT_EQ(read_csv_text("a\nx\ny\nz\n", o).column("a").type()->to_string(), "string");
  ReadOptions s;
  s.schema = columnar::schema({columnar::field("a", columnar::dictionary(columnar::int32(), columnar::utf8()))});
  Table u = read_csv_text("a\nEUR\nUSD\nEUR\n", s);
  EXPECT_EQ(u.column("a").type()->to_string(), "dictionary<values=string, indices=int32>");
  EXPECT_EQ(column_text(u, "a"), "[\"EUR\", \"USD\", \"EUR\"]");
}

TEST(CsvStreamingReader, BlocksOfRowsWithTypesFromTheFirstBlock) {
  std::string text = "id,name,when\n";
  for (int i = 0; i < 5000; ++i) {
    text += std::to_string(i) + ",\"n\n" + std::to_string(i % 7) + "\",2024-01-0" + std::to_string(1 + i % 9) + "\n";
  }
  strata::testing::TempDir dir;
  strata::testing::write_file(dir / "big.csv", text);
  ReadOptions o;
  o.block_size = 4096;
  auto reader = StreamingReader::open(dir / "big.csv", o);
  EXPECT_EQ(reader.schema()->to_string(), "id: int64\nname: string\nwhen: date32[day]\n");
  std::vector<columnar::RecordBatch> batches;
  while (auto batch = reader.next()) batches.push_back(std::move(*batch));
  EXPECT_GT(batches.size(), 10u);
  Table streamed = Table::from_batches(batches);
  EXPECT_TRUE(streamed.equals(read_csv(dir / "big.csv"))) << streamed.num_rows();
  // A later value that does not fit the first block's type is an error naming its line.
  strata::testing::write_file(dir / "late.csv", "v\n" + std::string(5000, '1').insert(0, "") + "\n" +
                                                    [] { std::string s; for (int i = 0; i < 2000; ++i) s += "1\n"; return s; }() + "oops\n");
  ReadOptions small;
  small.block_size = 1024;
  auto late = StreamingReader::open(dir / "late.csv", small);
  try {
    while (late.next()) {
    }
    FAIL() << "no error";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2003: column \"v\": \"oops\" is not a valid"), std::string::npos) << e.what();
  }
}

TEST(CsvReader, ProgressCallbackCountsBytesUpToTheFileSize) {
  strata::testing::TempDir dir;
  std::string text = "id,name,value\n";
  for (int i = 0; i < 20000; ++i) {
    text += std::to_string(i) + ",name " + std::to_string(i % 13) + "," + std::to_string(i * 0.25) + "\n";
  }
  text += "oops,x,0.5\n";  // id moves on to string after the first pass: retried blocks must not overshoot
  strata::testing::write_file(dir / "p.csv", text);
  const auto size = static_cast<int64_t>(std::filesystem::file_size(dir / "p.csv"));
  ASSERT_EQ(size, static_cast<int64_t>(text.size()));
  for (int threads : {1, 2}) {
    std::vector<std::pair<int64_t, int64_t>> calls;
    ReadOptions o;
    o.threads = threads;
    o.block_size = 4096;
    o.on_progress = [&calls](int64_t done, int64_t total) { calls.emplace_back(done, total); };
    const Table t = read_csv(dir / "p.csv", o);
    EXPECT_EQ(t.num_rows(), 20001);
    EXPECT_EQ(t.column("id").type()->to_string(), "string");
    ASSERT_GT(calls.size(), 20u) << threads;  // about 100 blocks, tokenized and converted per column
    EXPECT_GE(calls.front().first, static_cast<int64_t>(std::string("id,name,value\n").size()));
    for (size_t i = 0; i < calls.size(); ++i) {
      EXPECT_EQ(calls[i].second, size);
      if (i > 0) {
        EXPECT_GT(calls[i].first, calls[i - 1].first) << "call " << i;
      }
    }
    EXPECT_EQ(calls.back().first, size);
    ReadOptions plain;
    plain.block_size = 4096;
    EXPECT_TRUE(t.equals(read_csv(dir / "p.csv", plain)));
  }
}

TEST(CsvReader, FilesAndMissingFiles) {
  strata::testing::TempDir dir;
  strata::testing::write_file(dir / "t.csv", "\xEF\xBB\xBFx,y\n1,2\n");
  Table t = read_csv(dir / "t.csv");
  EXPECT_EQ(t.schema()->field_names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_THROW(read_csv(dir / "missing.csv"), IoError);
  strata::testing::write_file(dir / "empty.csv", "");
  EXPECT_THROW(read_csv(dir / "empty.csv"), FormatError);
}

}  // namespace
}  // namespace strata::csv
