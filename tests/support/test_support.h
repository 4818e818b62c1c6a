// Helpers for Strata's tests: where the shared corpus lives, and temporary folders removed at the end.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::testing {

// The project's source root (tests run with it as their working directory).
std::filesystem::path source_dir();
// `../shared` beside the project's root, as CI lays it out.
std::filesystem::path shared_dir();

// A fresh folder under the system's temporary directory, deleted with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Run a shell command (through /bin/sh) and capture its standard output (and standard error when
// `merge_stderr`). exit_code is the command's exit status, or -1 when it did not exit normally.
struct CommandResult {
  int exit_code;
  std::string output;
};
CommandResult run_command(const std::string& command, bool merge_stderr = false);
// Quote a path or word for /bin/sh.
std::string shell_quote(const std::string& word);

// The interop harness (../shared/interop, installed under build/interop by scripts/install-deps).
std::filesystem::path interop_dir();

// The corpus of ../shared/corpus: one manifest.tsv row per data file, and the expected canonical dumps.
struct CorpusEntry {
  std::string path;      // relative to ../shared/corpus
  std::string tier;      // tier1, tier2, tier3
  std::string format;    // parquet, arrow-ipc
  std::string feature;   // feature_class
  std::string expect;    // read, error, error-or-read, ...
};
// The manifest's rows for one format (all when `format` is empty); empty when the corpus is absent.
std::vector<CorpusEntry> corpus_entries(const std::string& format = "");
// The expected canonical dump of a corpus file (expected/<path>.jsonl), when there is one.
std::optional<std::string> corpus_expected_dump(const std::string& path);

// Whole-file helpers.
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& bytes);

}  // namespace strata::testing
