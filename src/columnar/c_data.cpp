#include "strata/columnar/c_data.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "strata/core/error.h"

namespace strata::columnar {

namespace {

// Zero bytes for buffers we hold as null but the interface wants non-null (empty data, offsets of an empty
// array): enough for one int64 offset.
alignas(64) const uint8_t kZeros[64] = {};

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Format strings and metadata

std::string arrow_format(const DataType& t) {
  switch (t.id()) {
    case TypeId::kNull: return "n";
    case TypeId::kBool: return "b";
    case TypeId::kInt8: return "c";
    case TypeId::kUInt8: return "C";
    case TypeId::kInt16: return "s";
    case TypeId::kUInt16: return "S";
    case TypeId::kInt32: return "i";
    case TypeId::kUInt32: return "I";
    case TypeId::kInt64: return "l";
    case TypeId::kUInt64: return "L";
    case TypeId::kFloat16: return "e";
    case TypeId::kFloat32: return "f";
    case TypeId::kFloat64: return "g";
    case TypeId::kBinary: return "z";
    case TypeId::kLargeBinary: return "Z";
    case TypeId::kString: return "u";
    case TypeId::kLargeString: return "U";
    case TypeId::kFixedSizeBinary: return fmt::format("w:{}", t.byte_width());
    case TypeId::kDecimal128: return fmt::format("d:{},{}", t.precision(), t.scale());
    case TypeId::kDate32: return "tdD";
    case TypeId::kDate64: return "tdm";
    case TypeId::kTime32: return t.unit() == TimeUnit::kSecond ? "tts" : "ttm";
    case TypeId::kTime64: return t.unit() == TimeUnit::kMicro ? "ttu" : "ttn";
    case TypeId::kTimestamp: return fmt::format("ts{}:{}", time_unit_suffix(t.unit())[0], t.timezone());
    case TypeId::kDuration: return fmt::format("tD{}", time_unit_suffix(t.unit())[0]);
    case TypeId::kDictionary: return arrow_format(*t.index_type());
    case TypeId::kList: return "+l";
    case TypeId::kLargeList: return "+L";
    case TypeId::kFixedSizeList: return fmt::format("+w:{}", t.list_size());
    case TypeId::kStruct: return "+s";
    case TypeId::kMap: return "+m";
  }
  raise<NotImplemented>("the Arrow C data interface has no format for {}", t.to_string());
}

std::string encode_arrow_metadata(const KeyValueMetadata& metadata) {
  if (metadata.empty()) return {};
  std::string out;
  auto put_i32 = [&out](size_t v) {
    const auto n = static_cast<int32_t>(v);
    out.append(reinterpret_cast<const char*>(&n), 4);
  };
  put_i32(metadata.size());
  for (const auto& [k, v] : metadata.pairs()) {
    put_i32(k.size());
    out += k;
    put_i32(v.size());
    out += v;
  }
  return out;
}

KeyValueMetadata decode_arrow_metadata(const char* encoded) {
  if (encoded == nullptr) return {};
  auto get_i32 = [&encoded]() {
    int32_t n;
    std::memcpy(&n, encoded, 4);
    encoded += 4;
    if (n < 0) raise("Arrow C metadata: negative length {}", n);
    return static_cast<size_t>(n);
  };
  std::vector<std::pair<std::string, std::string>> pairs;
  const size_t count = get_i32();
  for (size_t i = 0; i < count; ++i) {
    const size_t klen = get_i32();
    std::string key(encoded, klen);
    encoded += klen;
    const size_t vlen = get_i32();
    std::string value(encoded, vlen);
    encoded += vlen;
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return KeyValueMetadata(std::move(pairs));
}

// ---------------------------------------------------------------------------------------------------------
// Schema export

namespace {

struct ExportedSchema {
  std::string format;
  std::string name;
  std::string metadata;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
  std::unique_ptr<ArrowSchema> dictionary;
};

void release_schema(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) return;
  auto* priv = static_cast<ExportedSchema*>(schema->private_data);
  for (ArrowSchema& child : priv->children) {
    if (child.release != nullptr) child.release(&child);
  }
  if (priv->dictionary && priv->dictionary->release != nullptr) priv->dictionary->release(priv->dictionary.get());
  delete priv;
  schema->release = nullptr;
  schema->private_data = nullptr;
}

void export_node(const DataType& type, std::string_view name, int64_t flags, const KeyValueMetadata& metadata,
                 ArrowSchema* out);

// Children of nested types (the dictionary's value type is not a child but `dictionary`).
void fill_schema(const DataType& type, std::string name, int64_t flags, std::string metadata, ArrowSchema* out) {
  auto priv = std::make_unique<ExportedSchema>();
  priv->format = arrow_format(type);
  priv->name = std::move(name);
  priv->metadata = std::move(metadata);
  if (type.id() == TypeId::kDictionary) {
    if (type.ordered()) flags |= ARROW_FLAG_DICTIONARY_ORDERED;
    priv->dictionary = std::make_unique<ArrowSchema>();
    export_node(*type.value_type(), "", ARROW_FLAG_NULLABLE, {}, priv->dictionary.get());
  } else if (type.is_nested()) {
    if (type.id() == TypeId::kMap && type.keys_sorted()) flags |= ARROW_FLAG_MAP_KEYS_SORTED;
    priv->children.resize(type.fields().size());
    for (size_t i = 0; i < type.fields().size(); ++i) {
      const Field& f = *type.fields()[i];
      export_node(*f.type(), f.name(), f.nullable() ? ARROW_FLAG_NULLABLE : 0, f.metadata(), &priv->children[i]);
    }
    for (ArrowSchema& c : priv->children) priv->child_pointers.push_back(&c);
  }
  out->format = priv->format.c_str();
  out->name = priv->name.c_str();
  out->metadata = priv->metadata.empty() ? nullptr : priv->metadata.data();
  out->flags = flags;
  out->n_children = static_cast<int64_t>(priv->children.size());
  out->children = priv->child_pointers.empty() ? nullptr : priv->child_pointers.data();
  out->dictionary = priv->dictionary.get();
  out->release = &release_schema;
  out->private_data = priv.release();
}

void export_node(const DataType& type, std::string_view name, int64_t flags, const KeyValueMetadata& metadata,
                 ArrowSchema* out) {
  fill_schema(type, std::string(name), flags, encode_arrow_metadata(metadata), out);
}

}  // namespace

void export_type(const DataType& type, ArrowSchema* out) { export_node(type, "", ARROW_FLAG_NULLABLE, {}, out); }

void export_field(const Field& field, ArrowSchema* out) {
  export_node(*field.type(), field.name(), field.nullable() ? ARROW_FLAG_NULLABLE : 0, field.metadata(), out);
}

void export_schema(const Schema& schema, ArrowSchema* out) {
  export_node(*struct_(schema.fields()), "", 0, schema.metadata(), out);
}

// ---------------------------------------------------------------------------------------------------------
// Array export

namespace {

struct ExportedArray {
  std::shared_ptr<ArrayData> data;  // keeps every buffer alive
  std::vector<const void*> buffers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
  std::unique_ptr<ArrowArray> dictionary;
};

void release_array(ArrowArray* array) {
  if (array == nullptr || array->release == nullptr) return;
  auto* priv = static_cast<ExportedArray*>(array->private_data);
  for (ArrowArray& child : priv->children) {
    if (child.release != nullptr) child.release(&child);
  }
  if (priv->dictionary && priv->dictionary->release != nullptr) priv->dictionary->release(priv->dictionary.get());
  delete priv;
  array->release = nullptr;
  array->private_data = nullptr;
}

// Number of buffers the interface expects for a type (our null arrays carry one null slot; the spec none).
int64_t c_buffer_count(const DataType& t) {
  switch (t.id()) {
    case TypeId::kNull: return 0;
    case TypeId::kStruct:
    case TypeId::kFixedSizeList: return 1;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return 3;
    default: return 2;
  }
}

void export_data(const std::shared_ptr<ArrayData>& data, ArrowArray* out) {
  auto priv = std::make_unique<ExportedArray>();
  priv->data = data;
  const int64_t n_buffers = c_buffer_count(*data->type);
  for (int64_t i = 0; i < n_buffers; ++i) {
    const auto k = static_cast<size_t>(i);
    const Buffer* b = k < data->buffers.size() ? data->buffers[k].get() : nullptr;
    if (i == 0) {
      priv->buffers.push_back(b != nullptr && data->null_count != 0 ? b->data() : nullptr);
    } else {
      // Data buffers are never null across the interface: an absent one is empty.
      priv->buffers.push_back(b != nullptr ? static_cast<const void*>(b->data()) : kZeros);
    }
  }
  priv->children.resize(data->children.size());
  for (size_t i = 0; i < data->children.size(); ++i) export_data(data->children[i], &priv->children[i]);
  for (ArrowArray& c : priv->children) priv->child_pointers.push_back(&c);
  if (data->type->id() == TypeId::kDictionary) {
    if (!data->dictionary) raise("export_array: dictionary array without a dictionary");
    priv->dictionary = std::make_unique<ArrowArray>();
    export_data(data->dictionary, priv->dictionary.get());
  }
  out->length = data->length;
  out->null_count = data->type->id() == TypeId::kNull ? data->length : data->null_count;
  out->offset = data->offset;
  out->n_buffers = n_buffers;
  out->n_children = static_cast<int64_t>(priv->children.size());
  out->buffers = priv->buffers.empty() ? nullptr : priv->buffers.data();
  out->children = priv->child_pointers.empty() ? nullptr : priv->child_pointers.data();
  out->dictionary = priv->dictionary.get();
  out->release = &release_array;
  out->private_data = priv.release();
}

}  // namespace

void export_array(const Array& array, ArrowArray* out, ArrowSchema* out_schema) {
  if (!array.valid()) raise("export_array of an empty Array handle");
  if (out_schema != nullptr) export_type(*array.type(), out_schema);
  try {
    export_data(array.data(), out);
  } catch (...) {
    if (out_schema != nullptr) out_schema->release(out_schema);
    throw;
  }
}

void export_record_batch(const RecordBatch& batch, ArrowArray* out, ArrowSchema* out_schema) {
  auto data = ArrayData::make(struct_(batch.schema()->fields()), batch.num_rows(), {nullptr}, 0);
  for (const Array& c : batch.columns()) data->children.push_back(c.data());
  if (out_schema != nullptr) export_schema(*batch.schema(), out_schema);
  try {
    export_data(data, out);
  } catch (...) {
    if (out_schema != nullptr) out_schema->release(out_schema);
    throw;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Schema import

namespace {

// Releases a consumed ArrowSchema when it goes out of scope.
struct SchemaGuard {
  ArrowSchema schema;
  explicit SchemaGuard(ArrowSchema* in) : schema(*in) { in->release = nullptr; }
  ~SchemaGuard() {
    if (schema.release != nullptr) schema.release(&schema);
  }
  SchemaGuard(const SchemaGuard&) = delete;
  SchemaGuard& operator=(const SchemaGuard&) = delete;
};

int32_t parse_int(std::string_view text, std::string_view format) {
  int32_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    raise<TypeError>("Arrow C format \"{}\": \"{}\" is not an integer", format, text);
  }
  return v;
}

TimeUnit parse_unit(char c, std::string_view format) {
  switch (c) {
    case 's': return TimeUnit::kSecond;
    case 'm': return TimeUnit::kMilli;
    case 'u': return TimeUnit::kMicro;
    case 'n': return TimeUnit::kNano;
    default: raise<TypeError>("Arrow C format \"{}\": unknown time unit '{}'", format, c);
  }
}

FieldPtr field_from_node(const ArrowSchema& node);

std::vector<FieldPtr> child_fields(const ArrowSchema& node) {
  std::vector<FieldPtr> out;
  if (node.n_children > 0 && node.children == nullptr) raise<TypeError>("Arrow C schema: null children array");
  for (int64_t i = 0; i < node.n_children; ++i) out.push_back(field_from_node(*node.children[i]));
  return out;
}

// The type of one schema node (not consumed: the root's release frees the whole tree).
DataTypePtr type_from_node(const ArrowSchema& node) {
  if (node.format == nullptr) raise<TypeError>("Arrow C schema: null format");
  const std::string_view f = node.format;
  auto need_children = [&](int64_t n) {
    if (node.n_children != n) {
      raise<TypeError>("Arrow C format \"{}\" needs {} children, got {}", f, n, node.n_children);
    }
  };
  DataTypePtr type;
  if (f.size() == 1) {
    switch (f[0]) {
      case 'n': type = null(); break;
      case 'b': type = boolean(); break;
      case 'c': type = int8(); break;
      case 'C': type = uint8(); break;
      case 's': type = int16(); break;
      case 'S': type = uint16(); break;
      case 'i': type = int32(); break;
      case 'I': type = uint32(); break;
      case 'l': type = int64(); break;
      case 'L': type = uint64(); break;
      case 'e': type = float16(); break;
      case 'f': type = float32(); break;
      case 'g': type = float64(); break;
      case 'z': type = binary(); break;
      case 'Z': type = large_binary(); break;
      case 'u': type = utf8(); break;
      case 'U': type = large_utf8(); break;
      default: break;
    }
  } else if (f.starts_with("w:")) {
    type = fixed_size_binary(parse_int(f.substr(2), f));
  } else if (f.starts_with("d:")) {
    const std::string_view rest = f.substr(2);
    const size_t comma = rest.find(',');
    if (comma == std::string_view::npos) raise<TypeError>("Arrow C format \"{}\": no scale", f);
    const int32_t precision = parse_int(rest.substr(0, comma), f);
    std::string_view scale = rest.substr(comma + 1);
    if (const size_t c2 = scale.find(','); c2 != std::string_view::npos) {
      if (scale.substr(c2 + 1) != "128") raise<NotImplemented>("Arrow C format \"{}\": only 128-bit decimals", f);
      scale = scale.substr(0, c2);
    }
    type = decimal128(precision, parse_int(scale, f));
  } else if (f == "tdD") {
    type = date32();
  } else if (f == "tdm") {
    type = date64();
  } else if (f.size() == 3 && f.starts_with("tt")) {
    const TimeUnit unit = parse_unit(f[2], f);
    type = unit == TimeUnit::kSecond || unit == TimeUnit::kMilli ? time32(unit) : time64(unit);
  } else if (f.size() >= 4 && f.starts_with("ts") && f[3] == ':') {
    type = timestamp(parse_unit(f[2], f), std::string(f.substr(4)));
  } else if (f.size() == 3 && f.starts_with("tD")) {
    type = duration(parse_unit(f[2], f));
  } else if (f == "+l") {
    need_children(1);
    type = list(field_from_node(*node.children[0]));
  } else if (f == "+L") {
    need_children(1);
    type = large_list(field_from_node(*node.children[0]));
  } else if (f.starts_with("+w:")) {
    need_children(1);
    type = fixed_size_list(field_from_node(*node.children[0]), parse_int(f.substr(3), f));
  } else if (f == "+s") {
    type = struct_(child_fields(node));
  } else if (f == "+m") {
    need_children(1);
    FieldPtr entries = field_from_node(*node.children[0]);
    if (entries->type()->id() != TypeId::kStruct || entries->type()->num_fields() != 2) {
      raise<TypeError>("Arrow C map: entries must be a struct of two fields, got {}", entries->type()->to_string());
    }
    type = std::make_shared<const DataType>(DataType::Spec{.id = TypeId::kMap,
                                                           .ordered = (node.flags & ARROW_FLAG_MAP_KEYS_SORTED) != 0,
                                                           .value_type = entries->type(),
                                                           .fields = {entries}});
  }
  if (!type) raise<NotImplemented>("Arrow C format \"{}\" is not supported", f);
  if (node.dictionary != nullptr) {
    if (!type->is_integer()) raise<TypeError>("Arrow C dictionary with non-integer index format \"{}\"", f);
    type = dictionary(type, type_from_node(*node.dictionary), (node.flags & ARROW_FLAG_DICTIONARY_ORDERED) != 0);
  }
  return type;
}

FieldPtr field_from_node(const ArrowSchema& node) {
  if (node.release == nullptr) raise<InvalidArgument>("Arrow C schema: child already released");
  return field(node.name != nullptr ? node.name : "", type_from_node(node), (node.flags & ARROW_FLAG_NULLABLE) != 0,
               decode_arrow_metadata(node.metadata));
}

}  // namespace

DataTypePtr import_type(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) raise("import_type: released or null ArrowSchema");
  SchemaGuard guard(schema);
  return type_from_node(guard.schema);
}

FieldPtr import_field(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) raise("import_field: released or null ArrowSchema");
  SchemaGuard guard(schema);
  return field_from_node(guard.schema);
}

SchemaPtr import_schema(ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) raise("import_schema: released or null ArrowSchema");
  SchemaGuard guard(schema);
  const ArrowSchema& s = guard.schema;
  if (s.format == nullptr || std::string_view(s.format) != "+s") {
    raise<TypeError>("import_schema: the root must be a struct (\"+s\"), got \"{}\"", s.format ? s.format : "");
  }
  return columnar::schema(child_fields(s), decode_arrow_metadata(s.metadata));
}

