// Attributes: create-or-replace writes, typed reads, iteration.
#include "strata/hdf5/attributes.h"

#include <fmt/format.h>

#include "hdf5_internal.h"
#include "strata/core/text_format.h"

namespace strata::hdf5 {

using internal::check;
using internal::check_tri;

namespace {

// `"/statistics" in "gbm.h5"`, for messages.
std::string where(hid_t obj) {
  return fmt::format("\"{}\" in \"{}\"", internal::object_path_of(obj), internal::file_name_of(obj));
}
// `attribute "x" on "/statistics" in "gbm.h5"`.
std::string describe(hid_t obj, std::string_view name) {
  return fmt::format("attribute \"{}\" on {}", name, where(obj));
}

// H5Aopen failed: say why. An absent attribute is InvalidArgument; anything else carries libhdf5's stack.
[[noreturn]] [[gnu::cold]] [[gnu::noinline]] void fail_open_attribute(hid_t obj, const std::string& name) {
  const std::string stack = internal::error_stack_text();
  const htri_t exists = H5Aexists(obj, name.c_str());
  if (exists == 0) raise("hdf5: attribute \"{}\" not found on {}", name, where(obj));
  H5Eclear2(H5E_DEFAULT);
  throw Error(fmt::format("hdf5: cannot open {}: H5Aopen failed: {}", describe(obj, name), stack));
}

Handle open_attribute(hid_t obj, std::string_view name) {
  std::string n(name);
  const hid_t id = H5Aopen(obj, n.c_str(), H5P_DEFAULT);
  if (id < 0) fail_open_attribute(obj, n);
  return Handle::adopt(id, std::string_view());
}

// A typed read of `attr` failed: either it holds `count` values where `expected` were asked for, or
// libhdf5 could not convert its type to `memory_type` (or the read itself failed). Closes `attr`.
[[noreturn]] [[gnu::cold]] [[gnu::noinline]] void fail_read_attribute(hid_t obj, hid_t attr, std::string_view name,
                                                                      const Datatype& memory_type, hssize_t count,
                                                                      int64_t expected) {
  std::string stack = internal::error_stack_text();
  Datatype file_type;
  if (const hid_t t = H5Aget_type(attr); t >= 0) file_type = Datatype(Handle::adopt(t, std::string_view()));
  H5Eclear2(H5E_DEFAULT);
  const std::string stored = file_type.valid() ? file_type.to_string() : std::string("?");
  const std::string what = describe(obj, name);
  if (H5Aclose(attr) < 0) H5Eclear2(H5E_DEFAULT);
  if (count < 0) throw Error(fmt::format("hdf5: cannot read the dataspace of {}: {}", what, stack));
  if (count != expected) {
    raise<TypeError>("hdf5: {} holds {} values ({}), the read expects {}", what, count, stored, expected);
  }
  const bool convertible = file_type.valid() && [&] {
    H5T_cdata_t* cdata = nullptr;
    return H5Tfind(file_type.id(), memory_type.id(), &cdata) != nullptr;
  }();
  H5Eclear2(H5E_DEFAULT);
  if (!convertible) raise<TypeError>("hdf5: {} is {}, which does not convert to {}", what, stored, memory_type.to_string());
  throw Error(fmt::format("hdf5: H5Aread of {} ({} as {}) failed: {}", what, stored, memory_type.to_string(), stack));
}

int64_t space_elements(hid_t space, std::vector<int64_t>* shape_out, bool* scalar_out) {
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) internal::fail("H5Sget_simple_extent_ndims");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "H5Sget_simple_extent_dims");
  H5S_class_t cls = H5Sget_simple_extent_type(space);
  if (scalar_out) *scalar_out = cls == H5S_SCALAR;
  if (shape_out) *shape_out = internal::from_hsize(dims.data(), rank);
  if (cls == H5S_NULL) return 0;
  int64_t n = 1;
  for (hsize_t d : dims) n *= static_cast<int64_t>(d);
  return n;
}

}  // namespace

