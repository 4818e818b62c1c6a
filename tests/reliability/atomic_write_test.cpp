// Atomic writes under SIGKILL. For each writer (Parquet, Feather, CSV through the library; HDF5 through
// `strata convert`, the product's only HDF5 file writer), a child process writes table B over a destination
// holding table A and is killed with SIGKILL at 20 moments spread over [0, 1.2 x the write's duration]. After
// every kill the destination must read back, value for value, as exactly A or exactly B — never a missing,
// empty or partial file. The writer then alternates (the next child writes whichever table is not there).
// Finally a successful write must not leave a temporary of its own beside the destination.
//
// What it does not prove: durability across a power cut (fsync), which needs a machine to crash.
#include <gtest/gtest.h>

#include <fcntl.h>

#include <chrono>
#include <random>
#include <thread>

#include "fault_support.h"
#include "seed_inputs.h"
#include "support/test_support.h"

namespace strata::reliability {
namespace {

using Clock = std::chrono::steady_clock;

// Write `table` to `path` with `w`, in this process. HDF5 goes through the CLI (see the top of the file).
void write_in_process(Writer w, const columnar::Table& table, const std::filesystem::path& path) {
  switch (w) {
    case Writer::kParquet: {
      parquet::WriterOptions o;
      o.threads = 1;
      o.row_group_size = 5'000;
      parquet::write_table(table, path, o);
      return;
    }
    case Writer::kFeather: {
      ipc::WriteOptions o;
      o.max_batch_rows = 5'000;
      ipc::write_feather(table, path, o);
      return;
    }
    case Writer::kCsv: csv::write_csv(table, path); return;
    case Writer::kHdf5: break;
  }
  FAIL() << "HDF5 is written by the CLI";
}

// Start a child writing: for HDF5, exec `strata convert <source.parquet> <path>`; else write in the child.
pid_t start_writer(Writer w, const columnar::Table& table, const std::filesystem::path& source_parquet,
                   const std::filesystem::path& path) {
  if (w == Writer::kHdf5) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int null_fd = ::open("/dev/null", O_WRONLY);
      if (null_fd >= 0) ::dup2(null_fd, 1);
      ::execl(STRATA_CLI_PATH, "strata", "convert", source_parquet.c_str(), path.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }
  return spawn([&] {
    write_in_process(w, table, path);
    return 0;
  });
}

void write_and_wait(Writer w, const columnar::Table& table, const std::filesystem::path& source_parquet,
                    const std::filesystem::path& path) {
  const int status = wait_for(start_writer(w, table, source_parquet, path));
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer of " << path << " failed: " << status;
}

class AtomicWrite : public ::testing::TestWithParam<Writer> {};

TEST_P(AtomicWrite, SigkillLeavesOldOrNewFile) {
  const Writer w = GetParam();
  testing::TempDir dir;
  // Tables large enough that a write takes tens of milliseconds, so kills land inside it.
  const int64_t rows = w == Writer::kHdf5 ? 8'000 : 20'000;  // the CLI adds its start-up and a Parquet read
  const columnar::Table tables[2] = {fuzz::seed_table(rows, 11), fuzz::seed_table(rows * 3 / 2, 12)};
  std::filesystem::path sources[2] = {dir / "a.parquet", dir / "b.parquet"};
  for (int i = 0; i < 2; ++i) parquet::write_table(tables[i], sources[i]);

  // The expected read-backs, and the duration of one write.
  const auto dest = dir / (std::string("dest") + extension(w));
  std::string expected[2];
  double write_seconds = 1e9;
  for (int i = 1; i >= 0; --i) {
    const auto start = Clock::now();
    ASSERT_NO_FATAL_FAILURE(write_and_wait(w, tables[i], sources[i], dest));
    write_seconds = std::min(write_seconds, std::chrono::duration<double>(Clock::now() - start).count());
    expected[i] = read_back(w, dest);
  }
  ASSERT_NE(expected[0], expected[1]);
  // dest now holds table 0.

  std::mt19937_64 rng(42 + static_cast<int>(w));
  std::uniform_real_distribution<double> moment(0.0, 1.2 * write_seconds);
  int current = 0, kept_old = 0, got_new = 0;
  for (int kill_idx = 0; kill_idx < 20; ++kill_idx) {
    const int next = 1 - current;
    const pid_t pid = start_writer(w, tables[next], sources[next], dest);
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(rng)));
    ::kill(pid, SIGKILL);
    wait_for(pid);
    ASSERT_TRUE(std::filesystem::exists(dest)) << "kill " << kill_idx << ": destination gone";
    std::string got;
    try {
      got = read_back(w, dest);
    } catch (const Error& e) {
      FAIL() << "kill " << kill_idx << ": destination unreadable: " << e.what();
    }
    if (got == expected[current]) {
      ++kept_old;
    } else if (got == expected[next]) {
      ++got_new;
      current = next;
    } else {
      FAIL() << "kill " << kill_idx << ": destination holds neither the old nor the new table";
    }
  }
  // Some kills must have hit a write in progress (else the test proved nothing).
  EXPECT_GT(kept_old, 0) << "every kill came after the write finished";
  RecordProperty("kept_old", kept_old);
  RecordProperty("got_new", got_new);

  // The next successful write leaves no temporary of its own (those of killed writers stay: see below).
  const auto before = temporaries(dest);
  ASSERT_NO_FATAL_FAILURE(write_and_wait(w, tables[1 - current], sources[1 - current], dest));
  EXPECT_EQ(read_back(w, dest), expected[1 - current]);
  const auto after = temporaries(dest);
  for (const auto& name : after) EXPECT_TRUE(before.count(name) == 1) << "new temporary left: " << name;
  std::printf("[ %s ] %d kills kept the old file, %d found the new one; %zu temporaries left by killed writers\n",
              extension(w), kept_old, got_new, after.size());
}

INSTANTIATE_TEST_SUITE_P(Writers, AtomicWrite,
                         ::testing::Values(Writer::kParquet, Writer::kFeather, Writer::kCsv, Writer::kHdf5),
                         [](const auto& info) { return std::string(extension(info.param) + 1); });

}  // namespace
}  // namespace strata::reliability
