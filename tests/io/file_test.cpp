#include "strata/io/file.h"

#include <gtest/gtest.h>

#include <numeric>
#include <thread>

#include "strata/core/error.h"
#include "support/test_support.h"

namespace strata::io {
namespace {

using strata::testing::TempDir;

std::string sample_bytes(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) % 251);
  return s;
}

TEST(ReadableFile, ReadsRangesAndSize) {
  TempDir dir;
  std::string bytes = sample_bytes(10000);
  strata::testing::write_file(dir / "a.bin", bytes);
  ReadableFile file(dir / "a.bin");
  EXPECT_EQ(file.size(), 10000);
  EXPECT_EQ(file.path(), (dir / "a.bin").string());
  auto got = file.read_at(1234, 100);
  ASSERT_EQ(got.size(), 100u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], static_cast<uint8_t>(bytes[1234 + i]));
  EXPECT_TRUE(file.read_at(10000, 0).empty());
  auto tail = file.read_at(9996, 4);
  EXPECT_EQ(tail[3], static_cast<uint8_t>(bytes[9999]));
}

TEST(ReadableFile, ReadPastEndIsFormatErrorWithOffset) {
  TempDir dir;
  strata::testing::write_file(dir / "a.bin", sample_bytes(100));
  ReadableFile file(dir / "a.bin");
  try {
    file.read_at(90, 20);
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.file(), (dir / "a.bin").string());
    EXPECT_EQ(e.offset(), 90);
    EXPECT_NE(std::string(e.what()).find("read of 20 bytes past the end of the file (100 bytes)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(file.read_at(-1, 1), FormatError);
  EXPECT_THROW(file.read_at(101, 0), FormatError);
  EXPECT_THROW(file.read_at(1, INT64_MAX), FormatError);
}

TEST(ReadableFile, MissingFileIsIoErrorNamingPath) {
  TempDir dir;
  try {
    ReadableFile file(dir / "missing.bin");
    FAIL() << "no throw";
  } catch (const IoError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("missing.bin"), std::string::npos) << what;
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
  EXPECT_THROW(ReadableFile{dir.path()}, IoError);  // a folder
}

TEST(ReadableFile, ConcurrentReadsSeeTheirOwnRanges) {
  TempDir dir;
  std::string bytes = sample_bytes(1 << 16);
  strata::testing::write_file(dir / "a.bin", bytes);
  ReadableFile file(dir / "a.bin");
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        int64_t offset = (t * 7919 + i * 104729) % (1 << 15);
        auto got = file.read_at(offset, 1000);
        if (std::memcmp(got.data(), bytes.data() + offset, 1000) != 0) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(std::accumulate(mismatches.begin(), mismatches.end(), 0), 0);
}

TEST(MemoryMappedFile, ViewsOutliveTheFileObject) {
  TempDir dir;
  std::string bytes = sample_bytes(5000);
  strata::testing::write_file(dir / "m.bin", bytes);
  std::shared_ptr<const void> owner;
  const uint8_t* data = nullptr;
  {
    MemoryMappedFile map(dir / "m.bin");
    EXPECT_EQ(map.size(), 5000);
    auto view = map.view(100, 10);
    EXPECT_EQ(view[0], static_cast<uint8_t>(bytes[100]));
    EXPECT_EQ(view.data(), map.data() + 100);
    std::vector<uint8_t> copy(10);
    map.read_at(4990, std::span<uint8_t>(copy));
    EXPECT_EQ(copy[9], static_cast<uint8_t>(bytes[4999]));
    EXPECT_THROW(map.view(4995, 6), FormatError);
    owner = map.owner();
    data = map.data();
  }
  // The mapping is still alive through `owner` (ASan would flag an unmapped read as SEGV).
  EXPECT_EQ(data[4999], static_cast<uint8_t>(bytes[4999]));
  owner.reset();
}

TEST(MemoryMappedFile, EmptyFileMapsToEmptyView) {
  TempDir dir;
  strata::testing::write_file(dir / "e.bin", "");
  MemoryMappedFile map(dir / "e.bin");
  EXPECT_EQ(map.size(), 0);
  EXPECT_TRUE(map.bytes().empty());
  EXPECT_THROW(map.view(0, 1), FormatError);
}

TEST(BufferReader, ReadsAndChecksRanges) {
  BufferReader reader(std::vector<uint8_t>{1, 2, 3, 4, 5}, "mem");
  EXPECT_EQ(reader.size(), 5);
  EXPECT_EQ(reader.read_at(1, 3), (std::vector<uint8_t>{2, 3, 4}));
  try {
    reader.read_at(3, 3);
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.file(), "mem");
    EXPECT_EQ(e.offset(), 3);
  }
}

TEST(ReadWholeFile, ReturnsEveryByte) {
  TempDir dir;
  std::string bytes = sample_bytes(3 << 20);
  strata::testing::write_file(dir / "w.bin", bytes);
  auto got = read_whole_file(dir / "w.bin");
  ASSERT_EQ(got.size(), bytes.size());
  EXPECT_EQ(std::memcmp(got.data(), bytes.data(), bytes.size()), 0);
}

}  // namespace
}  // namespace strata::io
