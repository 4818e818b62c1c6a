#include "strata/hdf5/dataset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "strata/core/error.h"
#include "strata/hdf5/file.h"
#include "support/test_support.h"

namespace strata::hdf5 {

struct Tick {
  int64_t time = 0;
  double price = 0;
  int32_t size = 0;
  bool operator==(const Tick&) const = default;
};
inline Datatype hdf5_datatype(TypeTag<Tick>) {
  return compound_of<Tick>(member("time", &Tick::time), member("price", &Tick::price), member("size", &Tick::size));
}

namespace {

using strata::testing::TempDir;
using Shape = std::vector<int64_t>;

template <typename T>
void expect_round_trip(Group& g, const std::string& name, std::vector<T> values) {
  Dataset ds = g.create_dataset(name, values);
  EXPECT_EQ(ds.shape(), (Shape{static_cast<int64_t>(values.size())}));
  EXPECT_EQ(ds.read<T>(), values) << name;
  std::vector<T> buffer(values.size());
  g.dataset(name).read(std::span<T>(buffer));
  EXPECT_EQ(buffer, values) << name;
}

TEST(Dataset, EveryNumericTypeRoundTrips) {
  TempDir dir;
  File f = File::create((dir / "n.h5").string());
  expect_round_trip<int8_t>(f, "i8", {-128, -1, 0, 1, 127});
  expect_round_trip<uint8_t>(f, "u8", {0, 1, 200, 255});
  expect_round_trip<int16_t>(f, "i16", {-32768, 0, 32767});
  expect_round_trip<uint16_t>(f, "u16", {0, 65535});
  expect_round_trip<int32_t>(f, "i32", {std::numeric_limits<int32_t>::min(), 0, 123456789});
  expect_round_trip<uint32_t>(f, "u32", {0, 4000000000u});
  expect_round_trip<int64_t>(f, "i64", {std::numeric_limits<int64_t>::min(), -1, std::numeric_limits<int64_t>::max()});
  expect_round_trip<uint64_t>(f, "u64", {0, std::numeric_limits<uint64_t>::max()});
  expect_round_trip<float>(f, "f32", {-1.5f, 0.1f, 3.4e38f});
  expect_round_trip<double>(f, "f64", {-0.0, 0.1, 1e308, 5e-324});
  EXPECT_EQ(f.dataset("i8").datatype().to_string(), "int8");
  EXPECT_EQ(f.dataset("u64").datatype().to_string(), "uint64");
  EXPECT_EQ(f.dataset("f32").datatype().to_string(), "float32");
  // libhdf5 converts on read: int16 on disk read as double.
  EXPECT_EQ(f.dataset("i16").read<double>(), (std::vector<double>{-32768.0, 0.0, 32767.0}));
}

TEST(Dataset, BoolIsH5pysEnum) {
  TempDir dir;
  File f = File::create((dir / "b.h5").string());
  Dataset ds = f.create_dataset("flags", std::vector<bool>{true, false, true, true});
  EXPECT_EQ(ds.datatype().type_class(), TypeClass::kBool);
  EXPECT_EQ(ds.datatype().to_string(), "bool");
  EXPECT_EQ(ds.read<bool>(), (std::vector<bool>{true, false, true, true}));
  EXPECT_EQ(ds.read<int8_t>(), (std::vector<int8_t>{1, 0, 1, 1}));  // the enum's values
}

TEST(Dataset, Strings) {
  TempDir dir;
  File f = File::create((dir / "s.h5").string());
  const std::vector<std::string> names = {"alpha", "βeta", "", "a much longer string with spaces"};
  Dataset v = f.create_dataset("names", names);
  EXPECT_TRUE(v.datatype().is_variable_string());
  EXPECT_TRUE(v.datatype().is_utf8());
  EXPECT_EQ(v.read<std::string>(), names);
  EXPECT_EQ(v.read<std::string>(Selection::slices({Slice(1, 3)})), (std::vector<std::string>{"βeta", ""}));
  Dataset fixed = f.create_dataset("codes", Datatype::fixed_string(3), {3});
  fixed.write(std::vector<std::string>{"USD", "EUR", "GB"});
  EXPECT_EQ(fixed.datatype().to_string(), "|S3");
  EXPECT_EQ(fixed.read<std::string>(), (std::vector<std::string>{"USD", "EUR", "GB"}));
  EXPECT_THROW(fixed.write(std::vector<std::string>{"LONG", "X", "Y"}), InvalidArgument);
  EXPECT_THROW(f.dataset("codes").read<double>(), Error);
}

TEST(Dataset, CompoundFromStruct) {
  TempDir dir;
  File f = File::create((dir / "c.h5").string());
  const std::vector<Tick> ticks = {{1, 2.5, 7}, {2, -1.0, 8}, {3, 1e9, -1}};
  Dataset ds = f.create_dataset("ticks", ticks);
  EXPECT_EQ(ds.datatype().to_string(), "compound{time: int64, price: float64, size: int32}");
  EXPECT_EQ(ds.read<Tick>(), ticks);
  EXPECT_EQ(ds.read<Tick>(Selection::points(1, {2, 0})), (std::vector<Tick>{ticks[2], ticks[0]}));
}

TEST(Dataset, NDimensionalSelections) {
  TempDir dir;
  File f = File::create((dir / "nd.h5").string());
  // v[i, j, k] = 100 i + 10 j + k on (4, 5, 6).
  std::vector<int32_t> v;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 6; ++k) v.push_back(100 * i + 10 * j + k);
  Dataset ds = f.create_dataset("cube", v, {4, 5, 6}, DatasetOptions{}.with_chunks({2, 2, 3}));
  EXPECT_EQ(ds.shape(), (Shape{4, 5, 6}));
  EXPECT_EQ(ds.size(), 120);
  // ds[1, 2:5:2, ::4] -> j in {2, 4}, k in {0, 4}
  NdArray<int32_t> a = ds.read_array<int32_t>(Selection::slices({Slice::index(1), Slice(2, 5, 2), Slice(std::nullopt, std::nullopt, 4)}));
  EXPECT_EQ(a.shape, (Shape{2, 2}));
  EXPECT_EQ(a.values, (std::vector<int32_t>{120, 124, 140, 144}));
  EXPECT_EQ(a.at({1, 0}), 140);
  // ds[-1] is the last plane.
  std::vector<int32_t> last = ds.read<int32_t>(Selection::slices({Slice::index(-1)}));
  ASSERT_EQ(last.size(), 30u);
  EXPECT_EQ(last.front(), 300);
  EXPECT_EQ(last.back(), 345);
  // Points (i, j, k).
  EXPECT_EQ(ds.read<int32_t>(Selection::points(3, {0, 0, 0, 3, 4, 5, 2, 1, 3})), (std::vector<int32_t>{0, 345, 213}));
  // Empty selection.
  EXPECT_TRUE(ds.read<int32_t>(Selection::slices({Slice(2, 2)})).empty());
  // Wrong buffer size and out-of-range points are InvalidArgument.
  std::vector<int32_t> small(3);
  EXPECT_THROW(ds.read(Selection::slices({Slice::index(0)}), std::span<int32_t>(small)), InvalidArgument);
  EXPECT_THROW(ds.read<int32_t>(Selection::points(3, {4, 0, 0})), InvalidArgument);
}

TEST(Dataset, WritesThroughSelections) {
  TempDir dir;
  File f = File::create((dir / "w.h5").string());
  Dataset ds = f.create_dataset("m", Datatype::floating(8), {3, 4});
  ds.write(std::vector<double>(12, 0.0));
  ds.write(std::vector<double>{1, 2, 3, 4}, Selection::slices({Slice::index(1)}));        // m[1] = ...
  ds.write(std::vector<double>{9, 9, 9}, Selection::slices({Slice::all(), Slice::index(3)}));  // m[:, 3] = 9
  ds.write(std::vector<double>{-1, -2}, Selection::points(2, {0, 0, 2, 1}));
  EXPECT_EQ(ds.read<double>(), (std::vector<double>{-1, 0, 0, 9, 1, 2, 3, 9, 0, -2, 0, 9}));
  EXPECT_THROW(ds.write(std::vector<double>{1, 2}, Selection::slices({Slice::index(0)})), InvalidArgument);
}

TEST(Dataset, ChunkingAndFilters) {
  TempDir dir;
  File f = File::create((dir / "z.h5").string());
  std::vector<double> v(500 * 252);
  for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(static_cast<double>(i) * 0.001) * 100;
  Dataset a = f.create_dataset("auto", v, {500, 252}, DatasetOptions{}.with_auto_chunks().with_gzip(4));
  EXPECT_EQ(a.layout(), Layout::kChunked);
  EXPECT_EQ(a.chunks(), (Shape{63, 32}));  // h5py's choice for this shape
  EXPECT_EQ(a.gzip_level(), 4);
  EXPECT_EQ(a.read<double>(), v);
  // Filters alone switch chunking on (as in h5py); order is shuffle, deflate, fletcher32.
  Dataset b = f.create_dataset("all", v, {500, 252}, DatasetOptions{}.with_gzip(9).with_shuffle().with_fletcher32());
  ASSERT_EQ(b.filters().size(), 3u);
  EXPECT_EQ(b.filters()[0].name, "shuffle");
  EXPECT_EQ(b.filters()[1].name, "deflate");
  EXPECT_EQ(b.filters()[1].parameters.at(0), 9u);
  EXPECT_EQ(b.filters()[2].name, "fletcher32");
  EXPECT_EQ(b.read<double>(), v);
  EXPECT_LT(b.storage_size(), static_cast<int64_t>(v.size() * 8));  // it compressed
  Dataset c = f.create_dataset("rows", v, {500, 252}, DatasetOptions{}.with_chunks({10, 252}).with_gzip(1));
  EXPECT_EQ(c.chunks(), (Shape{10, 252}));
  EXPECT_EQ(c.read<double>(Selection::slices({Slice::to(10)})), std::vector<double>(v.begin(), v.begin() + 2520));
  Dataset plain = f.create_dataset("plain", v, {500, 252});
  EXPECT_EQ(plain.layout(), Layout::kContiguous);
  EXPECT_FALSE(plain.chunks().has_value());
  EXPECT_TRUE(plain.filters().empty());
  EXPECT_THROW(f.create_dataset("bad", v, {500, 252}, DatasetOptions{}.with_chunks({10})), InvalidArgument);
  EXPECT_THROW(f.create_dataset("bad2", v, {500, 252}, DatasetOptions{}.with_gzip(12)), InvalidArgument);
  // A checksum catches a flipped byte in a chunk.
}

TEST(Dataset, FletcherDetectsCorruption) {
  TempDir dir;
  const auto path = dir / "f.h5";
  std::vector<int64_t> v(4096);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>(i * 7919);
  {
    File f = File::create(path.string());
    f.create_dataset("v", v, {}, DatasetOptions{}.with_chunks({4096}).with_fletcher32());
  }
  std::string bytes = strata::testing::read_file(path);
  // The chunk holds i * 7919 as int64; find element 100 and flip one of its bytes.
  int64_t needle = 100 * 7919;
  size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&needle), 8));
  ASSERT_NE(at, std::string::npos);
  bytes[at] ^= 0x01;
  strata::testing::write_file(path, bytes);
  File f = File::open(path.string());
  try {
    (void)f.dataset("v").read<int64_t>();
    FAIL() << "corruption went unnoticed";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("H5Dread(/v)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("data error detected by Fletcher32 checksum"), std::string::npos) << e.what();
  }
}

