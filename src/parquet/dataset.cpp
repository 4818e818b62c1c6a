// Hive-partitioned datasets (include/strata/parquet/dataset.h): grouping rows by partition values and writing
// files per group with the single-file writer; discovering files, typing partition values, pruning files from
// their paths and reading the rest with the single-file reader.
#include "strata/parquet/dataset.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "parquet/file/pushdown.h"
#include "strata/columnar/builder.h"
#include "strata/compute/selection.h"
#include "strata/core/error.h"
#include "strata/core/parallel.h"
#include "strata/core/text_format.h"

namespace strata::parquet {

namespace fs = std::filesystem;
using columnar::Array;
using columnar::ChunkedArray;
using columnar::DataType;
using columnar::DataTypePtr;
using columnar::Table;
using columnar::TypeId;

// ---------------------------------------------------------------------------------------------------------
// Folder names

namespace {

// Hive's FileUtils.escapePathName set (also Spark's ExternalCatalogUtils): what may not appear as it is in a
// path segment, plus what would be read back differently ('%' itself, '=').
bool needs_escape(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=': case '?': case '\\':
    case '[': case ']': case '^': case '{':
      return true;
    default:
      return false;
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string encode_partition_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (needs_escape(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string decode_partition_value(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out += segment[i];
      continue;
    }
    const int high = i + 1 < segment.size() ? hex_digit(segment[i + 1]) : -1;
    const int low = i + 2 < segment.size() ? hex_digit(segment[i + 2]) : -1;
    if (high < 0 || low < 0) {
      raise<InvalidArgument>("\"{}\": '%' at {} is not followed by two hex digits", segment, i);
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Writing

namespace {

bool partitionable(const DataType& type) {
  const DataType& t = type.id() == TypeId::kDictionary ? *type.value_type() : type;
  return t.is_integer() || t.is_string_like() || t.id() == TypeId::kBool || t.id() == TypeId::kDate32;
}

// The text of element i of a partitionable array (dictionaries decoded); nullopt for null. An empty string
// stays empty (folder `key=`), as pyarrow and DuckDB write it, so it reads back as "" rather than null.
std::optional<std::string> partition_text(const Array& array, int64_t i) {
  if (array.is_null(i)) return std::nullopt;
  if (array.type_id() == TypeId::kDictionary) {
    const columnar::DictionaryArray dict(array);
    return partition_text(dict.dictionary(), dict.index(i));
  }
  const int64_t k = array.offset() + i;
  const auto* values = array.data()->buffers.size() > 1 && array.data()->buffers[1]
                           ? array.data()->buffers[1]->data()
                           : nullptr;
  auto number = [&](auto tag) {
    using T = decltype(tag);
    T v;
    std::memcpy(&v, values + k * static_cast<int64_t>(sizeof(T)), sizeof(T));
    return std::to_string(v);
  };
  std::string text;
  switch (array.type_id()) {
    case TypeId::kInt8: text = number(int8_t{}); break;
    case TypeId::kInt16: text = number(int16_t{}); break;
    case TypeId::kInt32: text = number(int32_t{}); break;
    case TypeId::kInt64: text = number(int64_t{}); break;
    case TypeId::kUInt8: text = number(uint8_t{}); break;
    case TypeId::kUInt16: text = number(uint16_t{}); break;
    case TypeId::kUInt32: text = number(uint32_t{}); break;
    case TypeId::kUInt64: text = number(uint64_t{}); break;
    case TypeId::kBool: text = columnar::BooleanArray(array).value(i) ? "true" : "false"; break;
    case TypeId::kDate32: {
      int32_t days;
      std::memcpy(&days, values + k * 4, 4);
      text::append_date(text, days);
      break;
    }
    case TypeId::kString: text = std::string(columnar::StringArray(array).value(i)); break;
    case TypeId::kLargeString: text = std::string(columnar::LargeStringArray(array).value(i)); break;
    default:
      raise<InvalidArgument>("cannot partition by a column of type {}", array.type()->to_string());
  }
  return text;
}

std::string folder_segment(const std::string& key, const std::optional<std::string>& value) {
  return encode_partition_value(key) + "=" +
         (value ? encode_partition_value(*value) : std::string(kHiveDefaultPartition));
}

// A partition column as one dense code per row and the folder segment (`key=value`) of each code.
struct KeyCodes {
  std::vector<int32_t> codes;
  std::vector<std::string> segments;
};

KeyCodes key_codes(const std::string& key, const Array& array, int64_t rows) {
  KeyCodes out;
  out.codes.resize(static_cast<size_t>(rows));
  int32_t null_code = -1;
  auto null_segment = [&] {
    if (null_code < 0) {
      null_code = static_cast<int32_t>(out.segments.size());
      out.segments.push_back(folder_segment(key, std::nullopt));
    }
    return null_code;
  };
  if (array.type_id() == TypeId::kDictionary) {  // one segment per dictionary entry
    const columnar::DictionaryArray dict(array);
    const Array values = dict.dictionary();
    for (int64_t j = 0; j < values.length(); ++j) out.segments.push_back(folder_segment(key, partition_text(values, j)));
    for (int64_t r = 0; r < rows; ++r) {
      out.codes[static_cast<size_t>(r)] = dict.is_null(r) ? null_segment() : static_cast<int32_t>(dict.index(r));
    }
    return out;
  }
  auto by_text = [&](auto text_of) {
    std::unordered_map<std::string_view, int32_t> ids;
    for (int64_t r = 0; r < rows; ++r) {
      if (array.is_null(r)) {
        out.codes[static_cast<size_t>(r)] = null_segment();
        continue;
      }
      const std::string_view text = text_of(r);
      auto it = ids.find(text);
      if (it == ids.end()) {
        it = ids.emplace(text, static_cast<int32_t>(out.segments.size())).first;
        out.segments.push_back(folder_segment(key, std::string(text)));
      }
      out.codes[static_cast<size_t>(r)] = it->second;
    }
  };
  if (array.type_id() == TypeId::kString) {
    const columnar::StringArray strings(array);
    by_text([&](int64_t r) { return strings.value(r); });
  } else if (array.type_id() == TypeId::kLargeString) {
    const columnar::LargeStringArray strings(array);
    by_text([&](int64_t r) { return strings.value(r); });
  } else {  // integers, booleans, dates: their text, kept alive for the map's views
    std::vector<std::string> texts(static_cast<size_t>(rows));
    for (int64_t r = 0; r < rows; ++r) {
      if (auto t = partition_text(array, r)) texts[static_cast<size_t>(r)] = std::move(*t);
    }
    by_text([&](int64_t r) { return std::string_view(texts[static_cast<size_t>(r)]); });
  }
  return out;
}

std::string file_name(const std::string& basename_template, int64_t i) {
  std::string name = basename_template;
  const size_t at = name.find("{i}");
  if (at != std::string::npos) name.replace(at, 3, std::to_string(i));
  return name;
}

bool has_entries(const fs::path& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) throw_io_error("list", dir.string(), ec.value());
  return it != fs::directory_iterator();
}

void remove_contents(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    fs::remove_all(entry.path(), ec);
    if (ec) throw_io_error("remove", entry.path().string(), ec.value());
  }
  if (ec) throw_io_error("list", dir.string(), ec.value());
}

}  // namespace

struct DatasetWriter::State {
  fs::path root;
  DatasetWriteOptions options;
  columnar::SchemaPtr schema;
  columnar::SchemaPtr data_schema;
  std::vector<std::string> data_columns;
  struct Folder {
    std::unique_ptr<FileWriter> writer;  // the open file, if any
    int64_t rows_in_file = 0;
    int64_t next_file = 0;
  };
  std::map<std::string, Folder> folders;  // by folder path relative to the root ("" when unpartitioned)
  std::vector<fs::path> written;
  bool closed = false;

  void close_file(const std::string& folder, Folder& f) {
    if (!f.writer) return;
    f.writer->close();
    f.writer.reset();
    written.push_back(folder.empty() ? fs::path(file_name(options.basename_template, f.next_file - 1))
                                     : fs::path(folder) / file_name(options.basename_template, f.next_file - 1));
  }

  // Append `part` (data columns only) to the folder's files, starting a new file at max_rows_per_file.
  void append(const std::string& folder, const Table& part) {
    auto [it, first_time] = folders.try_emplace(folder);
    Folder& f = it->second;
    const fs::path dir = folder.empty() ? root : root / folder;
    std::error_code ec;
    if (first_time) {
      if (options.existing_data_behavior == ExistingDataBehavior::kDeleteMatching && fs::is_directory(dir, ec)) {
        remove_contents(dir);
      }
      fs::create_directories(dir, ec);
      if (ec) throw_io_error("create folder", dir.string(), ec.value());
    }
    int64_t offset = 0;
    do {
      if (!f.writer) {
        f.writer = std::make_unique<FileWriter>(dir / file_name(options.basename_template, f.next_file++),
                                                data_schema, options.writer);
        f.rows_in_file = 0;
      }
      const int64_t room = options.max_rows_per_file > 0 ? options.max_rows_per_file - f.rows_in_file
                                                         : part.num_rows() - offset;
      const int64_t n = std::min(room, part.num_rows() - offset);
      if (n > 0) f.writer->write(part.slice(offset, n));
      offset += n;
      f.rows_in_file += n;
      if (options.max_rows_per_file > 0 && f.rows_in_file >= options.max_rows_per_file) close_file(folder, f);
    } while (offset < part.num_rows());
  }
};

DatasetWriter::DatasetWriter(const fs::path& root, columnar::SchemaPtr schema, DatasetWriteOptions options)
    : state_(std::make_unique<State>()) {
  State& st = *state_;
  st.root = root;
  st.options = std::move(options);
  st.schema = std::move(schema);
  const DatasetWriteOptions& o = st.options;
  std::set<std::string> seen;
  for (const auto& name : o.partition_cols) {
    const int i = st.schema->require_field_index(name);
    if (!seen.insert(name).second) raise<InvalidArgument>("write_dataset: partition column \"{}\" given twice", name);
    if (!partitionable(*st.schema->field(i)->type())) {
      raise<InvalidArgument>("write_dataset: cannot partition by \"{}\" of type {} (integers, strings, booleans, "
                             "date32 and dictionaries of those can be)",
                             name, st.schema->field(i)->type()->to_string());
    }
  }
  std::vector<columnar::FieldPtr> data_fields;
  for (const auto& f : st.schema->fields()) {
    if (!seen.count(f->name())) {
      st.data_columns.push_back(f->name());
      data_fields.push_back(f);
    }
  }
  st.data_schema = columnar::schema(data_fields, st.schema->metadata());
  if (st.data_columns.empty()) raise<InvalidArgument>("write_dataset: every column is a partition column");
  if (o.max_rows_per_file < 0) raise<InvalidArgument>("write_dataset: max_rows_per_file is negative");
  if (o.basename_template.empty() || o.basename_template.find('/') != std::string::npos) {
    raise<InvalidArgument>("write_dataset: basename_template \"{}\" is not a file name", o.basename_template);
  }
  if (o.max_rows_per_file > 0 && o.basename_template.find("{i}") == std::string::npos) {
    raise<InvalidArgument>("write_dataset: basename_template \"{}\" needs {{i}} when files are split",
                           o.basename_template);
  }

  std::error_code ec;
  const bool root_exists = fs::exists(root, ec);
  if (root_exists && !fs::is_directory(root, ec)) {
    raise<InvalidArgument>("write_dataset: \"{}\" exists and is not a folder", root.string());
  }
  if (root_exists && o.existing_data_behavior == ExistingDataBehavior::kError && has_entries(root)) {
    raise<InvalidArgument>("write_dataset: \"{}\" is not empty and existing_data_behavior is error (choose "
                           "overwrite_or_ignore or delete_matching)",
                           root.string());
  }
}

DatasetWriter::~DatasetWriter() = default;  // open FileWriters drop their temporaries; no file appears

void DatasetWriter::write(const columnar::RecordBatch& batch) { write(Table::from_batches({batch}, batch.schema())); }

void DatasetWriter::write(const Table& table) {
  State& st = *state_;
  if (st.closed) raise<InvalidArgument>("DatasetWriter: write after close");
  if (!table.schema()->equals(*st.schema)) {
    raise<SchemaError>("DatasetWriter: the table's columns\n{}differ from the writer's\n{}", table.schema()->to_string(),
                       st.schema->to_string());
  }
  const DatasetWriteOptions& options = st.options;
  const Table data = table.select(st.data_columns);
  if (options.partition_cols.empty()) {
    st.append("", data);
    return;
  }
  if (table.num_rows() == 0) return;
  // Group rows by their folder, in order of first appearance of each row; folders are written in path order.
  std::map<std::string, std::vector<int64_t>> groups;
  {
    const Table keys = table.select(options.partition_cols).combine_chunks();
    std::vector<Array> key_arrays;
    for (int c = 0; c < keys.num_columns(); ++c) {
      key_arrays.push_back(keys.column(c).num_chunks() ? keys.column(c).chunk(0) : Array());
    }
    // Dense codes per row: one column's codes, then each further column folded in pair by pair (both codes
    // stay below the row count, so code * count + code fits in int64).
    std::vector<KeyCodes> per_column;
    for (size_t c = 0; c < key_arrays.size(); ++c) {
      per_column.push_back(key_codes(options.partition_cols[c], key_arrays[c], table.num_rows()));
    }
    std::vector<int32_t> combined = per_column[0].codes;
    int64_t distinct = static_cast<int64_t>(per_column[0].segments.size());
    for (size_t c = 1; c < per_column.size(); ++c) {
      const int64_t width = static_cast<int64_t>(per_column[c].segments.size());
      std::unordered_map<int64_t, int32_t> dense;
      for (int64_t row = 0; row < table.num_rows(); ++row) {
        const int64_t pair = combined[static_cast<size_t>(row)] * width + per_column[c].codes[static_cast<size_t>(row)];
        auto [it, inserted] = dense.emplace(pair, static_cast<int32_t>(dense.size()));
        combined[static_cast<size_t>(row)] = it->second;
      }
      distinct = static_cast<int64_t>(dense.size());
    }
    std::vector<std::vector<int64_t>> rows_of(static_cast<size_t>(distinct));
    for (int64_t row = 0; row < table.num_rows(); ++row) rows_of[static_cast<size_t>(combined[static_cast<size_t>(row)])].push_back(row);
    for (const auto& rows : rows_of) {
      if (rows.empty()) continue;
      std::string folder;
      for (size_t c = 0; c < per_column.size(); ++c) {
        if (c) folder += '/';
        folder += per_column[c].segments[static_cast<size_t>(per_column[c].codes[static_cast<size_t>(rows[0])])];
      }
      // Two codes can share a folder (a dictionary holding a value twice): merge them, rows in table order.
      auto& group = groups[folder];
      const bool merge = !group.empty();
      group.insert(group.end(), rows.begin(), rows.end());
      if (merge) std::sort(group.begin(), group.end());
    }
  }

  for (const auto& [folder, rows] : groups) {
    if (static_cast<int64_t>(rows.size()) == table.num_rows()) {
      st.append(folder, data);
    } else {
      columnar::Int64Builder indices;
      indices.append_values(std::span<const int64_t>(rows));
      st.append(folder, compute::take(data, indices.finish()));
    }
  }
}

std::vector<fs::path> DatasetWriter::close() {
  State& st = *state_;
  if (st.closed) raise<InvalidArgument>("DatasetWriter: closed twice");
  st.closed = true;
  // An unpartitioned dataset of no rows is one empty file, which keeps the schema.
  if (st.options.partition_cols.empty() && st.folders.empty()) st.append("", Table::from_batches({}, st.data_schema));
  for (auto& [folder, f] : st.folders) st.close_file(folder, f);
  std::sort(st.written.begin(), st.written.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  return st.written;
}

std::vector<fs::path> write_dataset(const Table& table, const fs::path& root, const DatasetWriteOptions& options) {
  DatasetWriter writer(root, table.schema(), options);
  writer.write(table);
  return writer.close();
}

// ---------------------------------------------------------------------------------------------------------
// Discovery

namespace {

// pyarrow's selector_ignore_prefixes (".", "_"), except `_key=value` folders; and Strata's own temporaries
// (io::AtomicFileWriter writes `NAME.tmp-XXXXXX` before renaming to NAME).
bool ignored(const std::string& name, bool is_directory) {
  if (name.empty() || name[0] == '.') return true;
  if (name[0] == '_') return !(is_directory && name.find('=') != std::string::npos);
  return !is_directory && name.find(".tmp-") != std::string::npos;
}

void walk(const fs::path& root, const fs::path& relative, std::vector<fs::path>& out) {
  std::error_code ec;
  fs::directory_iterator it(root / relative, ec);
  if (ec) throw_io_error("list", (root / relative).string(), ec.value());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const bool is_directory = it->is_directory(ec);
    if (ignored(name, is_directory)) continue;
    if (is_directory) {
      walk(root, relative / name, out);
    } else if (it->is_regular_file(ec)) {
      out.push_back(relative / name);
    }
  }
  if (ec) throw_io_error("list", (root / relative).string(), ec.value());
}

bool parse_int(std::string_view text, int64_t& value) {
  const char* end = text.data() + text.size();
  auto [p, err] = std::from_chars(text.data(), end, value);
  return err == std::errc() && p == end && !text.empty();
}

// The typed value of a partition text under `type`, in the form the filter's literals take after
// internal::coerce_literal (integers and date32 as int64, floats as double).
std::optional<Literal> parse_partition_value(const std::string& text, const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt8: case TypeId::kInt16: case TypeId::kInt32: case TypeId::kInt64:
    case TypeId::kUInt8: case TypeId::kUInt16: case TypeId::kUInt32: {
      int64_t v;
      if (!parse_int(text, v)) return std::nullopt;
      const int bits = type.bit_width();
      if (type.is_signed_integer()) {
        if (bits < 64 && (v < -(int64_t{1} << (bits - 1)) || v >= (int64_t{1} << (bits - 1)))) return std::nullopt;
      } else if (v < 0 || v >= (int64_t{1} << bits)) {
        return std::nullopt;
      }
      return Literal(v);
    }
    case TypeId::kFloat32: case TypeId::kFloat64: {
      double v;
      const char* end = text.data() + text.size();
      auto [p, err] = std::from_chars(text.data(), end, v);
      if (err != std::errc() || p != end) return std::nullopt;
      return Literal(v);
    }
    case TypeId::kBool:
      if (text == "true" || text == "True" || text == "TRUE") return Literal(true);
      if (text == "false" || text == "False" || text == "FALSE") return Literal(false);
      return std::nullopt;
    case TypeId::kString: case TypeId::kLargeString:
      return Literal(text);
    case TypeId::kDate32:
      try {
        return internal::coerce_literal(Literal(text), type, "");
      } catch (const InvalidArgument&) {
        return std::nullopt;
      }
    default:
      raise<InvalidArgument>("partition columns of type {} are not supported (integers, float64, utf8, bool, "
                             "date32 are)",
                             type.to_string());
  }
}

// An array of `type` holding `values` (non-null), for dictionaries of partition values.
Array make_values(const DataTypePtr& type, const std::vector<Literal>& values) {
  switch (type->id()) {
#define STRATA_VALUES(ID, CTYPE)                                      \
  case TypeId::ID: {                                                  \
    columnar::NumericBuilder<CTYPE> b(type);                          \
    for (const auto& v : values) {                                    \
      if (auto* i = std::get_if<int64_t>(&v)) b.append(static_cast<CTYPE>(*i)); \
      else b.append(static_cast<CTYPE>(std::get<double>(v)));         \
    }                                                                 \
    return b.finish();                                                \
  }
    STRATA_VALUES(kInt8, int8_t)
    STRATA_VALUES(kInt16, int16_t)
    STRATA_VALUES(kInt32, int32_t)
    STRATA_VALUES(kInt64, int64_t)
    STRATA_VALUES(kUInt8, uint8_t)
    STRATA_VALUES(kUInt16, uint16_t)
    STRATA_VALUES(kUInt32, uint32_t)
    STRATA_VALUES(kFloat32, float)
    STRATA_VALUES(kFloat64, double)
    STRATA_VALUES(kDate32, int32_t)
#undef STRATA_VALUES
    case TypeId::kBool: {
      columnar::BooleanBuilder b;
      for (const auto& v : values) b.append(std::get<bool>(v));
      return b.finish();
    }
    case TypeId::kString: {
      columnar::StringBuilder b;
      for (const auto& v : values) b.append(std::get<std::string>(v));
      return b.finish();
    }
    case TypeId::kLargeString: {
      columnar::LargeStringBuilder b;
      for (const auto& v : values) b.append(std::get<std::string>(v));
      return b.finish();
    }
    default:
      raise<InvalidArgument>("partition columns of type {} are not supported", type->to_string());
  }
}

}  // namespace

Dataset Dataset::open(const fs::path& root, columnar::SchemaPtr partitioning) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    throw_io_error("open dataset folder", root.string(), ec ? ec.value() : (fs::exists(root) ? ENOTDIR : ENOENT));
  }
  std::vector<fs::path> paths;
  walk(root, fs::path(), paths);
  std::sort(paths.begin(), paths.end(),
            [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });

