// Files for reading: positional reads (ReadableFile), read-only memory maps (MemoryMappedFile), in-memory bytes
// (BufferReader) behind one small interface, RandomAccessInput, and a whole-file read helper.
//
// io sits below columnar: it speaks bytes (`std::span<const uint8_t>`, `std::vector<uint8_t>`), never
// columnar::Buffer. A memory map hands out its pages as `owner()` (a shared_ptr keeping the mapping alive) plus
// `data()`, so `columnar::Buffer::wrap(map.data() + off, len, map.owner())` views the file zero-copy.
//
// Errors: the operating system refusing (open, pread, mmap) throws IoError naming the path and strerror; a read
// past the end of the file throws FormatError with the path and offset, since readers compute offsets from the
// file's own bytes (a footer that points past the end is a bad file, not a bad call).
//
// Thread-safety: every const member is safe to call from many threads at once (pread has no shared cursor).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace strata::io {

// Bytes readable at any offset: a file, a mapping or memory.
class RandomAccessInput {
 public:
  virtual ~RandomAccessInput() = default;

  // Name for error messages (a path, or "<memory>").
  virtual const std::string& name() const = 0;
  virtual int64_t size() const = 0;
  // Fill `out` with the bytes at [offset, offset + out.size()). Throws FormatError if the range passes the end.
  virtual void read_at(int64_t offset, std::span<uint8_t> out) const = 0;

  // Read `length` bytes at `offset` into a new vector.
  std::vector<uint8_t> read_at(int64_t offset, int64_t length) const;

 protected:
  // Throw FormatError unless [offset, offset + length) lies within [0, size()).
  void check_range(int64_t offset, int64_t length) const;
};

// A file opened read-only, read with pread(2). Move-only; closes the descriptor on destruction.
class ReadableFile final : public RandomAccessInput {
 public:
  // Open `path` for reading. Throws IoError if it cannot be opened or is not a regular file.
  explicit ReadableFile(const std::filesystem::path& path);
  ~ReadableFile() override;
  ReadableFile(ReadableFile&& other) noexcept;
  ReadableFile& operator=(ReadableFile&& other) noexcept;
  ReadableFile(const ReadableFile&) = delete;
  ReadableFile& operator=(const ReadableFile&) = delete;

  const std::string& name() const override { return path_; }
  const std::string& path() const { return path_; }
  // Size when the file was opened.
  int64_t size() const override { return size_; }
  using RandomAccessInput::read_at;
  void read_at(int64_t offset, std::span<uint8_t> out) const override;

 private:
  std::string path_;
  int fd_ = -1;
  int64_t size_ = 0;
};

// A whole file mapped read-only (mmap(2), MAP_PRIVATE). Copies share one mapping, unmapped when the last copy
// and the last owner() holder are gone. An empty file maps to an empty view.
class MemoryMappedFile final : public RandomAccessInput {
 public:
  // Map `path`. Throws IoError if it cannot be opened or mapped.
  explicit MemoryMappedFile(const std::filesystem::path& path);

  const std::string& name() const override { return path_; }
  const std::string& path() const { return path_; }
  int64_t size() const override { return size_; }
  const uint8_t* data() const { return data_; }
  std::span<const uint8_t> bytes() const { return {data_, static_cast<size_t>(size_)}; }
  // The bytes at [offset, offset + length), zero-copy. Throws FormatError if the range passes the end.
  std::span<const uint8_t> view(int64_t offset, int64_t length) const;
  // Keeps the mapping alive; pass to columnar::Buffer::wrap.
  std::shared_ptr<const void> owner() const { return mapping_; }

  using RandomAccessInput::read_at;
  void read_at(int64_t offset, std::span<uint8_t> out) const override;

 private:
  std::string path_;
  std::shared_ptr<const void> mapping_;
  const uint8_t* data_ = nullptr;
  int64_t size_ = 0;
};

// Bytes held in memory (a test fixture, a downloaded object), read through the same interface. The reader
// keeps `owner` alive and does not copy.
class BufferReader final : public RandomAccessInput {
 public:
  explicit BufferReader(std::vector<uint8_t> bytes, std::string name = "<memory>");
  BufferReader(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name = "<memory>");

  const std::string& name() const override { return name_; }
  int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }
  std::span<const uint8_t> bytes() const { return bytes_; }
  using RandomAccessInput::read_at;
  void read_at(int64_t offset, std::span<uint8_t> out) const override;

 private:
  std::shared_ptr<const void> owner_;
  std::span<const uint8_t> bytes_;
  std::string name_;
};

// Read a whole file. Throws IoError.
std::vector<uint8_t> read_whole_file(const std::filesystem::path& path);

}  // namespace strata::io
