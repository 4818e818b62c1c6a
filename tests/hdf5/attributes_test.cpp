#include "strata/hdf5/attributes.h"

#include <fmt/format.h>
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

// Every failed typed read names the file, the object and the attribute, with a type callers can catch.
TEST(Attributes, TypedReadErrorsNameFileObjectAndAttribute) {
  TempDir dir;
  const std::string path = (dir / "e.h5").string();
  {
    File f = File::create(path);
    Group g = f.create_group("statistics");
    g.attrs().set("label", "var");
    g.attrs().set("pair", std::vector<float>{1.5f, 2.5f});  // 8 bytes, like one float64, but two values
    g.attrs().set("mean_final", 108.25);
    f.attrs().set("count", int64_t{7});
  }
  File f = File::open(path);
  Attributes g = f.group("statistics").attrs();
  auto message_of = [](auto&& read) -> std::string {
    try {
      read();
    } catch (const Error& e) {
      return e.what();
    }
    return "(no exception)";
  };
  // A string read as a number: libhdf5 has no conversion, TypeError says what is stored and what was asked.
  EXPECT_THROW((void)g.get<double>("label"), TypeError);
  EXPECT_EQ(message_of([&] { (void)g.get<double>("label"); }),
            fmt::format("hdf5: attribute \"label\" on \"/statistics\" in \"{}\" is str (variable, utf-8), which does "
                        "not convert to float64",
                        path));
  // Two float32 values are not one float64, although they take the same 8 bytes.
  EXPECT_THROW((void)g.get<double>("pair"), TypeError);
  EXPECT_EQ(message_of([&] { (void)g.get<double>("pair"); }),
            fmt::format("hdf5: attribute \"pair\" on \"/statistics\" in \"{}\" holds 2 values (float32), the read "
                        "expects 1",
                        path));
  EXPECT_EQ(g.get_array<float>("pair"), (std::vector<float>{1.5f, 2.5f}));
  // Absent, on a group and on the file's root group.
  EXPECT_THROW((void)g.get<double>("var_95"), InvalidArgument);
  EXPECT_EQ(message_of([&] { (void)g.get<double>("var_95"); }),
            fmt::format("hdf5: attribute \"var_95\" not found on \"/statistics\" in \"{}\"", path));
  EXPECT_EQ(message_of([&] { (void)f.attrs().get<int64_t>("size"); }),
            fmt::format("hdf5: attribute \"size\" not found on \"/\" in \"{}\"", path));
  // A number read as a string.
  EXPECT_THROW((void)g.get<std::string>("mean_final"), TypeError);
  EXPECT_EQ(message_of([&] { (void)g.get<std::string>("mean_final"); }),
            fmt::format("hdf5: attribute \"mean_final\" on \"/statistics\" in \"{}\" is float64, not a string", path));
  // After the failures the same objects still read (no identifier leaked or left half-closed, no error
  // stack left behind).
  EXPECT_EQ(g.get<double>("mean_final"), 108.25);
  EXPECT_EQ(f.attrs().get<int64_t>("count"), 7);
  EXPECT_EQ(f.attrs().get<double>("count"), 7.0);
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
