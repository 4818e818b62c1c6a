// Datatype: an HDF5 datatype (numbers, h5py-style bool, fixed and variable-length strings, compounds) and
// the mapping from C++ types to it.
//
//   datatype_of<double>()        IEEE float64, native order
//   datatype_of<bool>()          enum int8 {FALSE = 0, TRUE = 1}, exactly as h5py stores numpy bool
//   datatype_of<std::string>()   variable-length UTF-8 string (h5py's str)
//   Datatype::fixed_string(8)    8-byte null-padded ASCII string (numpy 'S8')
//
// Compound types from structs: declare the mapping once, next to the struct, and every read and write of
// that struct uses it.
//
//   struct Tick { int64_t time; double price; int32_t size; };
//   inline strata::hdf5::Datatype hdf5_datatype(strata::hdf5::TypeTag<Tick>) {
//     using strata::hdf5::member;
//     return strata::hdf5::compound_of<Tick>(member("time", &Tick::time), member("price", &Tick::price),
//                                            member("size", &Tick::size));
//   }
//
// Immutable after construction; thread-safe to share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/hdf5/handle.h"

namespace strata::hdf5 {

enum class TypeClass { kInteger, kFloat, kString, kBool, kEnum, kCompound, kArray, kOther };

class Datatype {
 public:
  Datatype() = default;
  explicit Datatype(Handle handle) : handle_(std::move(handle)) {}

  static Datatype integer(int bytes, bool is_signed);  // bytes: 1, 2, 4, 8; native order
  static Datatype floating(int bytes);                  // 4 or 8; native order
  static const Datatype& boolean();                     // h5py's bool: enum int8 FALSE=0, TRUE=1 (one per thread)
  static Datatype variable_string(bool utf8 = true);    // char* in memory
  static Datatype fixed_string(size_t bytes, bool utf8 = false);  // null-padded, like numpy 'S<n>'
  // An empty compound of `size` bytes; add members with `insert`.
  static Datatype compound(size_t size);
  void insert(const std::string& name, size_t offset, const Datatype& member_type);

  const Handle& handle() const { return handle_; }
  int64_t id() const { return handle_.id(); }
  bool valid() const { return handle_.valid(); }

  TypeClass type_class() const;
  size_t size() const;               // bytes per element in memory (a pointer for variable strings)
  bool is_signed() const;            // integers
  bool is_variable_string() const;
  bool is_utf8() const;              // strings
  // Compound members: name and type, in order.
  std::vector<std::pair<std::string, Datatype>> members() const;
  // The native in-memory type matching this (file) type, for reads.
  Datatype native() const;
  // Same HDF5 type (H5Tequal).
  bool equals(const Datatype& other) const;
  // Short numpy-like name: "float64", "int32", "uint8", "bool", "str (variable, utf-8)", "|S8",
  // "compound{time: int64, price: float64}".
  std::string to_string() const;

 private:
  Handle handle_;
};

template <typename T>
struct TypeTag {};

// A struct member for `compound_of`.
template <typename S, typename M>
struct CompoundMember {
  const char* name;
  M S::*pointer;
};
template <typename S, typename M>
CompoundMember<S, M> member(const char* name, M S::*pointer) {
  return {name, pointer};
}

template <typename T>
Datatype datatype_of();

// A compound datatype for struct S from its members (offsets measured on a value-initialised S).
// REQUIRES: S is standard-layout and default-constructible.
template <typename S, typename... Ms>
Datatype compound_of(CompoundMember<S, Ms>... members) {
  static_assert(std::is_standard_layout_v<S>, "compound_of needs a standard-layout struct");
  static_assert((std::is_trivially_copyable_v<Ms> && ...),
                "compound members must be plain values (numbers, bool, nested structs); store strings as "
                "fixed-size char arrays or in a separate dataset");
  Datatype type = Datatype::compound(sizeof(S));
  const S probe{};
  const auto* base = reinterpret_cast<const char*>(&probe);
  (type.insert(members.name, static_cast<size_t>(reinterpret_cast<const char*>(&(probe.*(members.pointer))) - base),
               datatype_of<Ms>()),
   ...);
  return type;
}

template <typename T>
inline constexpr bool kIsStringLike = std::is_same_v<T, std::string>;

// The HDF5 datatype for C++ type T: arithmetic types, bool, std::string, or a struct with an
// `hdf5_datatype(TypeTag<T>)` overload found by argument-dependent lookup.
template <typename T>
Datatype datatype_of() {
  if constexpr (std::is_same_v<T, bool>) {
    return Datatype::boolean();
  } else if constexpr (std::is_integral_v<T>) {
    return Datatype::integer(static_cast<int>(sizeof(T)), std::is_signed_v<T>);
  } else if constexpr (std::is_floating_point_v<T>) {
    return Datatype::floating(static_cast<int>(sizeof(T)));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return Datatype::variable_string(true);
  } else {
    return hdf5_datatype(TypeTag<T>{});
  }
}

}  // namespace strata::hdf5
