#include "strata/hdf5/group.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"
#include "strata/hdf5/file.h"
#include "support/test_support.h"

namespace strata::hdf5 {
namespace {

using strata::testing::TempDir;

TEST(Group, CreateOpenIterateVisit) {
  TempDir dir;
  File f = File::create((dir / "g.h5").string());
  Group sim = f.create_group("simulation");
  EXPECT_EQ(sim.path(), "/simulation");
  sim.create_dataset("paths", std::vector<double>{1, 2, 3, 4}, {2, 2});
  sim.create_dataset("time_axis", std::vector<double>{0, 1});
  f.create_group("statistics/deep/er");  // intermediate groups, as h5py
  f.create_dataset("statistics/final_prices", std::vector<double>{3, 4});
  EXPECT_EQ(f.keys(), (std::vector<std::string>{"simulation", "statistics"}));
  EXPECT_EQ(f.group("simulation").keys(), (std::vector<std::string>{"paths", "time_axis"}));
  Dataset paths = f.dataset("simulation/paths");
  EXPECT_EQ(paths.path(), "/simulation/paths");
  EXPECT_EQ(paths.name(), "paths");
  EXPECT_EQ(f.group("statistics").dataset("/simulation/paths").read<double>(), (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(f.group("statistics/deep").path(), "/statistics/deep");

  std::vector<std::string> seen;
  f.visit([&](const std::string& path, ObjectKind kind) { seen.push_back(path + ":" + std::string(to_string(kind))); });
  EXPECT_EQ(seen, (std::vector<std::string>{"simulation:group", "simulation/paths:dataset",
                                            "simulation/time_axis:dataset", "statistics:group",
                                            "statistics/deep:group", "statistics/deep/er:group",
                                            "statistics/final_prices:dataset"}));
  // Exceptions from the callback reach the caller.
  EXPECT_THROW(f.visit([](const std::string&, ObjectKind) { throw SchemaError("stop"); }), SchemaError);
}

TEST(Group, ExistsKindAndErrors) {
  TempDir dir;
  File f = File::create((dir / "e.h5").string());
  f.create_dataset("a/b", std::vector<int32_t>{1});
  EXPECT_TRUE(f.exists("a"));
  EXPECT_TRUE(f.exists("a/b"));
  EXPECT_TRUE(f.exists("/a/b"));
  EXPECT_FALSE(f.exists("a/c"));
  EXPECT_FALSE(f.exists("x/y/z"));  // missing parents are fine
  EXPECT_FALSE(f.exists("a/b/c"));  // through a dataset
  EXPECT_EQ(f.kind("a"), ObjectKind::kGroup);
  EXPECT_EQ(f.kind("a/b"), ObjectKind::kDataset);
  EXPECT_EQ(f.kind("nope"), std::nullopt);
  EXPECT_THROW(f.group("a/b"), TypeError);
  EXPECT_THROW(f.dataset("a"), TypeError);
  EXPECT_THROW(f.dataset("a/zz"), InvalidArgument);
  EXPECT_THROW(f.create_group("a"), Error);  // exists already
  EXPECT_EQ(f.require_group("a").path(), "/a");
  EXPECT_EQ(f.require_group("n/m").path(), "/n/m");
}

TEST(Group, UnlinkAndLinks) {
  TempDir dir;
  const std::string path = (dir / "l.h5").string();
  {
    File f = File::create(path);
    f.create_dataset("data/v", std::vector<int64_t>{10, 20, 30});
    f.link_soft("/data/v", "soft");
    f.link_hard("data/v", "hard");
    f.link_soft("/nowhere", "dangling");
    f.link_external("other.h5", "/x", "ext");
    EXPECT_EQ(f.link_kind("soft"), LinkKind::kSoft);
    EXPECT_EQ(f.link_kind("hard"), LinkKind::kHard);
    EXPECT_EQ(f.link_kind("ext"), LinkKind::kExternal);
    EXPECT_EQ(f.soft_link_target("soft"), "/data/v");
    EXPECT_EQ(f.dataset("soft").read<int64_t>(), (std::vector<int64_t>{10, 20, 30}));
    EXPECT_EQ(f.dataset("hard").read<int64_t>(), (std::vector<int64_t>{10, 20, 30}));
    EXPECT_FALSE(f.exists("dangling"));
    EXPECT_TRUE(f.link_kind("dangling").has_value());
    // Unlinking the original keeps the object alive through the hard link; the soft link now dangles.
    f.unlink("data/v");
    EXPECT_FALSE(f.exists("data/v"));
    EXPECT_FALSE(f.exists("soft"));
    EXPECT_EQ(f.dataset("hard").read<int64_t>(), (std::vector<int64_t>{10, 20, 30}));
    EXPECT_THROW(f.unlink("data/v"), Error);
  }
  File f = File::open(path);
  EXPECT_EQ(f.keys(), (std::vector<std::string>{"dangling", "data", "ext", "hard", "soft"}));
}

}  // namespace
}  // namespace strata::hdf5
