// Helpers for the hdf5 tests: running h5py (Debian's python3-h5py) and h5dump, and reading their output.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "support/test_support.h"

namespace strata::hdf5::testing {

// Run a shell command; stdout as a string, exit status in `status`.
inline std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    if (status) *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int rc = ::pclose(pipe);
  if (status) *status = rc;
  return out;
}

inline bool h5py_available() {
  int status = 0;
  run("/usr/bin/python3 -c 'import h5py' 2>/dev/null", &status);
  return status == 0;
}

inline bool h5dump_available() {
  int status = 0;
  run("command -v h5dump >/dev/null 2>&1", &status);
  return status == 0;
}

inline std::string probe_script() {
  return (strata::testing::source_dir() / "tests" / "hdf5" / "h5py_probe.py").string();
}

// h5py_probe.py describe: lines "kind /path rest" keyed by "kind /path" (attrs: "attr /path name").
inline std::map<std::string, std::string> h5py_describe(const std::filesystem::path& file,
                                                        const std::filesystem::path& outdir) {
  int status = 0;
  std::string out = run(fmt::format("/usr/bin/python3 {} describe '{}' '{}'", probe_script(), file.string(),
                                    outdir.string()),
                        &status);
  std::map<std::string, std::string> lines;
  if (status != 0) return lines;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    size_t first = line.find(' ');
    if (first == std::string::npos) continue;
    size_t second = line.find(' ', first + 1);
    std::string key = line.substr(0, second);
    std::string rest = second == std::string::npos ? "" : line.substr(second + 1);
    if (line.rfind("attr ", 0) == 0) {
      size_t third = line.find(' ', second + 1);
      key = line.substr(0, third);
      rest = line.substr(third + 1);
    }
    lines[key] = rest;
  }
  return lines;
}

inline double hex_to_double(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

inline std::vector<double> read_doubles(const std::filesystem::path& file) {
  std::string bytes = strata::testing::read_file(file);
  std::vector<double> out(bytes.size() / sizeof(double));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(double));
  return out;
}

}  // namespace strata::hdf5::testing
