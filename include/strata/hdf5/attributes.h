// Attributes: the small named values attached to a file, group or dataset (h5py's `obj.attrs`).
//
//   file.attrs().set("description", "Monte Carlo GBM simulation");   // variable-length UTF-8, as h5py
//   stats.attrs().set("mean_final", 108.3);                           // scalar float64
//   ds.attrs().set("window", std::vector<int32_t>{5, 20, 60});        // 1-D array
//   double mean = stats.attrs().get<double>("mean_final");
//   for (const std::string& name : stats.attrs().names()) ...
//
// `set` replaces an existing attribute of that name (as h5py does). Reads convert between numeric types
// the way libhdf5 does (int32 on disk read as double, ...). Throws hdf5::Error subclasses (see error.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/hdf5/datatype.h"
#include "strata/hdf5/handle.h"

namespace strata::hdf5 {

struct AttributeInfo {
  std::string name;
  Datatype type;                // as stored
  std::vector<int64_t> shape;   // empty for scalars
  bool is_scalar = true;
};

class Attributes {
 public:
  explicit Attributes(Handle object) : object_(std::move(object)) {}

  bool contains(std::string_view name) const;
  // Names in creation order when tracked, otherwise in name order (h5py's order).
  std::vector<std::string> names() const;
  AttributeInfo info(std::string_view name) const;
  void remove(std::string_view name);

  // Scalars.
  template <typename T>
  void set(std::string_view name, const T& value) {
    if constexpr (std::is_same_v<T, std::string>) {
      set_string(name, value);
    } else {
      write_raw(name, datatype_of<T>(), {}, true, &value);
    }
  }
  void set(std::string_view name, std::string_view value) { set_string(name, value); }
  void set(std::string_view name, const char* value) { set_string(name, value); }
  // 1-D arrays, or N-D with `shape`.
  template <typename T>
  void set(std::string_view name, const std::vector<T>& values, std::vector<int64_t> shape = {}) {
    if constexpr (std::is_same_v<T, bool>) {
      std::vector<int8_t> bytes(values.begin(), values.end());
      if (shape.empty()) shape = {static_cast<int64_t>(bytes.size())};
      write_raw(name, Datatype::boolean(), shape, false, bytes.data());
    } else {
      set_array(name, std::span<const T>(values), std::move(shape));
    }
  }
  template <typename T>
  void set_array(std::string_view name, std::span<const T> values, std::vector<int64_t> shape = {}) {
    if (shape.empty()) shape = {static_cast<int64_t>(values.size())};
    if constexpr (std::is_same_v<T, std::string>) {
      set_strings(name, values, shape);
    } else if constexpr (std::is_same_v<T, bool>) {
      std::vector<int8_t> bytes(values.begin(), values.end());
      write_raw(name, Datatype::boolean(), shape, false, bytes.data());
    } else {
      write_raw(name, datatype_of<T>(), shape, false, values.data());
    }
  }
  void set_strings(std::string_view name, std::span<const std::string> values, std::vector<int64_t> shape);

  // Typed reads. A scalar read of an array attribute of one element is allowed; otherwise the number of
  // elements must match (TypeError names the attribute and both shapes).
  template <typename T>
  T get(std::string_view name) const {
    if constexpr (std::is_same_v<T, std::string>) {
      return get_string(name);
    } else {
      T value{};
      read_raw(name, datatype_of<T>(), 1, &value);
      return value;
    }
  }
  template <typename T>
  std::vector<T> get_array(std::string_view name) const {
    if constexpr (std::is_same_v<T, std::string>) {
      return get_strings(name);
    } else {
      const int64_t n = num_elements(name);
      std::vector<T> values(static_cast<size_t>(n));
      read_raw(name, datatype_of<T>(), n, values.data());
      return values;
    }
  }
  std::string get_string(std::string_view name) const;
  std::vector<std::string> get_strings(std::string_view name) const;
  int64_t num_elements(std::string_view name) const;

  // The attribute's values rendered as text ("108.25", "\"Monte Carlo\"", "[1, 2, 3]"), for listings.
  std::string value_to_string(std::string_view name) const;

  // Untyped core: write `shape` elements (scalar when `scalar`) of `type` from `data`; read `expected`
  // elements converted to `memory_type` into `out`.
  void write_raw(std::string_view name, const Datatype& type, const std::vector<int64_t>& shape, bool scalar,
                 const void* data);
  void read_raw(std::string_view name, const Datatype& memory_type, int64_t expected, void* out) const;

 private:
  void set_string(std::string_view name, std::string_view value);

  Handle object_;
};

template <>
inline bool Attributes::get<bool>(std::string_view name) const {
  int8_t value = 0;
  read_raw(name, Datatype::boolean(), 1, &value);
  return value != 0;
}

}  // namespace strata::hdf5
