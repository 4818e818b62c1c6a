// Groups: the hierarchy — open and create by path, iterate, visit, links.
#include "strata/hdf5/group.h"

#include <fmt/format.h>

#include "hdf5_internal.h"
#include "strata/hdf5/chunking.h"

namespace strata::hdf5 {

using internal::check;
using internal::check_tri;

std::string_view to_string(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kGroup: return "group";
    case ObjectKind::kDataset: return "dataset";
    case ObjectKind::kDatatype: return "datatype";
    case ObjectKind::kOther: break;
  }
  return "other";
}

std::string Group::child_path(std::string_view path) const {
  if (!path.empty() && path.front() == '/') return std::string(path);
  // One allocation at most (none for short paths) and two copies: this runs on every open by path.
  const size_t parent = path_ == "/" ? 0 : path_.size();
  std::string out(parent + 1 + path.size(), '/');
  path_.copy(out.data(), parent);
  path.copy(out.data() + parent + 1, path.size());
  return out;
}

namespace {

ObjectKind kind_of_type(H5O_type_t t) {
  switch (t) {
    case H5O_TYPE_GROUP: return ObjectKind::kGroup;
    case H5O_TYPE_DATASET: return ObjectKind::kDataset;
    case H5O_TYPE_NAMED_DATATYPE: return ObjectKind::kDatatype;
    default: return ObjectKind::kOther;
  }
}

// Walk `path` one component at a time (H5Lexists needs every parent to exist).
bool links_exist(hid_t group, std::string_view path) {
  std::string prefix;
  size_t pos = 0;
  if (!path.empty() && path.front() == '/') {
    prefix = "/";
    pos = 1;
  }
  while (pos < path.size()) {
    size_t slash = path.find('/', pos);
    std::string_view part = path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (!part.empty()) {
      if (!prefix.empty() && prefix.back() != '/') prefix += '/';
      prefix += part;
      if (check_tri(H5Lexists(group, prefix.c_str(), H5P_DEFAULT), [&] { return fmt::format("H5Lexists(\"{}\")", prefix); }) <= 0) {
        return false;
      }
      if (slash != std::string_view::npos) {
        // An intermediate component must resolve to a group for the walk to go on.
        if (check_tri(H5Oexists_by_name(group, prefix.c_str(), H5P_DEFAULT),
                      [&] { return fmt::format("H5Oexists_by_name(\"{}\")", prefix); }) <= 0) {
          return false;
        }
        H5O_info_t info;
        check(H5Oget_info_by_name2(group, prefix.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
              [&] { return fmt::format("H5Oget_info_by_name(\"{}\")", prefix); });
        if (info.type != H5O_TYPE_GROUP) return false;
      }
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return true;
}

}  // namespace

std::vector<std::string> Group::keys() const {
  H5G_info_t info;
  check(H5Gget_info(handle_.id(), &info), [&] { return fmt::format("H5Gget_info({})", path_); });
  std::vector<std::string> out;
  out.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t n = H5Lget_name_by_idx(handle_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) internal::fail("H5Lget_name_by_idx");
    std::string name(static_cast<size_t>(n), '\0');
    if (H5Lget_name_by_idx(handle_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), static_cast<size_t>(n) + 1,
                           H5P_DEFAULT) < 0) {
      internal::fail("H5Lget_name_by_idx");
    }
    out.push_back(std::move(name));
  }
  return out;
}

bool Group::exists(std::string_view path) const {
  if (path.empty() || path == "/") return true;
  if (!links_exist(handle_.id(), path)) return false;
  std::string p(path);
  return check_tri(H5Oexists_by_name(handle_.id(), p.c_str(), H5P_DEFAULT), [&] { return fmt::format("H5Oexists_by_name(\"{}\")", p); }) > 0;
}

std::optional<ObjectKind> Group::kind(std::string_view path) const {
  if (!exists(path)) return std::nullopt;
  std::string p(path);
  H5O_info_t info;
  check(H5Oget_info_by_name2(handle_.id(), p.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
        [&] { return fmt::format("H5Oget_info_by_name(\"{}\")", p); });
  return kind_of_type(info.type);
}

std::optional<LinkKind> Group::link_kind(std::string_view path) const {
  if (path.empty() || !links_exist(handle_.id(), path)) return std::nullopt;
  std::string p(path);
  H5L_info_t info;
  check(H5Lget_info(handle_.id(), p.c_str(), &info, H5P_DEFAULT), [&] { return fmt::format("H5Lget_info(\"{}\")", p); });
  switch (info.type) {
    case H5L_TYPE_HARD: return LinkKind::kHard;
    case H5L_TYPE_SOFT: return LinkKind::kSoft;
    default: return LinkKind::kExternal;
  }
}

std::optional<std::string> Group::soft_link_target(std::string_view path) const {
  if (link_kind(path) != LinkKind::kSoft) return std::nullopt;
  std::string p(path);
  H5L_info_t info;
  check(H5Lget_info(handle_.id(), p.c_str(), &info, H5P_DEFAULT), "H5Lget_info");
  std::string target(info.u.val_size, '\0');
  check(H5Lget_val(handle_.id(), p.c_str(), target.data(), target.size(), H5P_DEFAULT), "H5Lget_val");
  while (!target.empty() && target.back() == '\0') target.pop_back();
  return target;
}

namespace {
struct VisitState {
  const std::function<void(const std::string&, ObjectKind)>* callback;
  std::exception_ptr error;
};

herr_t visit_link(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto* state = static_cast<VisitState*>(data);
  try {
    if (info->type != H5L_TYPE_HARD) {
      // Follow soft links only when they resolve, and report them as what they point to.
      if (H5Oexists_by_name(group, name, H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return 0;
      }
    }
    H5O_info_t oinfo;
    check(H5Oget_info_by_name2(group, name, &oinfo, H5O_INFO_BASIC, H5P_DEFAULT), "H5Oget_info_by_name");
    (*state->callback)(name, kind_of_type(oinfo.type));
    return 0;
  } catch (...) {
    state->error = std::current_exception();
    return -1;
  }
}
}  // namespace

void Group::visit(const std::function<void(const std::string& path, ObjectKind kind)>& callback) const {
  VisitState state{&callback, nullptr};
  herr_t status = H5Lvisit(handle_.id(), H5_INDEX_NAME, H5_ITER_INC, visit_link, &state);
  if (state.error) {
    H5Eclear2(H5E_DEFAULT);
    std::rethrow_exception(state.error);
  }
  check(status, [&] { return fmt::format("H5Lvisit({})", path_); });
}

namespace {

// H5Gopen2 / H5Dopen2 failed for `path` in `group` (at `group_path`): only now find out why, so the common
// path costs one call.
[[noreturn]] [[gnu::cold]] void fail_open_child(const Group& group, std::string_view path, ObjectKind wanted) {
  const bool format = internal::error_stack_says_format();
  const std::string stack = internal::error_stack_text();  // and clear it
  const std::string_view noun = to_string(wanted);
  std::optional<ObjectKind> k = group.kind(path);
  if (!k) raise("hdf5: no {} \"{}\" in \"{}\"", noun, path, group.path());
  if (*k != wanted) raise<TypeError>("hdf5: \"{}\" in \"{}\" is a {}, not a {}", path, group.path(), to_string(*k), noun);
  const std::string message = fmt::format("hdf5: {}(\"{}\" in \"{}\") failed: {}",
                                          wanted == ObjectKind::kGroup ? "H5Gopen2" : "H5Dopen2", path, group.path(), stack);
  if (format) throw FormatError(message);
  throw Error(message);
}

}  // namespace

Group Group::group(std::string_view path) const {
  // The child's path ends with `path` and its terminating NUL: that tail is the name handed to libhdf5.
  std::string full = child_path(path);
  const hid_t id = H5Gopen2(handle_.id(), full.c_str() + (full.size() - path.size()), H5P_DEFAULT);
  if (id < 0) [[unlikely]] fail_open_child(*this, path, ObjectKind::kGroup);
  return Group(Handle::adopt(id, std::string_view()), std::move(full));
}

Dataset Group::dataset(std::string_view path) const {
  std::string full = child_path(path);
  const hid_t id = H5Dopen2(handle_.id(), full.c_str() + (full.size() - path.size()), H5P_DEFAULT);
  if (id < 0) [[unlikely]] fail_open_child(*this, path, ObjectKind::kDataset);
  return Dataset(Handle::adopt(id, std::string_view()), std::move(full));
}

Group Group::create_group(std::string_view path) {
  std::string p(path);
  Handle lcpl = internal::link_create_plist();
  return Group(internal::adopt(H5Gcreate2(handle_.id(), p.c_str(), lcpl.id(), H5P_DEFAULT, H5P_DEFAULT),
                             [&] { return fmt::format("H5Gcreate2(\"{}\" in \"{}\")", p, path_); }),
               child_path(path));
}

Group Group::require_group(std::string_view path) {
  if (exists(path)) return group(path);
  return create_group(path);
}

Dataset Group::create_dataset(std::string_view path, const Datatype& type, const std::vector<int64_t>& shape,
                              const DatasetOptions& options) {
  std::string p(path);
  Handle dcpl = internal::plist(H5P_DATASET_CREATE, "H5Pcreate(H5P_DATASET_CREATE)");
  const bool filtered = options.gzip_level || options.shuffle || options.fletcher32;
  DatasetOptions::Chunking chunking = options.chunking;
  if (chunking == DatasetOptions::Chunking::kNone && (filtered || !options.max_shape.empty())) {
    chunking = DatasetOptions::Chunking::kAuto;  // as h5py: filters and resizing need chunks
  }
  if (!options.max_shape.empty() && options.max_shape.size() != shape.size()) {
    raise("hdf5: max shape {} of \"{}\" does not have the rank of shape {}", internal::join_shape(options.max_shape), p,
          internal::join_shape(shape));
  }
  if (chunking != DatasetOptions::Chunking::kNone) {
    std::vector<int64_t> chunks = chunking == DatasetOptions::Chunking::kAuto
                                      ? guess_chunk(shape, static_cast<int64_t>(type.size()))
                                      : options.chunks;
    if (chunks.size() != shape.size()) {
      raise("hdf5: chunk shape {} of \"{}\" does not have the rank of shape {}", internal::join_shape(chunks), p,
            internal::join_shape(shape));
    }
    for (size_t i = 0; i < chunks.size(); ++i) {
      if (chunks[i] <= 0) raise("hdf5: chunk shape {} of \"{}\" has an empty axis", internal::join_shape(chunks), p);
    }
    std::vector<hsize_t> c = internal::to_hsize(chunks);
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(c.size()), c.data()), [&] { return fmt::format("H5Pset_chunk({})", p); });
    check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_ALLOC), "H5Pset_fill_time");  // as h5py (resize glitch)
  }
  if (options.shuffle) check(H5Pset_shuffle(dcpl.id()), "H5Pset_shuffle");
  if (options.gzip_level) {
    if (*options.gzip_level < 0 || *options.gzip_level > 9) {
      raise("hdf5: gzip level must be 0..9, got {} for \"{}\"", *options.gzip_level, p);
    }
    check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(*options.gzip_level)), "H5Pset_deflate");
  }
  if (options.fletcher32) check(H5Pset_fletcher32(dcpl.id()), "H5Pset_fletcher32");
  if (!options.fill_value.empty()) {
    if (options.fill_value.size() != type.size()) {
      raise("hdf5: fill value of {} bytes does not match the {}-byte type of \"{}\"", options.fill_value.size(),
            type.size(), p);
    }
    check(H5Pset_fill_value(dcpl.id(), type.id(), options.fill_value.data()), "H5Pset_fill_value");
  }
  Handle space = internal::simple_space(shape, options.max_shape);
  Handle lcpl = internal::link_create_plist();
  Dataset ds(internal::adopt(H5Dcreate2(handle_.id(), p.c_str(), type.id(), space.id(), lcpl.id(), dcpl.id(), H5P_DEFAULT),
                           [&] { return fmt::format("H5Dcreate2(\"{}\" in \"{}\", {} {})", p, path_, type.to_string(),
                                       internal::join_shape(shape)); }),
             child_path(path));
  ds.set_threads(options.threads).set_direct_chunk_io(options.direct_chunk_io);
  return ds;
}

