// Identifiers, library set-up and the translation of libhdf5's error stack into exceptions.
#include "strata/hdf5/handle.h"

#include <atomic>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

#include "hdf5_internal.h"

namespace strata::hdf5 {

namespace {

// libhdf5 1.10 keeps an identifier whose close failed (e.g. a file whose closing flush hit a full disk) in
// its table while freeing the object behind it; its own exit-time cleanup then closes that identifier again
// and crashes. So the library's cleanup is registered here instead of by libhdf5, and skipped once a close
// has failed (the process is exiting; the operating system closes the file descriptors).
std::atomic<bool> g_close_failed{false};

void terminate_library_at_exit() {
  if (!g_close_failed.load()) H5close();
}

}  // namespace

namespace detail {

thread_local constinit bool t_library_ready = false;

void prepare_library_for_thread() {
  static std::once_flag once;
  std::call_once(once, [] {
    (void)H5dont_atexit();  // only effective before libhdf5 initialises (then it registers its own)
    if (H5open() < 0) throw Error("hdf5: H5open failed: libhdf5 could not initialise");
    std::atexit(terminate_library_at_exit);
  });
  // The thread-safe libhdf5 keeps the "print errors automatically" setting per thread.
  if (H5open() < 0) throw Error("hdf5: H5open failed: libhdf5 could not initialise");
  if (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) < 0) throw Error("hdf5: H5Eset_auto2 failed");
  t_library_ready = true;
}

}  // namespace detail

Handle Handle::adopt(int64_t id, std::string_view what) {
  if (id < 0) internal::fail(std::string(what));
  Handle h;
  h.id_ = id;
  return h;
}

Handle::Handle(const Handle& other) : id_(other.id_), owned_(other.owned_) {
  if (owned_ && id_ >= 0 && H5Iinc_ref(id_) < 0) internal::fail("H5Iinc_ref");
}

Handle& Handle::operator=(const Handle& other) {
  if (this != &other) {
    Handle copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    owned_ = other.owned_;
    other.id_ = -1;
  }
  return *this;
}

void Handle::release_reference() noexcept {
  // Destructors only clean up: File::close() is where a caller hears about close errors. A failure here
  // may leave a dangling identifier, so libhdf5's exit-time cleanup is skipped (see above).
  if (H5Idec_ref(id_) < 0) {
    H5Eclear2(H5E_DEFAULT);
    internal::note_close_failure();
  }
}

namespace internal {
namespace {

struct StackWalk {
  std::string text;
  bool format = false;
  int frames = 0;
};

herr_t walk_frame(unsigned /*n*/, const H5E_error2_t* err, void* data) {
  auto* walk = static_cast<StackWalk*>(data);
  char major[128] = {0};
  char minor[128] = {0};
  H5Eget_msg(err->maj_num, nullptr, major, sizeof(major));
  H5Eget_msg(err->min_num, nullptr, minor, sizeof(minor));
  if (walk->frames++ > 0) walk->text += "; ";
  walk->text += fmt::format("{}(): {} [{} / {}]", err->func_name ? err->func_name : "?",
                            err->desc ? err->desc : "", major, minor);
  if (err->min_num == H5E_NOTHDF5 || err->min_num == H5E_TRUNCATED || err->min_num == H5E_BADMESG ||
      err->min_num == H5E_CANTDECODE || err->min_num == H5E_CANTLOAD ||
      err->min_num == H5E_READERROR) {
    walk->format = true;
  }
  return 0;
}

StackWalk walk_stack() {
  StackWalk walk;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_frame, &walk);
  H5Eclear2(H5E_DEFAULT);
  return walk;
}

}  // namespace

void note_close_failure() noexcept { g_close_failed.store(true); }

std::string error_stack_text() { return walk_stack().text; }

bool error_stack_says_format() {
  StackWalk walk;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk_frame, &walk);
  return walk.format;
}

template <typename E>
void raise_with_stack(const std::string& what) {
  std::string stack = error_stack_text();
  if (stack.empty()) throw E(fmt::format("hdf5: {} failed", what));
  throw E(fmt::format("hdf5: {} failed: {}", what, stack));
}

template void raise_with_stack<Error>(const std::string&);
template void raise_with_stack<IoError>(const std::string&);
template void raise_with_stack<FormatError>(const std::string&);
template void raise_with_stack<InvalidArgument>(const std::string&);
template void raise_with_stack<TypeError>(const std::string&);

void fail(const std::string& what) {
  StackWalk walk = walk_stack();
  std::string message = walk.text.empty() ? fmt::format("hdf5: {} failed", what)
                                          : fmt::format("hdf5: {} failed: {}", what, walk.text);
  if (walk.format) throw FormatError(message);
  throw Error(message);
}

Handle simple_space(const std::vector<int64_t>& shape, const std::vector<int64_t>& max_shape) {
  std::vector<hsize_t> dims = to_hsize(shape);
  std::vector<hsize_t> max;
  if (!max_shape.empty()) {
    max.resize(max_shape.size());
    for (size_t i = 0; i < max_shape.size(); ++i) {
      max[i] = max_shape[i] < 0 ? H5S_UNLIMITED : static_cast<hsize_t>(max_shape[i]);
    }
  }
  return internal::adopt(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.empty() ? nullptr : max.data()),
                       [&] { return fmt::format("H5Screate_simple{}", join_shape(shape)); });
}

Handle scalar_space() { return Handle::adopt(H5Screate(H5S_SCALAR), "H5Screate(H5S_SCALAR)"); }

Handle link_create_plist() {
  Handle lcpl = plist(H5P_LINK_CREATE, "H5Pcreate(H5P_LINK_CREATE)");
  check(H5Pset_create_intermediate_group(lcpl.id(), 1), "H5Pset_create_intermediate_group");
  check(H5Pset_char_encoding(lcpl.id(), H5T_CSET_UTF8), "H5Pset_char_encoding");
  return lcpl;
}

namespace {

std::string name_from(ssize_t (*get)(hid_t, char*, size_t), hid_t obj, const char* fallback) {
  const ssize_t n = get(obj, nullptr, 0);
  std::string name(n > 0 ? static_cast<size_t>(n) : 0, '\0');
  if (n <= 0 || get(obj, name.data(), static_cast<size_t>(n) + 1) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return fallback;
  }
  return name;
}

}  // namespace

std::string object_path_of(hid_t obj, const char* fallback) { return name_from(H5Iget_name, obj, fallback); }
std::string file_name_of(hid_t obj, const char* fallback) { return name_from(H5Fget_name, obj, fallback); }

std::string join_shape(const std::vector<int64_t>& shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += shape[i] < 0 ? std::string("None") : std::to_string(shape[i]);
  }
  if (shape.size() == 1) out += ",";
  out += ")";
  return out;
}

}  // namespace internal
}  // namespace strata::hdf5
