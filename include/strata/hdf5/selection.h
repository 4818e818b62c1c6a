// Selections: h5py-style slicing of a dataset's dataspace.
//
//   h5py                         Strata
//   ds[:10, :]                   Selection::slices({Slice::to(10), Slice::all()})
//   ds[5, 2:100:3]               Selection::slices({Slice::index(5), Slice(2, 100, 3)})
//   ds[-10:]                     Selection::slices({Slice::from(-10)})
//   points (r0,c0), (r1,c1)      Selection::points(2, {r0, c0, r1, c1})
//   "[:10, :]" (text, for CLIs)  parse_selection("[:10, :]")
//
// Negative starts and stops count from the end, as in Python; steps are positive (as in h5py). A
// selection is resolved against a dataset's shape when used, so one selection fits any dataset of the
// same rank. Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::hdf5 {

// One axis of a selection: start:stop:step, or a single index (which drops the axis from the result).
class Slice {
 public:
  constexpr Slice() = default;  // ":" — the whole axis
  constexpr Slice(std::optional<int64_t> start, std::optional<int64_t> stop, int64_t step = 1)
      : start_(start), stop_(stop), step_(step) {}
  static constexpr Slice all() { return Slice(); }
  static constexpr Slice to(int64_t stop) { return Slice(std::nullopt, stop); }
  static constexpr Slice from(int64_t start) { return Slice(start, std::nullopt); }
  static constexpr Slice index(int64_t i) {
    Slice s(i, std::nullopt);
    s.is_index_ = true;
    return s;
  }

  std::optional<int64_t> start() const { return start_; }
  std::optional<int64_t> stop() const { return stop_; }
  int64_t step() const { return step_; }
  bool is_index() const { return is_index_; }

 private:
  std::optional<int64_t> start_;
  std::optional<int64_t> stop_;
  int64_t step_ = 1;
  bool is_index_ = false;
};

// A hyperslab resolved against a shape: per axis start, stride and count (block 1).
struct Hyperslab {
  std::vector<int64_t> start;
  std::vector<int64_t> stride;
  std::vector<int64_t> count;
  std::vector<bool> dropped;  // axes selected by a single index
  // Shape of the result (counts of the axes not dropped).
  std::vector<int64_t> result_shape() const;
  int64_t num_elements() const;
};

class Selection {
 public:
  enum class Kind { kAll, kSlices, kPoints };

  Selection() = default;  // everything
  static Selection all() { return Selection(); }
  // One Slice per leading axis; missing trailing axes are taken whole.
  static Selection slices(std::vector<Slice> slices);
  // `count` points of `rank` coordinates each, flattened row-major: {r0, c0, r1, c1, ...}.
  static Selection points(int rank, std::vector<int64_t> coordinates);

  Kind kind() const { return kind_; }
  const std::vector<Slice>& axes() const { return slices_; }
  const std::vector<int64_t>& coordinates() const { return coordinates_; }
  int point_rank() const { return point_rank_; }
  int64_t num_points() const {
    return point_rank_ == 0 ? 0 : static_cast<int64_t>(coordinates_.size()) / point_rank_;
  }

  // Resolve slices against `shape` (kAll and kSlices). Throws InvalidArgument naming the axis when an
  // index is out of range, a step is not positive, or there are more slices than axes.
  Hyperslab resolve(const std::vector<int64_t>& shape) const;
  // Shape of the values this selection yields from a dataset of `shape`.
  std::vector<int64_t> result_shape(const std::vector<int64_t>& shape) const;
  // "[:10, :]" style text.
  std::string to_string() const;

 private:
  Kind kind_ = Kind::kAll;
  std::vector<Slice> slices_;
  std::vector<int64_t> coordinates_;
  int point_rank_ = 0;
};

// Parse Python slice syntax: "[:10, :]", "[5, 2:100:3]", "[-10:]", "[...]" is not supported.
// Brackets are optional. Throws InvalidArgument with the offending text.
Selection parse_selection(std::string_view text);

}  // namespace strata::hdf5
