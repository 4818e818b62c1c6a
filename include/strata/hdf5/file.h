// File: an open HDF5 file and its root group (h5py's File).
//
//   auto file = File::create("gbm.h5");                       // mode "w": truncate
//   file.attrs().set("description", "Monte Carlo GBM simulation");
//   auto f = File::open("gbm.h5");                             // mode "r"
//   auto g = File::open("live.h5", Mode::kReadSwmr);           // read while a SWMR writer appends
//
// Modes follow h5py: r (read), r+ (read/write, must exist), w (create, truncate), w- / x (create, fail if
// it exists), a (read/write if it exists, create otherwise). A path that is not an HDF5 file or is
// truncated raises FormatError naming the file; a missing file or a refused open raises IoError. Both carry
// libhdf5's error stack. The file closes when the File and every object opened from it are gone, or at
// `close()`, which reports errors (the destructor cannot).
#pragma once

#include <string>
#include <string_view>

#include "strata/hdf5/group.h"

namespace strata::hdf5 {

enum class Mode { kRead, kReadWrite, kTruncate, kCreateExclusive, kAppend, kReadSwmr };

// "r", "r+", "w", "w-" (or "x"), "a"; throws InvalidArgument otherwise.
Mode parse_mode(std::string_view mode);

struct FileOptions {
  // Create with the newest file format (needed for SWMR writing); the default is the oldest format that
  // holds the data, as h5py's libver="earliest", so every HDF5 1.8+ reader opens the file.
  bool latest_format = false;
};

class File : public Group {
 public:
  File() = default;

  static File open(const std::string& path, Mode mode = Mode::kRead, const FileOptions& options = {});
  static File open(const std::string& path, std::string_view mode) { return open(path, parse_mode(mode)); }
  static File create(const std::string& path, const FileOptions& options = {}) {
    return open(path, Mode::kTruncate, options);
  }

  const std::string& filename() const { return filename_; }
  Mode mode() const { return mode_; }
  bool writable() const { return mode_ != Mode::kRead && mode_ != Mode::kReadSwmr; }
  // The file identifier, not counted as a reference of its own: valid while this File is open (copy handle()
  // to keep the file open).
  const Handle& file_handle() const { return file_; }

  // Write cached data to disk.
  void flush();
  // Switch a writable file (created with the latest format) to SWMR writing; readers may then open it
  // with Mode::kReadSwmr.
  void start_swmr_write();
  // Close now, reporting failures. Objects still open keep the file open until they go.
  void close();

 private:
  File(int64_t id, const std::string& filename, Mode mode);
  static File open_other(const std::string& path, Mode mode, const FileOptions& options);

  Handle file_;
  std::string filename_;
  Mode mode_ = Mode::kRead;
};

}  // namespace strata::hdf5
