// Partial reads of gzip chunks through direct chunk I/O (src/hdf5/direct_chunk.h, read_direct_box) must
// give exactly what H5Dread gives: every box is read both ways and compared bit for bit, over edge and
// partial chunks, 1-D to 3-D, int8 to float64, shuffle, fletcher32, unwritten chunks and fill values.
//
// The direct path is taken only when libhdf5's chunk cache could not hold the touched chunks, so most
// cases open the dataset with a zero-byte chunk cache (then every box qualifies) and assert that a plan
// exists, so the comparison is never H5Dread against itself.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../../src/hdf5/direct_chunk.h"
#include "hdf5_test_util.h"
#include "strata/core/error.h"
#include "strata/hdf5/hdf5.h"

namespace strata::hdf5 {

struct BoxTick {
  int64_t time = 0;
  double price = 0;
  bool operator==(const BoxTick&) const = default;
};
inline Datatype hdf5_datatype(TypeTag<BoxTick>) {
  return compound_of<BoxTick>(member("time", &BoxTick::time), member("price", &BoxTick::price));
}

namespace {

using strata::testing::TempDir;
using Shape = std::vector<int64_t>;

// `name` in `file` opened with a chunk cache of `cache_bytes` (0: none, so every box goes direct).
Dataset open_with_cache(const File& file, const std::string& name, size_t cache_bytes) {
  const hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
  EXPECT_GE(dapl, 0);
  EXPECT_GE(H5Pset_chunk_cache(dapl, 521, cache_bytes, 0.75), 0);
  const hid_t id = H5Dopen2(file.handle().id(), name.c_str(), dapl);
  H5Pclose(dapl);
  return Dataset(Handle::adopt(id, "H5Dopen2"), "/" + name);
}

uint64_t next_random(uint64_t& state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return state >> 33;
}

// Boxes to try on `shape` with `chunks`: the whole extent, the first rows, the last (partial) chunk on
// every axis, one element, a box straddling a chunk corner, one dropped axis, and random boxes.
std::vector<std::vector<Slice>> boxes_for(const Shape& shape, const Shape& chunks, int random_boxes) {
  const size_t rank = shape.size();
  std::vector<std::vector<Slice>> out;
  out.push_back(std::vector<Slice>(rank, Slice::all()));
  out.push_back({Slice::to(std::min<int64_t>(10, shape[0]))});
  std::vector<Slice> tail, one, corner, dropped;
  for (size_t d = 0; d < rank; ++d) {
    tail.push_back(Slice::from(shape[d] - std::max<int64_t>(1, shape[d] % chunks[d])));
    one.push_back(Slice(shape[d] / 2, shape[d] / 2 + 1));
    const int64_t c = std::min(chunks[d], shape[d] - 1);
    corner.push_back(Slice(std::max<int64_t>(0, c - 2), std::min(shape[d], c + 3)));
    dropped.push_back(d == 0 ? Slice::index(shape[0] - 1) : Slice::all());
  }
  out.insert(out.end(), {tail, one, corner, dropped});
  uint64_t state = 12345 + rank;
  for (int b = 0; b < random_boxes; ++b) {
    std::vector<Slice> box;
    for (size_t d = 0; d < rank; ++d) {
      const int64_t a = static_cast<int64_t>(next_random(state) % static_cast<uint64_t>(shape[d]));
      const int64_t len = 1 + static_cast<int64_t>(next_random(state) % static_cast<uint64_t>(shape[d] - a));
      box.push_back(Slice(a, a + len));
    }
    out.push_back(box);
  }
  return out;
}

std::string box_text(const std::vector<Slice>& box) { return Selection::slices(box).to_string(); }

// Read every box through `direct` (cache off) and through H5Dread (direct chunk I/O off); equal bytes.
template <typename T>
void expect_boxes_match(const File& file, const std::string& name, bool expect_direct, int random_boxes = 25) {
  // libhdf5 shares one chunk cache among the identifiers of an open dataset, so the reference reads are
  // made (and their identifier closed) before the dataset is opened again without a cache.
  Shape shape, chunks;
  std::vector<std::vector<Slice>> boxes;
  std::vector<std::vector<T>> wanted;
  {
    Dataset reference = file.dataset(name).set_direct_chunk_io(false);
    shape = reference.shape();
    chunks = *reference.chunks();
    boxes = boxes_for(shape, chunks, random_boxes);
    for (const auto& box : boxes) wanted.push_back(reference.read<T>(Selection::slices(box)));
  }
  for (int threads : {1, 3}) {
    Dataset direct = open_with_cache(file, name, 0).set_threads(threads);
    for (size_t b = 0; b < boxes.size(); ++b) {
      const auto& box = boxes[b];
      const Selection sel = Selection::slices(box);
      const Hyperslab h = sel.resolve(shape);
      const std::vector<hsize_t> start(h.start.begin(), h.start.end()), count(h.count.begin(), h.count.end());
      const bool planned =
          internal::plan_direct_box(direct.handle().id(), datatype_of<T>().id(), start, count).has_value();
      EXPECT_EQ(planned, expect_direct) << name << box_text(box);
      const std::vector<T>& want = wanted[b];
      const std::vector<T> got = direct.read<T>(sel);
      ASSERT_EQ(got.size(), want.size()) << name << box_text(box);
      EXPECT_EQ(std::memcmp(got.data(), want.data(), want.size() * sizeof(T)), 0) << name << box_text(box);
    }
  }
}

template <typename T>
std::vector<T> pattern(size_t n, uint64_t seed) {
  std::vector<T> v(n);
  for (size_t i = 0; i < n; ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      v[i] = static_cast<T>(std::sin(static_cast<double>(i) * 0.37 + static_cast<double>(seed)) * 1000 +
                            static_cast<double>(i % 17));
    } else {
      v[i] = static_cast<T>((i + seed) * 2654435761u);
    }
  }
  return v;
}

TEST(DirectChunkBox, MatchesH5DreadOnEveryShapeAndFilter) {
  TempDir dir;
  const auto path = dir / "boxes.h5";
  {
    File f = File::create(path.string());
    auto gz = [](const Shape& chunks, int level = 4) { return DatasetOptions{}.with_chunks(chunks).with_gzip(level); };
    f.create_dataset("f64", pattern<double>(203 * 157, 1), {203, 157}, gz({32, 20}));
    f.create_dataset("f64_shuffle", pattern<double>(203 * 157, 2), {203, 157}, gz({64, 157}).with_shuffle());
    f.create_dataset("i8_1d", pattern<int8_t>(10007, 3), {10007}, gz({1000}, 6).with_shuffle());
    f.create_dataset("i16_3d", pattern<int16_t>(23 * 17 * 29, 4), {23, 17, 29},
                     gz({5, 4, 7}).with_shuffle().with_fletcher32());
    f.create_dataset("f32_fletcher", pattern<float>(100 * 77, 5), {100, 77}, gz({16, 16}, 1).with_fletcher32());
    f.create_dataset("u64_4d", pattern<uint64_t>(6 * 7 * 8 * 9, 6), {6, 7, 8, 9}, gz({4, 3, 5, 2}, 9));
    f.create_dataset("i32_one_chunk", pattern<int32_t>(50 * 40, 7), {50, 40}, gz({50, 40}).with_shuffle());
  }
  File f = File::open(path.string());
  expect_boxes_match<double>(f, "f64", true);
  expect_boxes_match<double>(f, "f64_shuffle", true);
  expect_boxes_match<int8_t>(f, "i8_1d", true);
  expect_boxes_match<int16_t>(f, "i16_3d", true);
  expect_boxes_match<float>(f, "f32_fletcher", true);
  expect_boxes_match<uint64_t>(f, "u64_4d", true);
  expect_boxes_match<int32_t>(f, "i32_one_chunk", true);
  // And the values are the ones written (not only equal between the two paths).
  const std::vector<int16_t> v = pattern<int16_t>(23 * 17 * 29, 4);
  const std::vector<int16_t> got =
      open_with_cache(f, "i16_3d", 0).read<int16_t>(Selection::slices({Slice::index(22), Slice(16, 17), Slice(3, 9)}));
  ASSERT_EQ(got.size(), 6u);
  for (size_t k = 0; k < 6; ++k) EXPECT_EQ(got[k], v[(22 * 17 + 16) * 29 + 3 + k]);
}

TEST(DirectChunkBox, UnwrittenChunksReadAsTheFillValue) {
  TempDir dir;
  File f = File::create((dir / "holes.h5").string());
  {
  Dataset a = f.create_dataset("user_fill", Datatype::integer(4, true), {1000, 300},
                               DatasetOptions{}.with_chunks({100, 64}).with_gzip(1).with_shuffle().with_fill_value(
                                   int32_t{-9}));
  a.write(std::vector<int32_t>(300, 5), Selection::slices({Slice::index(150)}));
  a.write(std::vector<int32_t>(20 * 30, 6), Selection::slices({Slice(980, 1000), Slice(270, 300)}));
  Dataset b = f.create_dataset("default_fill", Datatype::floating(8), {500, 500},
                               DatasetOptions{}.with_chunks({64, 64}).with_gzip(4));
  b.write(pattern<double>(100 * 100, 8), Selection::slices({Slice(100, 200), Slice(100, 200)}));
  Dataset c = f.create_dataset("double_fill", Datatype::floating(8), {300, 200},
                               DatasetOptions{}.with_chunks({30, 30}).with_gzip(4).with_fill_value(-0.5));
  c.write(pattern<double>(200, 9), Selection::slices({Slice::index(31)}));
  }
  f.flush();
  expect_boxes_match<int32_t>(f, "user_fill", true);
  expect_boxes_match<double>(f, "default_fill", true);
  expect_boxes_match<double>(f, "double_fill", true);
  // Independent of H5Dread: a box over written and unwritten chunks.
  const std::vector<int32_t> got =
      open_with_cache(f, "user_fill", 0).read<int32_t>(Selection::slices({Slice(149, 151), Slice(0, 2)}));
  EXPECT_EQ(got, (std::vector<int32_t>{-9, -9, 5, 5}));
  const std::vector<double> zeros =
      open_with_cache(f, "default_fill", 0).read<double>(Selection::slices({Slice(0, 2), Slice(0, 2)}));
  EXPECT_EQ(zeros, (std::vector<double>{0, 0, 0, 0}));
  // Nothing written at all (no chunk index in the file yet): every chunk reads as the fill value.
  f.create_dataset("empty", Datatype::integer(2, true), {400, 400},
                   DatasetOptions{}.with_chunks({50, 50}).with_gzip(4).with_fill_value(int16_t{7}));
  Dataset empty = open_with_cache(f, "empty", 0);
  EXPECT_TRUE(
      internal::plan_direct_box(empty.handle().id(), datatype_of<int16_t>().id(), {0, 0}, {400, 400}).has_value());
  EXPECT_EQ(empty.read<int16_t>(Selection::slices({Slice(10, 110)})), std::vector<int16_t>(100 * 400, 7));
}

TEST(DirectChunkBox, FilterOrderWrittenByTheCApi) {
  // [fletcher32, shuffle, deflate]: the checksum sits inside the deflate stream, before unshuffling.
  TempDir dir;
  const auto path = dir / "order.h5";
  const std::vector<int32_t> v = pattern<int32_t>(120 * 90, 10);
  {
    File f = File::create(path.string());
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t dims[2] = {120, 90}, chunk[2] = {25, 40};
    ASSERT_GE(H5Pset_chunk(dcpl, 2, chunk), 0);
    ASSERT_GE(H5Pset_fletcher32(dcpl), 0);
    ASSERT_GE(H5Pset_shuffle(dcpl), 0);
    ASSERT_GE(H5Pset_deflate(dcpl, 5), 0);
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    const hid_t ds = H5Dcreate2(f.handle().id(), "odd", H5T_STD_I32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    ASSERT_GE(ds, 0);
    ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0);
    H5Dclose(ds);
    H5Sclose(space);
    H5Pclose(dcpl);
  }
  File f = File::open(path.string());
  expect_boxes_match<int32_t>(f, "odd", true);
  EXPECT_EQ(open_with_cache(f, "odd", 0).read<int32_t>(Selection::slices({Slice::index(119)})),
            std::vector<int32_t>(v.end() - 90, v.end()));
}

TEST(DirectChunkBox, OtherSelectionsAndTypesStayOnH5Dread) {
  TempDir dir;
  File f = File::create((dir / "other.h5").string());
  std::vector<BoxTick> ticks(400);
  for (size_t i = 0; i < ticks.size(); ++i) ticks[i] = {static_cast<int64_t>(i) * 3, static_cast<double>(i) / 7};
  f.create_dataset("ticks", ticks, {400}, DatasetOptions{}.with_chunks({64}).with_gzip(4));
  f.create_dataset("plain", pattern<double>(300 * 40, 11), {300, 40}, DatasetOptions{}.with_chunks({32, 40}));
  f.create_dataset("f64", pattern<double>(300 * 40, 12), {300, 40},
                   DatasetOptions{}.with_chunks({32, 40}).with_gzip(4));
  // Compound: no plan, and the values still arrive through H5Dread.
  Dataset t = open_with_cache(f, "ticks", 0);
  EXPECT_FALSE(internal::plan_direct_box(t.handle().id(), datatype_of<BoxTick>().id(), {10}, {100}).has_value());
  EXPECT_EQ(t.read<BoxTick>(Selection::slices({Slice(10, 110)})),
            std::vector<BoxTick>(ticks.begin() + 10, ticks.begin() + 110));
  // No deflate filter: no plan.
  expect_boxes_match<double>(f, "plain", false, 3);
  // A conversion on the way (float64 on disk, read as float32): no plan, same values as H5Dread.
  Dataset d = open_with_cache(f, "f64", 0);
  EXPECT_FALSE(internal::plan_direct_box(d.handle().id(), datatype_of<float>().id(), {0, 0}, {10, 40}).has_value());
  const std::vector<float> narrowed = d.read<float>(Selection::slices({Slice::to(10)}));
  const std::vector<double> wide = pattern<double>(10 * 40, 12);
  for (size_t i = 0; i < wide.size(); ++i) EXPECT_EQ(narrowed[i], static_cast<float>(wide[i]));
  // Strides and points go through H5Dread and give the values written.
  const std::vector<double> all = pattern<double>(300 * 40, 12);
  const std::vector<double> strided = d.read<double>(Selection::slices({Slice(1, 300, 50), Slice(0, 40, 13)}));
  ASSERT_EQ(strided.size(), 6u * 4u);
  EXPECT_EQ(strided[5], all[(1 + 50 * 1) * 40 + 13]);
  EXPECT_EQ(d.read<double>(Selection::points(2, {299, 39, 0, 0})), (std::vector<double>{all.back(), all[0]}));
}

TEST(DirectChunkBox, ChunkCacheDecidesWithTheDefaultHandle) {
  // With the default 1 MiB cache, [:10, :] of 4000 x 512 float64 in 500 x 64 chunks touches 8 chunks of
  // 256 KiB: more than the cache holds, so it goes direct; a box inside one chunk stays on H5Dread.
  TempDir dir;
  const auto path = dir / "cache.h5";
  const std::vector<double> v = pattern<double>(4000 * 512, 13);
  {
    File f = File::create(path.string());
    f.create_dataset("p", v, {4000, 512}, DatasetOptions{}.with_chunks({500, 64}).with_gzip(1));
  }
  File f = File::open(path.string());
  Dataset ds = f.dataset("p");
  EXPECT_TRUE(internal::plan_direct_box(ds.handle().id(), datatype_of<double>().id(), {0, 0}, {10, 512}).has_value());
  EXPECT_FALSE(internal::plan_direct_box(ds.handle().id(), datatype_of<double>().id(), {0, 0}, {10, 64}).has_value());
  const std::vector<double> head = ds.read<double>(Selection::slices({Slice::to(10), Slice::all()}));
  EXPECT_EQ(head, std::vector<double>(v.begin(), v.begin() + 10 * 512));
  EXPECT_EQ(head, f.dataset("p").set_direct_chunk_io(false).read<double>(Selection::slices({Slice::to(10)})));
}

// Damage the middle of the file's one big chunk; the partial read must raise FormatError naming the file,
// the dataset and the chunk.
void expect_corrupt_chunk_error(bool fletcher32) {
  TempDir dir;
  const auto path = dir / (fletcher32 ? "bad_sum.h5" : "bad_zlib.h5");
  {
    File f = File::create(path.string());
    DatasetOptions o = DatasetOptions{}.with_chunks({200, 300}).with_gzip(4);
    if (fletcher32) o.with_fletcher32();
    f.create_dataset("sim/p", pattern<double>(200 * 300, 14), {200, 300}, o);
  }
  std::string bytes = strata::testing::read_file(path);
  bytes[bytes.size() / 2] ^= 0x5a;
  bytes[bytes.size() / 2 + 1] ^= 0x5a;
  strata::testing::write_file(path, bytes);
  File f = File::open(path.string());
  Dataset ds = open_with_cache(f, "sim/p", 0);
  ASSERT_TRUE(internal::plan_direct_box(ds.handle().id(), datatype_of<double>().id(), {0, 0}, {10, 300}).has_value());
  try {
    ds.read<double>(Selection::slices({Slice::to(10)}));
    ADD_FAILURE() << "a damaged chunk was read without an error";
  } catch (const FormatError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path.filename().string()), std::string::npos) << what;
    EXPECT_NE(what.find("/sim/p"), std::string::npos) << what;
    EXPECT_NE(what.find("chunk at (0, 0)"), std::string::npos) << what;
    EXPECT_NE(what.find(fletcher32 ? "Fletcher-32" : "zlib"), std::string::npos) << what;
    EXPECT_TRUE(e.offset().has_value()) << what;
  }
  // libhdf5's own path also refuses the chunk.
  EXPECT_THROW(f.dataset("sim/p").set_direct_chunk_io(false).read<double>(Selection::slices({Slice::to(10)})), Error);
}

TEST(DirectChunkBox, CorruptChunkIsAFormatErrorNamingFileDatasetAndChunk) {
  expect_corrupt_chunk_error(false);
  expect_corrupt_chunk_error(true);
}

}  // namespace
}  // namespace strata::hdf5
