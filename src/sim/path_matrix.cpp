#include "strata/sim/path_matrix.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

#include "strata/core/error.h"

namespace strata::sim {
namespace {
constexpr size_t kHugePageSize = size_t{2} << 20;
constexpr size_t kHugePageThreshold = size_t{8} << 20;
}  // namespace

PathMatrix::PathMatrix(int64_t rows, int64_t cols) : rows_(rows), cols_(cols) {
  if (rows < 0 || cols < 0) raise("PathMatrix: shape {} x {} is negative", rows, cols);
  if (rows == 0 || cols == 0) return;
  const size_t bytes = static_cast<size_t>(rows) * static_cast<size_t>(cols) * sizeof(double);
  // Large matrices go on 2 MiB boundaries with a transparent-huge-page hint: first-touch page faults were half
  // of the time of a 100,000 x 252 simulation with 4 KiB pages (sim_bench, 1 thread: 202 ms, 113 ms with them).
  const size_t alignment = bytes >= kHugePageThreshold ? kHugePageSize : 64;
  const size_t padded = (bytes + alignment - 1) / alignment * alignment;
  void* memory = std::aligned_alloc(alignment, padded);
  if (memory == nullptr) raise("PathMatrix: cannot allocate {} x {} doubles ({} bytes)", rows, cols, bytes);
  if (alignment == kHugePageSize) {
    // A hint only: where the kernel has no transparent huge pages, madvise fails and 4 KiB pages serve.
    (void)::madvise(memory, padded, MADV_HUGEPAGE);
  }
  data_ = std::shared_ptr<double>(static_cast<double*>(memory), [](double* p) { std::free(p); });
}

std::vector<double> PathMatrix::column(int64_t col_idx) const {
  if (col_idx < 0 || col_idx >= cols_) raise("PathMatrix: column {} out of range [0, {})", col_idx, cols_);
  std::vector<double> out(static_cast<size_t>(rows_));
  for (int64_t row_idx = 0; row_idx < rows_; ++row_idx) out[row_idx] = (*this)(row_idx, col_idx);
  return out;
}

PathMatrix PathMatrix::head(int64_t count) const {
  if (count < 0) raise("PathMatrix: head({}) is negative", count);
  const int64_t rows = std::min(count, rows_);
  PathMatrix out(rows, cols_);
  if (rows > 0 && cols_ > 0) std::copy(data(), data() + rows * cols_, out.data());
  return out;
}

std::vector<double> column_means(const PathMatrix& matrix) {
  std::vector<double> sums(static_cast<size_t>(matrix.cols()), 0.0);
  if (matrix.rows() == 0) return sums;
  // numpy's reduction over axis 0 starts from the first row and adds the others in order.
  std::copy(matrix.row(0).begin(), matrix.row(0).end(), sums.begin());
  for (int64_t row_idx = 1; row_idx < matrix.rows(); ++row_idx) {
    const double* row = matrix.row(row_idx).data();
    for (int64_t col_idx = 0; col_idx < matrix.cols(); ++col_idx) sums[col_idx] += row[col_idx];
  }
  const auto n = static_cast<double>(matrix.rows());
  for (double& sum : sums) sum /= n;
  return sums;
}

}  // namespace strata::sim
