// Direct chunk I/O with libdeflate on several threads (see direct_chunk.h).
#include "direct_chunk.h"

#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "hdf5_internal.h"

namespace strata::hdf5::internal {

namespace {

int resolve_threads(int threads, int64_t work) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return static_cast<int>(std::min<int64_t>(threads, std::max<int64_t>(1, work)));
}

// Chunk `index` (row-major over the chunk grid) → its first element's coordinates.
void chunk_origin(const DirectPlan& plan, int64_t index, hsize_t* origin) {
  for (int d = static_cast<int>(plan.dims.size()) - 1; d >= 0; --d) {
    const hsize_t g = plan.grid[static_cast<size_t>(d)];
    origin[d] = (static_cast<hsize_t>(index) % g) * plan.chunk[static_cast<size_t>(d)];
    index /= static_cast<int64_t>(g);
  }
}

// Copy between the dataset-shaped buffer and one chunk buffer, row by row of the last axis. `to_chunk`
// selects the direction. Only the part of the chunk inside the dataset is touched.
void copy_chunk(const DirectPlan& plan, const hsize_t* origin, unsigned char* dataset_buf, unsigned char* chunk_buf,
                bool to_chunk) {
  const size_t rank = plan.dims.size();
  hsize_t extent[H5S_MAX_RANK];
  for (size_t d = 0; d < rank; ++d) extent[d] = std::min(plan.chunk[d], plan.dims[d] - origin[d]);
  const size_t run = static_cast<size_t>(extent[rank - 1]) * plan.element_size;
  hsize_t pos[H5S_MAX_RANK] = {0};  // position within the chunk, axes 0..rank-2
  while (true) {
    size_t dataset_offset = 0, chunk_offset = 0;
    for (size_t d = 0; d < rank; ++d) {
      const hsize_t p = d + 1 < rank ? pos[d] : 0;
      dataset_offset = dataset_offset * plan.dims[d] + origin[d] + p;
      chunk_offset = chunk_offset * plan.chunk[d] + p;
    }
    dataset_offset *= plan.element_size;
    chunk_offset *= plan.element_size;
    if (to_chunk) {
      std::memcpy(chunk_buf + chunk_offset, dataset_buf + dataset_offset, run);
    } else {
      std::memcpy(dataset_buf + dataset_offset, chunk_buf + chunk_offset, run);
    }
    // Odometer over axes rank-2 .. 0.
    int d = static_cast<int>(rank) - 2;
    for (; d >= 0; --d) {
      if (++pos[d] < extent[d]) break;
      pos[d] = 0;
    }
    if (d < 0) break;
  }
}

bool is_edge(const DirectPlan& plan, const hsize_t* origin) {
  for (size_t d = 0; d < plan.dims.size(); ++d) {
    if (origin[d] + plan.chunk[d] > plan.dims[d]) return true;
  }
  return false;
}

// HDF5's shuffle filter: byte k of every element together (H5Zshuffle.c's layout).
void shuffle(const unsigned char* in, unsigned char* out, size_t bytes, size_t size) {
  const size_t n = bytes / size;
  for (size_t k = 0; k < size; ++k) {
    unsigned char* dst = out + k * n;
    for (size_t i = 0; i < n; ++i) dst[i] = in[i * size + k];
  }
  std::memcpy(out + n * size, in + n * size, bytes - n * size);
}

void unshuffle(const unsigned char* in, unsigned char* out, size_t bytes, size_t size) {
  const size_t n = bytes / size;
  for (size_t k = 0; k < size; ++k) {
    const unsigned char* src = in + k * n;
    for (size_t i = 0; i < n; ++i) out[i * size + k] = src[i];
  }
  std::memcpy(out + n * size, in + n * size, bytes - n * size);
}

// Run `work(worker, index)` for index in [begin, end) on `threads` threads (the caller is one of them);
// the first exception stops the others and is rethrown here.
template <typename Work>
void parallel_for(int threads, int64_t begin, int64_t end, Work&& work) {
  std::atomic<int64_t> next{begin};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto body = [&](int worker) {
    try {
      ensure_library_ready();  // this thread's libhdf5 error printing off
      for (int64_t i = next++; i < end && !stop; i = next++) work(worker, i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(body, t);
  body(0);
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

struct Compressors {
  std::vector<libdeflate_compressor*> c;
  ~Compressors() {
    for (auto* p : c) libdeflate_free_compressor(p);
  }
};
struct Decompressors {
  std::vector<libdeflate_decompressor*> d;
  ~Decompressors() {
    for (auto* p : d) libdeflate_free_decompressor(p);
  }
};

}  // namespace

std::optional<DirectPlan> plan_direct(hid_t dataset, hid_t memory_type, bool for_read) {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(dataset), "H5Dget_create_plist");
  if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED) return std::nullopt;
  const int nfilters = H5Pget_nfilters(dcpl.id());
  if (nfilters < 1 || nfilters > 2) return std::nullopt;
  DirectPlan plan;
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, values[8] = {0};
    size_t nvalues = 8;
    H5Z_filter_t id = H5Pget_filter2(dcpl.id(), static_cast<unsigned>(i), &flags, &nvalues, values, 0, nullptr, nullptr);
    if (id == H5Z_FILTER_DEFLATE && plan.deflate_index < 0) {
      plan.deflate_index = i;
      plan.deflate_level = nvalues > 0 ? static_cast<int>(values[0]) : 6;
    } else if (id == H5Z_FILTER_SHUFFLE && plan.shuffle_index < 0 && i == 0) {
      plan.shuffle_index = i;
    } else {
      return std::nullopt;
    }
  }
  if (plan.deflate_index < 0 || plan.deflate_level < 1 || plan.deflate_level > 9) return std::nullopt;
  Handle file_type = Handle::adopt(H5Dget_type(dataset), "H5Dget_type");
  const H5T_class_t cls = H5Tget_class(file_type.id());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) return std::nullopt;
  if (H5Tequal(file_type.id(), memory_type) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  plan.element_size = H5Tget_size(file_type.id());
  Handle space = Handle::adopt(H5Dget_space(dataset), "H5Dget_space");
  const int rank = H5Sget_simple_extent_ndims(space.id());
  if (rank < 1) return std::nullopt;
  plan.dims.resize(static_cast<size_t>(rank));
  plan.chunk.resize(static_cast<size_t>(rank));
  check(H5Sget_simple_extent_dims(space.id(), plan.dims.data(), nullptr), "H5Sget_simple_extent_dims");
  if (H5Pget_chunk(dcpl.id(), rank, plan.chunk.data()) != rank) return std::nullopt;
  plan.grid.resize(static_cast<size_t>(rank));
  plan.num_chunks = 1;
  plan.chunk_bytes = plan.element_size;
  int64_t total_bytes = static_cast<int64_t>(plan.element_size);
  for (size_t d = 0; d < plan.dims.size(); ++d) {
    if (plan.dims[d] == 0) return std::nullopt;
    plan.grid[d] = (plan.dims[d] + plan.chunk[d] - 1) / plan.chunk[d];
    plan.num_chunks *= static_cast<int64_t>(plan.grid[d]);
    plan.chunk_bytes *= plan.chunk[d];
    total_bytes *= static_cast<int64_t>(plan.dims[d]);
  }
  if (total_bytes < kDirectMinBytes) return std::nullopt;
  if (for_read) {
    hsize_t allocated = 0;
    if (H5Dget_num_chunks(dataset, space.id(), &allocated) < 0) {
      H5Eclear2(H5E_DEFAULT);
      return std::nullopt;
    }
    if (static_cast<int64_t>(allocated) != plan.num_chunks) return std::nullopt;  // holes read as fill values
  } else {
    plan.fill.resize(plan.element_size);
    check(H5Pget_fill_value(dcpl.id(), memory_type, plan.fill.data()), "H5Pget_fill_value");
  }
  return plan;
}

void write_direct(hid_t dataset, const DirectPlan& plan, const void* data, int threads, const std::string& path) {
  threads = resolve_threads(threads, plan.num_chunks);
  Compressors compressors;
  for (int t = 0; t < threads; ++t) {
    libdeflate_compressor* c = libdeflate_alloc_compressor(plan.deflate_level);
    if (!c) raise("hdf5: libdeflate could not allocate a level-{} compressor", plan.deflate_level);
    compressors.c.push_back(c);
  }
  const size_t bound = libdeflate_zlib_compress_bound(compressors.c[0], plan.chunk_bytes);
  struct Scratch {
    std::vector<unsigned char> raw, shuffled;
  };
  std::vector<Scratch> scratch(static_cast<size_t>(threads));
  for (Scratch& s : scratch) {
    s.raw.resize(plan.chunk_bytes);
    if (plan.shuffle_index >= 0) s.shuffled.resize(plan.chunk_bytes);
  }
  // Compress a batch in parallel, then write it in chunk order, so the file does not depend on timing.
  const int64_t batch = std::max<int64_t>(16, int64_t{threads} * 8);
  std::vector<std::vector<unsigned char>> out(static_cast<size_t>(batch));
  std::vector<size_t> sizes(static_cast<size_t>(batch));
  auto* source = static_cast<unsigned char*>(const_cast<void*>(data));
  const size_t rank = plan.dims.size();
  for (int64_t first = 0; first < plan.num_chunks; first += batch) {
    const int64_t last = std::min(plan.num_chunks, first + batch);
    parallel_for(threads, first, last, [&](int worker, int64_t index) {
      Scratch& s = scratch[static_cast<size_t>(worker)];
      hsize_t origin[H5S_MAX_RANK];
      chunk_origin(plan, index, origin);
      if (is_edge(plan, origin)) {
        for (size_t off = 0; off < plan.chunk_bytes; off += plan.element_size) {
          std::memcpy(s.raw.data() + off, plan.fill.data(), plan.element_size);
        }
      }
      copy_chunk(plan, origin, source, s.raw.data(), true);
      const unsigned char* input = s.raw.data();
      if (plan.shuffle_index >= 0) {
        shuffle(s.raw.data(), s.shuffled.data(), plan.chunk_bytes, plan.element_size);
        input = s.shuffled.data();
      }
      std::vector<unsigned char>& o = out[static_cast<size_t>(index - first)];
      o.resize(bound);
      const size_t n = libdeflate_zlib_compress(compressors.c[static_cast<size_t>(worker)], input, plan.chunk_bytes,
                                                o.data(), o.size());
      if (n == 0) raise("hdf5: libdeflate could not compress chunk {} of \"{}\"", index, path);
      sizes[static_cast<size_t>(index - first)] = n;
    });
    for (int64_t index = first; index < last; ++index) {
      hsize_t origin[H5S_MAX_RANK];
      chunk_origin(plan, index, origin);
      const size_t slot = static_cast<size_t>(index - first);
      check(H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, origin, sizes[slot], out[slot].data()),
            [&] { return fmt::format("H5Dwrite_chunk({}, chunk {})", path, index); });
    }
  }
  (void)rank;
}