  Dataset ds;
  ds.root_ = root;
  std::vector<std::string> keys;
  for (size_t file_idx = 0; file_idx < paths.size(); ++file_idx) {
    const fs::path& rel = paths[file_idx];
    const std::string where = (root / rel).string();
    std::vector<std::string> file_keys;
    DatasetFile file{rel, {}};
    for (const auto& part : rel.parent_path()) {
      const std::string segment = part.string();
      const size_t eq = segment.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw FormatError(where, std::nullopt,
                          fmt::format("folder \"{}\" is not a Hive partition (key=value)", segment));
      }
      try {
        file_keys.push_back(decode_partition_value(std::string_view(segment).substr(0, eq)));
        std::string value = decode_partition_value(std::string_view(segment).substr(eq + 1));
        if (value == kHiveDefaultPartition) {
          file.partition_values.emplace_back(std::nullopt);
        } else {
          file.partition_values.emplace_back(std::move(value));
        }
      } catch (const InvalidArgument& e) {
        throw FormatError(where, std::nullopt, fmt::format("folder name {}", e.what()));
      }
      if (std::count(file_keys.begin(), file_keys.end() - 1, file_keys.back())) {
        throw FormatError(where, std::nullopt, fmt::format("partition key \"{}\" appears twice", file_keys.back()));
      }
    }
    if (file_idx == 0) {
      keys = file_keys;
    } else if (file_keys != keys) {
      throw FormatError(where, std::nullopt,
                        fmt::format("partition keys [{}] differ from [{}] of {}", fmt::join(file_keys, ", "),
                                    fmt::join(keys, ", "), (root / paths[0]).string()));
    }
    ds.files_.push_back(std::move(file));
  }

