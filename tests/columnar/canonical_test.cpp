#include "strata/columnar/canonical.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "sample_arrays.h"
#include "strata/core/error.h"
#include "strata/core/text_format.h"
#include "support/test_support.h"

namespace strata::columnar {
namespace {

// Hand-written canonical forms of every sample (see sample_arrays.h), row by row.
const std::map<std::string, std::vector<std::string>>& expected_values() {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"null", {"null", "null", "null", "null", "null"}},
      {"bool", {"true", "null", "false", "true", "false"}},
      {"int8", {"-128", "null", "0", "1", "127"}},
      {"int16", {"-32768", "null", "0", "1", "32767"}},
      {"int32", {"-2147483648", "null", "0", "1", "2147483647"}},
      {"int64", {"-9223372036854775808", "null", "0", "1", "9223372036854775807"}},
      {"uint8", {"0", "null", "1", "200", "255"}},
      {"uint16", {"0", "null", "1", "2", "65535"}},
      {"uint32", {"0", "null", "1", "2", "4294967295"}},
      {"uint64", {"0", "null", "1", "2", "18446744073709551615"}},
      {"float16", {"1", "null", "-2", "\"Infinity\"", "0"}},
      {"float32", {"0.1", "null", "-1.5", "3e+38", "0"}},
      {"float64", {"0.1", "null", "-1.5", "1e+300", "-0"}},
      {"date32", {"\"1970-01-01\"", "null", "\"2024-07-10\"", "\"1969-12-31\"", "\"9999-12-31\""}},
      {"date64", {"\"1970-01-01\"", "null", "\"2024-07-10\"", "\"1969-12-31\"", "\"1970-01-02\""}},
      {"time32s", {"\"00:00:00\"", "null", "\"01:00:00\"", "\"23:59:59\"", "\"00:01:01\""}},
      {"time32ms", {"\"00:00:00\"", "null", "\"07:42:21.442\"", "\"00:00:00.001\"", "\"23:59:59.999\""}},
      {"time64us", {"\"00:00:00\"", "null", "\"07:42:21.442\"", "\"00:00:00.000001\"", "\"23:59:59.999999\""}},
      {"time64ns",
       {"\"00:00:00\"", "null", "\"07:42:21.442000001\"", "\"00:00:00.000000001\"", "\"00:00:00.000000005\""}},
      {"timestamp_ms_utc",
       {"\"2024-07-10T07:42:21.442\"", "null", "\"1970-01-01T00:00:00\"", "\"1969-12-31T23:59:59.999\"",
        "\"9999-12-31T23:59:59.999\""}},
      {"timestamp_ns",
       {"\"2024-07-10T07:42:21.442000001\"", "null", "\"1970-01-01T00:00:00\"",
        "\"1969-12-31T23:59:59.999999999\"", "\"1970-01-01T00:00:00.000000001\""}},
      {"timestamp_s_tz",
       {"\"1970-01-01T00:00:00\"", "null", "\"1970-01-01T00:00:01\"", "\"1970-01-01T00:00:02\"",
        "\"1970-01-01T00:00:03\""}},
      {"duration_us", {"0", "null", "-5", "1000000", "7"}},
      {"utf8", {"\"EUR\"", "null", "\"\"", "\"caf\xc3\xa9\"", "\"a\\\"b\\\\c\\n\""}},
      {"binary", {"{\"hex\":\"00ff\"}", "null", "{\"hex\":\"\"}", "{\"hex\":\"6162\"}", "{\"hex\":\"01\"}"}},
      {"large_utf8", {"\"x\"", "null", "\"yy\"", "\"\"", "\"zzz\""}},
      {"large_binary", {"{\"hex\":\"10\"}", "null", "{\"hex\":\"\"}", "{\"hex\":\"7f80\"}", "{\"hex\":\"71\"}"}},
      {"fixed_size_binary",
       {"{\"hex\":\"616263\"}", "null", "{\"hex\":\"000102\"}", "{\"hex\":\"78797a\"}", "{\"hex\":\"fffefd\"}"}},
      {"decimal128", {"\"1.50\"", "null", "\"-12345678.99\"", "\"0.00\"", "\"-0.01\""}},
      {"dictionary", {"\"GBP\"", "null", "\"EUR\"", "\"GBP\"", "\"USD\""}},
      {"list", {"[1,2]", "null", "[]", "[null,4]", "[5]"}},
      {"large_list", {"[\"a\"]", "null", "[\"b\",\"c\"]", "[]", "[null]"}},
      {"fixed_size_list", {"[0,1]", "null", "[4,5]", "[6,7]", "[8,9]"}},
      {"struct",
       {"{\"a\":1,\"b\":\"one\"}", "null", "{\"a\":null,\"b\":\"three\"}", "{\"a\":4,\"b\":null}",
        "{\"a\":5,\"b\":\"five\"}"}},
      {"map", {"[[\"x\",1],[\"y\",null]]", "null", "[]", "[[\"z\",3]]", "[[\"x\",4]]"}},
  };
  return m;
}

