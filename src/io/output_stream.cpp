#include "strata/io/output_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <utility>

#include "strata/core/error.h"

namespace strata::io {

// BufferOutputStream ------------------------------------------------------------------------------------------

void BufferOutputStream::write(const void* data, int64_t size) {
  if (size <= 0) return;
  auto* bytes = static_cast<const uint8_t*>(data);
  bytes_.insert(bytes_.end(), bytes, bytes + size);
}

// FileOutputStream --------------------------------------------------------------------------------------------

FileOutputStream::FileOutputStream(const std::filesystem::path& path, int64_t buffer_size)
    : path_(path.string()), buffer_(static_cast<size_t>(buffer_size > 0 ? buffer_size : 1)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) throw_io_error("create", path_, errno);
}

FileOutputStream::FileOutputStream(Adopt, int fd, std::string path, int64_t buffer_size)
    : path_(std::move(path)), fd_(fd), buffer_(static_cast<size_t>(buffer_size > 0 ? buffer_size : 1)) {}

FileOutputStream::~FileOutputStream() {
  if (fd_ >= 0) ::close(fd_);
}

void FileOutputStream::check_open(const char* what) const {
  if (fd_ < 0) throw InvalidArgument(fmt::format("{} \"{}\": stream is closed", what, path_));
}

void FileOutputStream::write_fully(const uint8_t* data, int64_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, static_cast<size_t>(size));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error("write", path_, errno);
    }
    data += n;
    size -= n;
  }
}

void FileOutputStream::write(const void* data, int64_t size) {
  check_open("write");
  if (size <= 0) return;
  auto* bytes = static_cast<const uint8_t*>(data);
  auto capacity = static_cast<int64_t>(buffer_.size());
  if (buffered_ + size <= capacity) {
    std::memcpy(buffer_.data() + buffered_, bytes, static_cast<size_t>(size));
    buffered_ += size;
  } else {
    flush();
    if (size >= capacity) {
      write_fully(bytes, size);
    } else {
      std::memcpy(buffer_.data(), bytes, static_cast<size_t>(size));
      buffered_ = size;
    }
  }
  position_ += size;
}

void FileOutputStream::flush() {
  check_open("flush");
  if (buffered_ == 0) return;
  int64_t pending = std::exchange(buffered_, 0);
  write_fully(buffer_.data(), pending);
}

void FileOutputStream::sync() {
  flush();
  if (::fsync(fd_) != 0) throw_io_error("fsync", path_, errno);
}

void FileOutputStream::close() {
  if (fd_ < 0) return;
  try {
    flush();
  } catch (...) {
    ::close(std::exchange(fd_, -1));
    throw;
  }
  // close(2) may report a delayed write error (NFS, quota); the descriptor is gone either way.
  if (::close(std::exchange(fd_, -1)) != 0) throw_io_error("close", path_, errno);
}

// AtomicFileWriter --------------------------------------------------------------------------------------------

namespace {

// The generator is reseeded whenever the process id changes: a child forked after its parent named a temporary
// would otherwise inherit the generator's state and try the same names as every sibling, one collision more
// per killed sibling, until create_temporary gave up.
std::string random_suffix() {
  struct State {
    pid_t pid = -1;
    std::mt19937_64 generator;
  };
  static thread_local State state;
  const pid_t pid = ::getpid();
  if (state.pid != pid) {
    std::random_device device;
    state.generator.seed((static_cast<uint64_t>(device()) << 32 | device()) ^ static_cast<uint64_t>(pid));
    state.pid = pid;
  }
  return fmt::format("{:012x}", state.generator() & 0xffffffffffffULL);
}

void sync_folder(const std::filesystem::path& folder) {
  std::string name = folder.empty() ? std::string(".") : folder.string();
  int fd = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw_io_error("open folder", name, errno);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  // Some file systems refuse fsync on a folder (EINVAL); the rename is as durable as they allow.
  if (rc != 0 && saved != EINVAL) throw_io_error("fsync folder", name, saved);
}

}  // namespace

FileOutputStream AtomicFileWriter::create_temporary(const std::string& destination, std::string& temporary,
                                                    int64_t buffer_size) {
  for (int attempt = 0;; ++attempt) {
    temporary = destination + ".tmp-" + random_suffix();
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return FileOutputStream(FileOutputStream::Adopt{}, fd, temporary, buffer_size);
    if (errno != EEXIST || attempt >= 16) throw_io_error("create", temporary, errno);
  }
}

AtomicFileWriter::AtomicFileWriter(const std::filesystem::path& destination, int64_t buffer_size,
                                   Durability durability)
    : destination_(destination.string()),
      stream_(create_temporary(destination_, temporary_, buffer_size)),
      durability_(durability) {}

AtomicFileWriter::~AtomicFileWriter() { abort(); }

void AtomicFileWriter::write(const void* data, int64_t size) {
  if (finished_) {
    throw InvalidArgument(fmt::format("write \"{}\": writer already {}", destination_,
                                      committed_ ? "committed" : "aborted"));
  }
  stream_.write(data, size);
}

void AtomicFileWriter::commit() {
  if (finished_) {
    throw InvalidArgument(fmt::format("commit \"{}\": writer already {}", destination_,
                                      committed_ ? "committed" : "aborted"));
  }
  try {
    if (durability_ == Durability::kDurable) {
      stream_.sync();
    } else {
      stream_.flush();
    }
    stream_.close();
    if (::rename(temporary_.c_str(), destination_.c_str()) != 0) {
      throw_io_error(fmt::format("rename \"{}\" to", temporary_), destination_, errno);
    }
  } catch (...) {
    abort();
    throw;
  }
  committed_ = true;
  finished_ = true;
  // The new name is in place; make the folder entry durable too.
  if (durability_ == Durability::kDurable) sync_folder(std::filesystem::path(destination_).parent_path());
}

void AtomicFileWriter::abort() noexcept {
  if (finished_) return;
  finished_ = true;
  if (stream_.fd_ >= 0) ::close(std::exchange(stream_.fd_, -1));
  // Best effort: a temporary that cannot be removed is only litter, never a damaged destination.
  ::unlink(temporary_.c_str());
}

}  // namespace strata::io
