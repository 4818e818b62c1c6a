#include "strata/ipc/reader.h"

#include <cstring>
#include <map>

#include "metadata.h"
#include "strata/columnar/concatenate.h"
#include "strata/core/error.h"

namespace strata::ipc {

using columnar::Array;
using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataType;
using columnar::TypeId;
using internal::Message;
using internal::MessageType;

namespace internal {

namespace {
constexpr uint32_t kContinuation = 0xFFFFFFFFu;
constexpr char kMagic[6] = {'A', 'R', 'R', 'O', 'W', '1'};
}  // namespace

// Everything a reader needs: the bytes, the schema, the dictionaries received so far.
class ReaderState {
 public:
  ReaderState(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name)
      : bytes_(bytes), owner_(std::move(owner)), name_(std::move(name)) {}

  [[noreturn]] void fail(int64_t offset, const std::string& why) const { throw FormatError(name_, offset, why); }

  // A message at `offset`: its metadata, and the position and length of its body. Returns false at the end of
  // the stream (an end-of-stream marker or the end of the bytes).
  bool read_message(int64_t offset, Message* message, int64_t* body_offset, int64_t* next) {
    const int64_t size = static_cast<int64_t>(bytes_.size());
    if (offset == size) return false;
    if (offset + 4 > size) fail(offset, "truncated: a message header needs 4 bytes");
    uint32_t word;
    std::memcpy(&word, bytes_.data() + offset, 4);
    int64_t pos = offset + 4;
    if (word == kContinuation) {
      if (pos + 4 > size) fail(offset, "truncated: a message header needs 8 bytes");
      std::memcpy(&word, bytes_.data() + pos, 4);
      pos += 4;
    }
    const int64_t metadata_length = static_cast<int32_t>(word);
    if (metadata_length == 0) return false;
    if (metadata_length < 0 || metadata_length > size - pos) {
      fail(offset, fmt::format("message metadata of {} bytes does not fit in the {} bytes left", metadata_length, size - pos));
    }
    try {
      *message = parse_message({bytes_.data() + pos, static_cast<size_t>(metadata_length)});
    } catch (const FormatError& e) {
      fail(offset, e.what());
    }
    *body_offset = pos + metadata_length;
    if (message->body_length > size - *body_offset) {
      fail(offset, fmt::format("message body of {} bytes does not fit in the {} bytes left", message->body_length,
                               size - *body_offset));
    }
    *next = *body_offset + message->body_length;
    return true;
  }

  void set_schema(internal::SchemaMeta schema, int64_t offset) {
    if (schema.big_endian) {
      throw NotImplemented(fmt::format("{}: big-endian Arrow IPC data is not supported (at byte {})", name_, offset));
    }
    schema_ = std::move(schema);
    // Index dictionary fields by id, keeping the field so the dictionary's value type is known.
    int position = 0;
    for (const auto& f : schema_.schema->fields()) index_dictionary_fields(*f->type(), &position, offset);
  }

  const columnar::SchemaPtr& schema() const { return schema_.schema; }

  void add_dictionary(const internal::DictionaryBatchMeta& meta, int64_t body_offset, int64_t body_length,
                      int64_t message_offset) {
    auto it = dictionary_types_.find(meta.id);
    if (it == dictionary_types_.end()) fail(message_offset, fmt::format("dictionary batch for unknown id {}", meta.id));
    Body body{this, body_offset, body_length, &meta.data, message_offset};
    // The values take the dictionary field's place in the depth-first walk of the schema.
    body.position_ = dictionary_positions_.at(meta.id);
    auto values = body.read_column(*columnar::field("dictionary", it->second));
    if (values->length != meta.data.length) {
      fail(message_offset, fmt::format("dictionary of {} values in a batch of length {}", values->length, meta.data.length));
    }
    if (meta.is_delta) {
      auto existing = dictionaries_.find(meta.id);
      if (existing == dictionaries_.end()) fail(message_offset, fmt::format("delta for dictionary {} before the dictionary", meta.id));
      existing->second = columnar::concatenate({Array(existing->second), Array(values)}).data();
    } else {
      dictionaries_[meta.id] = values;
    }
  }