TEST(Canonical, EveryTypeWholeAndSliced) {
  const auto& expected = expected_values();
  auto samples = testing::all_samples();
  ASSERT_EQ(samples.size(), expected.size());
  for (const auto& [name, array] : samples) {
    SCOPED_TRACE(name);
    const auto& want = expected.at(name);
    for (int64_t offset : {0, 1, 2, 5}) {
      Array a = array.slice(offset);
      for (int64_t i = 0; i < a.length(); ++i) {
        std::string got;
        append_canonical_value(got, a, i);
        EXPECT_EQ(got, want[static_cast<size_t>(offset + i)]) << "row " << offset + i;
      }
    }
  }
}

TEST(Canonical, TableLinesHeaderAndChunks) {
  StringBuilder s;
  s.append("EUR");
  s.append_null();
  Int64Builder n;
  n.append(7);
  n.append(-1);
  Array names = s.finish(), ids = n.finish();
  Table one = Table::from_arrays({"cur\"rency", "id"}, {names, ids});
  const std::string want = "{\"columns\":[\"cur\\\"rency\",\"id\"]}\n[\"EUR\",7]\n[null,-1]\n";
  EXPECT_EQ(to_canonical(one), want);
  // Same rows split over two chunks per column, and through the streaming writer.
  auto sch = one.schema();
  Table chunked(sch, {ChunkedArray({names.slice(0, 1), names.slice(1)}), ChunkedArray({ids.slice(0, 1), ids.slice(1)})});
  EXPECT_EQ(to_canonical(chunked), want);
  std::ostringstream out;
  write_canonical(chunked, out);
  EXPECT_EQ(out.str(), want);
  // An empty table is just the header.
  EXPECT_EQ(to_canonical(one.slice(2, 0)), "{\"columns\":[\"cur\\\"rency\",\"id\"]}\n");
}

TEST(Canonical, WriterReportsAFailedStream) {
  Int32Builder b;
  b.append(1);
  Table t = Table::from_arrays({"i"}, {b.finish()});
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_THROW(write_canonical(t, out), IoError);
}

TEST(Canonical, WriterFlushesLargeOutputsWhole) {
  Int32Builder b;
  for (int i = 0; i < 300000; ++i) b.append(i);
  Table t = Table::from_arrays({"i"}, {b.finish()});
  std::ostringstream out;
  write_canonical(t, out);
  const std::string s = out.str();
  // Header {"columns":["i"]}\n is 18 bytes; each row is "[" digits "]\n".
  const size_t digits = 10 * 1 + 90 * 2 + 900 * 3 + 9000 * 4 + 90000 * 5 + 200000 * 6;
  EXPECT_EQ(s.size(), 18 + digits + 3 * 300000);
  EXPECT_EQ(s.substr(s.size() - 9), "[299999]\n");
}

