// A full disk. A child process lowers RLIMIT_FSIZE to 64 KiB (with SIGXFSZ ignored, so write(2) fails with
// EFBIG as on a full file system) and writes a table of several hundred KiB over an existing good file. The
// writer must raise IoError naming the file, the old file must read back unchanged, and the failed write must
// not leave its temporary behind. Streams get the same from /dev/full (ENOSPC).
#include <gtest/gtest.h>

#include <fcntl.h>

#include <array>

#include "fault_support.h"
#include "seed_inputs.h"
#include "support/test_support.h"

namespace strata::reliability {
namespace {

constexpr rlim_t kFileSizeLimit = 64 << 10;

// Child exit codes.
enum : int { kIoErrorNamingFile = 0, kIoErrorWithoutName = 1, kOtherError = 2, kNoError = 3 };

void check_full_disk(Writer w) {
  testing::TempDir dir;
  const auto dest = dir / (std::string("dest") + extension(w));
  const columnar::Table old_table = fuzz::seed_table(50, 21);
  const columnar::Table big_table = fuzz::seed_table(40'000, 22);

  // The old file, and the big one's source for the CLI.
  const auto source = dir / "big.parquet";
  parquet::write_table(big_table, source);
  std::string old_text;
  if (w == Writer::kHdf5) {
    const auto small = dir / "small.parquet";
    parquet::write_table(old_table, small);
    const auto r = testing::run_command(std::string(STRATA_CLI_PATH) + " convert " + small.string() + " " +
                                        dest.string(), true);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  } else if (w == Writer::kParquet) {
    parquet::write_table(old_table, dest);
  } else if (w == Writer::kFeather) {
    ipc::write_feather(old_table, dest);
  } else {
    csv::write_csv(old_table, dest);
  }
  old_text = read_back(w, dest);
  const auto before = temporaries(dest);

  std::array<int, 2> pipe_fds{};
  ASSERT_EQ(::pipe(pipe_fds.data()), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{kFileSizeLimit, kFileSizeLimit};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(kOtherError);
    if (w == Writer::kHdf5) {
      ::dup2(pipe_fds[1], 2);
      ::execl(STRATA_CLI_PATH, "strata", "convert", source.c_str(), dest.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    auto report = [&](int code, const std::string& message) {
      (void)!::write(pipe_fds[1], message.data(), message.size());
      ::_exit(code);
    };
    try {
      if (w == Writer::kParquet) parquet::write_table(big_table, dest);
      if (w == Writer::kFeather) ipc::write_feather(big_table, dest);
      if (w == Writer::kCsv) csv::write_csv(big_table, dest);
    } catch (const IoError& e) {
      const bool named = std::string(e.what()).find(dest.string()) != std::string::npos;
      report(named ? kIoErrorNamingFile : kIoErrorWithoutName, e.what());
    } catch (const std::exception& e) {
      report(kOtherError, e.what());
    }
    report(kNoError, "no error");
  }
  ::close(pipe_fds[1]);
  std::string message;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) message.append(buffer, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  const int status = wait_for(pid);
  ASSERT_TRUE(WIFEXITED(status)) << "writer died: " << status << " " << message;

  if (w == Writer::kHdf5) {
    // The CLI reports errors on stderr as `strata: <message>` and exits non-zero.
    EXPECT_NE(WEXITSTATUS(status), 0) << message;
    EXPECT_NE(message.find(dest.filename().string()), std::string::npos) << message;
  } else {
    EXPECT_EQ(WEXITSTATUS(status), kIoErrorNamingFile) << message;
  }
  std::printf("[ %s ] %s\n", extension(w), message.c_str());
  EXPECT_EQ(read_back(w, dest), old_text) << "the old file did not survive";
  const auto after = temporaries(dest);
  EXPECT_EQ(after, before) << "the failed write left its temporary";
}

class FullDisk : public ::testing::TestWithParam<Writer> {};

TEST_P(FullDisk, IoErrorNamesFileAndOldFileSurvives) { check_full_disk(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Writers, FullDisk, ::testing::Values(Writer::kParquet, Writer::kFeather, Writer::kCsv),
                         [](const auto& info) { return std::string(extension(info.param) + 1); });

// `strata convert x.parquet y.h5` under RLIMIT_FSIZE used to print libhdf5's error ("File too large") and then
// die of SIGSEGV at exit: the file's closing flush failed too, libhdf5 1.10 kept the identifier but freed the
// file, and its exit-time cleanup closed it again. src/hdf5/handle.cpp now skips that cleanup after a failed
// close. The CLI (tools/strata/formats.cpp) removes its `<dest>.tmp-strata` on failure.
TEST(FullDiskHdf5, CliReportsErrorAndKeepsOldFile) { check_full_disk(Writer::kHdf5); }

TEST(FullDiskStream, DevFullGivesIoErrorNamingIt) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const columnar::Table table = fuzz::seed_table(20'000, 23);
  {
    io::FileOutputStream out("/dev/full");
    try {
      csv::write_csv(table, out);
      out.close();
      FAIL() << "writing CSV to /dev/full did not fail";
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
    }
  }
  {
    io::FileOutputStream out("/dev/full", 4096);
    try {
      ipc::write_ipc_stream(table, out);
      out.close();
      FAIL() << "writing an IPC stream to /dev/full did not fail";
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace strata::reliability