  columnar::RecordBatch read_batch(const internal::RecordBatchMeta& meta, int64_t body_offset, int64_t body_length,
                                   int64_t message_offset) {
    Body body{this, body_offset, body_length, &meta, message_offset};
    std::vector<Array> columns;
    for (const auto& f : schema_.schema->fields()) {
      auto data = body.read_column(*f);
      if (data->length != meta.length) {
        fail(message_offset, fmt::format("column \"{}\" has {} rows in a batch of {}", f->name(), data->length, meta.length));
      }
      columns.emplace_back(std::move(data));
    }
    if (body.node_ != meta.nodes.size() || body.buffer_ != meta.buffers.size()) {
      fail(message_offset, fmt::format("record batch has {} field nodes and {} buffers; the schema uses {} and {}",
                                       meta.nodes.size(), meta.buffers.size(), body.node_, body.buffer_));
    }
    return columnar::RecordBatch(schema_.schema, std::move(columns), meta.length);
  }

  std::span<const uint8_t> bytes() const { return bytes_; }
  const std::string& name() const { return name_; }

  // Footer blocks (file format) or the stream position.
  std::vector<internal::Block> batch_blocks;
  int64_t stream_position = 0;

 private:
  void index_dictionary_fields(const DataType& t, int* position, int64_t offset) {
    const int mine = (*position)++;
    const DataType* type = &t;
    if (t.id() == TypeId::kDictionary) {
      const auto id_it = schema_.dictionary_ids.find(mine);
      if (id_it == schema_.dictionary_ids.end()) {
        fail(offset, fmt::format("schema: the dictionary-encoded field at position {} has no dictionary id", mine));
      }
      const int64_t id = id_it->second;
      dictionary_types_[id] = t.value_type();
      dictionary_positions_[id] = mine;
      type = t.value_type().get();
    }
    for (const auto& child : type->fields()) index_dictionary_fields(*child->type(), position, offset);
  }

  // Reads the arrays of one message body, node by node and buffer by buffer.
  struct Body {
    ReaderState* state;
    int64_t offset;
    int64_t length;
    const internal::RecordBatchMeta* meta;
    int64_t message_offset;
    size_t node_ = 0;
    size_t buffer_ = 0;
    int position_ = 0;  // depth-first field position, for dictionary ids

    [[noreturn]] void fail(const std::string& why) const { state->fail(message_offset, why); }

    internal::FieldNode next_node(const columnar::Field& field) {
      if (node_ >= meta->nodes.size()) fail(fmt::format("no field node left for field \"{}\"", field.name()));
      auto n = meta->nodes[node_++];
      // A length past INT64_MAX / 16 cannot be addressed in any buffer (and would overflow the bitmap's and the
      // offsets' sizes).
      if (n.length < 0 || n.length > INT64_MAX / 16 || n.null_count < 0 || n.null_count > n.length) {
        fail(fmt::format("field \"{}\": impossible length {} / null count {}", field.name(), n.length, n.null_count));
      }
      return n;
    }

