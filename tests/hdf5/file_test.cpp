#include "strata/hdf5/file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <thread>

#include "strata/core/error.h"
#include "support/test_support.h"

namespace strata::hdf5 {
namespace {

using strata::testing::TempDir;

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(File, ModesFollowH5py) {
  TempDir dir;
  const std::string path = (dir / "modes.h5").string();
  {
    File f = File::open(path, "w");
    f.attrs().set("n", int32_t{1});
    EXPECT_TRUE(f.writable());
  }
  // w- refuses an existing file; r reads; r+ writes; a opens existing and keeps the contents.
  EXPECT_THROW(File::open(path, "w-"), IoError);
  {
    File f = File::open(path, "r");
    EXPECT_FALSE(f.writable());
    EXPECT_EQ(f.attrs().get<int32_t>("n"), 1);
    // Writing through a read-only file fails with libhdf5's reason in the message.
    std::string m = message_of([&] { f.create_group("g"); });
    EXPECT_NE(m.find("H5Gcreate2"), std::string::npos) << m;
    EXPECT_NE(m.find("no write intent on file"), std::string::npos) << m;
  }
  {
    File f = File::open(path, "r+");
    f.attrs().set("n", int32_t{2});
  }
  {
    File f = File::open(path, "a");
    EXPECT_EQ(f.attrs().get<int32_t>("n"), 2);
    f.create_group("added");
  }
  // a creates when absent; x is w-.
  const std::string fresh = (dir / "fresh.h5").string();
  { File::open(fresh, "a").create_group("made"); }
  EXPECT_TRUE(File::open(fresh).exists("made"));
  EXPECT_TRUE(File::open(path).exists("added"));
  { File::open((dir / "x.h5").string(), "x"); }
  EXPECT_THROW(File::open((dir / "x.h5").string(), "x"), IoError);
  // w truncates.
  { File::open(path, "w"); }
  EXPECT_FALSE(File::open(path).attrs().contains("n"));
  EXPECT_THROW(parse_mode("rw"), InvalidArgument);
}

TEST(File, MissingFileIsAnIoError) {
  TempDir dir;
  const std::string path = (dir / "absent.h5").string();
  std::string m = message_of([&] { File::open(path); });
  EXPECT_NE(m.find(path), std::string::npos) << m;
  EXPECT_THROW(File::open(path), IoError);
  EXPECT_THROW(File::open(path, "r+"), IoError);
  EXPECT_THROW(File::open(dir.path().string()), IoError);
}

TEST(File, NotHdf5IsAFormatErrorNamingTheFile) {
  TempDir dir;
  const auto path = dir / "notes.h5";
  strata::testing::write_file(path, "this is a text file, not HDF5\n");
  ::testing::internal::CaptureStderr();
  try {
    File::open(path.string());
    FAIL() << "opened a text file";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.file(), path.string());
    const std::string m = e.what();
    EXPECT_NE(m.find(path.string()), std::string::npos) << m;
    EXPECT_NE(m.find("not a readable HDF5 file"), std::string::npos) << m;
    // libhdf5's own reason, from its error stack.
    EXPECT_NE(m.find("file signature not found"), std::string::npos) << m;
  }
  // Nothing printed by the library.
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(File, TruncatedFileIsAFormatError) {
  TempDir dir;
  const auto path = dir / "whole.h5";
  {
    File f = File::create(path.string());
    std::vector<double> v(10000);
    for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<double>(i) * 0.5;
    f.create_dataset("v", v);
  }
  const std::string bytes = strata::testing::read_file(path);
  ASSERT_GT(bytes.size(), 80000u);
  const auto cut = dir / "cut.h5";
  strata::testing::write_file(cut, bytes.substr(0, bytes.size() / 2));
  ::testing::internal::CaptureStderr();
  try {
    File f = File::open(cut.string());
    (void)f.dataset("v").read<double>();
    FAIL() << "read a truncated file";
  } catch (const FormatError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(cut.string()), std::string::npos) << m;
    EXPECT_NE(m.find("truncated file"), std::string::npos) << m;
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  // Only the superblock's first bytes.
  const auto stub = dir / "stub.h5";
  strata::testing::write_file(stub, bytes.substr(0, 20));
  EXPECT_THROW(File::open(stub.string()), FormatError);
}

TEST(File, ErrorsOnOtherThreadsPrintNothing) {
  TempDir dir;
  const auto path = dir / "t.txt";
  strata::testing::write_file(path, "plain");
  ::testing::internal::CaptureStderr();
  std::thread t([&] { EXPECT_THROW(File::open(path.string()), FormatError); });
  t.join();
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(File, SwmrReaderSeesAppends) {
  TempDir dir;
  const std::string path = (dir / "live.h5").string();
  File writer = File::create(path, FileOptions{.latest_format = true});
  Dataset log = writer.create_dataset("log", Datatype::integer(8, true), {0},
                                      DatasetOptions{}.with_chunks({16}).with_max_shape({kUnlimited}));
  writer.start_swmr_write();
  log.append(std::vector<int64_t>{1, 2, 3});
  writer.flush();
  File reader = File::open(path, Mode::kReadSwmr);
  Dataset seen = reader.dataset("log");
  EXPECT_EQ(seen.read<int64_t>(), (std::vector<int64_t>{1, 2, 3}));
  log.append(std::vector<int64_t>{4, 5});
  writer.flush();
  // A SWMR reader refreshes the dataset's metadata by reopening it.
  EXPECT_EQ(reader.dataset("log").read<int64_t>(), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  writer.close();
}

TEST(File, CloseReportsAndIsIdempotent) {
  TempDir dir;
  File f = File::create((dir / "c.h5").string());
  f.create_group("g");
  f.close();
  f.close();
  EXPECT_TRUE(File::open((dir / "c.h5").string()).exists("g"));
}

}  // namespace
}  // namespace strata::hdf5
