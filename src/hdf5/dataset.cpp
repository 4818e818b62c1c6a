// Datasets: shape and layout queries, selections applied to dataspaces, reads, writes, resize, append.
#include "strata/hdf5/dataset.h"

#include <algorithm>

#include <fmt/format.h>

#include "direct_chunk.h"
#include "hdf5_internal.h"

namespace strata::hdf5 {

using internal::check;

namespace {

struct Extent {
  std::vector<int64_t> dims;
  std::vector<int64_t> max;
};

Extent extent_of(hid_t space) {
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) internal::fail("H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<size_t>(rank)), max(static_cast<size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space, dims.data(), max.data()), "H5Sget_simple_extent_dims");
  return {internal::from_hsize(dims.data(), rank), internal::from_hsize(max.data(), rank)};
}

// Select `selection` in the file dataspace `space` (a copy of the dataset's), returning the element count.
int64_t apply_selection(hid_t space, const Selection& selection, const std::vector<int64_t>& shape,
                        const std::string& path) {
  switch (selection.kind()) {
    case Selection::Kind::kAll: {
      int64_t n = 1;
      for (int64_t d : shape) n *= d;
      return n;
    }
    case Selection::Kind::kSlices: {
      Hyperslab h = selection.resolve(shape);
      if (shape.empty()) return 1;
      const int64_t n = h.num_elements();
      if (n == 0) {
        check(H5Sselect_none(space), "H5Sselect_none");
        return 0;
      }
      std::vector<hsize_t> start = internal::to_hsize(h.start), stride = internal::to_hsize(h.stride),
                           count = internal::to_hsize(h.count);
      check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), stride.data(), count.data(), nullptr),
            [&] { return fmt::format("H5Sselect_hyperslab({} of {})", selection.to_string(), path); });
      return n;
    }
    case Selection::Kind::kPoints: {
      if (selection.point_rank() != static_cast<int>(shape.size())) {
        raise("hdf5: points of rank {} do not fit \"{}\" of rank {}", selection.point_rank(), path, shape.size());
      }
      const auto& c = selection.coordinates();
      for (size_t i = 0; i < c.size(); ++i) {
        const int64_t dim = shape[i % shape.size()];
        if (c[i] < 0 || c[i] >= dim) {
          raise("hdf5: point coordinate {} is out of range for axis {} of length {} in \"{}\"", c[i], i % shape.size(),
                dim, path);
        }
      }
      const int64_t n = selection.num_points();
      if (n == 0) {
        check(H5Sselect_none(space), "H5Sselect_none");
        return 0;
      }
      std::vector<hsize_t> coords = internal::to_hsize(c);
      check(H5Sselect_elements(space, H5S_SELECT_SET, static_cast<size_t>(n), coords.data()),
            [&] { return fmt::format("H5Sselect_elements({})", path); });
      return n;
    }
  }
  return 0;
}

// File and memory dataspaces for one transfer of `selection`. H5S_ALL for both when reading everything,
// which is exactly what hand-written libhdf5 code passes.
struct Spaces {
  Handle file;
  Handle memory;
  int64_t elements = 0;
  std::optional<Hyperslab> slab;  // kSlices selections, resolved against the dataset's shape
  hid_t file_id() const { return file.valid() ? file.id() : H5S_ALL; }
  hid_t memory_id() const { return memory.valid() ? memory.id() : H5S_ALL; }
};

