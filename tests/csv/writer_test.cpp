#include "strata/csv/writer.h"

#include <gtest/gtest.h>

#include "strata/columnar/builder.h"
#include "strata/csv/reader.h"
#include "support/test_support.h"

namespace strata::csv {
namespace {

using namespace strata::columnar;

Table sample() {
  Int64Builder ids;
  DoubleBuilder amounts;
  StringBuilder names;
  NumericBuilder<int64_t> times(timestamp(TimeUnit::kMilli));
  BooleanBuilder flags;
  ids.append(1);
  amounts.append(0.1);
  names.append("plain");
  times.append(1720597341442);
  flags.append(true);
  ids.append(2);
  amounts.append_null();
  names.append("needs, \"quotes\"\nand a break");
  times.append(0);
  flags.append(false);
  ids.append(3);
  amounts.append(1e21);
  names.append_null();
  times.append_null();
  flags.append_null();
  return Table::from_arrays({"id", "amount", "name", "time", "flag"},
                            {ids.finish(), amounts.finish(), names.finish(), times.finish(), flags.finish()});
}

TEST(CsvWriter, Rfc4180QuotingShortestFloatsIsoTimestamps) {
  io::BufferOutputStream out;
  write_csv(sample(), out);
  const std::string text(out.bytes().begin(), out.bytes().end());
  EXPECT_EQ(text,
            "id,amount,name,time,flag\n"
            "1,0.1,plain,2024-07-10T07:42:21.442,true\n"
            "2,,\"needs, \"\"quotes\"\"\nand a break\",1970-01-01T00:00:00,false\n"
            "3,1e+21,,,\n");
}

TEST(CsvWriter, RoundTripThroughTheReader) {
  strata::testing::TempDir dir;
  Table t = sample();
  write_csv(t, dir / "out.csv");
  ReadOptions o;
  o.schema = t.schema();
  o.strings_can_be_null = true;
  o.null_values = {""};
  Table back = read_csv(dir / "out.csv", o);
  EXPECT_TRUE(back.equals(t)) << back.column("name").to_string();
  // Nothing but the destination is left in the folder.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace strata::csv
