// Direct chunk I/O: whole-dataset reads and writes of gzip-compressed chunked datasets that bypass
// libhdf5's filter pipeline. libhdf5 inflates and deflates one chunk at a time with zlib on the calling
// thread; here the chunks move through H5Dread_chunk / H5Dwrite_chunk as stored bytes, and Strata
// (de)compresses them with libdeflate on several threads, applying the shuffle filter itself. The bytes
// on disk stay standard: zlib streams (RFC 1950) that libhdf5's deflate filter reads, chunk by chunk in
// index order, so a file's layout does not depend on the thread count.
//
// Used only when it gives the same result as libhdf5: chunked layout, filters exactly [deflate] or
// [shuffle, deflate], an integer or float type whose memory and file forms are identical (no conversion),
// the whole dataset selected, at least kDirectMinBytes, and (for reads) every chunk allocated; reads
// also accept the fletcher32 filter (verified here as libhdf5 does).
//
// Partial reads (plan_direct_box / read_direct_box): a unit-stride box [start, start + count) read into a
// contiguous row-major buffer of the box's shape. For each chunk the box touches, the stored bytes are
// read, the pipeline is undone in reverse order (fletcher32 checked, libdeflate inflate, unshuffle) and the
// intersecting part is copied out; chunks never written give the dataset's fill value, as H5Dread does.
// Chosen only when libhdf5's chunk cache could not keep the touched chunks between calls anyway (their
// decoded bytes exceed the dataset's rdcc_nbytes, 1 MiB by default), so repeated small reads of one chunk
// through one handle keep the cache hits they get from H5Dread. Anything else (strides, points, other
// filters or types, undefined fill value, fill time "never") stays on H5Dread.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::hdf5::internal {

inline constexpr int64_t kDirectMinBytes = 256 << 10;

struct DirectPlan {
  std::vector<hsize_t> dims;
  std::vector<hsize_t> chunk;
  std::vector<hsize_t> grid;     // chunks per axis
  size_t element_size = 0;
  size_t chunk_bytes = 0;
  int64_t num_chunks = 0;
  int deflate_level = 0;
  int deflate_index = -1;        // position in the pipeline (for the per-chunk filter mask)
  int shuffle_index = -1;        // -1 when there is no shuffle
  int fletcher32_index = -1;     // -1 when there is no checksum (never for writes)
  std::vector<H5Z_filter_t> filters;  // the pipeline in write order
  std::vector<unsigned char> fill;  // one element of the fill value (writes and box reads)
};

// A plan when the whole-dataset transfer of `memory_type` may go direct, std::nullopt otherwise.
std::optional<DirectPlan> plan_direct(hid_t dataset, hid_t memory_type, bool for_read);

// REQUIRES: `data`/`out` hold the whole dataset, row-major. `threads` <= 0 means hardware concurrency.
void write_direct(hid_t dataset, const DirectPlan& plan, const void* data, int threads, const std::string& path);
void read_direct(hid_t dataset, const DirectPlan& plan, void* out, int threads, const std::string& path);

// A plan when reading the box `start`/`count` (one entry per axis, unit stride, inside the extent, at least
// one element) into `memory_type` may go direct, std::nullopt otherwise.
std::optional<DirectPlan> plan_direct_box(hid_t dataset, hid_t memory_type, const std::vector<hsize_t>& start,
                                          const std::vector<hsize_t>& count);
// REQUIRES: `out` holds prod(count) elements, row-major over the box.
void read_direct_box(hid_t dataset, const DirectPlan& plan, const std::vector<hsize_t>& start,
                     const std::vector<hsize_t>& count, void* out, int threads, const std::string& path);

}  // namespace strata::hdf5::internal