Spaces spaces_for(hid_t dataset, const Selection& selection, const std::string& path) {
  Spaces s;
  Handle file_space = internal::adopt(H5Dget_space(dataset), [&] { return fmt::format("H5Dget_space({})", path); });
  Extent e = extent_of(file_space.id());
  if (selection.kind() == Selection::Kind::kAll) {
    s.elements = 1;
    for (int64_t d : e.dims) s.elements *= d;
    if (H5Sget_simple_extent_type(file_space.id()) == H5S_NULL) s.elements = 0;
    return s;
  }
  s.elements = apply_selection(file_space.id(), selection, e.dims, path);
  s.file = std::move(file_space);
  if (selection.kind() == Selection::Kind::kSlices && !e.dims.empty() && s.elements > 0) {
    // A memory space of the hyperslab's own shape (dropped axes as 1) lets libhdf5 see that both
    // selections have the same shape and map chunks directly; a flat 1-D memory space costs ~50 us more
    // per read of [:10, :] (measured in bench/hdf5_bench.cpp).
    s.slab = selection.resolve(e.dims);
    const std::vector<hsize_t> count = internal::to_hsize(s.slab->count);
    s.memory = Handle::adopt(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), "H5Screate_simple");
  } else {
    const hsize_t n = static_cast<hsize_t>(s.elements);
    s.memory = Handle::adopt(H5Screate_simple(1, &n, nullptr), "H5Screate_simple");
  }
  return s;
}

}  // namespace

std::string Dataset::name() const {
  const size_t slash = path_.rfind('/');
  return slash == std::string::npos ? path_ : path_.substr(slash + 1);
}

std::vector<int64_t> Dataset::shape() const {
  Handle space = internal::adopt(H5Dget_space(handle_.id()), [&] { return fmt::format("H5Dget_space({})", path_); });
  return extent_of(space.id()).dims;
}

std::vector<int64_t> Dataset::max_shape() const {
  Handle space = internal::adopt(H5Dget_space(handle_.id()), [&] { return fmt::format("H5Dget_space({})", path_); });
  return extent_of(space.id()).max;
}

int64_t Dataset::size() const {
  int64_t n = 1;
  for (int64_t d : shape()) n *= d;
  return n;
}

Datatype Dataset::datatype() const {
  return Datatype(internal::adopt(H5Dget_type(handle_.id()), [&] { return fmt::format("H5Dget_type({})", path_); }));
}

Layout Dataset::layout() const {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(handle_.id()), "H5Dget_create_plist");
  switch (H5Pget_layout(dcpl.id())) {
    case H5D_CHUNKED: return Layout::kChunked;
    case H5D_COMPACT: return Layout::kCompact;
    case H5D_VIRTUAL: return Layout::kVirtual;
    case H5D_CONTIGUOUS: return Layout::kContiguous;
    default: internal::fail(fmt::format("H5Pget_layout({})", path_));
  }
}

std::optional<std::vector<int64_t>> Dataset::chunks() const {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(handle_.id()), "H5Dget_create_plist");
  if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED) return std::nullopt;
  hsize_t dims[H5S_MAX_RANK];
  int rank = H5Pget_chunk(dcpl.id(), H5S_MAX_RANK, dims);
  if (rank < 0) internal::fail(fmt::format("H5Pget_chunk({})", path_));
  return internal::from_hsize(dims, rank);
}

std::vector<FilterInfo> Dataset::filters() const {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(handle_.id()), "H5Dget_create_plist");
  int n = H5Pget_nfilters(dcpl.id());
  if (n < 0) internal::fail("H5Pget_nfilters");
  std::vector<FilterInfo> out;
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0;
    unsigned values[16];
    size_t nvalues = 16;
    char name[256] = {0};
    unsigned config = 0;
    H5Z_filter_t id = H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &nvalues, values, sizeof(name), name,
                                     &config);
    if (id < 0) internal::fail("H5Pget_filter2");
    FilterInfo f;
    f.id = id;
    switch (id) {
      case H5Z_FILTER_DEFLATE: f.name = "deflate"; break;
      case H5Z_FILTER_SHUFFLE: f.name = "shuffle"; break;
      case H5Z_FILTER_FLETCHER32: f.name = "fletcher32"; break;
      case H5Z_FILTER_SZIP: f.name = "szip"; break;
      case H5Z_FILTER_NBIT: f.name = "nbit"; break;
      case H5Z_FILTER_SCALEOFFSET: f.name = "scaleoffset"; break;
      default: f.name = name; break;
    }
    f.parameters.assign(values, values + std::min<size_t>(nvalues, 16));
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<int> Dataset::gzip_level() const {
  for (const FilterInfo& f : filters()) {
    if (f.id == H5Z_FILTER_DEFLATE) return f.parameters.empty() ? 6 : static_cast<int>(f.parameters[0]);
  }
  return std::nullopt;
}

