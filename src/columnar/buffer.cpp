#include "strata/columnar/buffer.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "strata/core/bit_util.h"
#include "strata/core/error.h"

namespace strata::columnar {
namespace {

// Zero-length buffers still get a valid, aligned, readable address.
alignas(kBufferAlignment) const uint8_t kZeroPadding[kBufferAlignment] = {};

uint8_t* aligned_allocate(int64_t capacity) {
  if (capacity == 0) return const_cast<uint8_t*>(kZeroPadding);
  void* p = std::aligned_alloc(kBufferAlignment, static_cast<size_t>(capacity));
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<uint8_t*>(p);
}

void aligned_free(uint8_t* p) {
  if (p != kZeroPadding) std::free(p);
}

int64_t padded(int64_t size) { return bit_util::round_up_to_power_of_2(size, kBufferAlignment); }

}  // namespace

std::shared_ptr<Buffer> Buffer::allocate(int64_t size) {
  if (size < 0) raise("Buffer::allocate: negative size {}", size);
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->capacity_ = padded(size);
  buffer->data_ = aligned_allocate(buffer->capacity_);
  buffer->size_ = size;
  buffer->owned_ = true;
  if (buffer->capacity_ > size) std::memset(buffer->data_ + size, 0, static_cast<size_t>(buffer->capacity_ - size));
  return buffer;
}

std::shared_ptr<Buffer> Buffer::allocate_zeroed(int64_t size) {
  auto buffer = allocate(size);
  if (size > 0) std::memset(buffer->data_, 0, static_cast<size_t>(size));
  return buffer;
}

std::shared_ptr<Buffer> Buffer::copy_of(const void* data, int64_t size) {
  auto buffer = allocate(size);
  if (size > 0) std::memcpy(buffer->data_, data, static_cast<size_t>(size));
  return buffer;
}

std::shared_ptr<Buffer> Buffer::wrap(const void* data, int64_t size, std::shared_ptr<const void> owner) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->data_ = size == 0 && data == nullptr ? const_cast<uint8_t*>(kZeroPadding)
                                               : static_cast<uint8_t*>(const_cast<void*>(data));
  buffer->size_ = size;
  buffer->capacity_ = size;
  buffer->owner_ = std::move(owner);
  return buffer;
}

Buffer::~Buffer() {
  if (owned_) aligned_free(data_);
}

std::shared_ptr<Buffer> Buffer::slice(int64_t offset, int64_t length) const {
  if (offset < 0 || length < 0 || offset + length > size_) {
    raise("Buffer::slice: range [{}, {}) outside a buffer of {} bytes", offset, offset + length, size_);
  }
  return wrap(data_ + offset, length, shared_from_this());
}

void Buffer::reserve(int64_t capacity) {
  if (!owned_) raise("Buffer::reserve on a buffer that does not own its memory");
  if (capacity <= capacity_) return;
  const int64_t new_capacity = padded(std::max(capacity, capacity_ * 2));
  uint8_t* fresh = aligned_allocate(new_capacity);
  // Builders write past size() within the capacity before they resize, so keep every old byte.
  if (capacity_ > 0) std::memcpy(fresh, data_, static_cast<size_t>(capacity_));
  std::memset(fresh + capacity_, 0, static_cast<size_t>(new_capacity - capacity_));
  aligned_free(data_);
  data_ = fresh;
  capacity_ = new_capacity;
}

void Buffer::resize(int64_t size) {
  if (size > capacity_) reserve(size);
  size_ = size;
}

void Buffer::shrink_to_fit() {
  if (!owned_) return;
  const int64_t want = padded(size_);
  if (want >= capacity_) return;
  uint8_t* fresh = aligned_allocate(want);
  if (size_ > 0) std::memcpy(fresh, data_, static_cast<size_t>(size_));
  if (want > size_) std::memset(fresh + size_, 0, static_cast<size_t>(want - size_));
  aligned_free(data_);
  data_ = fresh;
  capacity_ = want;
}

}  // namespace strata::columnar