  // Partition field types: given, or inferred as pyarrow does (int32 when every value is one, else utf8).
  std::vector<columnar::FieldPtr> fields;
  if (partitioning) {
    for (const auto& f : partitioning->fields()) {
      if (std::find(keys.begin(), keys.end(), f->name()) == keys.end() && !ds.files_.empty()) {
        raise<SchemaError>("dataset {}: partitioning names \"{}\", but the folders have keys [{}]", root.string(),
                           f->name(), fmt::join(keys, ", "));
      }
    }
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    DataTypePtr type;
    if (partitioning) {
      const auto i = partitioning->field_index(keys[k]);
      if (!i) {
        raise<SchemaError>("dataset {}: folder key \"{}\" is not in the partitioning [{}]", root.string(), keys[k],
                           fmt::join(partitioning->field_names(), ", "));
      }
      type = partitioning->field(*i)->type();
    } else {
      type = columnar::int32();
      for (const auto& file : ds.files_) {
        const auto& v = file.partition_values[k];
        if (v && !parse_partition_value(*v, *type)) {
          type = columnar::utf8();
          break;
        }
      }
    }
    for (const auto& file : ds.files_) {
      const auto& v = file.partition_values[k];
      if (v && !(v->empty() && !type->is_string_like()) && !parse_partition_value(*v, *type)) {
        throw FormatError((root / file.path).string(), std::nullopt,
                          fmt::format("partition value \"{}\" of \"{}\" is not a valid {}", *v, keys[k],
                                      type->to_string()));
      }
    }
    fields.push_back(columnar::field(keys[k], type));
  }
  if (partitioning && ds.files_.empty()) fields = partitioning->fields();
  ds.partition_schema_ = columnar::schema(fields);