int64_t Dataset::storage_size() const { return static_cast<int64_t>(H5Dget_storage_size(handle_.id())); }

int64_t Dataset::count(const Selection& selection) const {
  if (selection.kind() == Selection::Kind::kPoints) return selection.num_points();
  const std::vector<int64_t> dims = shape();
  if (selection.kind() == Selection::Kind::kAll) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
  }
  return selection.resolve(dims).num_elements();
}

void Dataset::read_into(const Selection& selection, const Datatype& memory_type, void* out, int64_t elements) const {
  Spaces s = spaces_for(handle_.id(), selection, path_);
  if (s.elements != elements) {
    raise("hdf5: reading {} of \"{}\" selects {} values but the buffer holds {}", selection.to_string(), path_,
          s.elements, elements);
  }
  if (elements == 0) return;
  if (direct_ && selection.kind() == Selection::Kind::kAll &&
      elements * static_cast<int64_t>(memory_type.size()) >= internal::kDirectMinBytes) {
    if (auto plan = internal::plan_direct(handle_.id(), memory_type.id(), true)) {
      internal::read_direct(handle_.id(), *plan, out, threads_, path_);
      return;
    }
  }
  if (direct_ && s.slab &&
      std::all_of(s.slab->stride.begin(), s.slab->stride.end(), [](int64_t v) { return v == 1; })) {
    // A unit-stride box: its chunks inflate with libdeflate when libhdf5's cache could not keep them.
    const std::vector<hsize_t> start = internal::to_hsize(s.slab->start), count = internal::to_hsize(s.slab->count);
    if (auto plan = internal::plan_direct_box(handle_.id(), memory_type.id(), start, count)) {
      internal::read_direct_box(handle_.id(), *plan, start, count, out, threads_, path_);
      return;
    }
  }
  check(H5Dread(handle_.id(), memory_type.id(), s.memory_id(), s.file_id(), H5P_DEFAULT, out),
        [&] { return fmt::format("H5Dread({}{})", path_, selection.kind() == Selection::Kind::kAll ? "" : selection.to_string()); });
}

void Dataset::write_from(const Selection& selection, const Datatype& memory_type, const void* data, int64_t elements) {
  Spaces s = spaces_for(handle_.id(), selection, path_);
  if (s.elements != elements) {
    raise("hdf5: writing {} of \"{}\" selects {} values but {} were given", selection.to_string(), path_, s.elements,
          elements);
  }
  if (elements == 0) return;
  if (direct_ && selection.kind() == Selection::Kind::kAll &&
      elements * static_cast<int64_t>(memory_type.size()) >= internal::kDirectMinBytes) {
    if (auto plan = internal::plan_direct(handle_.id(), memory_type.id(), false)) {
      internal::write_direct(handle_.id(), *plan, data, threads_, path_);
      return;
    }
  }
  check(H5Dwrite(handle_.id(), memory_type.id(), s.memory_id(), s.file_id(), H5P_DEFAULT, data),
        [&] { return fmt::format("H5Dwrite({}{})", path_, selection.kind() == Selection::Kind::kAll ? "" : selection.to_string()); });
}

