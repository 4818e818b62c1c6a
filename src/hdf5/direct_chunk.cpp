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

// HDF5's Fletcher-32 (H5checksum.c, H5_checksum_fletcher32): big-endian 16-bit words, sums folded
// every 360 words, an odd last byte as the high half of a word.
uint32_t fletcher32(const unsigned char* data, size_t bytes) {
  uint32_t sum1 = 0, sum2 = 0;
  size_t words = bytes / 2;
  while (words > 0) {
    size_t block = std::min<size_t>(words, 360);
    words -= block;
    do {
      sum1 += (static_cast<uint32_t>(data[0]) << 8) | data[1];
      data += 2;
      sum2 += sum1;
    } while (--block);
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (bytes % 2) {
    sum1 += static_cast<uint32_t>(data[0]) << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

std::string coords_text(const hsize_t* origin, size_t rank) {
  std::string s = "(";
  for (size_t d = 0; d < rank; ++d) s += fmt::format("{}{}", d ? ", " : "", origin[d]);
  return s + ")";
}

// A stored chunk that does not decode: FormatError naming the file, the dataset, the chunk (its first
// element's coordinates) and the chunk's byte offset in the file when libhdf5 can say.
[[noreturn]] [[gnu::cold]] void corrupt_chunk(hid_t dataset, const DirectPlan& plan, const hsize_t* origin,
                                              const std::string& path, const std::string& why) {
  const std::string file = internal::file_name_of(dataset, "<unknown file>");
  std::optional<int64_t> offset;
  haddr_t address = HADDR_UNDEF;
  hsize_t size = 0;
  unsigned mask = 0;
  if (H5Dget_chunk_info_by_coord(dataset, origin, &mask, &address, &size) >= 0 && address != HADDR_UNDEF) {
    offset = static_cast<int64_t>(address);
  }
  H5Eclear2(H5E_DEFAULT);
  throw FormatError(file, offset,
                    fmt::format("dataset \"{}\", chunk at {}: {}", path, coords_text(origin, plan.dims.size()), why));
}

struct DecodeScratch {
  std::vector<unsigned char> stored, a, b;
  explicit DecodeScratch(const DirectPlan& plan) {
    // Room for a checksum that sits inside the deflate stream (pipeline [fletcher32, deflate]).
    a.resize(plan.chunk_bytes + 8);
    b.resize(plan.chunk_bytes + 8);
  }
};

// Undo the pipeline on `s.stored` (filters whose bit is set in `filter_mask` were skipped when the chunk
// was written), last filter first. Returns the chunk's chunk_bytes decoded bytes (in s.stored, s.a or s.b).
const unsigned char* decode_chunk(hid_t dataset, const DirectPlan& plan, libdeflate_decompressor* decompressor,
                                  DecodeScratch& s, uint32_t filter_mask, const hsize_t* origin,
                                  const std::string& path) {
  const unsigned char* data = s.stored.data();
  size_t size = s.stored.size();
  auto other = [&] { return data == s.a.data() ? s.b.data() : s.a.data(); };
  for (int i = static_cast<int>(plan.filters.size()) - 1; i >= 0; --i) {
    if (filter_mask & (1u << i)) continue;
    switch (plan.filters[static_cast<size_t>(i)]) {
      case H5Z_FILTER_FLETCHER32: {
        if (size < 4) {
          corrupt_chunk(dataset, plan, origin, path, fmt::format("{} bytes cannot hold a Fletcher-32 checksum", size));
        }
        size -= 4;
        const uint32_t stored = static_cast<uint32_t>(data[size]) | (static_cast<uint32_t>(data[size + 1]) << 8) |
                                (static_cast<uint32_t>(data[size + 2]) << 16) |
                                (static_cast<uint32_t>(data[size + 3]) << 24);
        const uint32_t sum = fletcher32(data, size);
        // libhdf5 also accepts the byte-swapped form written by releases before 1.6.3 (H5Zfletcher32.c).
        const uint32_t swapped = ((sum & 0x00ff00ffu) << 8) | ((sum & 0xff00ff00u) >> 8);
        if (stored != sum && stored != swapped) {
          corrupt_chunk(dataset, plan, origin, path,
                        fmt::format("Fletcher-32 checksum {:#010x} does not match the stored {:#010x}", sum, stored));
        }
        break;
      }
      case H5Z_FILTER_DEFLATE: {
        unsigned char* target = other();
        size_t produced = 0;
        const libdeflate_result r =
            libdeflate_zlib_decompress(decompressor, data, size, target, s.a.size(), &produced);
        if (r != LIBDEFLATE_SUCCESS) {
          corrupt_chunk(dataset, plan, origin, path,
                        fmt::format("the {}-byte zlib stream does not inflate ({})", size,
                                    r == LIBDEFLATE_BAD_DATA ? "bad data" : r == LIBDEFLATE_INSUFFICIENT_SPACE
                                                                                 ? "more than the chunk's bytes"
                                                                                 : "truncated"));
        }
        data = target;
        size = produced;
        break;
      }
      case H5Z_FILTER_SHUFFLE: {
        if (size > s.a.size()) {
          corrupt_chunk(dataset, plan, origin, path,
                        fmt::format("{} bytes to unshuffle, more than the chunk's {}", size, plan.chunk_bytes));
        }
        unsigned char* target = other();
        unshuffle(data, target, size, plan.element_size);
        data = target;
        break;
      }
      default: break;  // plan_layout admits no other filter
    }
  }
  if (size != plan.chunk_bytes) {
    corrupt_chunk(dataset, plan, origin, path,
                  fmt::format("decodes to {} bytes, expected {}", size, plan.chunk_bytes));
  }
  return data;
}

struct Decompressors {
  std::vector<libdeflate_decompressor*> d;
  Decompressors() = default;
  Decompressors(Decompressors&&) = default;  // the moved-from vector is empty; no copies
  ~Decompressors() {
    for (auto* p : d) libdeflate_free_decompressor(p);
  }
};

}  // namespace

namespace {

// Layout, pipeline and type checks shared by every direct transfer; the caller adds its own.
std::optional<DirectPlan> plan_layout(hid_t dataset, hid_t dcpl, hid_t memory_type, bool for_read) {
  if (H5Pget_layout(dcpl) != H5D_CHUNKED) return std::nullopt;
  const int nfilters = H5Pget_nfilters(dcpl);
  if (nfilters < 1 || nfilters > (for_read ? 3 : 2)) return std::nullopt;
  DirectPlan plan;
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, values[8] = {0};
    size_t nvalues = 8;
    H5Z_filter_t id = H5Pget_filter2(dcpl, static_cast<unsigned>(i), &flags, &nvalues, values, 0, nullptr, nullptr);
    if (id == H5Z_FILTER_DEFLATE && plan.deflate_index < 0) {
      plan.deflate_index = i;
      plan.deflate_level = nvalues > 0 ? static_cast<int>(values[0]) : 6;
    } else if (id == H5Z_FILTER_SHUFFLE && plan.shuffle_index < 0 && (i == 0 || for_read)) {
      plan.shuffle_index = i;
    } else if (id == H5Z_FILTER_FLETCHER32 && plan.fletcher32_index < 0 && for_read) {
      plan.fletcher32_index = i;
    } else {
      return std::nullopt;
    }
    plan.filters.push_back(id);
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
  if (H5Pget_chunk(dcpl, rank, plan.chunk.data()) != rank) return std::nullopt;
  plan.grid.resize(static_cast<size_t>(rank));
  plan.num_chunks = 1;
  plan.chunk_bytes = plan.element_size;
  for (size_t d = 0; d < plan.dims.size(); ++d) {
    if (plan.dims[d] == 0 || plan.chunk[d] == 0) return std::nullopt;
    plan.grid[d] = (plan.dims[d] + plan.chunk[d] - 1) / plan.chunk[d];
    plan.num_chunks *= static_cast<int64_t>(plan.grid[d]);
    plan.chunk_bytes *= plan.chunk[d];
  }
  return plan;
}

}  // namespace

std::optional<DirectPlan> plan_direct(hid_t dataset, hid_t memory_type, bool for_read) {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(dataset), "H5Dget_create_plist");
  std::optional<DirectPlan> plan = plan_layout(dataset, dcpl.id(), memory_type, for_read);
  if (!plan) return std::nullopt;
  int64_t total_bytes = static_cast<int64_t>(plan->element_size);
  for (hsize_t d : plan->dims) total_bytes *= static_cast<int64_t>(d);
  if (total_bytes < kDirectMinBytes) return std::nullopt;
  if (for_read) {
    Handle space = Handle::adopt(H5Dget_space(dataset), "H5Dget_space");
    hsize_t allocated = 0;
    if (H5Dget_num_chunks(dataset, space.id(), &allocated) < 0) {
      H5Eclear2(H5E_DEFAULT);
      return std::nullopt;
    }
    if (static_cast<int64_t>(allocated) != plan->num_chunks) return std::nullopt;  // holes read as fill values
  } else {
    plan->fill.resize(plan->element_size);
    check(H5Pget_fill_value(dcpl.id(), memory_type, plan->fill.data()), "H5Pget_fill_value");
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

namespace {

Decompressors make_decompressors(int threads) {
  Decompressors decompressors;
  for (int t = 0; t < threads; ++t) {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    if (!d) raise("hdf5: libdeflate could not allocate a decompressor");
    decompressors.d.push_back(d);
  }
  return decompressors;
}

// Read chunk `origin`'s stored bytes into s.stored; false when the chunk was never written.
bool read_stored_chunk(hid_t dataset, const hsize_t* origin, DecodeScratch& s, uint32_t* filter_mask,
                       const DirectPlan& plan, const std::string& path) {
  // H5Dget_chunk_storage_size fails on a chunk never written; H5Dget_chunk_info_by_coord reports it as
  // HADDR_UNDEF but costs ~11 us against ~0.2 us (libhdf5 1.10.8, 2048-chunk index), so it is asked only
  // after a failure.
  hsize_t stored_bytes = 0;
  if (H5Dget_chunk_storage_size(dataset, origin, &stored_bytes) < 0) {
    H5Eclear2(H5E_DEFAULT);
    haddr_t address = HADDR_UNDEF;
    unsigned mask = 0;
    check(H5Dget_chunk_info_by_coord(dataset, origin, &mask, &address, &stored_bytes), [&] {
      return fmt::format("H5Dget_chunk_info_by_coord({}, chunk at {})", path, coords_text(origin, plan.dims.size()));
    });
    if (address == HADDR_UNDEF) return false;
    check(H5Dget_chunk_storage_size(dataset, origin, &stored_bytes), [&] {
      return fmt::format("H5Dget_chunk_storage_size({}, chunk at {})", path, coords_text(origin, plan.dims.size()));
    });
  }
  if (stored_bytes == 0) return false;
  s.stored.resize(static_cast<size_t>(stored_bytes));
  check(H5Dread_chunk(dataset, H5P_DEFAULT, origin, filter_mask, s.stored.data()),
        [&] { return fmt::format("H5Dread_chunk({}, chunk at {})", path, coords_text(origin, plan.dims.size())); });
  return true;
}

}  // namespace

void read_direct(hid_t dataset, const DirectPlan& plan, void* out, int threads, const std::string& path) {
  threads = resolve_threads(threads, plan.num_chunks);
  Decompressors decompressors = make_decompressors(threads);
  std::vector<DecodeScratch> scratch(static_cast<size_t>(threads), DecodeScratch(plan));
  // Chunks cached dirty by earlier writes through this handle must reach the file first.
  check(H5Dflush(dataset), [&] { return fmt::format("H5Dflush({})", path); });
  auto* target = static_cast<unsigned char*>(out);
  parallel_for(threads, 0, plan.num_chunks, [&](int worker, int64_t index) {
    DecodeScratch& s = scratch[static_cast<size_t>(worker)];
    hsize_t origin[H5S_MAX_RANK];
    chunk_origin(plan, index, origin);
    uint32_t filter_mask = 0;
    if (!read_stored_chunk(dataset, origin, s, &filter_mask, plan, path)) {
      corrupt_chunk(dataset, plan, origin, path, "the chunk index lists the chunk with no bytes");
    }
    const unsigned char* raw =
        decode_chunk(dataset, plan, decompressors.d[static_cast<size_t>(worker)], s, filter_mask, origin, path);
    copy_chunk(plan, origin, target, const_cast<unsigned char*>(raw), false);
  });
}

std::optional<DirectPlan> plan_direct_box(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& start,
                                          const std::vector<hsize_t>& count) {
  Handle dcpl = Handle::adopt(H5Dget_create_plist(dataset), "H5Dget_create_plist");
  // The cache test first: most small slices stop here, after two property lists (~5 us together).
  const int rank = static_cast<int>(start.size());
  if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED || rank < 1 || rank > H5S_MAX_RANK ||
      count.size() != start.size()) {
    return std::nullopt;
  }
  hsize_t chunk[H5S_MAX_RANK];
  if (H5Pget_chunk(dcpl.id(), rank, chunk) != rank) return std::nullopt;
  double touched_bytes = static_cast<double>(H5Tget_size(memory_type));
  for (size_t d = 0; d < start.size(); ++d) {
    if (count[d] == 0 || chunk[d] == 0) return std::nullopt;
    touched_bytes *= static_cast<double>(((start[d] + count[d] - 1) / chunk[d] - start[d] / chunk[d] + 1) * chunk[d]);
  }
  // Only when libhdf5's chunk cache could not keep these chunks decoded between calls (see the header).
  Handle dapl = Handle::adopt(H5Dget_access_plist(dataset), "H5Dget_access_plist");
  size_t slots = 0, cache_bytes = 0;
  double w0 = 0;
  check(H5Pget_chunk_cache(dapl.id(), &slots, &cache_bytes, &w0), "H5Pget_chunk_cache");
  if (touched_bytes <= static_cast<double>(cache_bytes)) return std::nullopt;
  std::optional<DirectPlan> plan = plan_layout(dataset, dcpl.id(), memory_type, true);
  if (!plan || plan->dims.size() != start.size()) return std::nullopt;
  for (size_t d = 0; d < plan->dims.size(); ++d) {
    if (start[d] + count[d] > plan->dims[d]) return std::nullopt;
  }
  // Chunks never written read as the fill value; libhdf5 leaves the buffer alone when the fill time is
  // "never" or no fill value is defined, which this path does not imitate.
  H5D_fill_value_t defined = H5D_FILL_VALUE_ERROR;
  check(H5Pfill_value_defined(dcpl.id(), &defined), "H5Pfill_value_defined");
  H5D_fill_time_t fill_time = H5D_FILL_TIME_ERROR;
  check(H5Pget_fill_time(dcpl.id(), &fill_time), "H5Pget_fill_time");
  if (defined == H5D_FILL_VALUE_UNDEFINED || fill_time == H5D_FILL_TIME_NEVER) return std::nullopt;
  plan->fill.resize(plan->element_size);
  check(H5Pget_fill_value(dcpl.id(), memory_type, plan->fill.data()), "H5Pget_fill_value");
  return plan;
}

void read_direct_box(hid_t dataset, const DirectPlan& plan, const std::vector<hsize_t>& start,
                     const std::vector<hsize_t>& count, void* out, int threads, const std::string& path) {
  const size_t rank = plan.dims.size();
  hsize_t first[H5S_MAX_RANK], span[H5S_MAX_RANK];  // first touched chunk and touched chunks per axis
  int64_t touched = 1;
  for (size_t d = 0; d < rank; ++d) {
    first[d] = start[d] / plan.chunk[d];
    span[d] = (start[d] + count[d] - 1) / plan.chunk[d] - first[d] + 1;
    touched *= static_cast<int64_t>(span[d]);
  }
  threads = resolve_threads(threads, touched);
  Decompressors decompressors = make_decompressors(threads);
  std::vector<DecodeScratch> scratch(static_cast<size_t>(threads), DecodeScratch(plan));
  const bool zero_fill = std::all_of(plan.fill.begin(), plan.fill.end(), [](unsigned char c) { return c == 0; });
  // Chunks cached dirty by earlier writes through this handle must reach the file first.
  check(H5Dflush(dataset), [&] { return fmt::format("H5Dflush({})", path); });
  auto* target = static_cast<unsigned char*>(out);
  const size_t element = plan.element_size;
  parallel_for(threads, 0, touched, [&](int worker, int64_t index) {
    DecodeScratch& s = scratch[static_cast<size_t>(worker)];
    // This chunk's origin, and the part of the box inside it: [lo, hi) in dataset coordinates.
    hsize_t origin[H5S_MAX_RANK], lo[H5S_MAX_RANK], extent[H5S_MAX_RANK];
    for (int d = static_cast<int>(rank) - 1; d >= 0; --d) {
      const auto u = static_cast<size_t>(d);
      origin[u] = (first[u] + static_cast<hsize_t>(index) % span[u]) * plan.chunk[u];
      index /= static_cast<int64_t>(span[u]);
      lo[u] = std::max(origin[u], start[u]);
      extent[u] = std::min(origin[u] + plan.chunk[u], start[u] + count[u]) - lo[u];
    }
    uint32_t filter_mask = 0;
    const unsigned char* chunk = nullptr;
    if (read_stored_chunk(dataset, origin, s, &filter_mask, plan, path)) {
      chunk = decode_chunk(dataset, plan, decompressors.d[static_cast<size_t>(worker)], s, filter_mask, origin, path);
    }
    const size_t run = static_cast<size_t>(extent[rank - 1]) * element;
    hsize_t pos[H5S_MAX_RANK] = {0};  // position within the intersection, axes 0..rank-2
    while (true) {
      size_t out_offset = 0, chunk_offset = 0;
      for (size_t d = 0; d < rank; ++d) {
        const hsize_t p = lo[d] + (d + 1 < rank ? pos[d] : 0);
        out_offset = out_offset * count[d] + (p - start[d]);
        chunk_offset = chunk_offset * plan.chunk[d] + (p - origin[d]);
      }
      unsigned char* dst = target + out_offset * element;
      if (chunk) {
        std::memcpy(dst, chunk + chunk_offset * element, run);
      } else if (zero_fill) {
        std::memset(dst, 0, run);
      } else {
        for (size_t off = 0; off < run; off += element) std::memcpy(dst + off, plan.fill.data(), element);
      }
      int d = static_cast<int>(rank) - 2;
      for (; d >= 0; --d) {
        if (++pos[d] < extent[d]) break;
        pos[d] = 0;
      }
      if (d < 0) break;
    }
  });
}

}  // namespace strata::hdf5::internal
