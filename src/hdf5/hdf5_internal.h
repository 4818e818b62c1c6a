// Private helpers of the hdf5 layer: return-code checks that turn libhdf5's error stack into Strata
// exceptions, and conversions between std::vector<int64_t> and hsize_t arrays.
#pragma once

#include <hdf5.h>

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

#include "strata/core/error.h"
#include "strata/hdf5/handle.h"

namespace strata::hdf5::internal {

static_assert(sizeof(hid_t) == sizeof(int64_t), "Strata keeps identifiers as int64_t (HDF5 1.10+)");

// The current thread's libhdf5 error stack as text, one "function(): message [major/minor]" per frame,
// innermost first; clears the stack.
std::string error_stack_text();
// True when the stack mentions a corrupt or non-HDF5 file (signature not found, truncated, bad message).
bool error_stack_says_format();

// Throw `E` with "`what`: <stack>".
template <typename E = Error>
[[noreturn]] void raise_with_stack(const std::string& what);

[[noreturn]] void fail(const std::string& what);  // strata::Error subclass chosen from the stack
// A close (H5Idec_ref, H5Fclose) failed: libhdf5 1.10 may keep a dangling identifier, so its exit-time
// cleanup is skipped (handle.cpp).
void note_close_failure() noexcept;

inline herr_t check(herr_t status, const char* what) {
  if (status < 0) fail(what);
  return status;
}
inline herr_t check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
  return status;
}
inline htri_t check_tri(htri_t status, const std::string& what) {
  if (status < 0) fail(what);
  return status;
}
// Lazy forms: `what` is a callable building the message, run only on failure (hot paths such as
// attribute reads must not format strings on success).
template <typename F>
  requires std::invocable<F>
inline herr_t check(herr_t status, F&& what) {
  if (status < 0) fail(what());
  return status;
}
template <typename F>
  requires std::invocable<F>
inline htri_t check_tri(htri_t status, F&& what) {
  if (status < 0) fail(what());
  return status;
}
template <typename F>
  requires std::invocable<F>
inline Handle adopt(hid_t id, F&& what) {
  if (id < 0) fail(what());
  return Handle::adopt(id, std::string_view());
}

inline std::vector<hsize_t> to_hsize(const std::vector<int64_t>& v) {
  return std::vector<hsize_t>(v.begin(), v.end());
}
inline std::vector<int64_t> from_hsize(const hsize_t* v, int n) {
  std::vector<int64_t> out(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<size_t>(i)] = v[i] == H5S_UNLIMITED ? -1 : static_cast<int64_t>(v[i]);
  return out;
}

// Property lists and dataspaces as Handles.
inline Handle plist(hid_t cls, const char* what) { return Handle::adopt(H5Pcreate(cls), what); }
Handle simple_space(const std::vector<int64_t>& shape, const std::vector<int64_t>& max_shape = {});
Handle scalar_space();

// Link creation list with intermediate groups and UTF-8 names (as h5py).
Handle link_create_plist();

std::string join_shape(const std::vector<int64_t>& shape);  // "(500, 252)"

// For messages: the path libhdf5 gives an object (H5Iget_name) and the name of its file (H5Fget_name), or
// `fallback` when it cannot say (its error stack is then cleared).
std::string object_path_of(hid_t obj, const char* fallback = "?");
std::string file_name_of(hid_t obj, const char* fallback = "?");

}  // namespace strata::hdf5::internal
