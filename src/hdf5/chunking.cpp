// Chunk shape choices (see chunking.h for the rules and their source).
#include "strata/hdf5/chunking.h"

#include <cmath>

#include "strata/core/error.h"

namespace strata::hdf5 {

std::vector<int64_t> guess_chunk(const std::vector<int64_t>& shape, int64_t type_size) {
  if (shape.empty()) raise("hdf5: chunks are not allowed for scalar datasets");
  const size_t ndims = shape.size();
  // h5py works in float64 (numpy), so do we: the products and halvings below match its arithmetic.
  std::vector<double> chunks(ndims);
  for (size_t i = 0; i < ndims; ++i) chunks[i] = shape[i] != 0 ? static_cast<double>(shape[i]) : 1024.0;
  auto product = [&] {
    double p = 1;
    for (double c : chunks) p *= c;
    return p;
  };
  const double dset_size = product() * static_cast<double>(type_size);
  double target_size = kChunkBase * std::pow(2.0, std::log10(dset_size / (1024.0 * 1024)));
  if (target_size > kChunkMax) {
    target_size = kChunkMax;
  } else if (target_size < kChunkMin) {
    target_size = kChunkMin;
  }
  size_t idx = 0;
  while (true) {
    const double chunk_bytes = product() * static_cast<double>(type_size);
    if ((chunk_bytes < target_size || std::abs(chunk_bytes - target_size) / target_size < 0.5) &&
        chunk_bytes < kChunkMax) {
      break;
    }
    if (product() == 1) break;  // one element is larger than kChunkMax
    chunks[idx % ndims] = std::ceil(chunks[idx % ndims] / 2.0);
    ++idx;
  }
  std::vector<int64_t> out(ndims);
  for (size_t i = 0; i < ndims; ++i) out[i] = static_cast<int64_t>(chunks[i]);
  return out;
}

std::vector<int64_t> row_chunk(const std::vector<int64_t>& shape, int64_t type_size, int64_t target_bytes) {
  if (shape.empty()) raise("hdf5: chunks are not allowed for scalar datasets");
  int64_t row_bytes = type_size;
  for (size_t i = 1; i < shape.size(); ++i) row_bytes *= shape[i] > 0 ? shape[i] : 1;
  int64_t rows = target_bytes / (row_bytes > 0 ? row_bytes : 1);
  if (rows < 1) rows = 1;
  if (shape[0] > 0 && rows > shape[0]) rows = shape[0];
  std::vector<int64_t> out = shape;
  out[0] = rows;
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i] <= 0) out[i] = 1;
  }
  return out;
}

}  // namespace strata::hdf5
