#include "metadata.h"

#include "strata/core/error.h"

namespace strata::ipc::internal {

using columnar::DataType;
using columnar::DataTypePtr;
using columnar::FieldPtr;
using columnar::KeyValueMetadata;
using columnar::TimeUnit;
using columnar::TypeId;

namespace {

// Type union codes of Schema.fbs.
enum TypeCode : uint8_t {
  kNullCode = 1, kIntCode = 2, kFloatingPointCode = 3, kBinaryCode = 4, kUtf8Code = 5, kBoolCode = 6,
  kDecimalCode = 7, kDateCode = 8, kTimeCode = 9, kTimestampCode = 10, kIntervalCode = 11, kListCode = 12,
  kStructCode = 13, kUnionCode = 14, kFixedSizeBinaryCode = 15, kFixedSizeListCode = 16, kMapCode = 17,
  kDurationCode = 18, kLargeBinaryCode = 19, kLargeUtf8Code = 20, kLargeListCode = 21, kRunEndEncodedCode = 22,
  kBinaryViewCode = 23, kUtf8ViewCode = 24, kListViewCode = 25, kLargeListViewCode = 26,
};

int16_t unit_code(TimeUnit u) { return static_cast<int16_t>(u); }  // SECOND, MILLISECOND, MICROSECOND, NANOSECOND

TimeUnit unit_from(int16_t code) {
  if (code < 0 || code > 3) raise<FormatError>("IPC metadata: unknown time unit {}", code);
  return static_cast<TimeUnit>(code);
}

// ----------------------------------------------------------------------------------------------- writing

fb::Offset build_int(fb::Builder& b, int bit_width, bool is_signed) {
  b.start_table();
  b.add_scalar_always<int32_t>(0, bit_width);
  b.add_scalar<bool>(1, is_signed, false);
  return b.end_table();
}

fb::Offset build_metadata(fb::Builder& b, const KeyValueMetadata& metadata) {
  std::vector<fb::Offset> pairs;
  for (const auto& [k, v] : metadata.pairs()) {
    const fb::Offset key = b.create_string(k);
    const fb::Offset value = b.create_string(v);
    b.start_table();
    b.add_offset(0, key);
    b.add_offset(1, value);
    pairs.push_back(b.end_table());
  }
  return b.create_offset_vector(pairs);
}

// Returns the union type code and the type table.
std::pair<uint8_t, fb::Offset> build_type(fb::Builder& b, const DataType& t) {
  auto empty = [&](uint8_t code) {
    b.start_table();
    return std::pair<uint8_t, fb::Offset>{code, b.end_table()};
  };
  switch (t.id()) {
    case TypeId::kNull: return empty(kNullCode);
    case TypeId::kBool: return empty(kBoolCode);
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64: return {kIntCode, build_int(b, t.bit_width(), t.is_signed_integer())};
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      const int16_t precision = t.id() == TypeId::kFloat16 ? 0 : t.id() == TypeId::kFloat32 ? 1 : 2;
      b.start_table();
      b.add_scalar<int16_t>(0, precision, 0);
      return {kFloatingPointCode, b.end_table()};
    }
    case TypeId::kString: return empty(kUtf8Code);
    case TypeId::kBinary: return empty(kBinaryCode);
    case TypeId::kLargeString: return empty(kLargeUtf8Code);
    case TypeId::kLargeBinary: return empty(kLargeBinaryCode);
    case TypeId::kFixedSizeBinary:
      b.start_table();
      b.add_scalar<int32_t>(0, t.byte_width(), 0);
      return {kFixedSizeBinaryCode, b.end_table()};
    case TypeId::kDate32:
    case TypeId::kDate64:
      b.start_table();
      b.add_scalar<int16_t>(0, t.id() == TypeId::kDate32 ? 0 : 1, 1);
      return {kDateCode, b.end_table()};
    case TypeId::kTime32:
    case TypeId::kTime64:
      b.start_table();
      b.add_scalar<int16_t>(0, unit_code(t.unit()), 1);
      b.add_scalar<int32_t>(1, t.bit_width(), 32);
      return {kTimeCode, b.end_table()};
    case TypeId::kTimestamp: {
      fb::Offset tz = t.timezone().empty() ? 0 : b.create_string(t.timezone());
      b.start_table();
      b.add_scalar<int16_t>(0, unit_code(t.unit()), 0);
      if (tz) b.add_offset(1, tz);
      return {kTimestampCode, b.end_table()};
    }
    case TypeId::kDuration:
      b.start_table();
      b.add_scalar<int16_t>(0, unit_code(t.unit()), 1);
      return {kDurationCode, b.end_table()};
    case TypeId::kDecimal128:
      b.start_table();
      b.add_scalar_always<int32_t>(0, t.precision());
      b.add_scalar_always<int32_t>(1, t.scale());
      b.add_scalar<int32_t>(2, 128, 128);
      return {kDecimalCode, b.end_table()};
    case TypeId::kList: return empty(kListCode);
    case TypeId::kLargeList: return empty(kLargeListCode);
    case TypeId::kStruct: return empty(kStructCode);
    case TypeId::kFixedSizeList:
      b.start_table();
      b.add_scalar_always<int32_t>(0, t.list_size());
      return {kFixedSizeListCode, b.end_table()};
    case TypeId::kMap:
      b.start_table();
      b.add_scalar<bool>(0, t.keys_sorted(), false);
      return {kMapCode, b.end_table()};
    case TypeId::kDictionary: break;
  }
  raise<NotImplemented>("writing Arrow IPC for type {}", t.to_string());
}

fb::Offset build_field(fb::Builder& b, const columnar::Field& field, const std::map<int, int64_t>& dictionary_ids,
                       int* position) {
  const int my_position = (*position)++;
  const DataType* type = field.type().get();
  const DataType* dict = nullptr;
  if (type->id() == TypeId::kDictionary) {
    dict = type;
    type = type->value_type().get();
  }
  std::vector<fb::Offset> children;
  for (const auto& child : type->fields()) children.push_back(build_field(b, *child, dictionary_ids, position));
  const fb::Offset name = b.create_string(field.name());
  const auto [type_code, type_table] = build_type(b, *type);
  const fb::Offset children_vector = b.create_offset_vector(children);
  fb::Offset dictionary = 0;
  if (dict != nullptr) {
    auto it = dictionary_ids.find(my_position);
    if (it == dictionary_ids.end()) raise("IPC writer: no dictionary id for field \"{}\"", field.name());
    const fb::Offset index_type = build_int(b, dict->index_type()->bit_width(), dict->index_type()->is_signed_integer());
    b.start_table();
    b.add_scalar<int64_t>(0, it->second, 0);
    b.add_offset(1, index_type);
    b.add_scalar<bool>(2, dict->ordered(), false);
    dictionary = b.end_table();
  }
  const fb::Offset metadata = field.metadata().empty() ? 0 : build_metadata(b, field.metadata());
  b.start_table();
  b.add_offset(0, name);
  b.add_scalar<bool>(1, field.nullable(), false);
  b.add_scalar_always<uint8_t>(2, type_code);
  b.add_offset(3, type_table);
  if (dictionary) b.add_offset(4, dictionary);
  b.add_offset(5, children_vector);
  if (metadata) b.add_offset(6, metadata);
  return b.end_table();
}

fb::Offset build_schema(fb::Builder& b, const columnar::Schema& schema, const std::map<int, int64_t>& dictionary_ids) {
  std::vector<fb::Offset> fields;
  int position = 0;
  for (const auto& f : schema.fields()) fields.push_back(build_field(b, *f, dictionary_ids, &position));
  const fb::Offset fields_vector = b.create_offset_vector(fields);
  const fb::Offset metadata = schema.metadata().empty() ? 0 : build_metadata(b, schema.metadata());
  b.start_table();
  b.add_scalar<int16_t>(0, 0, 0);  // little endian
  b.add_offset(1, fields_vector);
  if (metadata) b.add_offset(2, metadata);
  return b.end_table();
}

fb::Offset build_record_batch(fb::Builder& b, const RecordBatchMeta& batch) {
  static_assert(sizeof(FieldNode) == 16 && sizeof(BufferSpec) == 16);
  const fb::Offset nodes = b.create_vector(batch.nodes.data(), batch.nodes.size(), 16, 8);
  const fb::Offset buffers = b.create_vector(batch.buffers.data(), batch.buffers.size(), 16, 8);
  fb::Offset compression = 0;
  if (batch.compression) {
    b.start_table();
    b.add_scalar<int8_t>(0, *batch.compression == io::CompressionType::kZstd ? 1 : 0, 0);
    compression = b.end_table();
  }
  b.start_table();
  b.add_scalar_always<int64_t>(0, batch.length);
  b.add_offset(1, nodes);
  b.add_offset(2, buffers);
  if (compression) b.add_offset(3, compression);
  return b.end_table();
}

std::vector<uint8_t> finish_message(fb::Builder& b, MessageType type, fb::Offset header, int64_t body_length) {
  b.start_table();
  b.add_scalar_always<int64_t>(3, body_length);
  b.add_offset(2, header);
  b.add_scalar_always<int16_t>(0, kMetadataV5);
  b.add_scalar_always<uint8_t>(1, static_cast<uint8_t>(type));
  return b.finish(b.end_table());
}

// ----------------------------------------------------------------------------------------------- reading

KeyValueMetadata read_metadata(const fb::Table& t, int id) {
  KeyValueMetadata out;
  auto v = t.vector(id, 4);
  for (uint32_t i = 0; i < v.count; ++i) {
    fb::Table kv = t.table_at(v, i);
    out.set(std::string(kv.string(0)), std::string(kv.string(1)));
  }
  return out;
}

DataTypePtr int_type(const fb::Table& t) {
  const int32_t width = t.scalar<int32_t>(0, 0);
  const bool is_signed = t.scalar<bool>(1, false);
  switch (width) {
    case 8: return is_signed ? columnar::int8() : columnar::uint8();
    case 16: return is_signed ? columnar::int16() : columnar::uint16();
    case 32: return is_signed ? columnar::int32() : columnar::uint32();
    case 64: return is_signed ? columnar::int64() : columnar::uint64();
    default: raise<FormatError>("IPC metadata: integer bit width {}", width);
  }
}

DataTypePtr read_type(uint8_t code, const fb::Table& t, const std::vector<FieldPtr>& children,
                      const std::string& field_name) {
  auto need_children = [&](size_t n) {
    if (children.size() != n) {
      raise<FormatError>("IPC metadata: field \"{}\" needs {} children, has {}", field_name, n, children.size());
    }
  };
  if (!t.valid() && code != kNullCode) raise<FormatError>("IPC metadata: field \"{}\" has no type table", field_name);
  switch (code) {
    case kNullCode: return columnar::null();
    case kIntCode: return int_type(t);
    case kFloatingPointCode:
      switch (t.scalar<int16_t>(0, 0)) {
        case 0: return columnar::float16();
        case 1: return columnar::float32();
        case 2: return columnar::float64();
        default: raise<FormatError>("IPC metadata: unknown floating point precision");
      }
    case kBinaryCode: return columnar::binary();
    case kUtf8Code: return columnar::utf8();
    case kLargeBinaryCode: return columnar::large_binary();
    case kLargeUtf8Code: return columnar::large_utf8();
    case kBoolCode: return columnar::boolean();
    case kDecimalCode: {
      const int32_t width = t.scalar<int32_t>(2, 128);
      if (width != 128) raise<NotImplemented>("reading decimal{} columns (field \"{}\")", width, field_name);
      const int32_t precision = t.scalar<int32_t>(0, 0);
      const int32_t scale = t.scalar<int32_t>(1, 0);
      if (precision < 1 || precision > 38) raise<FormatError>("IPC metadata: decimal precision {}", precision);
      if (scale < -precision || scale > precision) {
        raise<FormatError>("IPC metadata: decimal scale {} outside ±{} (the precision)", scale, precision);
      }
      return columnar::decimal128(precision, scale);
    }
    case kDateCode: return t.scalar<int16_t>(0, 1) == 0 ? columnar::date32() : columnar::date64();
    case kTimeCode: {
      const TimeUnit unit = unit_from(t.scalar<int16_t>(0, 1));
      const int32_t width = t.scalar<int32_t>(1, 32);
      if (width == 32 && (unit == TimeUnit::kSecond || unit == TimeUnit::kMilli)) return columnar::time32(unit);
      if (width == 64 && (unit == TimeUnit::kMicro || unit == TimeUnit::kNano)) return columnar::time64(unit);
      raise<FormatError>("IPC metadata: time of {} bits in {}", width, columnar::time_unit_suffix(unit));
    }
    case kTimestampCode: return columnar::timestamp(unit_from(t.scalar<int16_t>(0, 0)), std::string(t.string(1)));
    case kDurationCode: return columnar::duration(unit_from(t.scalar<int16_t>(0, 1)));
    case kFixedSizeBinaryCode: {
      const int32_t width = t.scalar<int32_t>(0, 0);
      if (width < 0 || width > columnar::kMaxFixedSizeBinaryWidth) {
        raise<FormatError>("IPC metadata: fixed_size_binary width {} (0 to {} allowed)", width,
                           columnar::kMaxFixedSizeBinaryWidth);
      }
      return columnar::fixed_size_binary(width);
    }
    case kListCode: need_children(1); return columnar::list(children[0]);
    case kLargeListCode: need_children(1); return columnar::large_list(children[0]);
    case kFixedSizeListCode: {
      need_children(1);
      const int32_t size = t.scalar<int32_t>(0, 0);
      if (size < 0) raise<FormatError>("IPC metadata: fixed_size_list size {}", size);
      return columnar::fixed_size_list(children[0], size);
    }
    case kStructCode: return columnar::struct_(children);
    case kMapCode: {
      need_children(1);
      const auto& entries = children[0]->type();
      if (entries->id() != TypeId::kStruct || entries->num_fields() != 2) {
        raise<FormatError>("IPC metadata: map field \"{}\" needs a struct<key, value> child", field_name);
      }
      return columnar::map(entries->fields()[0]->type(), entries->fields()[1]->type(), t.scalar<bool>(0, false));
    }
    case kIntervalCode: raise<NotImplemented>("reading interval columns (field \"{}\")", field_name);
    case kUnionCode: raise<NotImplemented>("reading union columns (field \"{}\")", field_name);
    case kRunEndEncodedCode: raise<NotImplemented>("reading run-end encoded columns (field \"{}\")", field_name);
    case kBinaryViewCode:
    case kUtf8ViewCode:
    case kListViewCode:
    case kLargeListViewCode: raise<NotImplemented>("reading view-layout columns (field \"{}\")", field_name);
    default: raise<FormatError>("IPC metadata: unknown type code {} for field \"{}\"", code, field_name);
  }
}

FieldPtr read_field(const fb::Table& f, std::map<int, int64_t>* dictionary_ids, int* position) {
  const int my_position = (*position)++;
  const std::string name(f.string(0));
  std::vector<FieldPtr> children;
  auto v = f.vector(5, 4);
  for (uint32_t i = 0; i < v.count; ++i) children.push_back(read_field(f.table_at(v, i), dictionary_ids, position));
  DataTypePtr type = read_type(f.scalar<uint8_t>(2, 0), f.table(3), children, name);
  fb::Table dict = f.table(4);
  if (dict.valid()) {
    fb::Table index = dict.table(1);
    DataTypePtr index_type = index.valid() ? int_type(index) : columnar::int32();
    type = columnar::dictionary(index_type, type, dict.scalar<bool>(2, false));
    (*dictionary_ids)[my_position] = dict.scalar<int64_t>(0, 0);
  }
  return columnar::field(name, type, f.scalar<bool>(1, false), read_metadata(f, 6));
}

SchemaMeta read_schema(const fb::Table& s) {
  if (!s.valid()) raise<FormatError>("IPC metadata: missing schema");
  SchemaMeta out;
  out.big_endian = s.scalar<int16_t>(0, 0) == 1;
  std::vector<FieldPtr> fields;
  int position = 0;
  auto v = s.vector(1, 4);
  for (uint32_t i = 0; i < v.count; ++i) fields.push_back(read_field(s.table_at(v, i), &out.dictionary_ids, &position));
  out.schema = columnar::schema(std::move(fields), read_metadata(s, 2));
  return out;
}

RecordBatchMeta read_record_batch(const fb::Table& r) {
  if (!r.valid()) raise<FormatError>("IPC metadata: missing record batch");
  RecordBatchMeta out;
  out.length = r.scalar<int64_t>(0, 0);
  if (out.length < 0) raise<FormatError>("IPC metadata: record batch of length {}", out.length);
  auto nodes = r.vector(1, 16);
  out.nodes.resize(nodes.count);
  for (uint32_t i = 0; i < nodes.count; ++i) std::memcpy(&out.nodes[i], r.struct_at(nodes, i, 16), 16);
  auto buffers = r.vector(2, 16);
  out.buffers.resize(buffers.count);
  for (uint32_t i = 0; i < buffers.count; ++i) std::memcpy(&out.buffers[i], r.struct_at(buffers, i, 16), 16);
  fb::Table compression = r.table(3);
  if (compression.valid()) {
    const int8_t codec = compression.scalar<int8_t>(0, 0);
    if (codec == 0) {
      out.compression = io::CompressionType::kLz4Frame;
    } else if (codec == 1) {
      out.compression = io::CompressionType::kZstd;
    } else {
      raise<FormatError>("IPC metadata: unknown body compression codec {}", codec);
    }
    if (compression.scalar<int8_t>(1, 0) != 0) raise<NotImplemented>("IPC body compression other than per buffer");
  }
  if (r.vector(4, 8).count != 0) raise<NotImplemented>("IPC variadic buffers (view types)");
  return out;
}

}  // namespace

