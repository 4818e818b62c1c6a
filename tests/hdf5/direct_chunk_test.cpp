// Whole-dataset transfers of gzip chunks through direct chunk I/O (src/hdf5/direct_chunk.h) must give
// exactly what libhdf5's own pipeline gives, both ways, including edge chunks, shuffle, N dimensions and
// files compressed by zlib (h5py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "hdf5_test_util.h"
#include "strata/core/error.h"
#include "strata/hdf5/hdf5.h"

namespace strata::hdf5 {
namespace {

using strata::testing::TempDir;
using Shape = std::vector<int64_t>;

std::vector<double> wave(size_t n) {
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = std::sin(static_cast<double>(i) * 0.37) * 1000 + static_cast<double>(i % 17);
  return v;
}

struct Case {
  Shape shape;
  Shape chunks;
  bool shuffle;
  int threads;
};

TEST(DirectChunk, WritesWhatLibhdf5ReadsAndReadsWhatLibhdf5Wrote) {
  TempDir dir;
  const std::vector<Case> cases = {
      {{600, 300}, {64, 37}, false, 2},      // edge chunks on both axes
      {{600, 300}, {600, 300}, true, 3},     // one chunk, shuffle
      {{40, 50, 60}, {7, 9, 11}, true, 2},   // 3-D, edges everywhere
      {{100000}, {4096}, false, 1},          // 1-D, one thread
  };
  for (const Case& c : cases) {
    int64_t n = 1;
    for (int64_t d : c.shape) n *= d;
    const std::vector<double> v = wave(static_cast<size_t>(n));
    const auto path = dir / "d.h5";
    DatasetOptions direct = DatasetOptions{}.with_chunks(c.chunks).with_gzip(4).with_threads(c.threads);
    DatasetOptions pipeline = DatasetOptions{}.with_chunks(c.chunks).with_gzip(4).without_direct_chunk_io();
    if (c.shuffle) {
      direct.with_shuffle();
      pipeline.with_shuffle();
    }
    {
      File f = File::create(path.string());
      f.create_dataset("direct", v, c.shape, direct);
      f.create_dataset("pipeline", v, c.shape, pipeline);
    }
    File f = File::open(path.string());
    // Stored through Strata's path, read through libhdf5's; and the other way round; and direct both ways.
    EXPECT_EQ(f.dataset("direct").set_direct_chunk_io(false).read<double>(), v);
    EXPECT_EQ(f.dataset("pipeline").set_threads(c.threads).read<double>(), v);
    EXPECT_EQ(f.dataset("direct").read<double>(), v);
    // Slices still go through libhdf5 and see the same chunks.
    const Hyperslab h = Selection::slices({Slice(1, 3)}).resolve(c.shape);
    std::vector<double> expected(v.begin() + (n / c.shape[0]), v.begin() + 3 * (n / c.shape[0]));
    EXPECT_EQ(f.dataset("direct").read<double>(Selection::slices({Slice(1, 3)})), expected);
    EXPECT_EQ(h.num_elements(), static_cast<int64_t>(expected.size()));
  }
}

TEST(DirectChunk, OutputDoesNotDependOnThreads) {
  TempDir dir;
  const std::vector<double> v = wave(500 * 252);
  int64_t sizes[3];
  for (int threads : {1, 2, 4}) {
    File f = File::create((dir / fmt::format("t{}.h5", threads)).string());
    Dataset ds = f.create_dataset("p", v, {500, 252}, DatasetOptions{}.with_auto_chunks().with_gzip(4).with_threads(threads));
    sizes[threads == 4 ? 2 : threads - 1] = ds.storage_size();
  }
  EXPECT_EQ(sizes[0], sizes[1]);
  EXPECT_EQ(sizes[0], sizes[2]);
}

TEST(DirectChunk, IntegersFillValuesAndHoles) {
  TempDir dir;
  File f = File::create((dir / "i.h5").string());
  std::vector<int32_t> v(300 * 500);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int32_t>(i * 2654435761u);
  Dataset ds = f.create_dataset("i", v, {300, 500},
                                DatasetOptions{}.with_chunks({128, 128}).with_gzip(6).with_shuffle().with_fill_value(int32_t{-9}));
  EXPECT_EQ(ds.read<int32_t>(), v);
  EXPECT_EQ(f.dataset("i").set_direct_chunk_io(false).read<int32_t>(), v);
  // A dataset with unwritten chunks reads them as the fill value (the direct path steps aside).
  Dataset holes = f.create_dataset("holes", Datatype::integer(4, true), {1000, 300},
                                   DatasetOptions{}.with_chunks({100, 300}).with_gzip(1).with_fill_value(int32_t{-9}));
  holes.write(std::vector<int32_t>(300, 5), Selection::slices({Slice::index(150)}));
  std::vector<int32_t> back = holes.read<int32_t>();
  EXPECT_EQ(back[150 * 300], 5);
  EXPECT_EQ(back[0], -9);
  EXPECT_EQ(back.back(), -9);
  // Data converted on the way (int32 on disk, read as double) goes through libhdf5.
  EXPECT_EQ(ds.read<double>()[7], static_cast<double>(v[7]));
}

TEST(DirectChunk, CachedChunksNeverGoStale) {
  TempDir dir;
  const auto path = dir / "cache.h5";
  const std::vector<double> v = wave(400 * 300);
  {
    File f = File::create(path.string());
    Dataset ds = f.create_dataset("p", Datatype::floating(8), {400, 300},
                                  DatasetOptions{}.with_chunks({50, 300}).with_gzip(4));
    // A row written through libhdf5 sits dirty in its chunk cache...
    ds.write(std::vector<double>(300, -1.0), Selection::slices({Slice::index(10)}));
    // ...then the whole dataset goes direct: the cached chunk must not overwrite it later.
    ds.write(v);
    EXPECT_EQ(ds.read<double>(), v);
    // And the other way: a row through libhdf5 (cached), then a direct read must see it.
    ds.write(std::vector<double>(300, 7.0), Selection::slices({Slice::index(20)}));
    std::vector<double> expected = v;
    std::fill(expected.begin() + 20 * 300, expected.begin() + 21 * 300, 7.0);
    EXPECT_EQ(ds.read<double>(), expected);
  }
  std::vector<double> expected = v;
  std::fill(expected.begin() + 20 * 300, expected.begin() + 21 * 300, 7.0);
  EXPECT_EQ(File::open(path.string()).dataset("p").read<double>(), expected);
}

TEST(DirectChunk, ReadsZlibChunksWrittenByH5py) {
  if (!testing::h5py_available()) GTEST_SKIP() << "python3-h5py is not installed (apt-get install python3-h5py)";
  TempDir dir;
  const auto path = dir / "py.h5";
  int status = 0;
  testing::run(fmt::format("/usr/bin/python3 -c \"import h5py, numpy as np\n"
                           "a = np.sin(np.arange(700 * 300) * 0.37) * 1000 + np.arange(700 * 300) % 17\n"
                           "with h5py.File('{}', 'w') as f:\n"
                           "    f.create_dataset('p', data=a.reshape(700, 300), chunks=True, compression='gzip', "
                           "compression_opts=4)\n"
                           "    f.create_dataset('s', data=a.reshape(700, 300), chunks=(33, 41), shuffle=True, "
                           "compression='gzip')\"",
                           path.string()),
               &status);
  ASSERT_EQ(status, 0);
  // numpy's sin may differ from ours in the last bit: compare the two read paths exactly, and the values
  // with a tolerance.
  const std::vector<double> v = wave(700 * 300);
  File f = File::open(path.string());
  for (const char* name : {"p", "s"}) {
    const std::vector<double> direct = f.dataset(name).read<double>();
    EXPECT_EQ(direct, f.dataset(name).set_direct_chunk_io(false).read<double>()) << name;
    ASSERT_EQ(direct.size(), v.size());
    for (size_t i = 0; i < v.size(); i += 997) EXPECT_NEAR(direct[i], v[i], 1e-9) << name << " " << i;
  }
}

TEST(DirectChunk, CorruptChunkIsAFormatError) {
  TempDir dir;
  const auto path = dir / "c.h5";
  const std::vector<double> v = wave(200 * 300);
  {
    File f = File::create(path.string());
    f.create_dataset("p", v, {200, 300}, DatasetOptions{}.with_chunks({200, 300}).with_gzip(4));
  }
  std::string bytes = strata::testing::read_file(path);
  // The single chunk is the file's largest stretch; damage its middle.
  bytes[bytes.size() / 2] ^= 0x5a;
  bytes[bytes.size() / 2 + 1] ^= 0x5a;
  strata::testing::write_file(path, bytes);
  File f = File::open(path.string());
  EXPECT_THROW(f.dataset("p").read<double>(), FormatError);
}

}  // namespace
}  // namespace strata::hdf5
