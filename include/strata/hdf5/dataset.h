// Dataset: an N-dimensional typed array stored in an HDF5 file (h5py's Dataset).
//
//   Dataset paths = file.dataset("simulation/paths");
//   std::vector<int64_t> shape = paths.shape();                      // {500, 252}
//   std::vector<double> all = paths.read<double>();                   // ds[...]
//   NdArray<double> first = paths.read_array<double>(                 // ds[:10, :]
//       Selection::slices({Slice::to(10), Slice::all()}));
//   paths.read(selection, std::span<double>(buffer));                 // into the caller's memory
//   log.append<int64_t>(new_rows);                                    // resizable along axis 0
//
// Reads and writes go straight between the caller's buffer and libhdf5 (one H5Dread/H5Dwrite, no staging
// copy); numeric conversion, when the stored type differs, is libhdf5's. Strings (variable or fixed
// length) are read into std::vector<std::string>. A Dataset is a handle: copies refer to the same object.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "strata/hdf5/attributes.h"
#include "strata/hdf5/datatype.h"
#include "strata/hdf5/handle.h"
#include "strata/hdf5/selection.h"

namespace strata::hdf5 {

inline constexpr int64_t kUnlimited = -1;

// Values with their shape (h5py's ndarray), row-major.
template <typename T>
struct NdArray {
  std::vector<T> values;
  std::vector<int64_t> shape;

  int64_t size() const { return static_cast<int64_t>(values.size()); }
  // Element at a multi-index (REQUIRES: one index per axis, in range).
  const T& at(std::initializer_list<int64_t> index) const {
    int64_t flat = 0;
    size_t axis = 0;
    for (int64_t i : index) flat = flat * shape[axis++] + i;
    return values[static_cast<size_t>(flat)];
  }
};

enum class Layout { kContiguous, kChunked, kCompact, kVirtual };

// A filter in the dataset's pipeline, as stored.
struct FilterInfo {
  int id = 0;              // H5Z_FILTER_DEFLATE = 1, SHUFFLE = 2, FLETCHER32 = 3, ...
  std::string name;        // "deflate", "shuffle", "fletcher32", or the library's name
  std::vector<unsigned> parameters;  // e.g. the gzip level
};

// How a new dataset is laid out. The defaults give a contiguous dataset, like h5py's.
struct DatasetOptions {
  enum class Chunking { kNone, kAuto, kExplicit };
  // Chunking is switched on automatically (kAuto, h5py's guess) when a filter or a max shape asks for it.
  Chunking chunking = Chunking::kNone;
  std::vector<int64_t> chunks;           // with kExplicit
  std::optional<int> gzip_level;         // 0..9
  bool shuffle = false;
  bool fletcher32 = false;
  std::vector<int64_t> max_shape;        // empty: fixed; kUnlimited for unlimited axes
  std::vector<std::byte> fill_value;     // raw bytes of one element of the dataset type; empty: default
  // Threads for whole-dataset transfers of gzip-compressed chunks (0: hardware concurrency). Output bytes
  // do not depend on it. `direct_chunk_io = false` sends everything through libhdf5's own pipeline.
  int threads = 0;
  bool direct_chunk_io = true;

  DatasetOptions& with_chunks(std::vector<int64_t> shape) {
    chunking = Chunking::kExplicit;
    chunks = std::move(shape);
    return *this;
  }
  DatasetOptions& with_auto_chunks() {
    chunking = Chunking::kAuto;
    return *this;
  }
  DatasetOptions& with_gzip(int level = 4) {
    gzip_level = level;
    return *this;
  }
  DatasetOptions& with_shuffle() {
    shuffle = true;
    return *this;
  }
  DatasetOptions& with_fletcher32() {
    fletcher32 = true;
    return *this;
  }
  DatasetOptions& with_max_shape(std::vector<int64_t> shape) {
    max_shape = std::move(shape);
    return *this;
  }
  DatasetOptions& with_threads(int n) {
    threads = n;
    return *this;
  }
  DatasetOptions& without_direct_chunk_io() {
    direct_chunk_io = false;
    return *this;
  }
  template <typename T>
  DatasetOptions& with_fill_value(const T& value) {
    fill_value.resize(sizeof(T));
    std::memcpy(fill_value.data(), &value, sizeof(T));
    return *this;
  }
};

class Dataset {
 public:
  Dataset() = default;
  explicit Dataset(Handle handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}

  // Whole-dataset reads and writes of gzip-compressed chunked data, and unit-stride slice reads whose
  // chunks exceed libhdf5's chunk cache, skip libhdf5's single-threaded filter pipeline: the stored chunks
  // move as they are and Strata (de)compresses them with libdeflate on `threads` threads (0: hardware
  // concurrency). See src/hdf5/direct_chunk.h for when this applies; results are identical either way.
  Dataset& set_threads(int threads) {
    threads_ = threads;
    return *this;
  }
  Dataset& set_direct_chunk_io(bool enabled) {
    direct_ = enabled;
    return *this;
  }

