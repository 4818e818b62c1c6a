#include "strata/hdf5/table_io.h"

#include <gtest/gtest.h>

#include "strata/columnar/builder.h"
#include "strata/core/error.h"
#include "strata/hdf5/file.h"
#include "hdf5_test_util.h"
#include "support/test_support.h"

namespace strata::hdf5 {
namespace {

namespace col = strata::columnar;
using strata::testing::TempDir;

col::Array dictionary_array(const std::vector<int32_t>& codes, const std::vector<std::string>& values) {
  col::Int32Builder ib;
  for (int32_t c : codes) ib.append(c);
  col::StringBuilder sb;
  for (const auto& v : values) sb.append(v);
  col::Array indices = ib.finish();
  col::Array dict = sb.finish();
  auto data = std::make_shared<col::ArrayData>(*indices.data());
  data->type = col::dictionary(col::int32(), col::utf8());
  data->dictionary = dict.data();
  return col::Array(data);
}

// The notebook's transaction table in miniature (every column type it uses), plus nulls and dates.
col::Table sample_table() {
  col::Int64Builder id;
  col::Int32Builder customer;
  col::DoubleBuilder amount;
  col::NumericBuilder<int64_t> ts(col::timestamp(col::TimeUnit::kMilli));
  col::BooleanBuilder fraud;
  col::StringBuilder note;
  col::NumericBuilder<int32_t> day(col::date32());
  col::DoubleBuilder maybe;
  for (int i = 0; i < 6; ++i) {
    id.append(i);
    customer.append(1000 + i * 7);
    amount.append(10.5 * i - 3.25);
    ts.append(1704067200000 + int64_t{i} * 86400000);
    fraud.append(i % 3 == 0);
    note.append(i == 2 ? "" : fmt::format("note {} é", i));
    day.append(19723 + i);
    if (i % 2) {
      maybe.append_null();
    } else {
      maybe.append(i * 0.5);
    }
  }
  return col::Table::from_arrays(
      {"transaction_id", "customer_id", "amount", "currency", "timestamp", "is_fraud", "note", "day", "maybe"},
      {id.finish(), customer.finish(), amount.finish(), dictionary_array({0, 1, 0, 2, 1, 0}, {"USD", "EUR", "GBP"}),
       ts.finish(), fraud.finish(), note.finish(), day.finish(), maybe.finish()});
}

TEST(TableIo, RoundTripsIdentically) {
  TempDir dir;
  const std::string path = (dir / "t.h5").string();
  const col::Table table = sample_table();
  {
    File f = File::create(path);
    write_table(f, "transactions", table);
    write_table(f, "compressed/transactions", table, TableWriteOptions{.gzip_level = 4, .shuffle = true});
    EXPECT_THROW(write_table(f, "transactions", table), InvalidArgument);
  }
  File f = File::open(path);
  const col::Table back = read_table(f, "transactions");
  EXPECT_TRUE(back.equals(table)) << back.schema()->to_string();
  EXPECT_TRUE(read_table(f, "compressed/transactions").equals(table));
  // The layout promised in table_io.h.
  Group g = f.group("transactions");
  EXPECT_EQ(g.attrs().get_strings("columns"), table.schema()->field_names());
  EXPECT_EQ(g.dataset("timestamp").attrs().get<std::string>("unit"), "ms");
  EXPECT_EQ(g.dataset("timestamp").datatype().to_string(), "int64");
  EXPECT_EQ(g.dataset("is_fraud").datatype().to_string(), "bool");
  EXPECT_EQ(g.dataset("note").datatype().to_string(), "str (variable, utf-8)");
  EXPECT_EQ(g.dataset("currency/codes").read<int32_t>(), (std::vector<int32_t>{0, 1, 0, 2, 1, 0}));
  EXPECT_EQ(g.dataset("currency/values").read<std::string>(), (std::vector<std::string>{"USD", "EUR", "GBP"}));
  EXPECT_EQ(g.dataset("maybe.valid").read<bool>(), (std::vector<bool>{true, false, true, false, true, false}));
  EXPECT_EQ(f.dataset("compressed/transactions/amount").gzip_level(), 4);
}

TEST(TableIo, ReadsAGroupWrittenByH5py) {
  if (!testing::h5py_available()) GTEST_SKIP() << "python3-h5py is not installed (apt-get install python3-h5py)";
  TempDir dir;
  const std::string path = (dir / "py.h5").string();
  int status = 0;
  testing::run(fmt::format("/usr/bin/python3 -c \"import h5py, numpy as np\n"
                           "with h5py.File('{}', 'w') as f:\n"
                           "    g = f.create_group('t')\n"
                           "    g['b_price'] = np.array([1.5, 2.5, 4.0])\n"
                           "    g['a_qty'] = np.array([3, 2, 1], dtype=np.int32)\n"
                           "    g['c_name'] = np.array(['x', 'yy', 'zzz'], dtype=object)\n"
                           "    g['d_flag'] = np.array([True, False, True])\"",
                           path),
               &status);
  ASSERT_EQ(status, 0);
  col::Table t = read_table(File::open(path), "t");
  // No "columns" attribute: datasets in name order.
  EXPECT_EQ(t.schema()->field_names(), (std::vector<std::string>{"a_qty", "b_price", "c_name", "d_flag"}));
  EXPECT_EQ(t.column(0).chunk(0).to_string(), "[3, 2, 1]");
  EXPECT_EQ(t.column(1).chunk(0).to_string(), "[1.5, 2.5, 4]");
  EXPECT_EQ(col::StringArray(t.column(2).chunk(0)).value(2), "zzz");
  EXPECT_EQ(col::BooleanArray(t.column(3).chunk(0)).true_count(), 2);
}

TEST(TableIo, RejectsWhatItCannotStore) {
  TempDir dir;
  File f = File::create((dir / "bad.h5").string());
  col::Int64Builder b;
  b.append(1);
  EXPECT_THROW(write_table(f, "t", col::Table::from_arrays({"a/b"}, {b.finish()})), SchemaError);
  f.create_dataset("u/a", std::vector<int32_t>{1, 2});
  f.create_dataset("u/b", std::vector<int32_t>{1, 2, 3});
  EXPECT_THROW(read_table(f, "u"), SchemaError);
}

}  // namespace
}  // namespace strata::hdf5