    // The next buffer, decompressed if needed, at most `limit` bytes used; `alignment` for typed access.
    BufferPtr next_buffer(const columnar::Field& field, int64_t limit, int64_t alignment) {
      if (buffer_ >= meta->buffers.size()) fail(fmt::format("no buffer left for field \"{}\"", field.name()));
      const auto spec = meta->buffers[buffer_++];
      if (spec.offset < 0 || spec.length < 0 || spec.offset > length || spec.length > length - spec.offset) {
        fail(fmt::format("field \"{}\": buffer [{}, +{}) outside the {}-byte body", field.name(), spec.offset,
                         spec.length, length));
      }
      const uint8_t* p = state->bytes_.data() + offset + spec.offset;
      if (spec.length == 0) return Buffer::allocate(0);
      if (meta->compression) {
        if (spec.length < 8) fail(fmt::format("field \"{}\": compressed buffer of {} bytes", field.name(), spec.length));
        int64_t uncompressed;
        std::memcpy(&uncompressed, p, 8);
        if (uncompressed == -1) return wrap(p + 8, spec.length - 8, alignment);
        // Bounded by what the buffer can need and by what its compressed bytes can expand to (LZ4 frames
        // expand at most ~255x, ZSTD a few thousand times on runs), so a hostile size never allocates.
        const int64_t expand_limit = (spec.length << 16) + (int64_t{1} << 20);
        if (uncompressed < 0 || uncompressed > limit + 64 || uncompressed > expand_limit) {
          fail(fmt::format("field \"{}\": buffer claims {} uncompressed bytes, at most {} are needed", field.name(),
                           uncompressed, limit));
        }
        auto out = Buffer::allocate(uncompressed);
        if (!state->codec_ || state->codec_->type() != *meta->compression) state->codec_ = io::Codec::make(*meta->compression);
        try {
          state->codec_->decompress({p + 8, static_cast<size_t>(spec.length - 8)},
                                    {out->mutable_data(), static_cast<size_t>(uncompressed)});
        } catch (const FormatError& e) {
          fail(fmt::format("field \"{}\": {}", field.name(), e.what()));
        }
        return out;
      }
      return wrap(p, spec.length, alignment);
    }

    BufferPtr wrap(const uint8_t* p, int64_t n, int64_t alignment) {
      if (reinterpret_cast<uintptr_t>(p) % static_cast<uintptr_t>(alignment) != 0) return Buffer::copy_of(p, n);
      return Buffer::wrap(p, n, state->owner_);
    }

    BufferPtr validity(const columnar::Field& field, const internal::FieldNode& n) {
      BufferPtr b = next_buffer(field, bit_util::bytes_for_bits(n.length), 1);
      if (n.null_count == 0) return nullptr;
      if (b->size() < bit_util::bytes_for_bits(n.length)) {
        fail(fmt::format("field \"{}\": validity bitmap of {} bytes for {} values", field.name(), b->size(), n.length));
      }
      return b;
    }

    template <typename OffsetT>
    BufferPtr offsets(const columnar::Field& field, int64_t length, int64_t* last) {
      if (length > INT64_MAX / 16) fail(fmt::format("field \"{}\": impossible length {}", field.name(), length));
      const int64_t need = (length + 1) * static_cast<int64_t>(sizeof(OffsetT));
      BufferPtr b = next_buffer(field, need, sizeof(OffsetT));
      if (length == 0 && b->size() < need) {
        b = Buffer::allocate_zeroed(need);
      }
      if (b->size() < need) fail(fmt::format("field \"{}\": offsets buffer of {} bytes for {} values", field.name(), b->size(), length));
      const OffsetT* o = b->data_as<OffsetT>();
      if (o[0] < 0) fail(fmt::format("field \"{}\": negative first offset", field.name()));
      for (int64_t i = 0; i < length; ++i) {
        if (o[i + 1] < o[i]) fail(fmt::format("field \"{}\": offsets decrease at element {}", field.name(), i));
      }
      *last = o[length];
      return b;
    }