TEST(Dataset, FillValues) {
  TempDir dir;
  File f = File::create((dir / "fill.h5").string());
  Dataset ds = f.create_dataset("filled", Datatype::floating(8), {5}, DatasetOptions{}.with_fill_value(-1.5));
  EXPECT_EQ(ds.read<double>(), (std::vector<double>(5, -1.5)));
  ds.write(std::vector<double>{7.0}, Selection::slices({Slice(2, 3)}));
  EXPECT_EQ(ds.read<double>(), (std::vector<double>{-1.5, -1.5, 7.0, -1.5, -1.5}));
  EXPECT_THROW(f.create_dataset("bad", Datatype::floating(8), {5}, DatasetOptions{}.with_fill_value(int32_t{1})),
               InvalidArgument);
}

TEST(Dataset, ResizeAndAppend) {
  TempDir dir;
  File f = File::create((dir / "grow.h5").string());
  Dataset log = f.create_dataset("log", Datatype::integer(4, true), {0, 3},
                                 DatasetOptions{}.with_max_shape({kUnlimited, 3}).with_fill_value(int32_t{-7}));
  EXPECT_EQ(log.max_shape(), (Shape{kUnlimited, 3}));
  // h5py's guess: the growable axis counts as 1024; 1024 x 3 x 4 B = 12 KiB is not within 50% of the 8 KiB
  // target, one halving gives 512 x 3 (h5py 3.7 picks the same for shape=(0, 3), maxshape=(None, 3)).
  EXPECT_EQ(log.chunks(), (Shape{512, 3}));
  log.append(std::vector<int32_t>{1, 2, 3, 4, 5, 6});
  log.append(std::vector<int32_t>{7, 8, 9});
  EXPECT_EQ(log.shape(), (Shape{3, 3}));
  EXPECT_EQ(log.read<int32_t>(), (std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  log.resize({5, 3});
  EXPECT_EQ(log.read<int32_t>(Selection::slices({Slice::from(3)})), (std::vector<int32_t>(6, -7)));
  log.resize({1, 3});
  EXPECT_EQ(log.read<int32_t>(), (std::vector<int32_t>{1, 2, 3}));
  EXPECT_THROW(log.append(std::vector<int32_t>{1, 2}), InvalidArgument);  // not whole rows
  EXPECT_THROW(log.resize({2, 4}), InvalidArgument);                        // axis 1 is limited to 3
  Dataset fixed = f.create_dataset("fixed", std::vector<double>{1, 2});
  EXPECT_THROW(fixed.resize({3}), InvalidArgument);
}

}  // namespace
}  // namespace strata::hdf5
