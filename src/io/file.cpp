#include "strata/io/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "strata/core/error.h"

namespace strata::io {

namespace {

int open_for_reading(const std::string& path, int64_t* size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_io_error("open", path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    throw_io_error("stat", path, saved);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw IoError(fmt::format("open \"{}\": not a regular file", path));
  }
  *size = static_cast<int64_t>(st.st_size);
  return fd;
}

struct Mapping {
  void* address = nullptr;
  size_t length = 0;
  ~Mapping() {
    if (address != nullptr) ::munmap(address, length);
  }
};

}  // namespace

std::vector<uint8_t> RandomAccessInput::read_at(int64_t offset, int64_t length) const {
  check_range(offset, length);
  std::vector<uint8_t> out(static_cast<size_t>(length));
  read_at(offset, std::span<uint8_t>(out));
  return out;
}

void RandomAccessInput::check_range(int64_t offset, int64_t length) const {
  int64_t total = size();
  if (offset < 0 || length < 0 || offset > total || length > total - offset) {
    throw FormatError(name(), offset,
                      fmt::format("read of {} bytes past the end of the file ({} bytes)", length, total));
  }
}

// ReadableFile ------------------------------------------------------------------------------------------------

ReadableFile::ReadableFile(const std::filesystem::path& path) : path_(path.string()) {
  fd_ = open_for_reading(path_, &size_);
}

ReadableFile::~ReadableFile() {
  if (fd_ >= 0) ::close(fd_);
}

ReadableFile::ReadableFile(ReadableFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

ReadableFile& ReadableFile::operator=(ReadableFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = other.size_;
  }
  return *this;
}

void ReadableFile::read_at(int64_t offset, std::span<uint8_t> out) const {
  auto length = static_cast<int64_t>(out.size());
  check_range(offset, length);
  int64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd_, out.data() + done, static_cast<size_t>(length - done), offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error(fmt::format("read {} bytes at offset {} from", length, offset), path_, errno);
    }
    if (n == 0) {
      // The file shrank since it was opened.
      throw FormatError(path_, offset + done,
                        fmt::format("file ended early: wanted {} more bytes", length - done));
    }
    done += n;
  }
}

// MemoryMappedFile --------------------------------------------------------------------------------------------

MemoryMappedFile::MemoryMappedFile(const std::filesystem::path& path) : path_(path.string()) {
  int fd = open_for_reading(path_, &size_);
  auto mapping = std::make_shared<Mapping>();
  if (size_ > 0) {
    void* address = ::mmap(nullptr, static_cast<size_t>(size_), PROT_READ, MAP_PRIVATE, fd, 0);
    if (address == MAP_FAILED) {
      int saved = errno;
      ::close(fd);
      throw_io_error("mmap", path_, saved);
    }
    mapping->address = address;
    mapping->length = static_cast<size_t>(size_);
    data_ = static_cast<const uint8_t*>(address);
  }
  // The mapping outlives the descriptor (mmap(2)).
  ::close(fd);
  mapping_ = std::move(mapping);
}

std::span<const uint8_t> MemoryMappedFile::view(int64_t offset, int64_t length) const {
  check_range(offset, length);
  return {data_ + offset, static_cast<size_t>(length)};
}

void MemoryMappedFile::read_at(int64_t offset, std::span<uint8_t> out) const {
  check_range(offset, static_cast<int64_t>(out.size()));
  if (!out.empty()) std::memcpy(out.data(), data_ + offset, out.size());
}

// BufferReader ------------------------------------------------------------------------------------------------

BufferReader::BufferReader(std::vector<uint8_t> bytes, std::string name) : name_(std::move(name)) {
  auto owned = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
  bytes_ = std::span<const uint8_t>(*owned);
  owner_ = std::move(owned);
}

BufferReader::BufferReader(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name)
    : owner_(std::move(owner)), bytes_(bytes), name_(std::move(name)) {}

void BufferReader::read_at(int64_t offset, std::span<uint8_t> out) const {
  check_range(offset, static_cast<int64_t>(out.size()));
  if (!out.empty()) std::memcpy(out.data(), bytes_.data() + offset, out.size());
}

std::vector<uint8_t> read_whole_file(const std::filesystem::path& path) {
  ReadableFile file(path);
  return file.read_at(0, file.size());
}

}  // namespace strata::io