std::vector<uint8_t> build_schema_message(const columnar::Schema& schema, const std::map<int, int64_t>& ids) {
  fb::Builder b;
  const fb::Offset s = build_schema(b, schema, ids);
  return finish_message(b, MessageType::kSchema, s, 0);
}

std::vector<uint8_t> build_record_batch_message(const RecordBatchMeta& batch, int64_t body_length) {
  fb::Builder b;
  const fb::Offset r = build_record_batch(b, batch);
  return finish_message(b, MessageType::kRecordBatch, r, body_length);
}

std::vector<uint8_t> build_dictionary_message(const DictionaryBatchMeta& dictionary, int64_t body_length) {
  fb::Builder b;
  const fb::Offset data = build_record_batch(b, dictionary.data);
  b.start_table();
  b.add_scalar_always<int64_t>(0, dictionary.id);
  b.add_offset(1, data);
  b.add_scalar<bool>(2, dictionary.is_delta, false);
  const fb::Offset d = b.end_table();
  return finish_message(b, MessageType::kDictionaryBatch, d, body_length);
}

std::vector<uint8_t> build_footer(const columnar::Schema& schema, const std::map<int, int64_t>& ids,
                                  const std::vector<Block>& dictionaries, const std::vector<Block>& batches) {
  fb::Builder b;
  const fb::Offset s = build_schema(b, schema, ids);
  auto blocks = [&](const std::vector<Block>& v) {
    std::vector<uint8_t> raw(v.size() * 24, 0);
    for (size_t i = 0; i < v.size(); ++i) {
      std::memcpy(raw.data() + i * 24, &v[i].offset, 8);
      std::memcpy(raw.data() + i * 24 + 8, &v[i].metadata_length, 4);
      std::memcpy(raw.data() + i * 24 + 16, &v[i].body_length, 8);
    }
    return b.create_vector(raw.data(), v.size(), 24, 8);
  };
  const fb::Offset d = blocks(dictionaries);
  const fb::Offset r = blocks(batches);
  b.start_table();
  b.add_scalar_always<int16_t>(0, kMetadataV5);
  b.add_offset(1, s);
  b.add_offset(2, d);
  b.add_offset(3, r);
  return b.finish(b.end_table());
}

