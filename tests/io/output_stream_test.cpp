#include "strata/io/output_stream.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "strata/core/error.h"
#include "support/test_support.h"

namespace strata::io {
namespace {

namespace fs = std::filesystem;
using strata::testing::read_file;
using strata::testing::TempDir;
using strata::testing::write_file;

std::string pattern(size_t n, int seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 31 + static_cast<size_t>(seed)) % 256);
  return s;
}

std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(BufferOutputStream, AppendsAndTells) {
  BufferOutputStream out;
  out.write(std::string_view("abc"));
  out.write(std::vector<uint8_t>{1, 2});
  EXPECT_EQ(out.tell(), 5);
  EXPECT_EQ(out.bytes(), (std::vector<uint8_t>{'a', 'b', 'c', 1, 2}));
}

TEST(FileOutputStream, SmallAndLargeWritesKeepOrder) {
  TempDir dir;
  std::string expected;
  {
    FileOutputStream out(dir / "f.bin", /*buffer_size=*/64);
    std::string small = pattern(10, 1), large = pattern(1000, 2), medium = pattern(60, 3);
    for (const auto* piece : {&small, &large, &small, &medium, &medium, &large, &small}) {
      out.write(*piece);
      expected += *piece;
      EXPECT_EQ(out.tell(), static_cast<int64_t>(expected.size()));
    }
    out.close();
    EXPECT_FALSE(out.is_open());
    out.close();  // idempotent
  }
  EXPECT_EQ(read_file(dir / "f.bin"), expected);
}

TEST(FileOutputStream, WriteAfterCloseIsInvalidArgument) {
  TempDir dir;
  FileOutputStream out(dir / "f.bin");
  out.close();
  EXPECT_THROW(out.write(std::string_view("x")), InvalidArgument);
}

TEST(FileOutputStream, FullDiskIsIoErrorNamingTheFile) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full is missing";
  FileOutputStream out("/dev/full", 4096);
  std::string block = pattern(100000, 4);
  try {
    out.write(block);  // larger than the buffer: written straight away
    out.close();
    FAIL() << "no throw";
  } catch (const IoError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("write \"/dev/full\""), std::string::npos) << what;
    EXPECT_NE(what.find("No space left on device"), std::string::npos) << what;
  }
}

TEST(AtomicFileWriter, CommitReplacesTheDestination) {
  TempDir dir;
  write_file(dir / "data.bin", "old contents");
  std::string bytes = pattern(3 << 20, 5);
  {
    AtomicFileWriter writer(dir / "data.bin");
    std::string temporary = writer.temporary_path();
    EXPECT_EQ(fs::path(temporary).parent_path(), dir.path());
    EXPECT_EQ(fs::path(temporary).filename().string().rfind("data.bin.tmp-", 0), 0u) << temporary;
    writer.write(bytes);
    EXPECT_EQ(writer.tell(), static_cast<int64_t>(bytes.size()));
    // Until commit the old file is intact.
    EXPECT_EQ(read_file(dir / "data.bin"), "old contents");
    writer.commit();
    EXPECT_TRUE(writer.committed());
    EXPECT_FALSE(fs::exists(temporary));
    EXPECT_THROW(writer.commit(), InvalidArgument);
    EXPECT_THROW(writer.write(std::string_view("x")), InvalidArgument);
  }
  EXPECT_EQ(read_file(dir / "data.bin"), bytes);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"data.bin"});
}

TEST(AtomicFileWriter, DestroyedWithoutCommitLeavesOldFileAndNoTemporary) {
  TempDir dir;
  write_file(dir / "data.bin", "old contents");
  {
    AtomicFileWriter writer(dir / "data.bin");
    writer.write(pattern(5 << 20, 6));
    writer.flush();
  }
  EXPECT_EQ(read_file(dir / "data.bin"), "old contents");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"data.bin"});
}

TEST(AtomicFileWriter, NewFileAppearsOnlyOnCommit) {
  TempDir dir;
  AtomicFileWriter writer(dir / "new.bin");
  writer.write(std::string_view("hello"));
  EXPECT_FALSE(fs::exists(dir / "new.bin"));
  writer.commit();
  EXPECT_EQ(read_file(dir / "new.bin"), "hello");
}

TEST(AtomicFileWriter, MissingFolderIsIoError) {
  TempDir dir;
  try {
    AtomicFileWriter writer(dir / "no" / "such" / "x.bin");
    FAIL() << "no throw";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("x.bin.tmp-"), std::string::npos) << e.what();
  }
}

TEST(AtomicFileWriter, FailedWriteKeepsOldFile) {
  // Fault injection: a file-size limit makes write(2) fail with EFBIG part-way through, as a full disk would.
  TempDir dir;
  write_file(dir / "data.bin", "old contents");
  struct rlimit saved {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limited = saved;
  limited.rlim_cur = 1 << 16;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  bool threw = false;
  std::string what;
  try {
    AtomicFileWriter writer(dir / "data.bin", 4096);
    writer.write(pattern(1 << 20, 7));
    writer.commit();
  } catch (const IoError& e) {
    threw = true;
    what = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(threw);
  EXPECT_NE(what.find("data.bin.tmp-"), std::string::npos) << what;
  EXPECT_NE(what.find("File too large"), std::string::npos) << what;
  EXPECT_EQ(read_file(dir / "data.bin"), "old contents");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"data.bin"});
}

TEST(AtomicFileWriter, ForkedWritersNameTheirTemporariesApart) {
  // Writers killed before their commit leave their temporaries behind. Children forked from a process that has
  // already named a temporary must not retrace its names: with an inherited generator, each child collided once
  // more than the one before, and the 17th gave up (seen as a failed write after 17 SIGKILLed Parquet writers).
  TempDir dir;
  const fs::path dest = dir / "data.bin";
  {
    AtomicFileWriter writer(dest);
    writer.write(std::string_view("parent"));
    writer.commit();
  }
  constexpr int kChildren = 24;
  for (int i = 0; i < kChildren; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int code = 0;
      try {
        // Exits without the destructor's clean-up, as a killed writer would.
        auto* writer = new AtomicFileWriter(dest);
        writer->write(std::string_view("child"));
        writer->flush();
      } catch (...) {
        code = 1;
      }
      ::_exit(code);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child " << i << " could not name a temporary";
  }
  EXPECT_EQ(entries(dir.path()).size(), kChildren + 1u);
  AtomicFileWriter writer(dest);
  writer.write(std::string_view("parent again"));
  writer.commit();
  EXPECT_EQ(read_file(dest), "parent again");
}

}  // namespace
}  // namespace strata::io
