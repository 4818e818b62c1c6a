#include "strata/hdf5/describe.h"

#include <gtest/gtest.h>

#include "strata/hdf5/file.h"
#include "support/test_support.h"

namespace strata::hdf5 {
namespace {

TEST(Describe, TreeOfTheNotebookFile) {
  File f = File::open((strata::testing::shared_dir() / "seed/data/gbm_notebook_h5py.h5").string());
  const std::string tree = describe_tree(f);
  const std::string expected_lines[] = {
      "/                                   group\n",
      "  @description = \"Monte Carlo GBM simulation\"\n",
      "  simulation/                       group\n",
      "    paths                           float64 (500, 252) chunks (63, 32) gzip 4\n",
      "      @shape = \"500 paths × 252 steps\"\n",
      "    time_axis                       float64 (252,)\n",
      "  statistics/                       group\n",
      "    final_prices                    float64 (500,)\n",
  };
  size_t at = 0;
  for (const std::string& line : expected_lines) {
    const size_t found = tree.find(line, at);
    ASSERT_NE(found, std::string::npos) << "missing, in order: " << line << "in:\n" << tree;
    at = found + line.size();
  }
  EXPECT_NE(tree.find("    @mean_final = "), std::string::npos) << tree;
}

TEST(Describe, FormatsSelectedValues) {
  strata::testing::TempDir dir;
  File f = File::create((dir / "d.h5").string());
  Dataset m = f.create_dataset("m", std::vector<double>{0.1, 2, -3.5, 1e21, 5, 6}, {2, 3},
                               DatasetOptions{}.with_chunks({1, 3}).with_shuffle().with_max_shape({kUnlimited, 3}));
  EXPECT_EQ(format_dataset(m), "0.1 2 -3.5\n1e+21 5 6\n");
  EXPECT_EQ(format_dataset(m, parse_selection("[1:, ::2]")), "1e+21 6\n");
  EXPECT_EQ(describe_dataset(m), "float64 (2, 3) max (None, 3) chunks (1, 3) shuffle");
  f.create_dataset("s", std::vector<std::string>{"a\"b", "c"});
  EXPECT_EQ(format_dataset(f.dataset("s")), "\"a\\\"b\" \"c\"\n");
  f.create_dataset("b", std::vector<bool>{true, false});
  EXPECT_EQ(format_dataset(f.dataset("b")), "true false\n");
  f.create_dataset("i", std::vector<int16_t>{-1, 7});
  EXPECT_EQ(format_dataset(f.dataset("i"), parse_selection("[1]")), "7\n");
}

}  // namespace
}  // namespace strata::hdf5