  if (ds.files_.empty()) {
    ds.file_schema_ = columnar::schema({});
  } else {
    const auto first = FileReader::open(root / ds.files_[0].path);
    ds.file_schema_ = first.schema();
    for (const auto& f : fields) {
      if (ds.file_schema_->field_index(f->name())) {
        raise<SchemaError>("dataset {}: \"{}\" is both a partition key and a column of {}", root.string(),
                           f->name(), (root / ds.files_[0].path).string());
      }
    }
  }
  return ds;
}

columnar::SchemaPtr Dataset::schema() const {
  std::vector<columnar::FieldPtr> fields = file_schema_->fields();
  for (const auto& f : partition_schema_->fields()) fields.push_back(f);
  return columnar::schema(fields);
}

// ---------------------------------------------------------------------------------------------------------
// Reading

namespace {

bool predicate_holds(const Predicate& p, const std::optional<Literal>& value) {
  if (p.op == FilterOp::kIsNull) return !value;
  if (p.op == FilterOp::kIsNotNull) return value.has_value();
  if (!value) return false;  // null never passes a comparison
  auto equal_any = [&] {
    for (const auto& v : p.values) {
      if (!std::holds_alternative<std::monostate>(v) && internal::compare_literals(*value, v) == 0) return true;
    }
    return false;
  };
  if (p.op == FilterOp::kIn) return equal_any();
  if (p.op == FilterOp::kNotIn) return !equal_any();
  if (p.values.size() != 1 || std::holds_alternative<std::monostate>(p.values[0])) return false;
  const int c = internal::compare_literals(*value, p.values[0]);
  switch (p.op) {
    case FilterOp::kEq: return c == 0;
    case FilterOp::kNe: return c != 0;
    case FilterOp::kLt: return c < 0;
    case FilterOp::kLe: return c <= 0;
    case FilterOp::kGt: return c > 0;
    case FilterOp::kGe: return c >= 0;
    default: return false;
  }
}

void add_stats(ReadStats& total, const ReadStats& s) {
  total.row_groups += s.row_groups;
  total.row_groups_read += s.row_groups_read;
  total.pages += s.pages;
  total.pages_read += s.pages_read;
  total.rows_scanned += s.rows_scanned;
  total.rows_out += s.rows_out;
}

}  // namespace