    std::shared_ptr<ArrayData> read_column(const columnar::Field& field) {
      const int mine = position_++;
      const DataType& t = *field.type();
      auto node = next_node(field);
      auto data = std::make_shared<ArrayData>();
      data->type = field.type();
      data->length = node.length;
      data->null_count = node.null_count;
      if (t.id() == TypeId::kNull) {
        data->null_count = node.length;
        data->buffers = {nullptr};
        return data;
      }
      data->buffers.push_back(validity(field, node));
      const int64_t n = node.length;
      switch (t.id()) {
        case TypeId::kBool: data->buffers.push_back(sized(field, n, 1, true)); break;
        case TypeId::kString:
        case TypeId::kBinary: binary<int32_t>(field, data.get()); break;
        case TypeId::kLargeString:
        case TypeId::kLargeBinary: binary<int64_t>(field, data.get()); break;
        case TypeId::kList:
        case TypeId::kMap: list<int32_t>(field, data.get()); break;
        case TypeId::kLargeList: list<int64_t>(field, data.get()); break;
        case TypeId::kFixedSizeList: {
          auto child = read_column(*t.fields()[0]);
          // child->length < n * list_size, without the product (n comes from the file and may be huge).
          const int64_t size = t.list_size();
          if (size > 0 && n > child->length / size) {
            fail(fmt::format("field \"{}\": fixed-size list child too short", field.name()));
          }
          data->children.push_back(std::move(child));
          break;
        }
        case TypeId::kStruct:
          for (const auto& f : t.fields()) {
            auto child = read_column(*f);
            if (child->length < n) fail(fmt::format("field \"{}\": struct child \"{}\" too short", field.name(), f->name()));
            data->children.push_back(std::move(child));
          }
          break;
        case TypeId::kDictionary: {
          const int width = t.index_type()->byte_width();
          data->buffers.push_back(sized(field, n, width, false));
          auto id_it = state->schema_.dictionary_ids.find(mine);
          if (id_it == state->schema_.dictionary_ids.end()) {
            raise<NotImplemented>("{}: field \"{}\": dictionaries nested inside dictionaries", state->name_, field.name());
          }
          const int64_t id = id_it->second;
          auto dict = state->dictionaries_.find(id);
          if (dict == state->dictionaries_.end()) fail(fmt::format("field \"{}\": dictionary {} was never sent", field.name(), id));
          data->dictionary = dict->second;
          check_indices(field, *data);
          // The dictionary's own children do not take positions in the batch's depth-first walk.
          break;
        }
        default:
          if (!t.is_fixed_width()) raise<NotImplemented>("reading Arrow IPC columns of type {}", t.to_string());
          data->buffers.push_back(sized(field, n, t.byte_width(), false));
      }
      if (t.id() == TypeId::kDictionary) {
        int skipped = 0;
        count_positions(*t.value_type(), &skipped);
        position_ += skipped;
      }
      return data;
    }

    static void count_positions(const DataType& t, int* count) {
      for (const auto& c : t.fields()) {
        ++*count;
        count_positions(*c->type(), count);
      }
    }

    BufferPtr sized(const columnar::Field& field, int64_t n, int64_t width, bool bits) {
      if (!bits && width > 0 && n > (INT64_MAX - 64) / width) {  // width 0: fixed_size_binary(0)
        fail(fmt::format("field \"{}\": {} values of {} bytes cannot be addressed", field.name(), n, width));
      }
      const int64_t need = bits ? bit_util::bytes_for_bits(n) : n * width;
      BufferPtr b = next_buffer(field, need, bits ? 1 : std::max<int64_t>(width, 1));
      if (b->size() < need) {
        fail(fmt::format("field \"{}\": buffer of {} bytes for {} values of {} bytes", field.name(), b->size(), n,
                         bits ? "1/8" : std::to_string(width)));
      }
      return b;
    }

    template <typename OffsetT>
    void binary(const columnar::Field& field, ArrayData* data) {
      int64_t last;
      data->buffers.push_back(offsets<OffsetT>(field, data->length, &last));
      BufferPtr values = next_buffer(field, last, 1);
      if (values->size() < last) fail(fmt::format("field \"{}\": offsets reach {} in {} bytes of data", field.name(), last, values->size()));
      data->buffers.push_back(std::move(values));
    }