void read_direct(hid_t dataset, const DirectPlan& plan, void* out, int threads, const std::string& path) {
  threads = resolve_threads(threads, plan.num_chunks);
  Decompressors decompressors;
  for (int t = 0; t < threads; ++t) {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    if (!d) raise("hdf5: libdeflate could not allocate a decompressor");
    decompressors.d.push_back(d);
  }
  struct Scratch {
    std::vector<unsigned char> stored, raw, unshuffled;
  };
  std::vector<Scratch> scratch(static_cast<size_t>(threads));
  for (Scratch& s : scratch) {
    s.raw.resize(plan.chunk_bytes);
    if (plan.shuffle_index >= 0) s.unshuffled.resize(plan.chunk_bytes);
  }
  // Chunks cached dirty by earlier writes through this handle must reach the file first.
  check(H5Dflush(dataset), [&] { return fmt::format("H5Dflush({})", path); });
  auto* target = static_cast<unsigned char*>(out);
  parallel_for(threads, 0, plan.num_chunks, [&](int worker, int64_t index) {
    Scratch& s = scratch[static_cast<size_t>(worker)];
    hsize_t origin[H5S_MAX_RANK];
    chunk_origin(plan, index, origin);
    hsize_t stored_bytes = 0;
    check(H5Dget_chunk_storage_size(dataset, origin, &stored_bytes),
          [&] { return fmt::format("H5Dget_chunk_storage_size({}, chunk {})", path, index); });
    s.stored.resize(static_cast<size_t>(stored_bytes));
    uint32_t filter_mask = 0;
    check(H5Dread_chunk(dataset, H5P_DEFAULT, origin, &filter_mask, s.stored.data()),
          [&] { return fmt::format("H5Dread_chunk({}, chunk {})", path, index); });
    const unsigned char* raw = s.stored.data();
    if ((filter_mask & (1u << plan.deflate_index)) == 0) {
      size_t produced = 0;
      const libdeflate_result r =
          libdeflate_zlib_decompress(decompressors.d[static_cast<size_t>(worker)], s.stored.data(), s.stored.size(),
                                     s.raw.data(), plan.chunk_bytes, &produced);
      if (r != LIBDEFLATE_SUCCESS || produced != plan.chunk_bytes) {
        throw FormatError(fmt::format("hdf5: \"{}\": chunk {} (at element offset {}) does not inflate to {} bytes "
                                      "(libdeflate result {}, {} bytes)",
                                      path, index, origin[0], plan.chunk_bytes, static_cast<int>(r), produced));
      }
      raw = s.raw.data();
    } else if (s.stored.size() != plan.chunk_bytes) {
      throw FormatError(fmt::format("hdf5: \"{}\": uncompressed chunk {} holds {} bytes, expected {}", path, index,
                                    s.stored.size(), plan.chunk_bytes));
    }
    if (plan.shuffle_index >= 0 && (filter_mask & (1u << plan.shuffle_index)) == 0) {
      unshuffle(raw, s.unshuffled.data(), plan.chunk_bytes, plan.element_size);
      raw = s.unshuffled.data();
    }
    copy_chunk(plan, origin, target, const_cast<unsigned char*>(raw), false);
  });
}

}  // namespace strata::hdf5::internal