void Group::unlink(std::string_view path) {
  std::string p(path);
  check(H5Ldelete(handle_.id(), p.c_str(), H5P_DEFAULT), [&] { return fmt::format("H5Ldelete(\"{}\" in \"{}\")", p, path_); });
}

void Group::link_soft(std::string_view target, std::string_view name) {
  std::string t(target), n(name);
  Handle lcpl = internal::link_create_plist();
  check(H5Lcreate_soft(t.c_str(), handle_.id(), n.c_str(), lcpl.id(), H5P_DEFAULT),
        [&] { return fmt::format("H5Lcreate_soft(\"{}\" -> \"{}\")", n, t); });
}

void Group::link_hard(std::string_view target, std::string_view name) {
  std::string t(target), n(name);
  Handle lcpl = internal::link_create_plist();
  check(H5Lcreate_hard(handle_.id(), t.c_str(), handle_.id(), n.c_str(), lcpl.id(), H5P_DEFAULT),
        [&] { return fmt::format("H5Lcreate_hard(\"{}\" -> \"{}\")", n, t); });
}

void Group::link_external(std::string_view file_name, std::string_view object_path, std::string_view name) {
  std::string f(file_name), o(object_path), n(name);
  Handle lcpl = internal::link_create_plist();
  check(H5Lcreate_external(f.c_str(), o.c_str(), handle_.id(), n.c_str(), lcpl.id(), H5P_DEFAULT),
        [&] { return fmt::format("H5Lcreate_external(\"{}\" -> {}:{})", n, f, o); });
}

}  // namespace strata::hdf5