  const Handle& handle() const { return handle_; }
  const std::string& path() const { return path_; }  // absolute path in the file, "/simulation/paths"
  std::string name() const;                           // last component, "paths"

  std::vector<int64_t> shape() const;
  std::vector<int64_t> max_shape() const;  // kUnlimited for unlimited axes
  int rank() const { return static_cast<int>(shape().size()); }
  int64_t size() const;                    // number of elements
  Datatype datatype() const;
  Layout layout() const;
  std::optional<std::vector<int64_t>> chunks() const;
  std::vector<FilterInfo> filters() const;
  std::optional<int> gzip_level() const;
  int64_t storage_size() const;            // bytes allocated in the file
  // On a temporary (`file.group("statistics").attrs()`) the identifier moves into the Attributes instead of
  // being counted up and down again.
  Attributes attrs() const& { return Attributes(handle_); }
  Attributes attrs() && { return Attributes(std::move(handle_)); }

  // Reads. `read<T>()` reads everything; the selection forms read ds[selection].
  template <typename T>
  std::vector<T> read(const Selection& selection = Selection::all()) const {
    if constexpr (std::is_same_v<T, std::string>) {
      return read_strings(selection);
    } else if constexpr (std::is_same_v<T, bool>) {
      std::vector<uint8_t> bytes(static_cast<size_t>(count(selection)));
      read_into(selection, Datatype::boolean(), bytes.data(), static_cast<int64_t>(bytes.size()));
      return std::vector<bool>(bytes.begin(), bytes.end());
    } else {
      std::vector<T> out(static_cast<size_t>(count(selection)));
      read_into(selection, datatype_for_read<T>(), out.data(), static_cast<int64_t>(out.size()));
      return out;
    }
  }
  template <typename T>
  NdArray<T> read_array(const Selection& selection = Selection::all()) const {
    NdArray<T> out;
    out.shape = selection.result_shape(shape());
    out.values = read<T>(selection);
    return out;
  }
  // Into the caller's buffer; REQUIRES out.size() == number of selected elements (checked).
  template <typename T>
  void read(const Selection& selection, std::span<T> out) const {
    static_assert(!std::is_same_v<T, std::string>, "read strings with read<std::string>()");
    read_into(selection, datatype_for_read<T>(), out.data(), static_cast<int64_t>(out.size()));
  }
  template <typename T>
  void read(std::span<T> out) const {
    read(Selection::all(), out);
  }

  // Writes of ds[selection] = values; REQUIRES values.size() == number of selected elements (checked).
  template <typename T>
  void write(std::span<const T> values, const Selection& selection = Selection::all()) {
    if constexpr (std::is_same_v<T, std::string>) {
      write_strings(values, selection);
    } else if constexpr (std::is_same_v<T, bool>) {
      write_from(selection, Datatype::boolean(), values.data(), static_cast<int64_t>(values.size()));
    } else {
      write_from(selection, datatype_of<T>(), values.data(), static_cast<int64_t>(values.size()));
    }
  }
  template <typename T>
  void write(const std::vector<T>& values, const Selection& selection = Selection::all()) {
    if constexpr (std::is_same_v<T, bool>) {
      std::vector<uint8_t> bytes(values.begin(), values.end());
      write_from(selection, Datatype::boolean(), bytes.data(), static_cast<int64_t>(bytes.size()));
    } else {
      write(std::span<const T>(values), selection);
    }
  }

  // Change the shape (within max_shape; chunked datasets only).
  void resize(const std::vector<int64_t>& new_shape);
  // Grow axis 0 by values.size() / (elements per row) and write the values there.
  template <typename T>
  void append(std::span<const T> values) {
    const auto [first_row, rows] = grow_for_append(static_cast<int64_t>(values.size()));
    write(values, Selection::slices({Slice(first_row, first_row + rows)}));
  }
  template <typename T>
  void append(const std::vector<T>& values) {
    append(std::span<const T>(values));
  }

  // Number of elements `selection` picks from this dataset.
  int64_t count(const Selection& selection) const;

  // Untyped core: one H5Dread/H5Dwrite between `selection` of the file and a contiguous memory buffer of
  // `elements` values of `memory_type`.
  void read_into(const Selection& selection, const Datatype& memory_type, void* out, int64_t elements) const;
  void write_from(const Selection& selection, const Datatype& memory_type, const void* data, int64_t elements);
  std::vector<std::string> read_strings(const Selection& selection = Selection::all()) const;
  void write_strings(std::span<const std::string> values, const Selection& selection = Selection::all());

 private:
  template <typename T>
  static Datatype datatype_for_read() {
    if constexpr (std::is_same_v<T, bool>) {
      return Datatype::boolean();
    } else {
      return datatype_of<T>();
    }
  }
  std::pair<int64_t, int64_t> grow_for_append(int64_t values);

  Handle handle_;
  std::string path_;
  int threads_ = 0;
  bool direct_ = true;
};

}  // namespace strata::hdf5
