// Datatypes: construction, inspection and numpy-like names.
#include "strata/hdf5/datatype.h"

#include <fmt/format.h>

#include "hdf5_internal.h"

namespace strata::hdf5 {

using internal::check;

namespace {
Handle copy_of(hid_t predefined, const char* what) { return Handle::adopt(H5Tcopy(predefined), what); }
}  // namespace

// The predefined native types are read from libhdf5's globals (H5T_NATIVE_DOUBLE_g, ...) rather than through
// the H5T_NATIVE_* macros: each macro use calls H5open(), one more trip through libhdf5's API lock per typed
// attribute read, and ensure_library_ready() has already opened the library.
Datatype Datatype::integer(int bytes, bool is_signed) {
  ensure_library_ready();
  hid_t t = -1;
  switch (bytes) {
    case 1: t = is_signed ? H5T_NATIVE_INT8_g : H5T_NATIVE_UINT8_g; break;
    case 2: t = is_signed ? H5T_NATIVE_INT16_g : H5T_NATIVE_UINT16_g; break;
    case 4: t = is_signed ? H5T_NATIVE_INT32_g : H5T_NATIVE_UINT32_g; break;
    case 8: t = is_signed ? H5T_NATIVE_INT64_g : H5T_NATIVE_UINT64_g; break;
    default: raise("hdf5: no integer type of {} bytes", bytes);
  }
  return Datatype(Handle::borrow(t));
}

Datatype Datatype::floating(int bytes) {
  ensure_library_ready();
  if (bytes == 4) return Datatype(Handle::borrow(H5T_NATIVE_FLOAT_g));
  if (bytes == 8) return Datatype(Handle::borrow(H5T_NATIVE_DOUBLE_g));
  raise("hdf5: no floating-point type of {} bytes", bytes);
}

const Datatype& Datatype::boolean() {
  ensure_library_ready();
  // h5py maps numpy bool to this enum; build it once per thread and share it.
  thread_local Datatype cached = [] {
    Handle t = Handle::adopt(H5Tenum_create(H5T_NATIVE_INT8), "H5Tenum_create(int8)");
    int8_t value = 0;
    check(H5Tenum_insert(t.id(), "FALSE", &value), "H5Tenum_insert(FALSE)");
    value = 1;
    check(H5Tenum_insert(t.id(), "TRUE", &value), "H5Tenum_insert(TRUE)");
    return Datatype(std::move(t));
  }();
  return cached;
}

Datatype Datatype::variable_string(bool utf8) {
  ensure_library_ready();
  Handle t = copy_of(H5T_C_S1, "H5Tcopy(H5T_C_S1)");
  check(H5Tset_size(t.id(), H5T_VARIABLE), "H5Tset_size(H5T_VARIABLE)");
  check(H5Tset_cset(t.id(), utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "H5Tset_cset");
  check(H5Tset_strpad(t.id(), H5T_STR_NULLTERM), "H5Tset_strpad");
  return Datatype(std::move(t));
}

Datatype Datatype::fixed_string(size_t bytes, bool utf8) {
  ensure_library_ready();
  if (bytes == 0) raise("hdf5: a fixed-length string type needs at least 1 byte");
  Handle t = copy_of(H5T_C_S1, "H5Tcopy(H5T_C_S1)");
  check(H5Tset_size(t.id(), bytes), "H5Tset_size");
  check(H5Tset_cset(t.id(), utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII), "H5Tset_cset");
  check(H5Tset_strpad(t.id(), H5T_STR_NULLPAD), "H5Tset_strpad");
  return Datatype(std::move(t));
}

Datatype Datatype::compound(size_t size) {
  ensure_library_ready();
  return Datatype(internal::adopt(H5Tcreate(H5T_COMPOUND, size), [&] { return fmt::format("H5Tcreate(H5T_COMPOUND, {})", size); }));
}

void Datatype::insert(const std::string& name, size_t offset, const Datatype& member_type) {
  check(H5Tinsert(id(), name.c_str(), offset, member_type.id()), [&] { return fmt::format("H5Tinsert(\"{}\")", name); });
}

TypeClass Datatype::type_class() const {
  H5T_class_t c = H5Tget_class(id());
  switch (c) {
    case H5T_INTEGER: return TypeClass::kInteger;
    case H5T_FLOAT: return TypeClass::kFloat;
    case H5T_STRING: return TypeClass::kString;
    case H5T_COMPOUND: return TypeClass::kCompound;
    case H5T_ARRAY: return TypeClass::kArray;
    case H5T_ENUM: {
      // h5py's bool: an int8 enum whose members are exactly FALSE=0, TRUE=1.
      if (H5Tget_nmembers(id()) == 2 && H5Tget_size(id()) == 1) {
        char* n0 = H5Tget_member_name(id(), 0);
        char* n1 = H5Tget_member_name(id(), 1);
        bool is_bool = n0 && n1 && std::string_view(n0) == "FALSE" && std::string_view(n1) == "TRUE";
        H5free_memory(n0);
        H5free_memory(n1);
        if (is_bool) return TypeClass::kBool;
      }
      return TypeClass::kEnum;
    }
    case H5T_NO_CLASS: internal::fail("H5Tget_class");
    default: return TypeClass::kOther;
  }
}

size_t Datatype::size() const {
  size_t n = H5Tget_size(id());
  if (n == 0) internal::fail("H5Tget_size");
  return n;
}

bool Datatype::is_signed() const { return H5Tget_sign(id()) == H5T_SGN_2; }

bool Datatype::is_variable_string() const {
  return H5Tget_class(id()) == H5T_STRING && internal::check_tri(H5Tis_variable_str(id()), "H5Tis_variable_str") > 0;
}

bool Datatype::is_utf8() const { return H5Tget_cset(id()) == H5T_CSET_UTF8; }

std::vector<std::pair<std::string, Datatype>> Datatype::members() const {
  std::vector<std::pair<std::string, Datatype>> out;
  if (H5Tget_class(id()) != H5T_COMPOUND) return out;
  int n = H5Tget_nmembers(id());
  if (n < 0) internal::fail("H5Tget_nmembers");
  for (int i = 0; i < n; ++i) {
    char* name = H5Tget_member_name(id(), static_cast<unsigned>(i));
    std::string member_name = name ? name : "";
    H5free_memory(name);
    out.emplace_back(member_name, Datatype(Handle::adopt(H5Tget_member_type(id(), static_cast<unsigned>(i)),
                                                         "H5Tget_member_type")));
  }
  return out;
}

Datatype Datatype::native() const {
  return Datatype(Handle::adopt(H5Tget_native_type(id(), H5T_DIR_ASCEND), "H5Tget_native_type"));
}

bool Datatype::equals(const Datatype& other) const {
  return internal::check_tri(H5Tequal(id(), other.id()), "H5Tequal") > 0;
}

std::string Datatype::to_string() const {
  switch (type_class()) {
    case TypeClass::kInteger: return fmt::format("{}int{}", is_signed() ? "" : "u", size() * 8);
    case TypeClass::kFloat: return fmt::format("float{}", size() * 8);
    case TypeClass::kBool: return "bool";
    case TypeClass::kString:
      if (is_variable_string()) return fmt::format("str (variable, {})", is_utf8() ? "utf-8" : "ascii");
      return fmt::format("|S{}{}", size(), is_utf8() ? " (utf-8)" : "");
    case TypeClass::kEnum: return fmt::format("enum (int{})", size() * 8);
    case TypeClass::kCompound: {
      std::string out = "compound{";
      bool first = true;
      for (const auto& [name, type] : members()) {
        out += fmt::format("{}{}: {}", first ? "" : ", ", name, type.to_string());
        first = false;
      }
      return out + "}";
    }
    case TypeClass::kArray: return "array";
    case TypeClass::kOther: break;
  }
  return fmt::format("opaque ({} bytes)", size());
}

}  // namespace strata::hdf5