Message parse_message(fb::Buffer buffer) {
  fb::Table m = fb::Table::root(buffer);
  Message out;
  const int16_t version = m.scalar<int16_t>(0, 0);
  if (version < 3) raise<NotImplemented>("Arrow IPC metadata version V{} (pre-1.0); V4 and V5 are read", version + 1);
  out.body_length = m.scalar<int64_t>(3, 0);
  if (out.body_length < 0) raise<FormatError>("IPC message with a negative body length");
  const uint8_t type = m.scalar<uint8_t>(1, 0);
  fb::Table header = m.table(2);
  switch (type) {
    case 1:
      out.type = MessageType::kSchema;
      out.schema = read_schema(header);
      break;
    case 2:
      out.type = MessageType::kDictionaryBatch;
      if (!header.valid()) raise<FormatError>("IPC dictionary batch without a header");
      out.dictionary.id = header.scalar<int64_t>(0, 0);
      out.dictionary.data = read_record_batch(header.table(1));
      out.dictionary.is_delta = header.scalar<bool>(2, false);
      break;
    case 3:
      out.type = MessageType::kRecordBatch;
      out.batch = read_record_batch(header);
      break;
    case 4:
    case 5: raise<NotImplemented>("Arrow IPC tensor messages");
    default: raise<FormatError>("IPC message of unknown type {}", type);
  }
  return out;
}

Footer parse_footer(fb::Buffer buffer) {
  fb::Table f = fb::Table::root(buffer);
  Footer out;
  out.schema = read_schema(f.table(1));
  auto blocks = [&](int id) {
    std::vector<Block> v;
    auto vec = f.vector(id, 24);
    for (uint32_t i = 0; i < vec.count; ++i) {
      const uint8_t* p = f.struct_at(vec, i, 24);
      Block block;
      std::memcpy(&block.offset, p, 8);
      std::memcpy(&block.metadata_length, p + 8, 4);
      std::memcpy(&block.body_length, p + 16, 8);
      v.push_back(block);
    }
    return v;
  };
  out.dictionaries = blocks(2);
  out.batches = blocks(3);
  return out;
}

}  // namespace strata::ipc::internal
