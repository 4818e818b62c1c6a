// Handle: an owning reference to one libhdf5 identifier (file, group, dataset, attribute, datatype,
// dataspace, property list), released with H5Idec_ref when the last copy goes.
//
// Identifiers are kept as int64_t (hid_t is int64_t since HDF5 1.10), so public headers never include
// hdf5.h. Every Strata entry point calls `ensure_library_ready()` first: it turns off libhdf5's automatic
// printing of its error stack for the calling thread (Debian's libhdf5 is built thread-safe, where that
// setting is per thread), so errors reach the caller only as exceptions carrying the stack's text.
// Thread-safety: a Handle is a value; copies on several threads are fine (libhdf5 serialises calls).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace strata::hdf5 {

namespace detail {
// Set once the calling thread has run prepare_library_for_thread(). constinit: no TLS wrapper call.
extern thread_local constinit bool t_library_ready;
void prepare_library_for_thread();
}  // namespace detail

// Turn off libhdf5's stderr error printing on this thread. After the first call per thread this is one
// thread-local load, inline: it runs on every typed attribute read and every open.
inline void ensure_library_ready() {
  if (!detail::t_library_ready) [[unlikely]] detail::prepare_library_for_thread();
}

class Handle {
 public:
  Handle() = default;
  // Take ownership of `id`. Throws (with libhdf5's error stack) when `id` is negative; `what` says which
  // call produced it, e.g. "H5Dopen2(\"paths\")".
  static Handle adopt(int64_t id, std::string_view what);
  // Refer to `id` without owning it (predefined types such as H5T_NATIVE_DOUBLE).
  static Handle borrow(int64_t id) {
    Handle h;
    h.id_ = id;
    h.owned_ = false;
    return h;
  }

  Handle(const Handle& other);
  Handle& operator=(const Handle& other);
  Handle(Handle&& other) noexcept : id_(other.id_), owned_(other.owned_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept;
  ~Handle() { reset(); }

  int64_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }
  // Stop owning the identifier and return it (the caller closes it).
  int64_t release() noexcept {
    const int64_t id = id_;
    id_ = -1;
    return id;
  }
  // Release this reference now (a file closes when its last identifier goes). Inline test, out-of-line
  // release: moved-from and borrowed handles (datatype_of<double>()'s) cost no call.
  void reset() noexcept {
    if (owned_ && id_ >= 0) release_reference();
    id_ = -1;
  }

 private:
  void release_reference() noexcept;

  int64_t id_ = -1;
  bool owned_ = true;
};

}  // namespace strata::hdf5
