// Arrow IPC metadata (internal): Schema, Field, RecordBatch, DictionaryBatch, Message and Footer as
// flatbuffers, per the Arrow columnar format specification ("Serialization and Interprocess Communication")
// and format/Schema.fbs, Message.fbs, File.fbs. Field ids below are the tables' field order in those files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "flatbuffer.h"
#include "strata/columnar/type.h"
#include "strata/io/compression.h"

namespace strata::ipc::internal {

enum class MessageType : uint8_t { kNone = 0, kSchema = 1, kDictionaryBatch = 2, kRecordBatch = 3 };

inline constexpr int16_t kMetadataV5 = 4;

struct FieldNode {
  int64_t length;
  int64_t null_count;
};
struct BufferSpec {
  int64_t offset;
  int64_t length;
};
struct Block {  // File.fbs Block: offset, metaDataLength (i32), bodyLength
  int64_t offset;
  int32_t metadata_length;
  int64_t body_length;
};

struct RecordBatchMeta {
  int64_t length = 0;
  std::vector<FieldNode> nodes;
  std::vector<BufferSpec> buffers;
  std::optional<io::CompressionType> compression;  // kLz4Frame or kZstd
};

struct DictionaryBatchMeta {
  int64_t id = 0;
  RecordBatchMeta data;
  bool is_delta = false;
};

// A schema read from metadata: the columnar schema plus, for each dictionary-encoded field in pre-order
// (every field and its children), its dictionary id.
struct SchemaMeta {
  columnar::SchemaPtr schema;
  // Dictionary id of each dictionary field, keyed by its position in a depth-first walk of the fields.
  std::map<int, int64_t> dictionary_ids;
  bool big_endian = false;
};

struct Message {
  MessageType type = MessageType::kNone;
  int64_t body_length = 0;
  SchemaMeta schema;
  RecordBatchMeta batch;
  DictionaryBatchMeta dictionary;
};

// Builders. Dictionary ids are assigned to dictionary fields in depth-first order: `dictionary_ids` gives
// them by that position.
std::vector<uint8_t> build_schema_message(const columnar::Schema& schema, const std::map<int, int64_t>& dictionary_ids);
std::vector<uint8_t> build_record_batch_message(const RecordBatchMeta& batch, int64_t body_length);
std::vector<uint8_t> build_dictionary_message(const DictionaryBatchMeta& dictionary, int64_t body_length);
std::vector<uint8_t> build_footer(const columnar::Schema& schema, const std::map<int, int64_t>& dictionary_ids,
                                  const std::vector<Block>& dictionaries, const std::vector<Block>& batches);

// Parsers (throw FormatError on malformed metadata, NotImplemented on valid but unsupported types).
Message parse_message(fb::Buffer buffer);
struct Footer {
  SchemaMeta schema;
  std::vector<Block> dictionaries;
  std::vector<Block> batches;
};
Footer parse_footer(fb::Buffer buffer);

}  // namespace strata::ipc::internal
