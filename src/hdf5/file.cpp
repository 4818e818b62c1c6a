// Files: modes, open/create with typed errors, flush, SWMR, close.
#include "strata/hdf5/file.h"

#include <cerrno>
#include <filesystem>

#include <fmt/format.h>

#include "hdf5_internal.h"

namespace strata::hdf5 {

using internal::check;

Mode parse_mode(std::string_view mode) {
  if (mode == "r") return Mode::kRead;
  if (mode == "r+") return Mode::kReadWrite;
  if (mode == "w") return Mode::kTruncate;
  if (mode == "w-" || mode == "x") return Mode::kCreateExclusive;
  if (mode == "a") return Mode::kAppend;
  if (mode == "swmr" || mode == "r-swmr") return Mode::kReadSwmr;
  raise("hdf5: unknown file mode \"{}\" (expected r, r+, w, w-, x or a)", mode);
}

namespace {

[[noreturn]] [[gnu::cold]] void fail_open(const std::string& path, const char* call) {
  const bool format = internal::error_stack_says_format();
  std::string stack = internal::error_stack_text();
  if (format) throw FormatError(path, std::nullopt, fmt::format("not a readable HDF5 file ({}: {})", call, stack));
  throw IoError(fmt::format("hdf5: cannot open \"{}\": {} failed: {}", path, call, stack));
}

// An open of an existing file failed: only now find out whether the file is there at all.
[[noreturn]] [[gnu::cold]] void fail_open_read(const std::string& path, const char* call) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    H5Eclear2(H5E_DEFAULT);
    throw IoError(fmt::format("hdf5: cannot open \"{}\": no such file", path));
  }
  if (fs::is_directory(path, ec)) {
    H5Eclear2(H5E_DEFAULT);
    throw IoError(fmt::format("hdf5: cannot open \"{}\": it is a directory", path));
  }
  fail_open(path, call);
}

}  // namespace

// Reading with default options is the common open (every read step of bench/hdf5_bench.cpp opens the file
// anew): one H5Fopen and the File's fields, in a function short enough to stay small in the instruction
// cache between libhdf5's own much larger paths. Everything else, failures included, is out of line.
File File::open(const std::string& path, Mode mode, const FileOptions& options) {
  ensure_library_ready();
  if (mode != Mode::kRead || options.latest_format) [[unlikely]] return open_other(path, mode, options);
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) [[unlikely]] fail_open_read(path, "H5Fopen");
  return File(id, path, mode);
}

File::File(int64_t id, const std::string& filename, Mode mode)
    : Group(Handle::adopt(id, std::string_view()), "/"), file_(Handle::borrow(id)), filename_(filename), mode_(mode) {}

File File::open_other(const std::string& path, Mode mode, const FileOptions& options) {
  namespace fs = std::filesystem;
  Handle fapl;
  if (options.latest_format || mode == Mode::kReadSwmr) {
    fapl = internal::plist(H5P_FILE_ACCESS, "H5Pcreate(H5P_FILE_ACCESS)");
    check(H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "H5Pset_libver_bounds");
  }
  const hid_t access = fapl.valid() ? fapl.id() : H5P_DEFAULT;
  std::error_code ec;
  hid_t id = -1;
  const char* call = "H5Fopen";
  switch (mode) {
    case Mode::kRead:
    case Mode::kReadWrite:
    case Mode::kReadSwmr:
      id = H5Fopen(path.c_str(),
                   mode == Mode::kRead ? H5F_ACC_RDONLY
                                       : (mode == Mode::kReadSwmr ? H5F_ACC_RDONLY | H5F_ACC_SWMR_READ : H5F_ACC_RDWR),
                   access);
      if (id < 0) fail_open_read(path, call);
      break;
    case Mode::kTruncate:
      call = "H5Fcreate";
      id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access);
      break;
    case Mode::kCreateExclusive:
      if (fs::exists(path, ec)) throw IoError(fmt::format("hdf5: cannot create \"{}\" (mode w-): the file exists", path));
      call = "H5Fcreate";
      id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access);
      break;
    case Mode::kAppend:
      if (fs::exists(path, ec)) {
        id = H5Fopen(path.c_str(), H5F_ACC_RDWR, access);
      } else {
        call = "H5Fcreate";
        id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access);
      }
      break;
  }
  if (id < 0) fail_open(path, call);
  // A file identifier is also a location for its root group: every Group call works on it directly. The
  // Group part owns the identifier; file_ only names it (no second reference to count up and down on every
  // open, which the attribute-read bench measures).
  return File(id, path, mode);
}

void File::flush() {
  check(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), [&] { return fmt::format("H5Fflush(\"{}\")", filename_); });
}

void File::start_swmr_write() {
  check(H5Fstart_swmr_write(file_.id()), [&] { return fmt::format("H5Fstart_swmr_write(\"{}\")", filename_); });
}

void File::close() {
  if (!handle_.valid()) return;
  file_ = Handle();  // borrowed
  // H5Fclose reports errors (the Handle destructor would swallow them). Objects still open from this file
  // keep it open until they go (libhdf5's weak close degree).
  const int64_t id = handle_.release();
  if (H5Fclose(id) < 0) {
    internal::note_close_failure();
    internal::fail(fmt::format("H5Fclose(\"{}\")", filename_));
  }
}

}  // namespace strata::hdf5
