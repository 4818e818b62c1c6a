// The Session's memory (internal to src/orm): blocks recycled per thread, the arenas that hold objects and
// snapshots, and the flat tables keyed by integers.
//
// Blocks: every arena chunk and every table's slots are a block whose size is a power of two. A session that
// ends hands its blocks to the thread's cache (up to session_memory_cache_limit() bytes), and the next session
// on the thread takes them from there: already mapped and touched, they cost no page faults. (glibc gives the
// same to many small allocations, but trims its heap when a block of 64 KiB or more is freed, so a session's
// worth of chunks went back to the kernel and came back one page fault at a time.)
//
// Records: an arena of tracked objects lays each object after its ObjectState, in blocks aligned to their size
// (64 KiB unless one record needs more). The session finds an object's state from its address: the block's
// page (address >> 16) names the arena in a small table, and the record's index follows from the offset.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace strata::orm::detail {

inline constexpr int kPageShift = 16;
inline constexpr size_t kPageBytes = size_t{1} << kPageShift;  // 64 KiB: an arena block, unless a record is larger

// Blocks of 2^k bytes aligned to min(2^k, kPageBytes) (or to 2^k for `size_aligned` blocks, which arenas use).
void* acquire_block(size_t bytes, bool size_aligned);
void release_block(void* block, size_t bytes, bool size_aligned) noexcept;

// No header: the records are the bare objects (the snapshot arenas).
struct NoHeader {};

// uint64 key -> V* (V a pointer: an empty slot holds nullptr), open addressing with linear probing, slots in a
// recycled block.
template <typename V>
class FlatMap {
 public:
  // `shift` drops low bits that never differ (object addresses are multiples of 16).
  explicit FlatMap(int shift = 0) : shift_(shift) {}
  FlatMap(const FlatMap&) = delete;
  FlatMap& operator=(const FlatMap&) = delete;
  ~FlatMap() { release(); }

  size_t size() const { return size_; }
  V* find(uint64_t key) const {
    if (size_ == 0) return nullptr;
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == nullptr) return nullptr;
      if (s.key == key) return s.value;
    }
  }
  // Insert or overwrite; returns false when the key was there (its value is then replaced when `overwrite`).
  bool put(uint64_t key, V* value, bool overwrite) {
    if ((size_ + 1) * 2 > capacity_) grow(std::max<size_t>(16, capacity_ * 2));
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == nullptr) {
        s = Slot{key, value};
        ++size_;
        return true;
      }
      if (s.key == key) {
        if (overwrite) s.value = value;
        return false;
      }
    }
  }
  void reserve(size_t n) {
    const size_t want = std::max<size_t>(16, std::bit_ceil(n * 2));
    if (want > capacity_) grow(want);
  }
  void erase(uint64_t key) {
    if (size_ == 0) return;
    size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].value == nullptr) return;
      if (slots_[i].key == key) break;
    }
    // Backward-shift deletion: move later entries of the run into the hole when their home allows it.
    for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      if (slots_[j].value == nullptr) break;
      const size_t h = home(slots_[j].key);
      const bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    V* value = nullptr;
  };
  // Runs of 256 consecutive keys keep their order (consecutive primary keys, objects allocated one after
  // another: loads and flushes walk 4 KiB of the table in order, which the prefetcher follows); the runs
  // themselves are scattered by a multiplicative hash, so keys with a stride (every 1024th) do not pile up in
  // one corner of the table.
  size_t home(uint64_t key) const {
    const uint64_t k = key >> shift_;
    return static_cast<size_t>((k & 255) | (((k >> 8) * 0x9E3779B97F4A7C15ULL) >> 20 << 8)) & mask_;
  }
  void grow(size_t n) {
    Slot* old = slots_;
    const size_t old_capacity = capacity_;
    slots_ = static_cast<Slot*>(acquire_block(n * sizeof(Slot), false));
    std::memset(static_cast<void*>(slots_), 0, n * sizeof(Slot));
    capacity_ = n;
    mask_ = n - 1;
    size_ = 0;
    for (size_t i = 0; i < old_capacity; ++i) {
      if (old[i].value != nullptr) put(old[i].key, old[i].value, true);
    }
    if (old != nullptr) release_block(old, old_capacity * sizeof(Slot), false);
  }
  void release() {
    if (slots_ != nullptr) release_block(slots_, capacity_ * sizeof(Slot), false);
    slots_ = nullptr;
    capacity_ = size_ = 0;
  }
  Slot* slots_ = nullptr;
  size_t capacity_ = 0;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t size_ = 0;
};