// ---------------------------------------------------------------------------------------------------------
// Array import

namespace {

// Owns the moved foreign ArrowArray; released when the last buffer (or ArrayData) referencing it dies.
struct ImportedArray {
  ArrowArray array;
  explicit ImportedArray(ArrowArray* in) : array(*in) { in->release = nullptr; }
  ~ImportedArray() {
    if (array.release != nullptr) array.release(&array);
  }
  ImportedArray(const ImportedArray&) = delete;
  ImportedArray& operator=(const ImportedArray&) = delete;
};

class Importer {
 public:
  explicit Importer(std::shared_ptr<ImportedArray> owner) : owner_(std::move(owner)) {}

  std::shared_ptr<ArrayData> import(const ArrowArray& a, const DataTypePtr& type) {
    const DataType& t = *type;
    if (a.length < 0 || a.offset < 0) raise("Arrow C array of {}: negative length or offset", t.to_string());
    const int64_t expected = c_buffer_count(t);
    if (a.n_buffers != expected) {
      raise("Arrow C array of {}: {} buffers, expected {}", t.to_string(), a.n_buffers, expected);
    }
    if (expected > 0 && a.buffers == nullptr) raise("Arrow C array of {}: null buffers array", t.to_string());
    auto data = std::make_shared<ArrayData>();
    data->type = type;
    data->length = a.length;
    data->offset = a.offset;
    data->null_count = a.null_count < 0 ? kUnknownNullCount : a.null_count;
    const int64_t end = a.offset + a.length;
    if (t.id() == TypeId::kNull) {
      data->buffers = {nullptr};
      data->null_count = a.length;
      return data;
    }
    data->buffers.push_back(a.buffers[0] == nullptr ? nullptr : wrap(a.buffers[0], bit_util::bytes_for_bits(end)));
    if (!data->buffers[0]) data->null_count = 0;
    switch (t.id()) {
      case TypeId::kBool: data->buffers.push_back(wrap(a.buffers[1], bit_util::bytes_for_bits(end))); break;
      case TypeId::kString:
      case TypeId::kBinary:
      case TypeId::kLargeString:
      case TypeId::kLargeBinary: {
        const int width = t.is_large_binary_like() ? 8 : 4;
        const void* offsets = a.buffers[1];
        int64_t data_end = 0;
        if (offsets != nullptr) {
          if (width == 4) {
            data_end = static_cast<const int32_t*>(offsets)[end];
          } else {
            data_end = static_cast<const int64_t*>(offsets)[end];
          }
        } else if (a.length != 0) {
          raise("Arrow C array of {}: null offsets buffer", t.to_string());
        }
        data->buffers.push_back(offsets ? wrap(offsets, (end + 1) * width) : Buffer::copy_of(kZeros, 8));
        data->buffers.push_back(a.buffers[2] ? wrap(a.buffers[2], data_end) : Buffer::allocate(0));
        break;
      }
      case TypeId::kList:
      case TypeId::kMap:
      case TypeId::kLargeList: {
        const int width = t.id() == TypeId::kLargeList ? 8 : 4;
        data->buffers.push_back(a.buffers[1] ? wrap(a.buffers[1], (end + 1) * width) : Buffer::copy_of(kZeros, 8));
        break;
      }
      case TypeId::kStruct:
      case TypeId::kFixedSizeList: break;
      case TypeId::kDictionary:
        data->buffers.push_back(wrap(a.buffers[1], end * t.index_type()->byte_width()));
        break;
      default:
        data->buffers.push_back(wrap(a.buffers[1], end * t.byte_width()));
        break;
    }
    // Children.
    const std::vector<FieldPtr>& fields = t.fields();
    const int64_t want_children = t.id() == TypeId::kDictionary ? 0 : static_cast<int64_t>(fields.size());
    if (a.n_children != want_children) {
      raise("Arrow C array of {}: {} children, expected {}", t.to_string(), a.n_children, want_children);
    }
    if (want_children > 0 && a.children == nullptr) raise("Arrow C array of {}: null children array", t.to_string());
    for (int64_t i = 0; i < want_children; ++i) {
      data->children.push_back(import(*a.children[i], fields[static_cast<size_t>(i)]->type()));
    }
    if (t.id() == TypeId::kDictionary) {
      if (a.dictionary == nullptr) raise("Arrow C array of {}: no dictionary", t.to_string());
      data->dictionary = import(*a.dictionary, t.value_type());
    }
    if (data->null_count == kUnknownNullCount) data->get_null_count();
    return data;
  }