// What a read decides before touching any file: the output columns, the partition values as codes into each
// key's dictionary, the filter bound to the dataset's schema, and the files left after partition pruning with
// the rest of the filter for each.
struct Dataset::Plan {
  struct FileTask {
    size_t file;
    Filter residual;
  };
  std::vector<std::string> names;               // output columns
  std::vector<std::optional<int>> key_of;       // per output column: its partition key, if it is one
  columnar::SchemaPtr out_schema;
  std::vector<std::string> file_columns;        // output columns read from the files
  std::vector<std::vector<int32_t>> codes;      // per file, per key: index into dictionaries[key], -1 for null
  std::vector<Array> dictionaries;              // per key: its distinct values in sorted order
  bool dictionary_partition_columns = true;
  std::vector<FileTask> tasks;                  // in path order
  DatasetReadStats stats;                       // files, files_pruned, files_read

  // Output column `c` (a partition column) for `rows` rows of task file `file`: one constant value.
  Array partition_chunk(size_t c, size_t file, int64_t rows) const {
    const int k = *key_of[c];
    const int32_t code = codes[file][static_cast<size_t>(k)];
    columnar::Int32Builder indices;
    indices.reserve(rows);
    for (int64_t r = 0; r < rows; ++r) {
      if (code < 0) indices.append_null();
      else indices.unsafe_append(code);
    }
    Array idx = indices.finish();
    const Array& dict = dictionaries[static_cast<size_t>(k)];
    if (!dictionary_partition_columns) return compute::take(dict, idx);
    auto data = columnar::ArrayData::make(out_schema->field(static_cast<int>(c))->type(), rows, idx.data()->buffers,
                                          idx.null_count());
    data->dictionary = dict.data();
    return Array(data);
  }
};

