// Chunk shapes for new datasets.
//
// `guess_chunk` is h5py's `chunks=True` rule (h5py/_hl/filters.py, guess_chunk), reimplemented so that
// Strata picks the same shape h5py would: aim for a chunk of CHUNK_BASE * 2^log10(dataset MiB) bytes,
// clamped to [8 KiB, 1 MiB], and halve the axes in turn (first axis first, rounding up) until the chunk is
// under the target (or within 50% of it) and under 1 MiB. For 100,000 x 252 float64 it gives 1563 x 8;
// for 500 x 252 it gives 63 x 32. Zero-length (growable) axes count as 1024, as in h5py.
//
// `row_chunk` is Strata's layout for row-oriented data such as simulation paths: whole rows per chunk,
// as many as fit in about `target_bytes`, so reading a few rows touches a few chunks.
#pragma once

#include <cstdint>
#include <vector>

namespace strata::hdf5 {

inline constexpr double kChunkBase = 16.0 * 1024;
inline constexpr double kChunkMin = 8.0 * 1024;
inline constexpr double kChunkMax = 1024.0 * 1024;

// REQUIRES: shape is not empty (scalars cannot be chunked; throws InvalidArgument).
std::vector<int64_t> guess_chunk(const std::vector<int64_t>& shape, int64_t type_size);

// Whole trailing axes, leading axis cut so one chunk holds about `target_bytes` (at least one row).
std::vector<int64_t> row_chunk(const std::vector<int64_t>& shape, int64_t type_size,
                               int64_t target_bytes = 1 << 20);

}  // namespace strata::hdf5
