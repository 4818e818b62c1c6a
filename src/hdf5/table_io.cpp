// Columnar tables as groups of 1-D datasets (layout in table_io.h).
#include "strata/hdf5/table_io.h"

#include <fmt/format.h>

#include "strata/columnar/builder.h"
#include "strata/core/error.h"

namespace strata::hdf5 {

namespace col = strata::columnar;
using col::TypeId;

namespace {

DatasetOptions column_options(const TableWriteOptions& options, int64_t length) {
  DatasetOptions o;
  if (options.gzip_level && length > 0) {
    o.with_gzip(*options.gzip_level).with_auto_chunks();
    if (options.shuffle) o.with_shuffle();
  }
  return o;
}

template <typename T>
void write_fixed(Group& g, const std::string& name, const col::Array& a, const DatasetOptions& o) {
  std::span<const T> values = a.values<T>();
  g.create_dataset(name, datatype_of<T>(), {a.length()}, o).write(values);
}

// Write the values of `a` (no dictionary) as dataset `name` in `g`. Null slots are written as the
// builder left them (zero / empty).
void write_values(Group& g, const std::string& name, const col::Array& a, const DatasetOptions& o) {
  switch (a.type_id()) {
    case TypeId::kInt8: return write_fixed<int8_t>(g, name, a, o);
    case TypeId::kInt16: return write_fixed<int16_t>(g, name, a, o);
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kTime32: return write_fixed<int32_t>(g, name, a, o);
    case TypeId::kInt64:
    case TypeId::kDate64:
    case TypeId::kTime64:
    case TypeId::kTimestamp:
    case TypeId::kDuration: return write_fixed<int64_t>(g, name, a, o);
    case TypeId::kUInt8: return write_fixed<uint8_t>(g, name, a, o);
    case TypeId::kUInt16: return write_fixed<uint16_t>(g, name, a, o);
    case TypeId::kUInt32: return write_fixed<uint32_t>(g, name, a, o);
    case TypeId::kUInt64: return write_fixed<uint64_t>(g, name, a, o);
    case TypeId::kFloat32: return write_fixed<float>(g, name, a, o);
    case TypeId::kFloat64: return write_fixed<double>(g, name, a, o);
    case TypeId::kBool: {
      col::BooleanArray b(a);
      std::vector<uint8_t> bytes(static_cast<size_t>(a.length()));
      for (int64_t i = 0; i < a.length(); ++i) bytes[static_cast<size_t>(i)] = b.value(i) ? 1 : 0;
      g.create_dataset(name, Datatype::boolean(), {a.length()}, o)
          .write_from(Selection::all(), Datatype::boolean(), bytes.data(), a.length());
      return;
    }
    case TypeId::kString:
    case TypeId::kLargeString:
    case TypeId::kBinary:
    case TypeId::kLargeBinary: {
      std::vector<std::string> strings(static_cast<size_t>(a.length()));
      const bool large = a.type()->is_large_binary_like();
      for (int64_t i = 0; i < a.length(); ++i) {
        if (a.is_null(i)) continue;
        strings[static_cast<size_t>(i)] =
            std::string(large ? col::LargeStringArray(a).value(i) : col::StringArray(a).value(i));
      }
      Datatype t = Datatype::variable_string(a.type()->is_string_like());
      Dataset ds = g.create_dataset(name, t, {a.length()}, o);
      ds.write_strings(strings);
      if (!a.type()->is_string_like()) ds.attrs().set("logical_type", std::string("binary"));
      if (a.type()->is_large_binary_like()) ds.attrs().set("large", int8_t{1});
      return;
    }
    default:
      raise<NotImplemented>("hdf5: cannot store a column of type {} in HDF5 yet", a.type()->to_string());
  }
}

void write_validity(Group& g, const std::string& name, const col::Array& a) {
  std::vector<uint8_t> valid(static_cast<size_t>(a.length()));
  for (int64_t i = 0; i < a.length(); ++i) valid[static_cast<size_t>(i)] = a.is_valid(i) ? 1 : 0;
  g.create_dataset(name + ".valid", Datatype::boolean(), {a.length()})
      .write_from(Selection::all(), Datatype::boolean(), valid.data(), a.length());
}

const char* unit_name(col::TimeUnit u) {
  switch (u) {
    case col::TimeUnit::kSecond: return "s";
    case col::TimeUnit::kMilli: return "ms";
    case col::TimeUnit::kMicro: return "us";
    case col::TimeUnit::kNano: return "ns";
  }
  return "s";
}

col::TimeUnit parse_unit(const std::string& s, const std::string& where) {
  if (s == "s") return col::TimeUnit::kSecond;
  if (s == "ms") return col::TimeUnit::kMilli;
  if (s == "us") return col::TimeUnit::kMicro;
  if (s == "ns") return col::TimeUnit::kNano;
  raise<FormatError>("hdf5: {} has unit \"{}\" (expected s, ms, us or ns)", where, s);
}

template <typename T>
col::Array read_fixed(const Dataset& ds, const col::DataTypePtr& type) {
  const int64_t n = ds.size();
  auto buffer = col::Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
  ds.read(std::span<T>(buffer->mutable_data_as<T>(), static_cast<size_t>(n)));
  return col::Array(col::ArrayData::make(type, n, {nullptr, buffer}, 0));
}

// Read a 1-D dataset as an array of its natural type (or of `logical` when given, for temporal types).
col::Array read_values(const Dataset& ds, col::DataTypePtr logical = nullptr) {
  if (ds.rank() != 1) raise<SchemaError>("hdf5: column \"{}\" has rank {}, a table column needs rank 1", ds.path(), ds.rank());
  Datatype t = ds.datatype();
  switch (t.type_class()) {
    case TypeClass::kInteger: {
      const size_t w = t.size();
      const bool s = t.is_signed();
      if (w == 1) return s ? read_fixed<int8_t>(ds, logical ? logical : col::int8()) : read_fixed<uint8_t>(ds, col::uint8());
      if (w == 2) return s ? read_fixed<int16_t>(ds, col::int16()) : read_fixed<uint16_t>(ds, col::uint16());
      if (w == 4) return s ? read_fixed<int32_t>(ds, logical ? logical : col::int32()) : read_fixed<uint32_t>(ds, col::uint32());
      if (w == 8) return s ? read_fixed<int64_t>(ds, logical ? logical : col::int64()) : read_fixed<uint64_t>(ds, col::uint64());
      break;
    }
    case TypeClass::kFloat:
      if (t.size() == 4) return read_fixed<float>(ds, col::float32());
      return read_fixed<double>(ds, col::float64());
    case TypeClass::kBool: {
      std::vector<int8_t> bytes(static_cast<size_t>(ds.size()));
      ds.read_into(Selection::all(), Datatype::boolean(), bytes.data(), ds.size());
      col::BooleanBuilder b;
      b.append_values(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      return b.finish();
    }
    case TypeClass::kString: {
      std::vector<std::string> strings = ds.read<std::string>();
      const bool binary = ds.attrs().contains("logical_type") && ds.attrs().get<std::string>("logical_type") == "binary";
      const bool large = ds.attrs().contains("large");
      auto build = [&](auto&& builder) {
        for (const std::string& s : strings) builder.append(s);
        return builder.finish();
      };
      if (binary) return large ? build(col::LargeBinaryBuilder()) : build(col::BinaryBuilder());
      return large ? build(col::LargeStringBuilder()) : build(col::StringBuilder());
    }
    default: break;
  }
  raise<NotImplemented>("hdf5: column \"{}\" of type {} cannot be read into a table", ds.path(), t.to_string());
}

col::Array apply_validity(const col::Array& values, const Dataset& valid_ds) {
  std::vector<int8_t> valid(static_cast<size_t>(valid_ds.size()));
  valid_ds.read_into(Selection::all(), Datatype::boolean(), valid.data(), valid_ds.size());
  if (static_cast<int64_t>(valid.size()) != values.length()) {
    raise<FormatError>("hdf5: validity \"{}\" has {} entries for a column of {}", valid_ds.path(), valid.size(),
                       values.length());
  }
  auto bitmap = col::Buffer::allocate_zeroed(bit_util::bytes_for_bits(values.length()));
  int64_t nulls = 0;
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i]) {
      bit_util::set_bit(bitmap->mutable_data(), static_cast<int64_t>(i));
    } else {
      ++nulls;
    }
  }
  auto data = std::make_shared<col::ArrayData>(*values.data());
  data->buffers[0] = nulls > 0 ? bitmap : nullptr;
  data->null_count = nulls;
  return col::Array(data);
}

}  // namespace