    template <typename OffsetT>
    void list(const columnar::Field& field, ArrayData* data) {
      int64_t last;
      data->buffers.push_back(offsets<OffsetT>(field, data->length, &last));
      auto child = read_column(*field.type()->fields()[0]);
      if (child->length < last) fail(fmt::format("field \"{}\": offsets reach {} in a child of {}", field.name(), last, child->length));
      data->children.push_back(std::move(child));
    }

    void check_indices(const columnar::Field& field, const ArrayData& data) {
      columnar::DictionaryArray d{Array(std::make_shared<ArrayData>(data))};
      const int64_t size = data.dictionary->length;
      for (int64_t i = 0; i < d.length(); ++i) {
        if (d.is_null(i)) continue;
        const int64_t k = d.index(i);
        if (k < 0 || k >= size) fail(fmt::format("field \"{}\": dictionary index {} at row {} outside a dictionary of {}", field.name(), k, i, size));
      }
    }
  };

  std::span<const uint8_t> bytes_;
  std::shared_ptr<const void> owner_;
  std::string name_;
  internal::SchemaMeta schema_;
  std::map<int64_t, columnar::DataTypePtr> dictionary_types_;
  std::map<int64_t, int> dictionary_positions_;
  std::map<int64_t, std::shared_ptr<ArrayData>> dictionaries_;
  std::unique_ptr<io::Codec> codec_;
};

}  // namespace internal

// ------------------------------------------------------------------------------------------------ files

namespace {

struct Mapped {
  std::span<const uint8_t> bytes;
  std::shared_ptr<const void> owner;
};

Mapped map_file(const std::filesystem::path& path) {
  auto file = std::make_shared<io::MemoryMappedFile>(path);
  return {file->bytes(), file};
}

}  // namespace

FileReader::FileReader(std::unique_ptr<internal::ReaderState> state) : state_(std::move(state)) {}
FileReader::FileReader(FileReader&&) noexcept = default;
FileReader& FileReader::operator=(FileReader&&) noexcept = default;
FileReader::~FileReader() = default;

FileReader FileReader::open(const std::filesystem::path& path) {
  Mapped m = map_file(path);
  return open(m.bytes, m.owner, path.string());
}

FileReader FileReader::open(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name) {
  auto state = std::make_unique<internal::ReaderState>(bytes, std::move(owner), std::move(name));
  const int64_t size = static_cast<int64_t>(bytes.size());
  if (size < 18 || std::memcmp(bytes.data(), internal::kMagic, 6) != 0) {
    state->fail(0, "not an Arrow IPC file: it does not start with \"ARROW1\"");
  }
  if (std::memcmp(bytes.data() + size - 6, internal::kMagic, 6) != 0) {
    state->fail(size - 6, "truncated Arrow IPC file: it does not end with \"ARROW1\"");
  }
  int32_t footer_length;
  std::memcpy(&footer_length, bytes.data() + size - 10, 4);
  if (footer_length <= 0 || footer_length > size - 18) {
    state->fail(size - 10, fmt::format("footer length {} does not fit in the file", footer_length));
  }
  const int64_t footer_offset = size - 10 - footer_length;
  internal::Footer footer;
  try {
    footer = internal::parse_footer({bytes.data() + footer_offset, static_cast<size_t>(footer_length)});
  } catch (const FormatError& e) {
    state->fail(footer_offset, e.what());
  }
  state->set_schema(footer.schema, footer_offset);
  for (const auto& block : footer.dictionaries) {
    internal::Message message;
    int64_t body_offset, next;
    if (block.offset < 8 || block.offset >= footer_offset || !state->read_message(block.offset, &message, &body_offset, &next) ||
        message.type != MessageType::kDictionaryBatch) {
      state->fail(block.offset, "the footer's dictionary block does not hold a dictionary batch");
    }
    state->add_dictionary(message.dictionary, body_offset, message.body_length, block.offset);
  }
  for (const auto& block : footer.batches) {
    if (block.offset < 8 || block.offset >= footer_offset) state->fail(footer_offset, fmt::format("record batch block at {} outside the file", block.offset));
  }
  state->batch_blocks = footer.batches;
  return FileReader(std::move(state));
}

const columnar::SchemaPtr& FileReader::schema() const { return state_->schema(); }
int FileReader::num_record_batches() const { return static_cast<int>(state_->batch_blocks.size()); }

columnar::RecordBatch FileReader::read_record_batch(int i) const {
  if (i < 0 || i >= num_record_batches()) {
    raise<InvalidArgument>("{}: record batch {} does not exist; the file has {}", state_->name(), i, num_record_batches());
  }
  const auto& block = state_->batch_blocks[static_cast<size_t>(i)];
  internal::Message message;
  int64_t body_offset, next;
  if (!state_->read_message(block.offset, &message, &body_offset, &next) || message.type != MessageType::kRecordBatch) {
    state_->fail(block.offset, fmt::format("record batch block {} does not hold a record batch", i));
  }
  return state_->read_batch(message.batch, body_offset, message.body_length, block.offset);
}

columnar::Table FileReader::read_all() const {
  std::vector<columnar::RecordBatch> batches;
  for (int i = 0; i < num_record_batches(); ++i) batches.push_back(read_record_batch(i));
  return columnar::Table::from_batches(batches, schema());
}

// ---------------------------------------------------------------------------------------------- streams

StreamReader::StreamReader(std::unique_ptr<internal::ReaderState> state) : state_(std::move(state)) {}
StreamReader::StreamReader(StreamReader&&) noexcept = default;
StreamReader& StreamReader::operator=(StreamReader&&) noexcept = default;
StreamReader::~StreamReader() = default;

StreamReader StreamReader::open(const std::filesystem::path& path) {
  Mapped m = map_file(path);
  return open(m.bytes, m.owner, path.string());
}

StreamReader StreamReader::open(std::span<const uint8_t> bytes, std::shared_ptr<const void> owner, std::string name) {
  auto state = std::make_unique<internal::ReaderState>(bytes, std::move(owner), std::move(name));
  internal::Message message;
  int64_t body_offset, next;
  if (!state->read_message(0, &message, &body_offset, &next) || message.type != MessageType::kSchema) {
    state->fail(0, "an Arrow IPC stream must start with a schema message");
  }
  state->set_schema(message.schema, 0);
  state->stream_position = next;
  return StreamReader(std::move(state));
}

const columnar::SchemaPtr& StreamReader::schema() const { return state_->schema(); }

std::optional<columnar::RecordBatch> StreamReader::next() {
  for (;;) {
    internal::Message message;
    int64_t body_offset, next;
    const int64_t at = state_->stream_position;
    if (!state_->read_message(at, &message, &body_offset, &next)) return std::nullopt;
    state_->stream_position = next;
    switch (message.type) {
      case MessageType::kDictionaryBatch:
        state_->add_dictionary(message.dictionary, body_offset, message.body_length, at);
        continue;
      case MessageType::kRecordBatch:
        return state_->read_batch(message.batch, body_offset, message.body_length, at);
      default:
        state_->fail(at, "unexpected schema message inside the stream");
    }
  }
}

columnar::Table StreamReader::read_all() {
  std::vector<columnar::RecordBatch> batches;
  while (auto batch = next()) batches.push_back(std::move(*batch));
  return columnar::Table::from_batches(batches, schema());
}

columnar::Table read_feather(const std::filesystem::path& path) {
  Mapped m = map_file(path);
  if (m.bytes.size() >= 6 && std::memcmp(m.bytes.data(), internal::kMagic, 6) == 0) {
    return FileReader::open(m.bytes, m.owner, path.string()).read_all();
  }
  return StreamReader::open(m.bytes, m.owner, path.string()).read_all();
}

}  // namespace strata::ipc
