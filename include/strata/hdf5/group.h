// Group: a folder of named links to groups and datasets (h5py's Group). The File is its root group.
//
//   Group sim = file.create_group("simulation");
//   Dataset paths = sim.create_dataset("paths", std::span<const double>(values), {500, 252},
//                                      DatasetOptions{}.with_auto_chunks().with_gzip(4));
//   Dataset p = file.dataset("simulation/paths");     // open by path
//   for (const std::string& name : file.keys()) ...    // children, in name order
//   file.visit([](const std::string& path, ObjectKind kind) { ... });   // recursively, like visititems
//
// Paths are relative to this group, or absolute when they start with '/'. `create_group` and
// `create_dataset` create missing intermediate groups, as h5py does. A Group is a handle: copies refer to
// the same object.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "strata/hdf5/attributes.h"
#include "strata/hdf5/dataset.h"
#include "strata/hdf5/datatype.h"
#include "strata/hdf5/handle.h"

namespace strata::hdf5 {

enum class ObjectKind { kGroup, kDataset, kDatatype, kOther };
enum class LinkKind { kHard, kSoft, kExternal };

std::string_view to_string(ObjectKind kind);

class Group {
 public:
  Group() = default;
  Group(Handle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}

  const Handle& handle() const { return handle_; }
  const std::string& path() const { return path_; }  // "/" for the root
  // On a temporary (`file.group("statistics").attrs()`) the identifier moves into the Attributes instead of
  // being counted up and down again.
  Attributes attrs() const& { return Attributes(handle_); }
  Attributes attrs() && { return Attributes(std::move(handle_)); }

  // Children.
  std::vector<std::string> keys() const;                    // link names, in name order
  bool exists(std::string_view path) const;                 // every component exists and resolves
  std::optional<ObjectKind> kind(std::string_view path) const;  // nullopt when absent or dangling
  std::optional<LinkKind> link_kind(std::string_view path) const;
  std::optional<std::string> soft_link_target(std::string_view path) const;
  // Recursively, depth first in name order; paths relative to this group ("simulation/paths").
  void visit(const std::function<void(const std::string& path, ObjectKind kind)>& callback) const;

  // Open (throws InvalidArgument naming the path and the group when absent, TypeError when the object is
  // of the other kind).
  Group group(std::string_view path) const;
  Dataset dataset(std::string_view path) const;

  Group create_group(std::string_view path);
  // Open the group at `path`, creating it (and its parents) when absent.
  Group require_group(std::string_view path);

  // Empty dataset of `type` and `shape`.
  Dataset create_dataset(std::string_view path, const Datatype& type, const std::vector<int64_t>& shape,
                         const DatasetOptions& options = {});
  // Dataset holding `values` (row-major) with `shape` (1-D of values.size() when empty).
  template <typename T>
  Dataset create_dataset(std::string_view path, std::span<const T> values, std::vector<int64_t> shape = {},
                         const DatasetOptions& options = {}) {
    if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
    Dataset ds = create_dataset(path, datatype_of<T>(), shape, options);
    ds.write(values);
    return ds;
  }
  template <typename T>
  Dataset create_dataset(std::string_view path, const std::vector<T>& values, std::vector<int64_t> shape = {},
                         const DatasetOptions& options = {}) {
    if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
    Dataset ds = create_dataset(path, datatype_of<T>(), shape, options);
    ds.write(values);
    return ds;
  }

  // Remove the link `path` (the object goes when its last link does; the file keeps the space, as h5py).
  void unlink(std::string_view path);
  // A soft link `name` → `target` (a path, resolved when followed; may dangle).
  void link_soft(std::string_view target, std::string_view name);
  // A second hard link `name` to the existing object at `target`.
  void link_hard(std::string_view target, std::string_view name);
  // A link to an object in another file.
  void link_external(std::string_view file_name, std::string_view object_path, std::string_view name);

 protected:
  std::string child_path(std::string_view path) const;

  Handle handle_;
  std::string path_;
};

}  // namespace strata::hdf5