bool Attributes::contains(std::string_view name) const {
  std::string n(name);
  return check_tri(H5Aexists(object_.id(), n.c_str()), [&] { return fmt::format("H5Aexists(\"{}\")", n); }) > 0;
}

std::vector<std::string> Attributes::names() const {
  std::vector<std::string> out;
  H5O_info_t info;
  check(H5Oget_info2(object_.id(), &info, H5O_INFO_NUM_ATTRS), "H5Oget_info2");
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    ssize_t n = H5Aget_name_by_idx(object_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) internal::fail("H5Aget_name_by_idx");
    std::string name(static_cast<size_t>(n), '\0');
    if (H5Aget_name_by_idx(object_.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), static_cast<size_t>(n) + 1,
                           H5P_DEFAULT) < 0) {
      internal::fail("H5Aget_name_by_idx");
    }
    out.push_back(std::move(name));
  }
  return out;
}

AttributeInfo Attributes::info(std::string_view name) const {
  Handle attr = open_attribute(object_.id(), name);
  AttributeInfo info;
  info.name = std::string(name);
  info.type = Datatype(Handle::adopt(H5Aget_type(attr.id()), "H5Aget_type"));
  Handle space = Handle::adopt(H5Aget_space(attr.id()), "H5Aget_space");
  space_elements(space.id(), &info.shape, &info.is_scalar);
  return info;
}

int64_t Attributes::num_elements(std::string_view name) const {
  Handle attr = open_attribute(object_.id(), name);
  Handle space = Handle::adopt(H5Aget_space(attr.id()), "H5Aget_space");
  return space_elements(space.id(), nullptr, nullptr);
}

void Attributes::remove(std::string_view name) {
  std::string n(name);
  check(H5Adelete(object_.id(), n.c_str()), [&] { return fmt::format("H5Adelete(\"{}\")", n); });
}

void Attributes::write_raw(std::string_view name, const Datatype& type, const std::vector<int64_t>& shape,
                           bool scalar, const void* data) {
  std::string n(name);
  if (contains(name)) remove(name);  // h5py replaces
  Handle space = scalar ? internal::scalar_space() : internal::simple_space(shape);
  Handle acpl = internal::plist(H5P_ATTRIBUTE_CREATE, "H5Pcreate(H5P_ATTRIBUTE_CREATE)");
  check(H5Pset_char_encoding(acpl.id(), H5T_CSET_UTF8), "H5Pset_char_encoding");
  Handle attr = internal::adopt(H5Acreate2(object_.id(), n.c_str(), type.id(), space.id(), acpl.id(), H5P_DEFAULT),
                              [&] { return fmt::format("H5Acreate2(\"{}\")", n); });
  check(H5Awrite(attr.id(), type.id(), data), [&] { return fmt::format("H5Awrite(\"{}\")", n); });
}

void Attributes::read_raw(std::string_view name, const Datatype& memory_type, int64_t expected, void* out) const {
  // The hot path of attribute reads (bench/hdf5_bench.cpp, read_attrs): the call sequence of the hand-written
  // C code (H5Aopen, H5Aread, H5Aclose) plus the one check that keeps H5Aread inside `out` (the dataspace's
  // element count: H5Aget_space, H5Sget_simple_extent_npoints, H5Sclose). Plain identifiers, no strings
  // formatted, every failure handled out of line.
  char short_name[64];  // NUL-terminated copy of the name, on the stack unless it is long
  std::string long_name;
  const char* n = short_name;
  if (name.size() < sizeof(short_name)) [[likely]] {
    name.copy(short_name, name.size());
    short_name[name.size()] = '\0';
  } else {
    long_name = name;
    n = long_name.c_str();
  }
  const hid_t attr = H5Aopen(object_.id(), n, H5P_DEFAULT);
  if (attr < 0) fail_open_attribute(object_.id(), std::string(name));
  hssize_t count = -1;
  if (const hid_t space = H5Aget_space(attr); space >= 0) {
    count = H5Sget_simple_extent_npoints(space);
    if (H5Sclose(space) < 0) count = -1;
  }
  if (count != expected || H5Aread(attr, memory_type.id(), out) < 0) {
    fail_read_attribute(object_.id(), attr, name, memory_type, count, expected);
  }
  if (H5Aclose(attr) < 0) internal::fail(fmt::format("H5Aclose(\"{}\")", name));
}

