// The IPC files of ../shared/corpus/arrow-ipc: every file either reads, with as many rows as its expected
// canonical dump has, or fails with a clean typed error for a feature Strata does not read (listed below).
#include <gtest/gtest.h>

#include <fstream>
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
  std::ifstream manifest(strata::testing::shared_dir() / "corpus" / "manifest.tsv");
  std::string line;
  std::getline(manifest, line);
  while (std::getline(manifest, line)) {
    std::vector<std::string> cols;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        cols.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (cols.size() >= 5 && cols[2] == "arrow-ipc") out.push_back({cols[0], cols[4]});
  }
  return out;
}

std::optional<std::string> expected_dump(const std::string& path) {
  const fs::path p = strata::testing::shared_dir() / "corpus" / "expected" / (path + ".jsonl");
  if (!fs::exists(p)) return std::nullopt;
  return strata::testing::read_file(p);
}

int64_t expected_rows(const std::string& path) {
  std::ifstream in(strata::testing::shared_dir() / "corpus" / "expected" / (path + ".jsonl"));
  if (!in) return -1;
  int64_t lines = 0;
  std::string line;
  while (std::getline(in, line)) ++lines;
  return lines - 1;
}

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
      const int64_t rows = expected_rows(e.path);
      if (rows >= 0) {
        EXPECT_EQ(t.num_rows(), rows) << e.path;
        // Values too: the canonical dump equals apache-arrow's reading, byte for byte.
        EXPECT_TRUE(columnar::to_canonical(t) == *expected_dump(e.path)) << e.path << " differs from its expected dump";
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
  std::printf("read %d files (%d with expected dumps compared by row count), %d unsupported\n", read, compared, unsupported);
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
