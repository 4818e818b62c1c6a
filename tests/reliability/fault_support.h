// Helpers for the fault tests: the four writers behind one switch, a read-back as canonical text (so tables
// from different formats compare by value), a child process that runs a writer, and the temporaries a
// folder holds.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include "strata/columnar/canonical.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"
#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/table_io.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace strata::reliability {

enum class Writer { kParquet, kFeather, kCsv, kHdf5 };

inline const char* extension(Writer w) {
  switch (w) {
    case Writer::kParquet: return ".parquet";
    case Writer::kFeather: return ".feather";
    case Writer::kCsv: return ".csv";
    case Writer::kHdf5: return ".h5";
  }
  return "";
}

// Read a file written by `w` back as canonical text (columns and every value).
inline std::string read_back(Writer w, const std::filesystem::path& path) {
  switch (w) {
    case Writer::kParquet: return columnar::to_canonical(parquet::read_table(path));
    case Writer::kFeather: return columnar::to_canonical(ipc::read_feather(path));
    case Writer::kCsv: return columnar::to_canonical(csv::read_csv(path));
    case Writer::kHdf5: {
      auto file = hdf5::File::open(path.string());
      return columnar::to_canonical(hdf5::read_table(file, "table"));
    }
  }
  return {};
}

// `<destination>.tmp-*` files beside `destination`.
inline std::set<std::string> temporaries(const std::filesystem::path& destination) {
  std::set<std::string> out;
  const std::string prefix = destination.filename().string() + ".tmp-";
  for (const auto& entry : std::filesystem::directory_iterator(destination.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.insert(name);
  }
  return out;
}

// Run `body` in a child process; returns its pid. The child exits 0 when body returns, or with the code body
// returns through `_exit`, and 99 on an exception body let escape.
inline pid_t spawn(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int code = 99;
    try {
      code = body();
    } catch (...) {
      code = 99;
    }
    ::_exit(code);
  }
  return pid;
}

// Wait for `pid`; returns the raw wait status.
inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid failed");
  }
  return status;
}

}  // namespace strata::reliability