void write_table(Group& parent, std::string_view path, const col::Table& table, const TableWriteOptions& options) {
  if (parent.exists(path)) raise("hdf5: cannot write a table at \"{}\" in \"{}\": the path exists", path, parent.path());
  Group g = parent.create_group(path);
  const col::Schema& schema = *table.schema();
  std::vector<std::string> names = schema.field_names();
  for (const std::string& name : names) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name.ends_with(".valid")) {
      raise<SchemaError>("hdf5: column name \"{}\" cannot name an HDF5 dataset (empty, '/', or ending in .valid)", name);
    }
  }
  g.attrs().set("columns", names);
  for (int c = 0; c < table.num_columns(); ++c) {
    const std::string& name = names[static_cast<size_t>(c)];
    const col::Array a = table.column(c).combine();
    const DatasetOptions o = column_options(options, a.length());
    const col::DataType& type = *a.type();
    if (type.id() == TypeId::kDictionary) {
      col::DictionaryArray d(a);
      Group dg = g.create_group(name);
      dg.attrs().set("logical_type", std::string("dictionary"));
      if (type.ordered()) dg.attrs().set("ordered", int8_t{1});
      write_values(dg, "codes", d.indices(), o);
      write_values(dg, "values", d.dictionary(), column_options(options, d.dictionary().length()));
    } else {
      write_values(g, name, a, o);
      Dataset ds = g.dataset(name);
      switch (type.id()) {
        case TypeId::kTimestamp:
          ds.attrs().set("logical_type", std::string("timestamp"));
          ds.attrs().set("unit", std::string(unit_name(type.unit())));
          if (!type.timezone().empty()) ds.attrs().set("timezone", type.timezone());
          break;
        case TypeId::kDate32: ds.attrs().set("logical_type", std::string("date32")); break;
        case TypeId::kDate64: ds.attrs().set("logical_type", std::string("date64")); break;
        case TypeId::kTime32:
        case TypeId::kTime64:
        case TypeId::kDuration:
          ds.attrs().set("logical_type",
                         std::string(type.id() == TypeId::kDuration ? "duration"
                                                                    : (type.id() == TypeId::kTime32 ? "time32" : "time64")));
          ds.attrs().set("unit", std::string(unit_name(type.unit())));
          break;
        default: break;
      }
    }
    if (a.null_count() > 0) {
      write_validity(g, name, a);
      if (type.id() == TypeId::kDictionary) {
        g.group(name).attrs().set("validity", name + ".valid");
      } else {
        g.dataset(name).attrs().set("validity", name + ".valid");
      }
    }
  }
}