// Compare with the reference implementation (node + ../shared/interop/lib/canon.mjs via csvdump.mjs) on
// random values, written as CSV text precise enough to parse back to the same binary values.
TEST(Canonical, MatchesNodeReferenceOnRandomValues) {
  const char* binary_dir = std::getenv("STRATA_BINARY_DIR");
  std::filesystem::path script = std::filesystem::path(binary_dir ? binary_dir : "build") / "interop/csvdump.mjs";
  if (!std::filesystem::exists(script)) script = "build/interop/csvdump.mjs";
  if (!std::filesystem::exists(script)) GTEST_SKIP() << "no " << script << " (scripts/install-deps installs it)";
  if (std::system("node --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "node is not installed";

  std::mt19937_64 rng(20240710);
  const int n = 3000;
  DoubleBuilder f64;
  FloatBuilder f32;
  Int64Builder i64;
  NumericBuilder<int64_t> ts(timestamp(TimeUnit::kMilli));
  NumericBuilder<int32_t> dates(date32());
  BooleanBuilder flags;
  StringBuilder strings;
  std::string csv = "f64,f32,i64,ts,d,flag,s\n";
  char buf[64];
  for (int r = 0; r < n; ++r) {
    const bool null_row = r % 17 == 3;
    // Doubles across magnitudes (bit patterns of finite values), plus exact decimals.
    double d;
    do {
      d = std::bit_cast<double>(rng());
    } while (!std::isfinite(d));
    if (r % 3 == 0) d = static_cast<double>(static_cast<int64_t>(rng() % 2000000) - 1000000) / 1000.0;
    if (r % 5 == 0) d = std::ldexp(static_cast<double>(rng() % 1000000), static_cast<int>(rng() % 120) - 60);
    float f = std::bit_cast<float>(static_cast<uint32_t>(rng()));
    if (!std::isfinite(f)) f = 1.25f;
    const int64_t i = static_cast<int64_t>(rng());
    const int64_t t = static_cast<int64_t>(rng() % 8000000000000ull) - 1000000000000;
    const int32_t day = static_cast<int32_t>(rng() % 80000) - 20000;
    const bool flag = rng() & 1;
    std::string s = "v" + std::to_string(rng() % 1000);
    if (r % 7 == 0) s += "\"q\"\\\t\x01\xc3\xa9";
    if (null_row) {
      f64.append_null(), f32.append_null(), i64.append_null(), ts.append_null(), dates.append_null(),
          flags.append_null(), strings.append_null();
      csv += ",,,,,,\n";
      continue;
    }
    f64.append(d), f32.append(f), i64.append(i), ts.append(t), dates.append(day), flags.append(flag),
        strings.append(s);
    std::snprintf(buf, sizeof buf, "%.17g,%.9g,", d, static_cast<double>(f));
    csv += buf;
    csv += std::to_string(i) + ",";
    std::string tmp;
    text::append_timestamp(tmp, t, 1000, 'T');
    csv += tmp + ",";
    tmp.clear();
    text::append_date(tmp, day);
    csv += tmp + (flag ? ",true," : ",false,");
    csv += '"';
    for (char c : s) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
    csv += "\"\n";
  }
  Table table = Table::from_arrays({"f64", "f32", "i64", "ts", "d", "flag", "s"},
                                   {f64.finish(), f32.finish(), i64.finish(), ts.finish(), dates.finish(),
                                    flags.finish(), strings.finish()});
  strata::testing::TempDir dir;
  const auto csv_path = dir.path() / "t.csv";
  const auto out_path = dir.path() / "node.jsonl";
  std::ofstream(csv_path, std::ios::binary) << csv;
  const std::string cmd = "node " + script.string() + " " + csv_path.string() +
                          " --schema f64:float64,f32:float32,i64:int64,ts:timestamp_ms,d:date,flag:bool,s:string > " +
                          out_path.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(out_path, std::ios::binary);
  std::stringstream node;
  node << in.rdbuf();
  const std::string ours = to_canonical(table);
  ASSERT_EQ(ours.size(), node.str().size());
  // Line by line for a readable failure.
  std::istringstream a(ours), b(node.str());
  std::string la, lb;
  int line = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    ASSERT_EQ(la, lb) << "line " << ++line;
  }
}

}  // namespace
}  // namespace strata::columnar
