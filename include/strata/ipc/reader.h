// Arrow IPC readers: the file format (Feather v2) with random access to record batches, and the stream
// format read message by message. Uncompressed files are read zero-copy from a memory map: arrays point into
// the mapped file, which stays mapped while any of them lives. Every offset, length and count in the file is
// checked against the file before use; a bad file raises FormatError naming it, the offset and the problem.
// Metadata versions V4 and V5 are read (including the pre-0.15 framing without a continuation marker);
// big-endian files and union, interval, run-end-encoded and view types raise NotImplemented.
//
// Thread-safety: a reader may be used from one thread at a time; the tables it returns are immutable.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "strata/columnar/table.h"
#include "strata/io/file.h"

namespace strata::ipc {

namespace internal {
class ReaderState;
}

class FileReader {
 public:
  // Map `path` and read its footer, schema and dictionaries. Throws IoError or FormatError.
  static FileReader open(const std::filesystem::path& path);
  // Read from bytes already in memory (kept alive by `owner`).
  static FileReader open(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name);
  FileReader(FileReader&&) noexcept;
  FileReader& operator=(FileReader&&) noexcept;
  ~FileReader();

  const columnar::SchemaPtr& schema() const;
  int num_record_batches() const;
  columnar::RecordBatch read_record_batch(int i) const;
  columnar::Table read_all() const;

 private:
  explicit FileReader(std::unique_ptr<internal::ReaderState> state);
  std::unique_ptr<internal::ReaderState> state_;
};

class StreamReader {
 public:
  static StreamReader open(const std::filesystem::path& path);
  static StreamReader open(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name);
  StreamReader(StreamReader&&) noexcept;
  StreamReader& operator=(StreamReader&&) noexcept;
  ~StreamReader();

  const columnar::SchemaPtr& schema() const;
  // The next record batch, or nullopt at the end of the stream.
  std::optional<columnar::RecordBatch> next();
  columnar::Table read_all();

 private:
  explicit StreamReader(std::unique_ptr<internal::ReaderState> state);
  std::unique_ptr<internal::ReaderState> state_;
};

// Read a whole Arrow IPC file (Feather v2), or a stream when the file does not start with "ARROW1".
columnar::Table read_feather(const std::filesystem::path& path);

}  // namespace strata::ipc