Dataset::Plan Dataset::plan(const DatasetReadOptions& options) const {
  const columnar::SchemaPtr full = schema();
  const int num_keys = partition_schema_->num_fields();
  Plan plan;
  plan.dictionary_partition_columns = options.dictionary_partition_columns;

  // Typed partition values per file, and each key's dictionary: its distinct values in sorted order.
  std::vector<std::vector<std::optional<Literal>>> typed(files_.size());
  plan.codes.resize(files_.size());
  for (int k = 0; k < num_keys; ++k) {
    const DataType& type = *partition_schema_->field(k)->type();
    std::vector<Literal> distinct;
    for (size_t f = 0; f < files_.size(); ++f) {
      const auto& text = files_[f].partition_values[static_cast<size_t>(k)];
      typed[f].push_back(text && !(text->empty() && !type.is_string_like()) ? parse_partition_value(*text, type)
                                                                             : std::nullopt);
      if (typed[f].back()) distinct.push_back(*typed[f].back());
    }
    std::sort(distinct.begin(), distinct.end(),
              [](const Literal& a, const Literal& b) { return internal::compare_literals(a, b) < 0; });
    distinct.erase(std::unique(distinct.begin(), distinct.end(),
                               [](const Literal& a, const Literal& b) { return internal::compare_literals(a, b) == 0; }),
                   distinct.end());
    for (size_t f = 0; f < files_.size(); ++f) {
      const auto& v = typed[f].back();
      int32_t code = -1;
      if (v) {
        code = static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), *v,
                                                     [](const Literal& a, const Literal& b) {
                                                       return internal::compare_literals(a, b) < 0;
                                                     }) -
                                    distinct.begin());
      }
      plan.codes[f].push_back(code);
    }
    plan.dictionaries.push_back(make_values(partition_schema_->field(k)->type(), distinct));
  }

  // The output columns, and the filter bound to the dataset's schema (unknown columns, literal kinds).
  plan.names = options.columns.empty() ? full->field_names() : options.columns;
  std::vector<columnar::FieldPtr> out_fields;
  for (const auto& name : plan.names) {
    const auto i = full->field_index(name);
    if (!i) {
      raise<SchemaError>("dataset {}: no column \"{}\" (columns: {})", root_.string(), name,
                         fmt::join(full->field_names(), ", "));
    }
    columnar::FieldPtr f = full->field(*i);
    if (*i >= file_schema_->num_fields() && options.dictionary_partition_columns) {
      f = f->with_type(columnar::dictionary(columnar::int32(), f->type()));
    }
    out_fields.push_back(f);
    const auto k = partition_schema_->field_index(name);
    plan.key_of.push_back(k ? std::optional<int>(static_cast<int>(*k)) : std::nullopt);
    if (!k) plan.file_columns.push_back(name);
  }
  plan.out_schema = columnar::schema(out_fields);
  const Filter bound = internal::bind_filter(options.filter, *full);

  // Decide each file's partition conditions from its path; keep the others for the file's reader.
  plan.stats.files = static_cast<int>(files_.size());
  for (size_t f = 0; f < files_.size(); ++f) {
    Filter residual;
    bool any_conjunction = bound.empty();
    bool whole_file = bound.empty();
    for (const auto& conjunction : bound.disjuncts) {
      Conjunction rest;
      bool dead = false;
      for (const auto& p : conjunction) {
        const auto k = partition_schema_->field_index(p.column);
        if (!k) {
          rest.push_back(p);
        } else if (!predicate_holds(p, typed[f][static_cast<size_t>(*k)])) {
          dead = true;
          break;
        }
      }
      if (dead) continue;
      any_conjunction = true;
      if (rest.empty()) whole_file = true;
      residual.disjuncts.push_back(std::move(rest));
    }
    if (!any_conjunction) {
      ++plan.stats.files_pruned;
      continue;
    }
    if (whole_file) residual = Filter{};
    plan.tasks.push_back({f, std::move(residual)});
  }
  plan.stats.files_read = static_cast<int>(plan.tasks.size());
  return plan;
}