col::Table read_table(const Group& parent, std::string_view path) {
  Group g = parent.group(path);
  std::vector<std::string> names;
  if (g.attrs().contains("columns")) {
    names = g.attrs().get_strings("columns");
  } else {
    for (const std::string& key : g.keys()) {
      if (!key.ends_with(".valid")) names.push_back(key);
    }
  }
  std::vector<col::Array> arrays;
  for (const std::string& name : names) {
    std::optional<ObjectKind> kind = g.kind(name);
    if (!kind) raise<FormatError>("hdf5: table \"{}\" lists column \"{}\" but has no such member", g.path(), name);
    col::Array array;
    Attributes attrs = *kind == ObjectKind::kGroup ? g.group(name).attrs() : g.dataset(name).attrs();
    std::string logical = attrs.contains("logical_type") ? attrs.get<std::string>("logical_type") : "";
    if (*kind == ObjectKind::kGroup) {
      if (logical != "dictionary") raise<NotImplemented>("hdf5: column group \"{}/{}\" is not a dictionary column", g.path(), name);
      Group dg = g.group(name);
      col::Array codes = read_values(dg.dataset("codes"));
      col::Array values = read_values(dg.dataset("values"));
      if (!codes.type()->is_integer()) raise<FormatError>("hdf5: dictionary codes of \"{}\" are not integers", dg.path());
      auto type = col::dictionary(codes.type(), values.type(), attrs.contains("ordered"));
      auto data = std::make_shared<col::ArrayData>(*codes.data());
      data->type = type;
      data->dictionary = values.data();
      array = col::Array(data);
    } else {
      Dataset ds = g.dataset(name);
      col::DataTypePtr type;
      if (logical == "timestamp") {
        type = col::timestamp(parse_unit(attrs.get<std::string>("unit"), ds.path()),
                              attrs.contains("timezone") ? attrs.get<std::string>("timezone") : "");
      } else if (logical == "date32") {
        type = col::date32();
      } else if (logical == "date64") {
        type = col::date64();
      } else if (logical == "time32") {
        type = col::time32(parse_unit(attrs.get<std::string>("unit"), ds.path()));
      } else if (logical == "time64") {
        type = col::time64(parse_unit(attrs.get<std::string>("unit"), ds.path()));
      } else if (logical == "duration") {
        type = col::duration(parse_unit(attrs.get<std::string>("unit"), ds.path()));
      }
      array = read_values(ds, type);
    }
    if (attrs.contains("validity")) array = apply_validity(array, g.dataset(attrs.get<std::string>("validity")));
    arrays.push_back(std::move(array));
  }
  for (size_t i = 1; i < arrays.size(); ++i) {
    if (arrays[i].length() != arrays[0].length()) {
      raise<SchemaError>("hdf5: columns of \"{}\" differ in length: \"{}\" has {}, \"{}\" has {}", g.path(), names[0],
                         arrays[0].length(), names[i], arrays[i].length());
    }
  }
  return col::Table::from_arrays(names, arrays);
}

}  // namespace strata::hdf5
