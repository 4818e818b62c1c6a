#include "strata/hdf5/attributes.h"

#include <gtest/gtest.h>

#include "strata/core/error.h"
#include "strata/hdf5/file.h"
#include "support/test_support.h"

namespace strata::hdf5 {
namespace {

using strata::testing::TempDir;

TEST(Attributes, FromTemporariesKeepTheFileOpen) {
  TempDir dir;
  const std::string path = (dir / "t.h5").string();
  {
    File f = File::create(path);
    f.attrs().set("description", "paths");
    f.create_group("statistics").attrs().set("var_95", 91.5);
    f.create_group("statistics/inner").create_dataset("v", std::vector<double>{1, 2}).attrs().set("unit", "ms");
  }
  // The File and Group temporaries are gone at the end of each statement; the attributes still read.
  Attributes file_attrs = File::open(path).attrs();
  Attributes stats = File::open(path).group("statistics").attrs();
  Attributes ds_attrs = File::open(path).dataset("statistics/inner/v").attrs();
  EXPECT_EQ(file_attrs.get<std::string>("description"), "paths");
  EXPECT_EQ(stats.get<double>("var_95"), 91.5);
  EXPECT_EQ(ds_attrs.get<std::string>("unit"), "ms");
  // From a named group the identifier is shared: both stay usable.
  File f = File::open(path);
  Group g = f.group("statistics");
  Attributes a = g.attrs();
  EXPECT_EQ(a.get<double>("var_95"), 91.5);
  EXPECT_EQ(g.attrs().get<double>("var_95"), 91.5);
  // A File's file_handle() names its identifier while it is open, and nothing after close().
  EXPECT_TRUE(f.file_handle().valid());
  f.close();
  EXPECT_FALSE(f.file_handle().valid());
  EXPECT_EQ(a.get<double>("var_95"), 91.5);  // the group's reference keeps the file open after close()
}

TEST(Attributes, ScalarsStringsArraysOnEveryObject) {
  TempDir dir;
  const std::string path = (dir / "a.h5").string();
  {
    File f = File::create(path);
    f.attrs().set("description", "Monte Carlo GBM simulation");
    Group g = f.create_group("statistics");
    g.attrs().set("mean_final", 108.25);
    g.attrs().set("count", int64_t{500});
    g.attrs().set("ok", true);
    Dataset d = g.create_dataset("v", std::vector<double>{1, 2});
    d.attrs().set("window", std::vector<int32_t>{5, 20, 60});
    d.attrs().set("grid", std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3});
    d.attrs().set("labels", std::vector<std::string>{"a", "βb"});
    d.attrs().set("mask", std::vector<bool>{true, false});
    d.attrs().set("unit", std::string("ms"));
    g.attrs().set("mean_final", 109.5);  // replaces, as h5py
  }
  File f = File::open(path);
  EXPECT_EQ(f.attrs().get<std::string>("description"), "Monte Carlo GBM simulation");
  Attributes g = f.group("statistics").attrs();
  EXPECT_EQ(g.names(), (std::vector<std::string>{"count", "mean_final", "ok"}));
  EXPECT_EQ(g.get<double>("mean_final"), 109.5);
  EXPECT_EQ(g.get<int64_t>("count"), 500);
  EXPECT_EQ(g.get<double>("count"), 500.0);  // converted by libhdf5
  EXPECT_TRUE(g.get<bool>("ok"));
  EXPECT_TRUE(g.info("ok").type.type_class() == TypeClass::kBool);
  Attributes d = f.dataset("statistics/v").attrs();
  EXPECT_EQ(d.get_array<int32_t>("window"), (std::vector<int32_t>{5, 20, 60}));
  EXPECT_EQ(d.info("grid").shape, (std::vector<int64_t>{2, 3}));
  EXPECT_FALSE(d.info("grid").is_scalar);
  EXPECT_TRUE(d.info("unit").is_scalar);
  EXPECT_EQ(d.get_array<double>("grid"), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(d.get_array<std::string>("labels"), (std::vector<std::string>{"a", "βb"}));
  EXPECT_EQ(d.get_array<int8_t>("mask"), (std::vector<int8_t>{1, 0}));
  EXPECT_EQ(d.value_to_string("window"), "[5, 20, 60]");
  EXPECT_EQ(d.value_to_string("unit"), "\"ms\"");
  EXPECT_EQ(d.value_to_string("mask"), "[true, false]");
  EXPECT_EQ(f.group("statistics").attrs().value_to_string("mean_final"), "109.5");
  // Typed errors: wrong count, not a string, absent.
  EXPECT_THROW(d.get<int32_t>("window"), TypeError);
  EXPECT_THROW(d.get<std::string>("window"), TypeError);
  EXPECT_THROW(d.get<double>("absent"), InvalidArgument);
  try {
    (void)d.get<double>("absent");
  } catch (const InvalidArgument& e) {
    EXPECT_NE(std::string(e.what()).find("\"absent\" not found on \"/statistics/v\""), std::string::npos) << e.what();
  }
}

TEST(Attributes, Remove) {
  TempDir dir;
  File f = File::create((dir / "r.h5").string());
  f.attrs().set("x", 1.0);
  EXPECT_TRUE(f.attrs().contains("x"));
  f.attrs().remove("x");
  EXPECT_FALSE(f.attrs().contains("x"));
  EXPECT_THROW(f.attrs().remove("x"), Error);
}

}  // namespace
}  // namespace strata::hdf5
