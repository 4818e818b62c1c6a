#include "strata/columnar/pretty_print.h"

#include <gtest/gtest.h>

#include <sstream>

#include "strata/columnar/builder.h"

namespace strata::columnar {
namespace {

Table mixed_table() {
  Int64Builder id;
  id.append(1), id.append(-2), id.append(30), id.append_null();
  StringBuilder ccy;
  ccy.append("EUR"), ccy.append_null(), ccy.append("USD"), ccy.append("GBP");
  DoubleBuilder amount;
  amount.append(47.734790646936844), amount.append(3.5), amount.append_null(), amount.append(-0.25);
  NumericBuilder<int64_t> ts(timestamp(TimeUnit::kMilli));
  ts.append(1720597341442), ts.append_null(), ts.append(1720569600000), ts.append(0);
  return Table::from_arrays({"id", "ccy", "amount", "ts"}, {id.finish(), ccy.finish(), amount.finish(), ts.finish()});
}

// Expected texts below are pandas 1.5.3's repr of the same data (run with /usr/bin/python3 on Debian 12),
// except where a comment says how and why we differ.
TEST(PrettyPrint, MixedColumnsAlignedWithNulls) {
  // pandas: an int64 column with a null becomes float64 (1.0, -2.0, 30.0, NaN); we keep integers and print
  // NaN for the null with the leading space every non-float cell gets.
  const std::string want =
      "    id   ccy     amount                      ts\n"
      "0    1   EUR  47.734791 2024-07-10 07:42:21.442\n"
      "1   -2  None   3.500000                     NaT\n"
      "2   30   USD        NaN 2024-07-10 00:00:00.000\n"
      "3  NaN   GBP  -0.250000 1970-01-01 00:00:00.000";
  EXPECT_EQ(to_string(mixed_table()), want);
  EXPECT_EQ(mixed_table().to_string(), want);
  std::ostringstream out;
  out << mixed_table();
  EXPECT_EQ(out.str(), want);
}

TEST(PrettyPrint, NumericHeadersKeepTheSignPlace) {
  // pandas puts a space before the header of a numeric column (numbers, and bool without nulls): "ab" over
  // one-digit values takes three places; a bool column with a null is object, and its header gets none.
  Int64Builder ab, abc, z;
  ab.append(1), ab.append(2), abc.append(100), abc.append(200), z.append(-1), z.append(2);
  BooleanBuilder flag, ok;
  flag.append(true), flag.append_null(), ok.append(true), ok.append(false);
  DoubleBuilder x;
  x.append(1.5), x.append(2.25);
  StringBuilder name;
  name.append("a"), name.append("bb");
  const Table t = Table::from_arrays({"ab", "flag", "ok", "x", "name", "abc", "z"},
                                     {ab.finish(), flag.finish(), ok.finish(), x.finish(), name.finish(),
                                      abc.finish(), z.finish()});
  EXPECT_EQ(to_string(t),
            "   ab  flag     ok     x name  abc  z\n"
            "0   1  True   True  1.50    a  100 -1\n"
            "1   2  None  False  2.25   bb  200  2");
}

TEST(PrettyPrint, StringsLeftAlignedWhenAsked) {
  PrettyPrintOptions o;
  o.left_align_strings = true;
  const std::string want =
      "    id  ccy      amount                      ts\n"
      "0    1  EUR   47.734791 2024-07-10 07:42:21.442\n"
      "1   -2  None   3.500000                     NaT\n"
      "2   30  USD         NaN 2024-07-10 00:00:00.000\n"
      "3  NaN  GBP   -0.250000 1970-01-01 00:00:00.000";
  EXPECT_EQ(mixed_table().to_string(o), want);
}

TEST(PrettyPrint, LongTableHeadEllipsisTailAndFooter) {
  const int64_t n = 200000;
  Int64Builder i;
  DoubleBuilder x;
  for (int64_t k = 0; k < n; ++k) {
    i.append(k);
    x.append(static_cast<double>(k) * 0.5);
  }
  Table t = Table::from_arrays({"i", "x"}, {i.finish(), x.finish()});
  const std::string want =
      "             i        x\n"
      "0            0      0.0\n"
      "1            1      0.5\n"
      "2            2      1.0\n"
      "3            3      1.5\n"
      "4            4      2.0\n"
      "...        ...      ...\n"
      "199995  199995  99997.5\n"
      "199996  199996  99998.0\n"
      "199997  199997  99998.5\n"
      "199998  199998  99999.0\n"
      "199999  199999  99999.5\n"
      "\n"
      "[200000 rows x 2 columns]";
  EXPECT_EQ(to_string(t), want);
  PrettyPrintOptions o;
  o.max_rows = 3;
  o.head_rows = 1;
  o.tail_rows = 1;
  EXPECT_EQ(to_string(t.slice(0, 4), o),
            "    i    x\n"
            "0   0  0.0\n"
            ".. ..  ...\n"
            "3   3  1.5\n"
            "\n"
            "[4 rows x 2 columns]");
  // At the limit nothing is cut.
  o.show_footer = false;
  o.max_rows = 4;
  EXPECT_EQ(to_string(t.slice(0, 4), o),
            "   i    x\n"
            "0  0  0.0\n"
            "1  1  0.5\n"
            "2  2  1.0\n"
            "3  3  1.5");
}

TEST(PrettyPrint, FloatColumnsSharePandasFormat) {
  DoubleBuilder a, b, c;
  a.append(1.0), a.append(2.0);               // whole numbers keep one decimal
  b.append(1e-7), b.append(1.0);              // a tiny value switches the column to scientific
  c.append(12345678.5), c.append(0.125);      // large and too wide: scientific
  FloatBuilder f;
  f.append(0.1f), f.append(-2.0f);
  NumericBuilder<uint16_t> h(float16());
  h.append(0x3e00), h.append(0xfc00);  // 1.5, -inf
  Table t = Table::from_arrays({"a", "b", "c", "f", "h"}, {a.finish(), b.finish(), c.finish(), f.finish(), h.finish()});
  EXPECT_EQ(to_string(t),
            "     a             b             c    f    h\n"
            "0  1.0  1.000000e-07  1.234568e+07  0.1  1.5\n"
            "1  2.0  1.000000e+00  1.250000e-01 -2.0 -inf");
}

TEST(PrettyPrint, TypesOfEveryKind) {
  BooleanBuilder flag;
  flag.append(true), flag.append_null();
  NumericBuilder<int64_t> day(timestamp(TimeUnit::kSecond));
  day.append(0), day.append(86400);
  NumericBuilder<int64_t> utc(timestamp(TimeUnit::kMicro, "UTC"));
  utc.append(1500), utc.append_null();
  NumericBuilder<int32_t> d(date32());
  d.append(19914), d.append_null();
  BinaryBuilder bin;
  bin.append(std::string_view("a\0'", 3)), bin.append_null();
  FixedSizeBinaryBuilder dec(decimal128(5, 2));
  dec.append(Decimal128::parse("-1.50", 2)), dec.append_null();
  ListBuilder lists(list(utf8()));
  StringBuilder items;
  items.append("x"), items.append_null(), lists.append(2), lists.append_null();
  StructBuilder st(struct_({field("a", int64()), field("b", utf8())}));
  Int64Builder sa;
  StringBuilder sb;
  sa.append(1), sb.append("one"), st.append();
  sa.append_null(), sb.append_null(), st.append_null();
  MapBuilder m(map(utf8(), int64()));
  StringBuilder mk;
  Int64Builder mv;
  mk.append("x"), mv.append(1), m.append(1), m.append_null();
  Table t = Table::from_arrays({"flag", "day", "utc", "d", "bin", "dec", "l", "st", "m"},
                               {flag.finish(), day.finish(), utc.finish(), d.finish(), bin.finish(), dec.finish(),
                                lists.finish(items.finish()), st.finish({sa.finish(), sb.finish()}),
                                m.finish(mk.finish(), mv.finish())});
  EXPECT_EQ(to_string(t),
            "   flag        day                              utc           d        bin    dec          l  "
            "                  st         m\n"
            "0  True 1970-01-01 1970-01-01 00:00:00.001500+00:00  2024-07-10  b\"a\\x00'\"  -1.50  [x, None]  "
            "{'a': 1, 'b': 'one'}  [(x, 1)]\n"
            "1  None 1970-01-02                              NaT        None       None   None       None  "
            "                None      None");
}

TEST(PrettyPrint, CategoricalNanosecondsAllNullFloatsBooleans) {
  StringBuilder values;
  values.append("a"), values.append("bb");
  Int8Builder idx;
  idx.append(0), idx.append_null(), idx.append(1);
  Array indices = idx.finish();
  auto dict = ArrayData::make(dictionary(int8(), utf8()), 3, indices.data()->buffers, 1);
  dict->dictionary = values.finish().data();
  NumericBuilder<int64_t> t(timestamp(TimeUnit::kNano));
  t.append(1), t.append_null(), t.append(1000);
  DoubleBuilder n;
  n.append_nulls(3);
  BooleanBuilder b;
  b.append(true), b.append(false), b.append(true);
  Table table = Table::from_arrays({"c", "t", "n", "b"}, {Array(dict), t.finish(), n.finish(), b.finish()});
  EXPECT_EQ(to_string(table),
            "     c                             t   n      b\n"
            "0    a 1970-01-01 00:00:00.000000001 NaN   True\n"
            "1  NaN                           NaT NaN  False\n"
            "2   bb 1970-01-01 00:00:00.000001000 NaN   True");
}

TEST(PrettyPrint, WideTablesEmptyTablesAndLongStrings) {
  Int32Builder a, b, c;
  a.append(1), b.append(2), c.append(3);
  PrettyPrintOptions o;
  o.max_columns = 2;
  Table wide = Table::from_arrays({"a", "b", "c"}, {a.finish(), b.finish(), c.finish()});
  EXPECT_EQ(to_string(wide, o),
            "   a  ...  c\n"
            "0  1  ...  3\n"
            "\n"
            "[1 rows x 3 columns]");
  EXPECT_EQ(to_string(wide.slice(1, 0)), "Empty DataFrame\nColumns: [a, b, c]\nIndex: []");
  StringBuilder s;
  s.append(std::string(60, 'z'));
  o.max_colwidth = 10;
  EXPECT_EQ(to_string(Table::from_arrays({"s"}, {s.finish()}), o),
            "           s\n"
            "0  zzzzzz...");
}

}  // namespace
}  // namespace strata::columnar
