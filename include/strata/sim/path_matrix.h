// PathMatrix: simulated paths as a row-major rows x cols matrix of doubles (one row per path), in one
// 64-byte-aligned allocation.
//
// Row-major with no padding between rows, so values() is exactly what an HDF5 dataset of shape
// {rows, cols} (H5T_NATIVE_DOUBLE) or a columnar float64 buffer expects; owner() keeps the memory alive for
// zero-copy wrappers such as columnar::Buffer::wrap(values().data(), bytes, owner()).
// Thread-safety: concurrent reads are safe; writers need exclusive access (or disjoint rows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace strata::sim {

class PathMatrix {
 public:
  PathMatrix() = default;
  // Allocate rows x cols doubles, uninitialised (the simulation writes every value, and pages are first
  // touched by the thread that fills them).
  PathMatrix(int64_t rows, int64_t cols);
  // Move-only: a copy would share the buffer (owner() is how to share it on purpose); clone() copies.
  PathMatrix(const PathMatrix&) = delete;
  PathMatrix& operator=(const PathMatrix&) = delete;
  PathMatrix(PathMatrix&& other) noexcept
      : rows_(std::exchange(other.rows_, 0)), cols_(std::exchange(other.cols_, 0)), data_(std::move(other.data_)) {}
  PathMatrix& operator=(PathMatrix&& other) noexcept {
    rows_ = std::exchange(other.rows_, 0);
    cols_ = std::exchange(other.cols_, 0);
    data_ = std::move(other.data_);
    return *this;
  }
  PathMatrix clone() const { return head(rows_); }

  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  int64_t size() const { return rows_ * cols_; }
  bool empty() const { return size() == 0; }

  double* data() { return data_.get(); }
  const double* data() const { return data_.get(); }
  std::span<double> values() { return {data_.get(), static_cast<size_t>(size())}; }
  std::span<const double> values() const { return {data_.get(), static_cast<size_t>(size())}; }

  std::span<double> row(int64_t row_idx) {
    return {data_.get() + row_idx * cols_, static_cast<size_t>(cols_)};
  }
  std::span<const double> row(int64_t row_idx) const {
    return {data_.get() + row_idx * cols_, static_cast<size_t>(cols_)};
  }
  double operator()(int64_t row_idx, int64_t col_idx) const { return data_.get()[row_idx * cols_ + col_idx]; }
  double& operator()(int64_t row_idx, int64_t col_idx) { return data_.get()[row_idx * cols_ + col_idx]; }

  // Column col_idx copied out (e.g. the final prices: column(cols() - 1)).
  std::vector<double> column(int64_t col_idx) const;
  // The first `count` rows as a new matrix (e.g. the 50 sample paths of the notebook's chart).
  PathMatrix head(int64_t count) const;

  // Shared owner of the allocation, for zero-copy views that must outlive this object.
  std::shared_ptr<const void> owner() const { return data_; }

 private:
  int64_t rows_ = 0;
  int64_t cols_ = 0;
  std::shared_ptr<double> data_;
};

// Mean of every column (numpy's paths.mean(axis=0): rows added in order, then divided by rows()).
std::vector<double> column_means(const PathMatrix& matrix);

}  // namespace strata::sim