// Records of `object_bytes` (aligned to `align`), each after a `Header` (none for NoHeader), in blocks of
// block_bytes() aligned to their size. `destroy(object)` runs for every committed record when the arena ends.
// A record's header is raw memory until its owner writes it (after commit()); header_of() names committed
// records only.
template <typename Header>
class Arena {
 public:
  static constexpr bool kHasHeader = !std::is_same_v<Header, NoHeader>;
  static constexpr size_t kHeaderBytes = kHasHeader ? sizeof(Header) : 0;
  Arena(size_t object_bytes, size_t align, void (*destroy)(void*))
      : align_(std::max(align, kHasHeader ? alignof(Header) : size_t{1})),
        header_bytes_((kHeaderBytes + align_ - 1) / align_ * align_),
        record_bytes_(header_bytes_ + (std::max<size_t>(object_bytes, 1) + align_ - 1) / align_ * align_),
        block_bytes_(std::max(kPageBytes, std::bit_ceil(record_bytes_))),
        per_block_(block_bytes_ / record_bytes_),
        // index = offset / record_bytes as a multiply: exact for offsets and records under 2^16 (64 KiB blocks)
        reciprocal_(block_bytes_ == kPageBytes ? ((uint64_t{1} << 32) + record_bytes_ - 1) / record_bytes_ : 0),
        destroy_(destroy) {}
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (size_t b = 0; b < blocks_.size(); ++b) {
      const size_t n = b + 1 == blocks_.size() ? used_ : per_block_;
      for (size_t i = 0; i < n; ++i) destroy_(blocks_[b] + i * record_bytes_ + header_bytes_);
      release_block(blocks_[b], block_bytes_, true);
    }
  }
  // Memory for the next object; it is the arena's after commit().
  void* reserve() {
    if (blocks_.empty() || used_ == per_block_) {
      blocks_.reserve(blocks_.size() + 1);
      auto* block = static_cast<std::byte*>(acquire_block(block_bytes_, true));
      blocks_.push_back(block);
      used_ = 0;
      new_block_ = true;
    }
    return blocks_.back() + used_ * record_bytes_ + header_bytes_;
  }
  void commit() { ++used_; }
  // A block reserve() added since the last call (nullptr if none): the session indexes its pages.
  std::byte* take_new_block() {
    if (!new_block_) return nullptr;
    new_block_ = false;
    return blocks_.back();
  }

  // The header of the committed record whose object is at `object` in a block of this arena, or nullptr when
  // `object` is not where a committed record's object starts.
  Header* header_of(const void* object) const {
    const auto a = reinterpret_cast<uintptr_t>(object);
    const uintptr_t offset = (a & (block_bytes_ - 1));
    if (offset < header_bytes_) return nullptr;
    const uintptr_t from_record = offset - header_bytes_;
    const size_t index = reciprocal_ != 0 ? static_cast<size_t>((from_record * reciprocal_) >> 32)
                                          : static_cast<size_t>(from_record / record_bytes_);
    if (from_record != index * record_bytes_ || index >= per_block_) return nullptr;
    const uintptr_t base = a - offset;
    if (base == reinterpret_cast<uintptr_t>(blocks_.back()) && index >= used_) return nullptr;  // not committed
    return reinterpret_cast<Header*>(base + index * record_bytes_);
  }
  static Header* header_of_own(void* object, size_t header_bytes) {
    return reinterpret_cast<Header*>(static_cast<std::byte*>(object) - header_bytes);
  }
  size_t header_bytes() const { return header_bytes_; }
  size_t block_bytes() const { return block_bytes_; }

 private:
  size_t align_;
  size_t header_bytes_;
  size_t record_bytes_;
  size_t block_bytes_;
  size_t per_block_;
  uint64_t reciprocal_;  // ceil(2^32 / record_bytes_) for 64 KiB blocks, else 0 (divide)
  void (*destroy_)(void*);
  std::vector<std::byte*> blocks_;
  size_t used_ = 0;
  bool new_block_ = false;
};

// An append-only log of trivially copyable records in recycled blocks (no copy as it grows).
template <typename T>
class BlockLog {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  static constexpr size_t kPerBlock = kPageBytes / sizeof(T);
  BlockLog() = default;
  BlockLog(const BlockLog&) = delete;
  BlockLog& operator=(const BlockLog&) = delete;
  ~BlockLog() {
    for (T* b : blocks_) release_block(b, kPageBytes, false);
  }
  void push_back(const T& value) {
    if (blocks_.empty() || used_ == kPerBlock) {
      blocks_.reserve(blocks_.size() + 1);
      blocks_.push_back(static_cast<T*>(acquire_block(kPageBytes, false)));
      used_ = 0;
    }
    blocks_.back()[used_++] = value;
  }
  template <typename F>
  void for_each_reverse(F f) const {
    for (size_t b = blocks_.size(); b-- > 0;) {
      for (size_t i = b + 1 == blocks_.size() ? used_ : kPerBlock; i-- > 0;) f(blocks_[b][i]);
    }
  }

 private:
  std::vector<T*> blocks_;
  size_t used_ = 0;
};

}  // namespace strata::orm::detail
