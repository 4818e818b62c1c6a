// Buffer: a contiguous, 64-byte-aligned byte range with shared ownership.
//
// A buffer either owns its memory (allocated here, capacity padded to a multiple of 64 bytes so kernels may
// read whole cache lines past the end) or views memory owned by something else (a parent buffer for slices,
// a memory map, a foreign Arrow producer), which it keeps alive through `owner`. Buffers are immutable once
// an array holds them; `mutable_data`, `resize` and `reserve` are for builders while they still own it.
// Thread-safety: concurrent reads are safe; mutation requires exclusive access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>

namespace strata::columnar {

inline constexpr int64_t kBufferAlignment = 64;

class Buffer : public std::enable_shared_from_this<Buffer> {
 public:
  // Allocate an owned buffer of `size` bytes (contents uninitialised except the padding, which is zeroed).
  static std::shared_ptr<Buffer> allocate(int64_t size);
  // Allocate an owned buffer of `size` zero bytes.
  static std::shared_ptr<Buffer> allocate_zeroed(int64_t size);
  // Copy bytes into a new owned buffer.
  static std::shared_ptr<Buffer> copy_of(const void* data, int64_t size);
  static std::shared_ptr<Buffer> copy_of(std::string_view bytes) {
    return copy_of(bytes.data(), static_cast<int64_t>(bytes.size()));
  }
  // View memory owned by `owner` (kept alive as long as the buffer). `owner` may be null for static memory.
  static std::shared_ptr<Buffer> wrap(const void* data, int64_t size, std::shared_ptr<const void> owner);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  const uint8_t* data() const { return data_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool is_owned() const { return owned_; }
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data_);
  }
  std::span<const uint8_t> span() const { return {data_, static_cast<size_t>(size_)}; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), static_cast<size_t>(size_)}; }

  // A zero-copy view of bytes [offset, offset + length) that keeps this buffer alive.
  std::shared_ptr<Buffer> slice(int64_t offset, int64_t length) const;

  // Builder-side mutation. REQUIRES: is_owned().
  uint8_t* mutable_data() { return data_; }
  template <typename T>
  T* mutable_data_as() {
    return reinterpret_cast<T*>(data_);
  }
  // Grow capacity to at least `capacity` bytes (doubling), keeping contents; zeroes the new padding.
  void reserve(int64_t capacity);
  // Set the size, growing the capacity when needed; new bytes are uninitialised.
  void resize(int64_t size);
  // Shrink capacity to fit the size (keeps the 64-byte padding).
  void shrink_to_fit();

  bool equals(const Buffer& other) const {
    return size_ == other.size_ && (size_ == 0 || std::memcmp(data_, other.data_, size_) == 0);
  }

 private:
  Buffer() = default;

  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  bool owned_ = false;
  std::shared_ptr<const void> owner_;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace strata::columnar