std::vector<std::string> Dataset::read_strings(const Selection& selection) const {
  Datatype file_type = datatype();
  if (file_type.type_class() != TypeClass::kString) {
    raise<TypeError>("hdf5: \"{}\" holds {}, not strings", path_, file_type.to_string());
  }
  Spaces s = spaces_for(handle_.id(), selection, path_);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(s.elements));
  if (s.elements == 0) return out;
  if (file_type.is_variable_string()) {
    Datatype mem = Datatype::variable_string(file_type.is_utf8());
    std::vector<char*> pointers(static_cast<size_t>(s.elements), nullptr);
    check(H5Dread(handle_.id(), mem.id(), s.memory_id(), s.file_id(), H5P_DEFAULT, pointers.data()),
          [&] { return fmt::format("H5Dread({})", path_); });
    for (char* p : pointers) out.emplace_back(p ? p : "");
    Handle reclaim_space = s.memory.valid() ? s.memory : Handle::adopt(H5Dget_space(handle_.id()), "H5Dget_space");
    check(H5Dvlen_reclaim(mem.id(), reclaim_space.id(), H5P_DEFAULT, pointers.data()), "H5Dvlen_reclaim");
  } else {
    const size_t width = file_type.size();
    std::vector<char> bytes(width * static_cast<size_t>(s.elements));
    Datatype mem(Handle::adopt(H5Tcopy(file_type.id()), "H5Tcopy"));
    check(H5Dread(handle_.id(), mem.id(), s.memory_id(), s.file_id(), H5P_DEFAULT, bytes.data()),
          [&] { return fmt::format("H5Dread({})", path_); });
    for (int64_t i = 0; i < s.elements; ++i) {
      std::string_view v(bytes.data() + static_cast<size_t>(i) * width, width);
      const size_t end = v.find('\0');
      v = v.substr(0, end);
      while (!v.empty() && v.back() == ' ' && H5Tget_strpad(file_type.id()) == H5T_STR_SPACEPAD) v.remove_suffix(1);
      out.emplace_back(v);
    }
  }
  return out;
}

void Dataset::write_strings(std::span<const std::string> values, const Selection& selection) {
  Datatype file_type = datatype();
  if (file_type.type_class() != TypeClass::kString) {
    raise<TypeError>("hdf5: \"{}\" holds {}, not strings", path_, file_type.to_string());
  }
  if (file_type.is_variable_string()) {
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const std::string& v : values) pointers.push_back(v.c_str());
    write_from(selection, file_type, pointers.data(), static_cast<int64_t>(values.size()));
  } else {
    const size_t width = file_type.size();
    std::vector<char> bytes(width * values.size(), '\0');
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].size() > width) {
        raise("hdf5: string {} of {} bytes does not fit the {}-byte strings of \"{}\"", i, values[i].size(), width,
              path_);
      }
      std::memcpy(bytes.data() + i * width, values[i].data(), values[i].size());
    }
    write_from(selection, file_type, bytes.data(), static_cast<int64_t>(values.size()));
  }
}

void Dataset::resize(const std::vector<int64_t>& new_shape) {
  const std::vector<int64_t> max = max_shape();
  if (new_shape.size() != max.size()) {
    raise("hdf5: resize of \"{}\" to {} has the wrong rank (the dataset has {})", path_, internal::join_shape(new_shape),
          max.size());
  }
  for (size_t i = 0; i < max.size(); ++i) {
    if (max[i] != kUnlimited && new_shape[i] > max[i]) {
      raise("hdf5: cannot resize \"{}\" to {}: axis {} is limited to {}", path_, internal::join_shape(new_shape), i,
            max[i]);
    }
  }
  std::vector<hsize_t> dims = internal::to_hsize(new_shape);
  check(H5Dset_extent(handle_.id(), dims.data()), [&] { return fmt::format("H5Dset_extent({}, {})", path_, internal::join_shape(new_shape)); });
}

std::pair<int64_t, int64_t> Dataset::grow_for_append(int64_t values) {
  std::vector<int64_t> dims = shape();
  if (dims.empty()) raise("hdf5: cannot append to the scalar dataset \"{}\"", path_);
  int64_t row = 1;
  for (size_t i = 1; i < dims.size(); ++i) row *= dims[i];
  if (row == 0 || values % row != 0) {
    raise("hdf5: appending {} values to \"{}\" of shape {} needs a multiple of {}", values, path_,
          internal::join_shape(dims), row);
  }
  const int64_t first = dims[0];
  dims[0] += values / row;
  resize(dims);
  return {first, values / row};
}

}  // namespace strata::hdf5
