#include "strata/ipc/writer.h"

#include <cstring>

#include "metadata.h"
#include "strata/core/error.h"

namespace strata::ipc {

using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataType;
using columnar::TypeId;
using internal::BufferSpec;
using internal::FieldNode;

namespace internal {

namespace {

constexpr uint8_t kPadding[8] = {};
constexpr uint32_t kContinuation = 0xFFFFFFFFu;
constexpr char kMagic[8] = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};

int64_t pad8(int64_t n) { return (n + 7) & ~int64_t{7}; }

// A byte range of a buffer to put in the body.
struct BodyPart {
  BufferPtr owner;  // keeps the bytes alive
  const uint8_t* data;
  int64_t size;
};

// Lays an array (a range of it) out as IPC field nodes and body buffers, per the spec's "Buffer layout".
class BodyBuilder {
 public:
  std::vector<FieldNode> nodes;
  std::vector<BodyPart> parts;

  void add(const ArrayData& d, int64_t offset, int64_t length) {
    const DataType& t = *d.type;
    const int64_t nulls = null_count(d, offset, length);
    nodes.push_back({length, nulls});
    if (t.id() == TypeId::kNull) return;  // no buffers
    add_bitmap(nulls == 0 ? nullptr : d.buffers[0], offset, length);
    switch (t.id()) {
      case TypeId::kBool: add_bitmap(d.buffers[1], offset, length); return;
      case TypeId::kString:
      case TypeId::kBinary: add_binary<int32_t>(d, offset, length); return;
      case TypeId::kLargeString:
      case TypeId::kLargeBinary: add_binary<int64_t>(d, offset, length); return;
      case TypeId::kList:
      case TypeId::kMap: add_list<int32_t>(d, offset, length); return;
      case TypeId::kLargeList: add_list<int64_t>(d, offset, length); return;
      case TypeId::kFixedSizeList: {
        const int64_t n = t.list_size();
        const ArrayData& child = *d.children[0];
        add(child, child.offset + offset * n, length * n);
        return;
      }
      case TypeId::kStruct:
        for (const auto& child : d.children) add(*child, child->offset + offset, length);
        return;
      case TypeId::kDictionary: {
        const int64_t w = t.index_type()->byte_width();
        add_range(d.buffers[1], offset * w, length * w);
        return;
      }
      default: {
        if (!t.is_fixed_width()) raise<NotImplemented>("writing Arrow IPC for type {}", t.to_string());
        const int64_t w = t.byte_width();
        add_range(d.buffers[1], offset * w, length * w);
      }
    }
  }

 private:
  static int64_t null_count(const ArrayData& d, int64_t offset, int64_t length) {
    if (d.type->id() == TypeId::kNull) return length;
    if (d.null_count == 0 || !d.validity()) return 0;
    if (offset == d.offset && length == d.length && d.null_count > 0) return d.null_count;
    return length - bit_util::count_set_bits(d.validity(), offset, length);
  }

  void add_range(const BufferPtr& b, int64_t byte_offset, int64_t size) {
    if (!b || size == 0) {
      parts.push_back({nullptr, nullptr, 0});
      return;
    }
    parts.push_back({b, b->data() + byte_offset, size});
  }

  void add_bitmap(const BufferPtr& b, int64_t bit_offset, int64_t length) {
    if (!b) {
      parts.push_back({nullptr, nullptr, 0});
      return;
    }
    const int64_t bytes = bit_util::bytes_for_bits(length);
    if (bit_offset % 8 == 0) {
      add_range(b, bit_offset / 8, bytes);
      return;
    }
    auto copy = Buffer::allocate_zeroed(bytes);
    bit_util::copy_bitmap(b->data(), bit_offset, length, copy->mutable_data(), 0);
    parts.push_back({copy, copy->data(), bytes});
  }

  // Offsets rebased to start at zero when the range does not start at the buffer's first offset.
  template <typename OffsetT>
  std::pair<int64_t, int64_t> add_offsets(const ArrayData& d, int64_t offset, int64_t length) {
    const OffsetT* in = d.buffers[1]->data_as<OffsetT>() + offset;
    const int64_t first = in[0];
    const int64_t last = in[length];
    if (first == 0) {
      add_range(d.buffers[1], offset * static_cast<int64_t>(sizeof(OffsetT)), (length + 1) * static_cast<int64_t>(sizeof(OffsetT)));
    } else {
      auto copy = Buffer::allocate((length + 1) * static_cast<int64_t>(sizeof(OffsetT)));
      OffsetT* out = copy->mutable_data_as<OffsetT>();
      for (int64_t i = 0; i <= length; ++i) out[i] = static_cast<OffsetT>(in[i] - first);
      parts.push_back({copy, copy->data(), copy->size()});
    }
    return {first, last};
  }

  template <typename OffsetT>
  void add_binary(const ArrayData& d, int64_t offset, int64_t length) {
    auto [first, last] = add_offsets<OffsetT>(d, offset, length);
    add_range(d.buffers[2], first, last - first);
  }