FileReader Dataset::open_file(size_t file) const {
  const fs::path path = root_ / files_[file].path;
  FileReader reader = FileReader::open(path);
  if (!reader.schema()->equals(*file_schema_)) {
    raise<SchemaError>("{}: its columns differ from those of {}:\n{}\nversus\n{}", path.string(),
                       (root_ / files_[0].path).string(), reader.schema()->to_string(), file_schema_->to_string());
  }
  return reader;
}

namespace {

// The rows of `reader` (all row groups, or only `row_group`) passing `residual`, with `columns` (possibly none:
// then only the count is known, in `rows`).
Table read_part(const FileReader& reader, const std::vector<std::string>& columns, const Filter& residual,
                const DatasetReadOptions& options, int threads, std::optional<int> row_group, int64_t& rows,
                ReadStats& stats) {
  ReadOptions ro;
  ro.filter = residual;
  ro.threads = threads;
  ro.use_page_index = options.use_page_index;
  if (row_group) ro.row_groups = {*row_group};
  if (!columns.empty()) {
    ro.columns = columns;
    Table part = reader.read(ro, &stats);
    rows = part.num_rows();
    return part;
  }
  if (residual.empty()) {
    rows = row_group ? reader.metadata().row_groups[static_cast<size_t>(*row_group)].num_rows : reader.num_rows();
    stats.rows_out += rows;
    return Table();
  }
  ro.columns = residual.columns();
  rows = reader.read(ro, &stats).num_rows();
  return Table();
}

}  // namespace

