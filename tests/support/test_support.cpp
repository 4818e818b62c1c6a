#include "support/test_support.h"

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace strata::testing {

std::filesystem::path source_dir() {
  if (const char* dir = std::getenv("STRATA_SOURCE_DIR")) return dir;
  return std::filesystem::current_path();
}

std::filesystem::path shared_dir() { return (source_dir() / ".." / "shared").lexically_normal(); }

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() / ("strata-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("TempDir: could not create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult run_command(const std::string& command, bool merge_stderr) {
  const std::string full = merge_stderr ? command + " 2>&1" : command;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string shell_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::filesystem::path interop_dir() { return source_dir() / "build" / "interop"; }

std::vector<CorpusEntry> corpus_entries(const std::string& format) {
  std::vector<CorpusEntry> out;
  std::ifstream manifest(shared_dir() / "corpus" / "manifest.tsv");
  std::string line;
  std::getline(manifest, line);  // header
  while (std::getline(manifest, line)) {
    std::vector<std::string> cols;
    size_t start = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') {
        cols.push_back(line.substr(start, i - start));
        start = i + 1;
      }
    }
    if (cols.size() < 5 || (!format.empty() && cols[2] != format)) continue;
    out.push_back({cols[0], cols[1], cols[2], cols[3], cols[4]});
  }
  return out;
}

std::optional<std::string> corpus_expected_dump(const std::string& path) {
  const auto p = shared_dir() / "corpus" / "expected" / (path + ".jsonl");
  if (!std::filesystem::exists(p)) return std::nullopt;
  return read_file(p);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace strata::testing