  template <typename OffsetT>
  void add_list(const ArrayData& d, int64_t offset, int64_t length) {
    auto [first, last] = add_offsets<OffsetT>(d, offset, length);
    const ArrayData& child = *d.children[0];
    add(child, child.offset + first, last - first);
  }
};

}  // namespace

class PayloadWriter {
 public:
  PayloadWriter(io::OutputStream& out, columnar::SchemaPtr schema, WriteOptions options, bool file_format)
      : out_(out), schema_(std::move(schema)), options_(options), file_format_(file_format) {
    if (options_.compression) {
      if (*options_.compression != io::CompressionType::kLz4Frame && *options_.compression != io::CompressionType::kZstd) {
        raise("Arrow IPC compresses with lz4_frame or zstd, not {}", io::compression_name(*options_.compression));
      }
      codec_ = io::Codec::make(*options_.compression, options_.compression_level);
    }
    int position = 0;
    int64_t next_id = 0;
    for (const auto& f : schema_->fields()) assign_ids(*f->type(), &position, &next_id);
    if (file_format_) {
      out_.write(kMagic, 8);
    }
    write_message(build_schema_message(*schema_, dictionary_ids_), {}, nullptr);
  }

  void write(const columnar::RecordBatch& batch) {
    if (closed_) raise("Arrow IPC writer: write after close");
    if (!batch.schema()->equals(*schema_)) {
      raise<SchemaError>("Arrow IPC writer: batch schema\n{}differs from the stream's\n{}", batch.schema()->to_string(),
                         schema_->to_string());
    }
    int position = 0;
    for (int c = 0; c < batch.num_columns(); ++c) {
      write_dictionaries(*batch.column(c).data(), &position);
    }
    BodyBuilder body;
    for (int c = 0; c < batch.num_columns(); ++c) {
      const ArrayData& d = *batch.column(c).data();
      body.add(d, d.offset, d.length);
    }
    RecordBatchMeta meta;
    meta.length = batch.num_rows();
    meta.nodes = std::move(body.nodes);
    write_body_message(meta, body.parts, [&](int64_t body_length) {
      return build_record_batch_message(meta, body_length);
    }, &batches_);
  }

  void close() {
    if (closed_) raise("Arrow IPC writer: closed twice");
    closed_ = true;
    const uint32_t eos[2] = {kContinuation, 0};
    out_.write(eos, 8);
    position_ += 8;
    if (file_format_) {
      const std::vector<uint8_t> footer = build_footer(*schema_, dictionary_ids_, dictionaries_, batches_);
      out_.write(footer.data(), static_cast<int64_t>(footer.size()));
      const int32_t footer_length = static_cast<int32_t>(footer.size());
      out_.write(&footer_length, 4);
      out_.write(kMagic, 6);
    }
  }

 private:
  void assign_ids(const DataType& t, int* position, int64_t* next_id) {
    const int mine = (*position)++;
    const DataType* type = &t;
    if (t.id() == TypeId::kDictionary) {
      dictionary_ids_[mine] = (*next_id)++;
      type = t.value_type().get();
      if (type->is_nested()) raise<NotImplemented>("writing Arrow IPC dictionaries of nested values");
    }
    for (const auto& child : type->fields()) assign_ids(*child->type(), position, next_id);
  }

  // Send the dictionaries found in `d` (depth-first, matching assign_ids).
  void write_dictionaries(const ArrayData& d, int* position) {
    const int mine = (*position)++;
    if (d.type->id() == TypeId::kDictionary) {
      const int64_t id = dictionary_ids_.at(mine);
      const std::shared_ptr<ArrayData>& dict = d.dictionary;
      auto it = sent_.find(id);
      if (it == sent_.end()) {
        send_dictionary(id, *dict, 0, dict->length, false);
        sent_[id] = dict;
      } else if (it->second != dict) {
        const columnar::Array previous(it->second);
        const columnar::Array current(dict);
        if (current.length() >= previous.length() && current.slice(0, previous.length()).equals(previous)) {
          if (current.length() > previous.length()) {
            send_dictionary(id, *dict, dict->offset + previous.length(), current.length() - previous.length(), true);
          }
        } else if (file_format_) {
          raise<InvalidArgument>(
              "Arrow IPC files hold one dictionary per field (plus deltas); batch dictionary of field {} replaces it. "
              "Use the stream format, or unify the dictionaries first", mine);
        } else {
          send_dictionary(id, *dict, dict->offset, dict->length, false);
        }
        it->second = dict;
      }
      return;
    }
    for (const auto& child : d.children) write_dictionaries(*child, position);
  }

  void send_dictionary(int64_t id, const ArrayData& values, int64_t offset, int64_t length, bool delta) {
    BodyBuilder body;
    body.add(values, offset, length);
    DictionaryBatchMeta meta;
    meta.id = id;
    meta.is_delta = delta;
    meta.data.length = length;
    meta.data.nodes = std::move(body.nodes);
    write_body_message(meta.data, body.parts, [&](int64_t body_length) {
      return build_dictionary_message(meta, body_length);
    }, &dictionaries_);
  }