Table Dataset::read(const DatasetReadOptions& options, DatasetReadStats* stats) const {
  const Plan plan = this->plan(options);
  DatasetReadStats local = plan.stats;
  struct FileRead {
    Table part;
    int64_t rows = 0;
    ReadStats stats;
  };
  std::vector<FileRead> reads(plan.tasks.size());

  // Read the files: several at once when there are at least as many files as threads (each file's reader then
  // decodes on one thread), else one after another with every thread on each file. The result is the same.
  const int threads = options.threads > 0 ? options.threads : default_thread_count();
  const bool across_files = threads > 1 && static_cast<int>(plan.tasks.size()) >= threads;
  auto read_one = [&](int64_t i) {
    const auto& task = plan.tasks[static_cast<size_t>(i)];
    FileRead& fr = reads[static_cast<size_t>(i)];
    fr.part = read_part(open_file(task.file), plan.file_columns, task.residual, options,
                        across_files ? 1 : options.threads, std::nullopt, fr.rows, fr.stats);
  };
  if (across_files) {
    parallel_for(static_cast<int64_t>(plan.tasks.size()), threads, read_one);
  } else {
    for (size_t i = 0; i < plan.tasks.size(); ++i) read_one(static_cast<int64_t>(i));
  }

  // Assemble in path order: the files' columns chunk by chunk, partition columns as constant chunks.
  std::vector<std::vector<Array>> chunks(plan.names.size());
  int64_t total_rows = 0;
  for (size_t i = 0; i < reads.size(); ++i) {
    const FileRead& fr = reads[i];
    add_stats(local.file_stats, fr.stats);
    if (fr.rows == 0) continue;
    total_rows += fr.rows;
    for (size_t c = 0; c < plan.names.size(); ++c) {
      if (plan.key_of[c]) {
        chunks[c].push_back(plan.partition_chunk(c, plan.tasks[i].file, fr.rows));
      } else {
        for (const auto& chunk : fr.part.column(plan.names[c]).chunks()) chunks[c].push_back(chunk);
      }
    }
  }

  std::vector<ChunkedArray> columns;
  for (size_t c = 0; c < plan.names.size(); ++c) {
    columns.emplace_back(std::move(chunks[c]), plan.out_schema->field(static_cast<int>(c))->type());
  }
  if (stats) *stats = local;
  return Table(plan.out_schema, std::move(columns), total_rows);
}

// ---------------------------------------------------------------------------------------------------------
// Batch reader

struct Dataset::BatchReader::State {
  const Dataset* dataset;
  DatasetReadOptions options;
  Plan plan;
  DatasetReadStats stats;
  size_t task = 0;
  std::optional<FileReader> reader;  // of plan.tasks[task]
  int row_group = 0;
};

Dataset::BatchReader::BatchReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
Dataset::BatchReader::BatchReader(BatchReader&&) noexcept = default;
Dataset::BatchReader& Dataset::BatchReader::operator=(BatchReader&&) noexcept = default;
Dataset::BatchReader::~BatchReader() = default;

const columnar::SchemaPtr& Dataset::BatchReader::schema() const { return state_->plan.out_schema; }
const DatasetReadStats& Dataset::BatchReader::stats() const { return state_->stats; }

std::optional<columnar::RecordBatch> Dataset::BatchReader::next() {
  State& s = *state_;
  while (s.task < s.plan.tasks.size()) {
    const auto& task = s.plan.tasks[s.task];
    if (!s.reader) {
      s.reader.emplace(s.dataset->open_file(task.file));
      s.row_group = 0;
      ++s.stats.files_read;
    }
    if (s.row_group >= s.reader->num_row_groups()) {
      s.reader.reset();
      ++s.task;
      continue;
    }
    int64_t rows = 0;
    ReadStats rg_stats;
    const Table part = read_part(*s.reader, s.plan.file_columns, task.residual, s.options, s.options.threads,
                                 s.row_group++, rows, rg_stats);
    add_stats(s.stats.file_stats, rg_stats);
    if (rows == 0) continue;
    std::vector<Array> columns;
    for (size_t c = 0; c < s.plan.names.size(); ++c) {
      columns.push_back(s.plan.key_of[c] ? s.plan.partition_chunk(c, task.file, rows)
                                         : part.column(s.plan.names[c]).combine());
    }
    return columnar::RecordBatch(s.plan.out_schema, std::move(columns), rows);
  }
  return std::nullopt;
}

Dataset::BatchReader Dataset::batches(DatasetReadOptions options) const {
  auto state = std::make_unique<BatchReader::State>();
  state->dataset = this;
  state->plan = plan(options);
  state->stats = state->plan.stats;
  state->stats.files_read = 0;
  state->options = std::move(options);
  return BatchReader(std::move(state));
}

Table read_dataset(const fs::path& root, const DatasetReadOptions& options, DatasetReadStats* stats,
                   columnar::SchemaPtr partitioning) {
  return Dataset::open(root, std::move(partitioning)).read(options, stats);
}

}  // namespace strata::parquet
