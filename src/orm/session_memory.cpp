#include "session_memory.h"

#include <array>
#include <bit>
#include <atomic>

#include "strata/orm/session.h"

namespace strata::orm {

namespace {

std::atomic<size_t> g_cache_limit{size_t{64} << 20};

size_t alignment(size_t bytes, bool size_aligned) {
  return std::max(alignof(std::max_align_t), size_aligned ? bytes : std::min(bytes, detail::kPageBytes));
}

// The calling thread's free blocks, by size class (log2 of the size).
class BlockCache {
 public:
  BlockCache() { current = this; }
  ~BlockCache() {
    trim();
    current = nullptr;
    gone = true;
  }
  void* take(size_t bytes, bool size_aligned) {
    auto& list = free_[index(bytes, size_aligned)];
    if (list.empty()) return nullptr;
    void* p = list.back();
    list.pop_back();
    cached_ -= bytes;
    return p;
  }
  bool keep(void* block, size_t bytes, bool size_aligned) noexcept {
    if (cached_ + bytes > g_cache_limit.load(std::memory_order_relaxed)) return false;
    auto& list = free_[index(bytes, size_aligned)];
    try {
      list.push_back(block);
    } catch (...) {
      return false;
    }
    cached_ += bytes;
    return true;
  }
  void trim() noexcept {
    for (size_t i = 0; i < free_.size(); ++i) {
      const size_t bytes = size_t{1} << (i / 2);
      for (void* p : free_[i]) ::operator delete(p, std::align_val_t(alignment(bytes, i % 2 == 1)));
      free_[i].clear();
    }
    cached_ = 0;
  }
  size_t cached() const { return cached_; }

  // The thread's cache, or nullptr once it is destroyed (a Session with static storage ending after it).
  static BlockCache* get() {
    if (current != nullptr || gone) return current;
    static thread_local BlockCache cache;
    return &cache;
  }

 private:
  static size_t index(size_t bytes, bool size_aligned) {
    const auto log = static_cast<size_t>(std::bit_width(bytes - 1));  // bytes is a power of two
    return log * 2 + (size_aligned ? 1 : 0);
  }
  static thread_local BlockCache* current;
  static thread_local bool gone;
  std::array<std::vector<void*>, 128> free_;
  size_t cached_ = 0;
};

thread_local BlockCache* BlockCache::current = nullptr;
thread_local bool BlockCache::gone = false;

}  // namespace

void* detail::acquire_block(size_t bytes, bool size_aligned) {
  if (BlockCache* c = BlockCache::get()) {
    if (void* p = c->take(bytes, size_aligned)) return p;
  }
  return ::operator new(bytes, std::align_val_t(alignment(bytes, size_aligned)));
}

void detail::release_block(void* block, size_t bytes, bool size_aligned) noexcept {
  BlockCache* c = BlockCache::get();
  if (c != nullptr && c->keep(block, bytes, size_aligned)) return;
  ::operator delete(block, std::align_val_t(alignment(bytes, size_aligned)));
}

size_t session_memory_cache_limit() { return g_cache_limit.load(std::memory_order_relaxed); }
void set_session_memory_cache_limit(size_t bytes) { g_cache_limit.store(bytes, std::memory_order_relaxed); }
size_t session_memory_cached() {
  BlockCache* c = BlockCache::get();
  return c != nullptr ? c->cached() : 0;
}
void trim_session_memory() {
  if (BlockCache* c = BlockCache::get()) c->trim();
}

}  // namespace strata::orm