  // Compress (when asked) and lay out the body, fill in `meta.buffers`, then write metadata and body.
  template <typename BuildMessage>
  void write_body_message(RecordBatchMeta& meta, const std::vector<BodyPart>& parts, BuildMessage build,
                          std::vector<Block>* blocks) {
    std::vector<BodyPart> body;
    std::vector<std::vector<uint8_t>> compressed_storage;
    meta.buffers.clear();
    meta.compression = options_.compression;
    int64_t offset = 0;
    for (const auto& part : parts) {
      BodyPart out = part;
      if (codec_ && part.size > 0) {
        std::vector<uint8_t> c(static_cast<size_t>(8 + codec_->max_compressed_length(part.size)));
        const int64_t n = codec_->compress({part.data, static_cast<size_t>(part.size)}, {c.data() + 8, c.size() - 8});
        int64_t prefix = part.size;
        if (n >= part.size) {  // not worth it: store uncompressed, marked by -1 (as the spec allows)
          prefix = -1;
          c.resize(static_cast<size_t>(8 + part.size));
          std::memcpy(c.data() + 8, part.data, static_cast<size_t>(part.size));
        } else {
          c.resize(static_cast<size_t>(8 + n));
        }
        std::memcpy(c.data(), &prefix, 8);
        compressed_storage.push_back(std::move(c));
        out = {nullptr, compressed_storage.back().data(), static_cast<int64_t>(compressed_storage.back().size())};
      }
      meta.buffers.push_back({offset, out.size});
      body.push_back(out);
      offset += pad8(out.size);
    }
    write_message(build(offset), body, blocks);
  }

  void write_message(const std::vector<uint8_t>& metadata, const std::vector<BodyPart>& body,
                     std::vector<Block>* blocks) {
    const int64_t start = position_ + (file_format_ ? 8 : 0);
    const uint32_t prefix[2] = {kContinuation, static_cast<uint32_t>(metadata.size())};
    out_.write(prefix, 8);
    out_.write(metadata.data(), static_cast<int64_t>(metadata.size()));
    int64_t body_length = 0;
    for (const auto& part : body) {
      if (part.size > 0) out_.write(part.data, part.size);
      const int64_t padding = pad8(part.size) - part.size;
      if (padding > 0) out_.write(kPadding, padding);
      body_length += part.size + padding;
    }
    position_ += 8 + static_cast<int64_t>(metadata.size()) + body_length;
    if (blocks != nullptr) blocks->push_back({start, static_cast<int32_t>(8 + metadata.size()), body_length});
  }

  io::OutputStream& out_;
  columnar::SchemaPtr schema_;
  WriteOptions options_;
  bool file_format_;
  bool closed_ = false;
  std::unique_ptr<io::Codec> codec_;
  std::map<int, int64_t> dictionary_ids_;
  std::map<int64_t, std::shared_ptr<ArrayData>> sent_;
  std::vector<Block> dictionaries_;
  std::vector<Block> batches_;
  int64_t position_ = 0;  // bytes written after the file magic
};

}  // namespace internal

StreamWriter::StreamWriter(io::OutputStream& out, columnar::SchemaPtr schema, WriteOptions options)
    : StreamWriter(out, std::move(schema), options, false) {}

StreamWriter::StreamWriter(io::OutputStream& out, columnar::SchemaPtr schema, WriteOptions options, bool file_format)
    : payload_(std::make_unique<internal::PayloadWriter>(out, std::move(schema), options, file_format)) {}

StreamWriter::~StreamWriter() = default;

void StreamWriter::write(const columnar::RecordBatch& batch) { payload_->write(batch); }

void StreamWriter::write(const columnar::Table& table) {
  for (const auto& batch : table.to_batches()) payload_->write(batch);
}

void StreamWriter::close() { payload_->close(); }

namespace {
std::unique_ptr<io::AtomicFileWriter> open_atomic(const std::filesystem::path& path, bool sync) {
  return std::make_unique<io::AtomicFileWriter>(path, sync ? io::Durability::kDurable : io::Durability::kAtomic);
}
}  // namespace

FileWriter::FileWriter(const std::filesystem::path& path, columnar::SchemaPtr schema, WriteOptions options)
    : FileWriter(open_atomic(path, options.sync), std::move(schema), options) {}

FileWriter::FileWriter(std::unique_ptr<io::AtomicFileWriter> file, columnar::SchemaPtr schema, WriteOptions options)
    : StreamWriter(*file, std::move(schema), options, true), file_(std::move(file)) {}

FileWriter::~FileWriter() = default;

void FileWriter::close() {
  payload_->close();
  file_->commit();
}

void write_feather(const columnar::Table& table, const std::filesystem::path& path, const WriteOptions& options) {
  FileWriter writer(path, table.schema(), options);
  for (const auto& batch : table.to_batches(options.max_batch_rows)) writer.write(batch);
  writer.close();
}

void write_ipc_stream(const columnar::Table& table, io::OutputStream& out, const WriteOptions& options) {
  StreamWriter writer(out, table.schema(), options);
  for (const auto& batch : table.to_batches(options.max_batch_rows)) writer.write(batch);
  writer.close();
}

}  // namespace strata::ipc