 private:
  BufferPtr wrap(const void* p, int64_t size) {
    if (p == nullptr) {
      if (size != 0) raise("Arrow C array: null data buffer of {} bytes", size);
      return Buffer::wrap(kZeros, 0, nullptr);
    }
    return Buffer::wrap(p, size, owner_);
  }

  std::shared_ptr<ImportedArray> owner_;
};

}  // namespace

Array import_array(ArrowArray* array, const DataTypePtr& type) {
  if (array == nullptr || array->release == nullptr) raise("import_array: released or null ArrowArray");
  auto owner = std::make_shared<ImportedArray>(array);
  Importer importer(owner);
  return Array(importer.import(owner->array, type));
}

Array import_array(ArrowArray* array, ArrowSchema* schema) {
  DataTypePtr type;
  try {
    type = import_type(schema);
  } catch (...) {
    if (array != nullptr && array->release != nullptr) array->release(array);
    throw;
  }
  return import_array(array, type);
}

RecordBatch import_record_batch(ArrowArray* array, const SchemaPtr& schema) {
  Array as_struct = import_array(array, struct_(schema->fields()));
  if (as_struct.null_count() != 0) raise("import_record_batch: the struct array has {} nulls", as_struct.null_count());
  StructArray s(as_struct);
  std::vector<Array> columns;
  for (int i = 0; i < s.num_fields(); ++i) columns.push_back(s.field(i));
  return RecordBatch(schema, std::move(columns), as_struct.length());
}

RecordBatch import_record_batch(ArrowArray* array, ArrowSchema* schema) {
  SchemaPtr s;
  try {
    s = import_schema(schema);
  } catch (...) {
    if (array != nullptr && array->release != nullptr) array->release(array);
    throw;
  }
  return import_record_batch(array, s);
}

}  // namespace strata::columnar
