// Sequential byte sinks: OutputStream (the interface writers take), FileOutputStream (a buffered file),
// BufferOutputStream (a growing vector) and AtomicFileWriter (replace-on-commit).
//
// AtomicFileWriter is how Strata writes every file (DESIGN.md, "Writes are atomic"): bytes go to
// `<name>.tmp-<random>` in the destination's folder; `commit()` flushes, fsyncs the file, renames it over the
// destination and fsyncs the folder, so a crash leaves either the old file or the complete new one. A writer
// destroyed without commit() (an exception unwinding, a failed write) removes its temporary. The pattern is
// leveldb's SetCurrentFile (db/filename.cc).
//
// Errors: IoError naming the path and strerror, e.g. `write "/data/x.parquet.tmp-1a2b": No space left on
// device`. Work that can fail lives in flush()/close()/commit(); destructors only release (a FileOutputStream
// destroyed without close() drops bytes still in its buffer — call close()).
//
// Thread-safety: one writer per stream; no internal locking.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::io {

class OutputStream {
 public:
  virtual ~OutputStream() = default;

  // Append `size` bytes.
  virtual void write(const void* data, int64_t size) = 0;
  // Bytes written so far (including any still buffered).
  virtual int64_t tell() const = 0;
  // Push buffered bytes to the underlying sink.
  virtual void flush() {}

  void write(std::span<const uint8_t> bytes) { write(bytes.data(), static_cast<int64_t>(bytes.size())); }
  void write(std::string_view bytes) { write(bytes.data(), static_cast<int64_t>(bytes.size())); }
};

// Bytes appended to an in-memory vector.
class BufferOutputStream final : public OutputStream {
 public:
  void write(const void* data, int64_t size) override;
  using OutputStream::write;
  int64_t tell() const override { return static_cast<int64_t>(bytes_.size()); }

  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> release() { return std::move(bytes_); }
  void reserve(int64_t capacity) { bytes_.reserve(static_cast<size_t>(capacity)); }

 private:
  std::vector<uint8_t> bytes_;
};

// A file written through a user-space buffer. Writes of at least the buffer's capacity go straight to the
// file (after flushing what is buffered), so large pages are never copied.
class FileOutputStream final : public OutputStream {
 public:
  static constexpr int64_t kDefaultBufferSize = 1 << 20;

  // Create or truncate `path`. Throws IoError.
  explicit FileOutputStream(const std::filesystem::path& path, int64_t buffer_size = kDefaultBufferSize);
  ~FileOutputStream() override;
  FileOutputStream(const FileOutputStream&) = delete;
  FileOutputStream& operator=(const FileOutputStream&) = delete;

  void write(const void* data, int64_t size) override;
  using OutputStream::write;
  int64_t tell() const override { return position_; }
  void flush() override;
  // flush(), then fsync(2) the file.
  void sync();
  // flush() and close the descriptor. Idempotent.
  void close();
  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

 private:
  friend class AtomicFileWriter;
  struct Adopt {};
  FileOutputStream(Adopt, int fd, std::string path, int64_t buffer_size);
  void write_fully(const uint8_t* data, int64_t size);
  void check_open(const char* what) const;

  std::string path_;
  int fd_ = -1;
  std::vector<uint8_t> buffer_;
  int64_t buffered_ = 0;
  int64_t position_ = 0;
};

// What commit() promises. Both replace the destination atomically by rename, so a crash or kill of the
// process leaves the old file or the complete new one. kDurable also fsyncs the file and its folder, so the
// new file survives a power loss or a kernel crash too — at the cost of waiting for the disk (leveldb's
// WriteOptions::sync makes the same trade).
enum class Durability : uint8_t { kAtomic, kDurable };

// Writes a file under a temporary name and renames it into place on commit().
class AtomicFileWriter final : public OutputStream {
 public:
  // Create `<destination>.tmp-<random>` beside `destination`. Throws IoError (e.g. the folder does not exist).
  explicit AtomicFileWriter(const std::filesystem::path& destination,
                            int64_t buffer_size = FileOutputStream::kDefaultBufferSize,
                            Durability durability = Durability::kDurable);
  AtomicFileWriter(const std::filesystem::path& destination, Durability durability)
      : AtomicFileWriter(destination, FileOutputStream::kDefaultBufferSize, durability) {}
  // Without commit(): closes and removes the temporary, leaving any old destination untouched.
  ~AtomicFileWriter() override;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(const void* data, int64_t size) override;
  using OutputStream::write;
  int64_t tell() const override { return stream_.tell(); }
  void flush() override { stream_.flush(); }

  // Flush, fsync, rename over the destination, fsync the folder. On failure the temporary is removed and the
  // destination is unchanged; the error propagates. REQUIRES: not yet committed or aborted.
  void commit();
  // Drop everything written and remove the temporary now. Idempotent.
  void abort() noexcept;

  const std::string& destination() const { return destination_; }
  const std::string& temporary_path() const { return temporary_; }
  bool committed() const { return committed_; }

 private:
  static FileOutputStream create_temporary(const std::string& destination, std::string& temporary,
                                           int64_t buffer_size);

  std::string destination_;
  std::string temporary_;
  FileOutputStream stream_;
  Durability durability_ = Durability::kDurable;
  bool committed_ = false;
  bool finished_ = false;
};

}  // namespace strata::io
