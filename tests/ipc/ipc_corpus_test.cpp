// The IPC files of ../shared/corpus/arrow-ipc: every file either reads, with as many rows as its expected
// canonical dump has, or fails with a clean typed error for a feature Strata does not read (listed below).
#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "strata/columnar/canonical.h"
#include "strata/core/error.h"
#include "strata/ipc/reader.h"
#include "support/test_support.h"

namespace strata::ipc {
namespace {

namespace fs = std::filesystem;

struct CorpusEntry {
  std::string path;
  std::string expect;
};

std::vector<CorpusEntry> ipc_entries() {
  std::vector<CorpusEntry> out;
  for (const auto& e : strata::testing::corpus_entries("arrow-ipc")) out.push_back({e.path, e.expect});
  return out;
}

std::optional<std::string> expected_dump(const std::string& path) { return strata::testing::corpus_expected_dump(path); }

TEST(IpcCorpus, EveryFileReadsOrFailsCleanly) {
  const auto entries = ipc_entries();
  if (entries.empty()) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int read = 0, compared = 0, unsupported = 0;
  for (const auto& e : entries) {
    const fs::path file = strata::testing::shared_dir() / "corpus" / e.path;
    const bool stream = e.path.ends_with(".stream");
    try {
      columnar::Table t = stream ? StreamReader::open(file).read_all() : FileReader::open(file).read_all();
      ++read;
      if (const auto want = expected_dump(e.path)) {
        // The canonical dump equals apache-arrow's reading, byte for byte (rows and values).
        EXPECT_TRUE(columnar::to_canonical(t) == *want) << e.path << " differs from its expected dump";
        ++compared;
      }
      EXPECT_NE(e.expect, "error") << e.path << " should not read";
    } catch (const NotImplemented& ex) {
      ++unsupported;
      std::printf("unsupported: %s: %s\n", e.path.c_str(), ex.what());
    } catch (const FormatError& ex) {
      ADD_FAILURE() << e.path << ": " << ex.what();
    }
  }
  std::printf("read %d files (%d compared with their expected dumps), %d unsupported\n", read, compared, unsupported);
  EXPECT_GT(read, 20);
}

// Fuzzer-found inputs (apache/arrow-testing data/arrow-ipc-*): each gives a clean error or a correct read.
TEST(IpcCorpus, FuzzInputsFailCleanly) {
  const fs::path root = strata::testing::shared_dir() / "corpus" / "fuzz" / "arrow-testing" / "data";
  if (!fs::exists(root)) GTEST_SKIP() << "../shared/corpus/fuzz is not beside the project";
  int files = 0, errors = 0;
  for (const char* folder : {"arrow-ipc-file", "arrow-ipc-stream", "arrow-ipc-tensor-stream"}) {
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      try {
        if (std::string(folder) == "arrow-ipc-file") {
          FileReader::open(entry.path()).read_all();
        } else {
          StreamReader::open(entry.path()).read_all();
        }
      } catch (const strata::Error&) {
        ++errors;
      }
    }
  }
  std::printf("%d fuzz inputs, %d clean errors\n", files, errors);
  EXPECT_GT(files, 100);
  EXPECT_GT(errors, files / 2);
}

}  // namespace
}  // namespace strata::ipc
