#include "strata/hdf5/chunking.h"

#include <gtest/gtest.h>

#include "hdf5_test_util.h"
#include "strata/core/error.h"

namespace strata::hdf5 {
namespace {

using Shape = std::vector<int64_t>;

TEST(GuessChunk, MatchesWhatH5pyChose) {
  // 1563 x 8 is the layout h5py picked for the 100,000 x 252 paths (PEERS.md); 63 x 32 is in the
  // notebook's own file (h5dump -H of seed/data/gbm_notebook_h5py.h5).
  EXPECT_EQ(guess_chunk({100000, 252}, 8), (Shape{1563, 8}));
  EXPECT_EQ(guess_chunk({500, 252}, 8), (Shape{63, 32}));
}

TEST(GuessChunk, SmallDatasetsStayWhole) {
  // 100 float64 = 800 bytes, under the 8 KiB floor: no halving.
  EXPECT_EQ(guess_chunk({100}, 8), (Shape{100}));
  // 2048 int8 = 2 KiB: whole.
  EXPECT_EQ(guess_chunk({2048}, 1), (Shape{2048}));
  // Growable axes (0) count as 1024: 1024 x 10 x 8 bytes = 80 KiB, target = 16 KiB * 2^log10(0.078) ~
  // 7.5 KiB -> clamped to 8 KiB; halve the axes in turn: (512, 10), (512, 5), (256, 5) = 10 KiB, which is
  // within 50% of the target, so it stops there.
  EXPECT_EQ(guess_chunk({0, 10}, 8), (Shape{256, 5}));
}

TEST(GuessChunk, ScalarIsAnError) { EXPECT_THROW(guess_chunk({}, 8), InvalidArgument); }

TEST(GuessChunk, AgreesWithH5pyOnManyShapes) {
  if (!testing::h5py_available()) GTEST_SKIP() << "python3-h5py is not installed (apt-get install python3-h5py)";
  const std::vector<std::pair<Shape, int>> cases = {
      {{100000, 252}, 8}, {{500, 252}, 8}, {{7}, 1},           {{1000000}, 4},      {{3, 4, 5}, 8},
      {{0, 3}, 4},        {{1 << 20, 3}, 2}, {{64, 64, 64}, 8}, {{12345, 17, 3}, 8}, {{1, 1000000}, 16}};
  std::string args;
  for (const auto& [shape, size] : cases) {
    std::string s;
    for (int64_t d : shape) s += std::to_string(d) + ",";
    args += fmt::format(" '{}:{}'", s, size);
  }
  int status = 0;
  std::string out = testing::run(
      "/usr/bin/python3 -c \"import sys; from h5py._hl.filters import guess_chunk\n"
      "for a in sys.argv[1:]:\n"
      "    s, t = a.split(':'); shape = tuple(int(x) for x in s.split(',') if x)\n"
      "    print(','.join(map(str, guess_chunk(shape, None, int(t)))))\"" +
          args,
      &status);
  ASSERT_EQ(status, 0) << out;
  std::string expected;
  for (const auto& [shape, size] : cases) {
    std::string line;
    for (int64_t d : guess_chunk(shape, size)) line += (line.empty() ? "" : ",") + std::to_string(d);
    expected += line + "\n";
  }
  EXPECT_EQ(out, expected);
}

TEST(RowChunk, KeepsWholeRows) {
  // 252 float64 = 2016 bytes per row; 1 MiB holds 520 rows.
  EXPECT_EQ(row_chunk({100000, 252}, 8), (Shape{520, 252}));
  EXPECT_EQ(row_chunk({10, 252}, 8), (Shape{10, 252}));           // fewer rows than fit
  EXPECT_EQ(row_chunk({100, 1 << 20}, 8, 1024), (Shape{1, 1 << 20}));  // at least one row
}

}  // namespace
}  // namespace strata::hdf5
