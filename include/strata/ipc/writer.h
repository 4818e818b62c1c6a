// Arrow IPC writers: the file format (Feather v2, `.arrow`/`.feather`) and the stream format, per the Arrow
// columnar format specification. Record batches go out as they come (one message each, buffers padded to
// 8 bytes); dictionary-encoded columns send their dictionary once, then deltas when a later batch's
// dictionary extends it (a replacement is allowed in the stream format only). Buffers may be compressed with
// LZ4_FRAME or ZSTD. Files are written atomically (temporary name, renamed by close()).
//
//   strata::ipc::write_feather(table, "tx.feather");
//   strata::ipc::FileWriter w("tx.arrow", table.schema(), {.compression = io::CompressionType::kZstd});
//   for (auto& batch : batches) w.write(batch);
//   w.close();
//
// Not thread-safe: one writer per thread.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "strata/columnar/table.h"
#include "strata/io/compression.h"
#include "strata/io/output_stream.h"

namespace strata::ipc {

struct WriteOptions {
  std::optional<io::CompressionType> compression;  // kLz4Frame or kZstd; none by default
  std::optional<int> compression_level;
  int64_t max_batch_rows = 0;                       // write_feather: split tables into batches of this size
  bool sync = false;                                // fsync the file on close (it is replaced atomically anyway)
};

namespace internal {
struct Block;
class PayloadWriter;
}  // namespace internal

class StreamWriter {
 public:
  // Write the stream format to `out` (not owned; must outlive the writer).
  StreamWriter(io::OutputStream& out, columnar::SchemaPtr schema, WriteOptions options = {});
  virtual ~StreamWriter();

  void write(const columnar::RecordBatch& batch);
  void write(const columnar::Table& table);
  // Write the end-of-stream marker. REQUIRES: called once.
  virtual void close();

 protected:
  StreamWriter(io::OutputStream& out, columnar::SchemaPtr schema, WriteOptions options, bool file_format);
  std::unique_ptr<internal::PayloadWriter> payload_;
};

class FileWriter : public StreamWriter {
 public:
  // Create `path` (atomically replaced on close()).
  FileWriter(const std::filesystem::path& path, columnar::SchemaPtr schema, WriteOptions options = {});
  ~FileWriter() override;
  // Write the footer and rename the file into place.
  void close() override;

 private:
  FileWriter(std::unique_ptr<io::AtomicFileWriter> file, columnar::SchemaPtr schema, WriteOptions options);
  std::unique_ptr<io::AtomicFileWriter> file_;
};

// Write a whole table as an Arrow IPC file (Feather v2).
void write_feather(const columnar::Table& table, const std::filesystem::path& path, const WriteOptions& options = {});
// Write a whole table in the stream format.
void write_ipc_stream(const columnar::Table& table, io::OutputStream& out, const WriteOptions& options = {});

}  // namespace strata::ipc