void Attributes::set_string(std::string_view name, std::string_view value) {
  std::string copy(value);
  const char* pointer = copy.c_str();
  write_raw(name, Datatype::variable_string(true), {}, true, &pointer);
}

void Attributes::set_strings(std::string_view name, std::span<const std::string> values, std::vector<int64_t> shape) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  write_raw(name, Datatype::variable_string(true), shape, false, pointers.data());
}

std::vector<std::string> Attributes::get_strings(std::string_view name) const {
  Handle attr = open_attribute(object_.id(), name);
  Datatype file_type(Handle::adopt(H5Aget_type(attr.id()), "H5Aget_type"));
  if (H5Tget_class(file_type.id()) != H5T_STRING) {
    raise<TypeError>("hdf5: {} is {}, not a string", describe(object_.id(), name), file_type.to_string());
  }
  Handle space = Handle::adopt(H5Aget_space(attr.id()), "H5Aget_space");
  const int64_t n = space_elements(space.id(), nullptr, nullptr);
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(n));
  if (file_type.is_variable_string()) {
    Datatype mem = Datatype::variable_string(file_type.is_utf8());
    std::vector<char*> pointers(static_cast<size_t>(n), nullptr);
    check(H5Aread(attr.id(), mem.id(), pointers.data()), [&] { return fmt::format("H5Aread(\"{}\")", name); });
    for (char* p : pointers) out.emplace_back(p ? p : "");
    check(H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, pointers.data()), "H5Dvlen_reclaim");
  } else {
    const size_t width = file_type.size();
    std::vector<char> bytes(width * static_cast<size_t>(n));
    check(H5Aread(attr.id(), file_type.id(), bytes.data()), [&] { return fmt::format("H5Aread(\"{}\")", name); });
    for (int64_t i = 0; i < n; ++i) {
      std::string_view s(bytes.data() + static_cast<size_t>(i) * width, width);
      const size_t end = s.find('\0');
      out.emplace_back(s.substr(0, end));
    }
  }
  return out;
}

std::string Attributes::get_string(std::string_view name) const {
  std::vector<std::string> all = get_strings(name);
  if (all.size() != 1) {
    raise<TypeError>("hdf5: {} holds {} strings, not one", describe(object_.id(), name), all.size());
  }
  return std::move(all[0]);
}

std::string Attributes::value_to_string(std::string_view name) const {
  AttributeInfo i = info(name);
  std::vector<std::string> parts;
  switch (i.type.type_class()) {
    case TypeClass::kString:
      for (const std::string& s : get_strings(name)) {
        std::string q;
        text::append_json_string(q, s);
        parts.push_back(std::move(q));
      }
      break;
    case TypeClass::kFloat:
      for (double v : get_array<double>(name)) parts.push_back(text::format_double_js(v));
      break;
    case TypeClass::kInteger:
      if (i.type.is_signed()) {
        for (int64_t v : get_array<int64_t>(name)) parts.push_back(std::to_string(v));
      } else {
        for (uint64_t v : get_array<uint64_t>(name)) parts.push_back(std::to_string(v));
      }
      break;
    case TypeClass::kBool: {
      const int64_t n = num_elements(name);
      std::vector<int8_t> v(static_cast<size_t>(n));
      read_raw(name, Datatype::boolean(), n, v.data());
      for (int8_t b : v) parts.push_back(b ? "true" : "false");
      break;
    }
    default: return fmt::format("<{}>", i.type.to_string());
  }
  if (i.is_scalar && parts.size() == 1) return parts[0];
  std::string out = "[";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? ", " : "") + parts[k];
  return out + "]";
}

}  // namespace strata::hdf5
