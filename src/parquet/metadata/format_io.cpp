// Compact-protocol encoding of the parquet.thrift structures (format.h). One read/write pair per struct, in the
// order of parquet.thrift; field ids and required-ness are the specification's. The generic helpers map C++ member
// types to wire types: integers and enums → i8/i16/i32/i64, std::string → binary, bool → the field header's type,
// std::vector → list, structs → struct, std::variant → union (a struct with one field).
#include "strata/parquet/metadata/format_io.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include "strata/core/error.h"

namespace strata::parquet::format {

using thrift::CompactReader;
using thrift::CompactType;
using thrift::CompactWriter;
using thrift::FieldHeader;

// read_fields(r, out): decode a struct's fields into `out`, which the caller has just default-constructed (list
// elements, optional members), so nothing is reset twice; read(r, out) is the public form that resets first.
#define STRATA_DECLARE_READ_FIELDS(T) static void read_fields(CompactReader& r, T& out);
STRATA_PARQUET_FORMAT_STRUCTS(STRATA_DECLARE_READ_FIELDS)
#undef STRATA_DECLARE_READ_FIELDS

namespace {

template <typename T>
struct IsVariant : std::false_type {};
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
constexpr CompactType wire_type() {
  if constexpr (std::is_same_v<T, bool>) {
    return CompactType::kBoolTrue;
  } else if constexpr (std::is_same_v<T, int8_t>) {
    return CompactType::kI8;
  } else if constexpr (std::is_same_v<T, int16_t>) {
    return CompactType::kI16;
  } else if constexpr (std::is_same_v<T, int32_t> || std::is_enum_v<T>) {
    return CompactType::kI32;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return CompactType::kI64;
  } else if constexpr (std::is_same_v<T, double>) {
    return CompactType::kDouble;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return CompactType::kBinary;
  } else if constexpr (IsVector<T>::value) {
    return CompactType::kList;
  } else {
    return CompactType::kStruct;
  }
}

template <typename T>
bool matches(CompactType type) {
  if constexpr (std::is_same_v<T, bool>) {
    return type == CompactType::kBoolTrue || type == CompactType::kBoolFalse;
  } else if constexpr (IsVector<T>::value) {
    return type == CompactType::kList || type == CompactType::kSet;
  } else {
    return type == wire_type<T>();
  }
}

template <typename T>
void read_value(CompactReader& r, T& out) {
  if constexpr (std::is_same_v<T, bool>) {
    out = r.read_bool_element();
  } else if constexpr (std::is_same_v<T, int8_t>) {
    out = r.read_i8();
  } else if constexpr (std::is_same_v<T, int16_t>) {
    out = r.read_i16();
  } else if constexpr (std::is_same_v<T, int32_t>) {
    out = r.read_i32();
  } else if constexpr (std::is_enum_v<T>) {
    out = static_cast<T>(r.read_i32());
  } else if constexpr (std::is_same_v<T, int64_t>) {
    out = r.read_i64();
  } else if constexpr (std::is_same_v<T, double>) {
    out = r.read_double();
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = r.read_string();
  } else if constexpr (IsVector<T>::value) {
    using E = typename T::value_type;
    int64_t start = r.offset();
    thrift::ListHeader list = r.read_list_header();
    constexpr CompactType expected = wire_type<E>();
    if (list.element_type != expected) {
      r.fail_at(start, fmt::format("list of {} where the specification has {}",
                                   thrift::compact_type_name(list.element_type), thrift::compact_type_name(expected)));
    }
    out.clear();
    // The count is bounded by the bytes left; still grow as elements really arrive.
    out.reserve(static_cast<size_t>(std::min<int64_t>(list.size, 1024)));
    for (int64_t i = 0; i < list.size; ++i) {
      if constexpr (std::is_same_v<E, bool>) {
        out.push_back(r.read_bool_element());
      } else {
        r.charge(static_cast<int64_t>(sizeof(E)));
        out.emplace_back();
        read_value(r, out.back());
      }
    }
    r.end_container();
  } else if constexpr (IsVariant<T>::value) {
    read(r, out);
  } else {
    read_fields(r, out);
  }
}

// Read a field's value if its wire type is the expected one, else skip it (as generated Thrift code does).
// Returns whether the member was set.
template <typename T>
bool read_field(CompactReader& r, const FieldHeader& h, T& out) {
  if (!matches<T>(h.type)) {
    r.skip(h.type);
    return false;
  }
  if constexpr (std::is_same_v<T, bool>) {
    out = CompactReader::bool_field_value(h);
  } else {
    read_value(r, out);
  }
  return true;
}

template <typename T>
bool read_field(CompactReader& r, const FieldHeader& h, std::optional<T>& out) {
  if (!matches<T>(h.type)) {
    r.skip(h.type);
    return false;
  }
  if (!out) out.emplace();
  if constexpr (std::is_same_v<T, bool>) {
    *out = CompactReader::bool_field_value(h);
  } else {
    read_value(r, *out);
  }
  return true;
}

template <typename T>
void write_value(CompactWriter& w, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.write_bool_element(v);
  } else if constexpr (std::is_same_v<T, int8_t>) {
    w.write_i8(v);
  } else if constexpr (std::is_same_v<T, int16_t>) {
    w.write_i16(v);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    w.write_i32(v);
  } else if constexpr (std::is_enum_v<T>) {
    w.write_i32(static_cast<int32_t>(v));
  } else if constexpr (std::is_same_v<T, int64_t>) {
    w.write_i64(v);
  } else if constexpr (std::is_same_v<T, double>) {
    w.write_double(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.write_string(v);
  } else if constexpr (IsVector<T>::value) {
    using E = typename T::value_type;
    w.list_header(wire_type<E>(), static_cast<int64_t>(v.size()));
    for (const auto& element : v) write_value<E>(w, element);
  } else {
    write(w, v);
  }
}

template <typename T>
void write_field(CompactWriter& w, int16_t id, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.bool_field(id, v);
  } else {
    w.field_header(id, wire_type<T>());
    write_value(w, v);
  }
}

template <typename T>
void write_field(CompactWriter& w, int16_t id, const std::optional<T>& v) {
  if (v) write_field(w, id, *v);
}

// Tracks which required fields arrived; check() reports the first missing one at the struct's start.
class Required {
 public:
  Required(CompactReader& r, const char* name) : r_(r), name_(name), start_(r.offset()) {}
  void mark(int id, bool set) {
    if (set) seen_ |= uint64_t{1} << id;
  }
  void check(std::initializer_list<std::pair<int, const char*>> fields) const {
    for (const auto& [id, field] : fields) {
      if ((seen_ >> id & 1) == 0) r_.fail_at(start_, fmt::format("{}: required field {} ({}) is missing", name_, id, field));
    }
  }

 private:
  CompactReader& r_;
  const char* name_;
  int64_t start_;
  uint64_t seen_ = 0;
};

// Read a struct: `on_field` handles known ids (returns false for unknown ones, which are skipped); `finish` runs
// before the struct is left, so its errors carry the struct's path.
template <typename OnField, typename Finish>
void read_struct(CompactReader& r, const char* name, OnField&& on_field, Finish&& finish) {
  r.begin_struct(name);
  FieldHeader h;
  while (r.read_field_header(&h)) {
    if (!on_field(h)) r.skip(h.type);
  }
  finish();
  r.end_struct();
}

template <typename OnField>
void read_struct(CompactReader& r, const char* name, OnField&& on_field) {
  read_struct(r, name, std::forward<OnField>(on_field), [] {});
}

// Unions: ids[k] is the field id of the variant's alternative k (alternative 0 is std::monostate).
template <typename V, size_t... I>
void emplace_and_read(CompactReader& r, size_t index, V& out, std::index_sequence<I...>) {
  auto one = [&]<size_t K>(std::integral_constant<size_t, K>) {
    if constexpr (K != 0) {
      if (index == K) read_fields(r, out.template emplace<K>());
    }
  };
  (one(std::integral_constant<size_t, I>{}), ...);
}

template <typename V, size_t N>
void read_union(CompactReader& r, const char* name, V& out, const std::array<int16_t, N>& ids) {
  static_assert(N == std::variant_size_v<V>);
  out.template emplace<0>();  // not `out = V{}`: GCC 12 -O1 warns maybe-uninitialized on it
  r.begin_struct(name);
  FieldHeader h;
  while (r.read_field_header(&h)) {
    size_t index = 0;
    for (size_t k = 1; k < N; ++k) {
      if (ids[k] == h.id) index = k;
    }
    if (index == 0 || h.type != CompactType::kStruct) {
      r.skip(h.type);  // a member newer than this reader
      continue;
    }
    emplace_and_read(r, index, out, std::make_index_sequence<N>{});
  }
  r.end_struct();
}

template <typename V, size_t N>
void write_union(CompactWriter& w, const V& v, const std::array<int16_t, N>& ids) {
  static_assert(N == std::variant_size_v<V>);
  w.begin_struct();
  if (v.index() != 0) {
    w.field_header(ids[v.index()], CompactType::kStruct);
    std::visit(
        [&](const auto& member) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(member)>, std::monostate>) write(w, member);
        },
        v);
  }
  w.end_struct();
}

constexpr std::array<int16_t, 19> kLogicalTypeIds{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
constexpr std::array<int16_t, 4> kTimeUnitIds{0, 1, 2, 3};
constexpr std::array<int16_t, 4> kColumnOrderIds{0, 1, 2, 3};
constexpr std::array<int16_t, 3> kColumnCryptoIds{0, 1, 2};
constexpr std::array<int16_t, 3> kEncryptionAlgorithmIds{0, 1, 2};
constexpr std::array<int16_t, 2> kSingleMemberIds{0, 1};

}  // namespace

// One case per field: read it, and note that it arrived (for required-field checks).
#define FIELD(id, member)                                 \
  case id:                                                \
    required.mark(id, read_field(r, h, out.member));      \
    return true;

#define EMPTY_STRUCT(T)                                                             \
  void read_fields(CompactReader& r, T&) {                                          \
    read_struct(r, #T, [](const FieldHeader&) { return false; });                   \
  }                                                                                 \
  void write(CompactWriter& w, const T&) {                                          \
    w.begin_struct();                                                               \
    w.end_struct();                                                                 \
  }

// --- statistics -----------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, SizeStatistics& out) {
  Required required(r, "SizeStatistics");
  read_struct(r, "SizeStatistics", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, unencoded_byte_array_data_bytes)
      FIELD(2, repetition_level_histogram)
      FIELD(3, definition_level_histogram)
    }
    return false;
  });
}

void write(CompactWriter& w, const SizeStatistics& v) {
  w.begin_struct();
  write_field(w, 1, v.unencoded_byte_array_data_bytes);
  write_field(w, 2, v.repetition_level_histogram);
  write_field(w, 3, v.definition_level_histogram);
  w.end_struct();
}

void read_fields(CompactReader& r, BoundingBox& out) {
  Required required(r, "BoundingBox");
  read_struct(
      r, "BoundingBox",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, xmin)
          FIELD(2, xmax)
          FIELD(3, ymin)
          FIELD(4, ymax)
          FIELD(5, zmin)
          FIELD(6, zmax)
          FIELD(7, mmin)
          FIELD(8, mmax)
        }
        return false;
      },
      [&] { required.check({{1, "xmin"}, {2, "xmax"}, {3, "ymin"}, {4, "ymax"}}); });
}

void write(CompactWriter& w, const BoundingBox& v) {
  w.begin_struct();
  write_field(w, 1, v.xmin);
  write_field(w, 2, v.xmax);
  write_field(w, 3, v.ymin);
  write_field(w, 4, v.ymax);
  write_field(w, 5, v.zmin);
  write_field(w, 6, v.zmax);
  write_field(w, 7, v.mmin);
  write_field(w, 8, v.mmax);
  w.end_struct();
}

void read_fields(CompactReader& r, GeospatialStatistics& out) {
  Required required(r, "GeospatialStatistics");
  read_struct(r, "GeospatialStatistics", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, bbox)
      FIELD(2, geospatial_types)
    }
    return false;
  });
}

void write(CompactWriter& w, const GeospatialStatistics& v) {
  w.begin_struct();
  write_field(w, 1, v.bbox);
  write_field(w, 2, v.geospatial_types);
  w.end_struct();
}

void read_fields(CompactReader& r, Statistics& out) {
  Required required(r, "Statistics");
  read_struct(r, "Statistics", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, max)
      FIELD(2, min)
      FIELD(3, null_count)
      FIELD(4, distinct_count)
      FIELD(5, max_value)
      FIELD(6, min_value)
      FIELD(7, is_max_value_exact)
      FIELD(8, is_min_value_exact)
      FIELD(9, nan_count)
    }
    return false;
  });
}

void write(CompactWriter& w, const Statistics& v) {
  w.begin_struct();
  write_field(w, 1, v.max);
  write_field(w, 2, v.min);
  write_field(w, 3, v.null_count);
  write_field(w, 4, v.distinct_count);
  write_field(w, 5, v.max_value);
  write_field(w, 6, v.min_value);
  write_field(w, 7, v.is_max_value_exact);
  write_field(w, 8, v.is_min_value_exact);
  write_field(w, 9, v.nan_count);
  w.end_struct();
}

// --- logical types --------------------------------------------------------------------------------------------

EMPTY_STRUCT(StringType)
EMPTY_STRUCT(UUIDType)
EMPTY_STRUCT(MapType)
EMPTY_STRUCT(ListType)
EMPTY_STRUCT(VectorType)
EMPTY_STRUCT(EnumType)
EMPTY_STRUCT(DateType)
EMPTY_STRUCT(Float16Type)
EMPTY_STRUCT(NullType)
EMPTY_STRUCT(JsonType)
EMPTY_STRUCT(BsonType)
EMPTY_STRUCT(MilliSeconds)
EMPTY_STRUCT(MicroSeconds)
EMPTY_STRUCT(NanoSeconds)

void read_fields(CompactReader& r, DecimalType& out) {
  Required required(r, "DecimalType");
  read_struct(
      r, "DecimalType",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, scale)
          FIELD(2, precision)
        }
        return false;
      },
      [&] { required.check({{1, "scale"}, {2, "precision"}}); });
}

void write(CompactWriter& w, const DecimalType& v) {
  w.begin_struct();
  write_field(w, 1, v.scale);
  write_field(w, 2, v.precision);
  w.end_struct();
}

void read(CompactReader& r, TimeUnit& out) { read_union(r, "TimeUnit", out, kTimeUnitIds); }
void write(CompactWriter& w, const TimeUnit& v) { write_union(w, v, kTimeUnitIds); }

void read_fields(CompactReader& r, TimestampType& out) {
  Required required(r, "TimestampType");
  read_struct(
      r, "TimestampType",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, is_adjusted_to_utc)
          FIELD(2, unit)
        }
        return false;
      },
      [&] { required.check({{1, "isAdjustedToUTC"}, {2, "unit"}}); });
}

void write(CompactWriter& w, const TimestampType& v) {
  w.begin_struct();
  write_field(w, 1, v.is_adjusted_to_utc);
  write_field(w, 2, v.unit);
  w.end_struct();
}

void read_fields(CompactReader& r, TimeType& out) {
  Required required(r, "TimeType");
  read_struct(
      r, "TimeType",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, is_adjusted_to_utc)
          FIELD(2, unit)
        }
        return false;
      },
      [&] { required.check({{1, "isAdjustedToUTC"}, {2, "unit"}}); });
}

void write(CompactWriter& w, const TimeType& v) {
  w.begin_struct();
  write_field(w, 1, v.is_adjusted_to_utc);
  write_field(w, 2, v.unit);
  w.end_struct();
}

void read_fields(CompactReader& r, IntType& out) {
  Required required(r, "IntType");
  read_struct(
      r, "IntType",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, bit_width)
          FIELD(2, is_signed)
        }
        return false;
      },
      [&] { required.check({{1, "bitWidth"}, {2, "isSigned"}}); });
}

void write(CompactWriter& w, const IntType& v) {
  w.begin_struct();
  write_field(w, 1, v.bit_width);
  write_field(w, 2, v.is_signed);
  w.end_struct();
}

void read_fields(CompactReader& r, VariantType& out) {
  Required required(r, "VariantType");
  read_struct(r, "VariantType", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, specification_version)
    }
    return false;
  });
}

void write(CompactWriter& w, const VariantType& v) {
  w.begin_struct();
  write_field(w, 1, v.specification_version);
  w.end_struct();
}

void read_fields(CompactReader& r, GeometryType& out) {
  Required required(r, "GeometryType");
  read_struct(r, "GeometryType", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, crs)
    }
    return false;
  });
}

void write(CompactWriter& w, const GeometryType& v) {
  w.begin_struct();
  write_field(w, 1, v.crs);
  w.end_struct();
}

void read_fields(CompactReader& r, GeographyType& out) {
  Required required(r, "GeographyType");
  read_struct(r, "GeographyType", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, crs)
      FIELD(2, algorithm)
    }
    return false;
  });
}

void write(CompactWriter& w, const GeographyType& v) {
  w.begin_struct();
  write_field(w, 1, v.crs);
  write_field(w, 2, v.algorithm);
  w.end_struct();
}

void read(CompactReader& r, LogicalType& out) { read_union(r, "LogicalType", out, kLogicalTypeIds); }
void write(CompactWriter& w, const LogicalType& v) { write_union(w, v, kLogicalTypeIds); }

// --- schema ---------------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, SchemaElement& out) {
  Required required(r, "SchemaElement");
  read_struct(
      r, "SchemaElement",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, type)
          FIELD(2, type_length)
          FIELD(3, repetition_type)
          FIELD(4, name)
          FIELD(5, num_children)
          FIELD(6, converted_type)
          FIELD(7, scale)
          FIELD(8, precision)
          FIELD(9, field_id)
          FIELD(10, logical_type)
          FIELD(11, vector_length)
        }
        return false;
      },
      [&] { required.check({{4, "name"}}); });
}

void write(CompactWriter& w, const SchemaElement& v) {
  w.begin_struct();
  write_field(w, 1, v.type);
  write_field(w, 2, v.type_length);
  write_field(w, 3, v.repetition_type);
  write_field(w, 4, v.name);
  write_field(w, 5, v.num_children);
  write_field(w, 6, v.converted_type);
  write_field(w, 7, v.scale);
  write_field(w, 8, v.precision);
  write_field(w, 9, v.field_id);
  write_field(w, 10, v.logical_type);
  write_field(w, 11, v.vector_length);
  w.end_struct();
}

// --- pages ----------------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, DataPageHeader& out) {
  Required required(r, "DataPageHeader");
  read_struct(
      r, "DataPageHeader",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, num_values)
          FIELD(2, encoding)
          FIELD(3, definition_level_encoding)
          FIELD(4, repetition_level_encoding)
          FIELD(5, statistics)
        }
        return false;
      },
      [&] {
        required.check({{1, "num_values"},
                        {2, "encoding"},
                        {3, "definition_level_encoding"},
                        {4, "repetition_level_encoding"}});
      });
}

void write(CompactWriter& w, const DataPageHeader& v) {
  w.begin_struct();
  write_field(w, 1, v.num_values);
  write_field(w, 2, v.encoding);
  write_field(w, 3, v.definition_level_encoding);
  write_field(w, 4, v.repetition_level_encoding);
  write_field(w, 5, v.statistics);
  w.end_struct();
}

EMPTY_STRUCT(IndexPageHeader)

void read_fields(CompactReader& r, DictionaryPageHeader& out) {
  Required required(r, "DictionaryPageHeader");
  read_struct(
      r, "DictionaryPageHeader",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, num_values)
          FIELD(2, encoding)
          FIELD(3, is_sorted)
        }
        return false;
      },
      [&] { required.check({{1, "num_values"}, {2, "encoding"}}); });
}

void write(CompactWriter& w, const DictionaryPageHeader& v) {
  w.begin_struct();
  write_field(w, 1, v.num_values);
  write_field(w, 2, v.encoding);
  write_field(w, 3, v.is_sorted);
  w.end_struct();
}

void read_fields(CompactReader& r, DataPageHeaderV2& out) {
  Required required(r, "DataPageHeaderV2");
  read_struct(
      r, "DataPageHeaderV2",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, num_values)
          FIELD(2, num_nulls)
          FIELD(3, num_rows)
          FIELD(4, encoding)
          FIELD(5, definition_levels_byte_length)
          FIELD(6, repetition_levels_byte_length)
          FIELD(7, is_compressed)
          FIELD(8, statistics)
        }
        return false;
      },
      [&] {
        required.check({{1, "num_values"},
                        {2, "num_nulls"},
                        {3, "num_rows"},
                        {4, "encoding"},
                        {5, "definition_levels_byte_length"},
                        {6, "repetition_levels_byte_length"}});
      });
}

void write(CompactWriter& w, const DataPageHeaderV2& v) {
  w.begin_struct();
  write_field(w, 1, v.num_values);
  write_field(w, 2, v.num_nulls);
  write_field(w, 3, v.num_rows);
  write_field(w, 4, v.encoding);
  write_field(w, 5, v.definition_levels_byte_length);
  write_field(w, 6, v.repetition_levels_byte_length);
  write_field(w, 7, v.is_compressed);
  write_field(w, 8, v.statistics);
  w.end_struct();
}

void read_fields(CompactReader& r, PageHeader& out) {
  Required required(r, "PageHeader");
  read_struct(
      r, "PageHeader",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, type)
          FIELD(2, uncompressed_page_size)
          FIELD(3, compressed_page_size)
          FIELD(4, crc)
          FIELD(5, data_page_header)
          FIELD(6, index_page_header)
          FIELD(7, dictionary_page_header)
          FIELD(8, data_page_header_v2)
        }
        return false;
      },
      [&] { required.check({{1, "type"}, {2, "uncompressed_page_size"}, {3, "compressed_page_size"}}); });
}

void write(CompactWriter& w, const PageHeader& v) {
  w.begin_struct();
  write_field(w, 1, v.type);
  write_field(w, 2, v.uncompressed_page_size);
  write_field(w, 3, v.compressed_page_size);
  write_field(w, 4, v.crc);
  write_field(w, 5, v.data_page_header);
  write_field(w, 6, v.index_page_header);
  write_field(w, 7, v.dictionary_page_header);
  write_field(w, 8, v.data_page_header_v2);
  w.end_struct();
}

// --- bloom filter ---------------------------------------------------------------------------------------------

EMPTY_STRUCT(SplitBlockAlgorithm)
EMPTY_STRUCT(XxHash)
EMPTY_STRUCT(Uncompressed)

void read(CompactReader& r, BloomFilterAlgorithm& out) { read_union(r, "BloomFilterAlgorithm", out, kSingleMemberIds); }
void write(CompactWriter& w, const BloomFilterAlgorithm& v) { write_union(w, v, kSingleMemberIds); }
void read(CompactReader& r, BloomFilterHash& out) { read_union(r, "BloomFilterHash", out, kSingleMemberIds); }
void write(CompactWriter& w, const BloomFilterHash& v) { write_union(w, v, kSingleMemberIds); }
void read(CompactReader& r, BloomFilterCompression& out) {
  read_union(r, "BloomFilterCompression", out, kSingleMemberIds);
}
void write(CompactWriter& w, const BloomFilterCompression& v) { write_union(w, v, kSingleMemberIds); }

void read_fields(CompactReader& r, BloomFilterHeader& out) {
  Required required(r, "BloomFilterHeader");
  read_struct(
      r, "BloomFilterHeader",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, num_bytes)
          FIELD(2, algorithm)
          FIELD(3, hash)
          FIELD(4, compression)
        }
        return false;
      },
      [&] { required.check({{1, "numBytes"}, {2, "algorithm"}, {3, "hash"}, {4, "compression"}}); });
}

void write(CompactWriter& w, const BloomFilterHeader& v) {
  w.begin_struct();
  write_field(w, 1, v.num_bytes);
  write_field(w, 2, v.algorithm);
  write_field(w, 3, v.hash);
  write_field(w, 4, v.compression);
  w.end_struct();
}

// --- column chunks and row groups -----------------------------------------------------------------------------

void read_fields(CompactReader& r, KeyValue& out) {
  Required required(r, "KeyValue");
  read_struct(
      r, "KeyValue",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, key)
          FIELD(2, value)
        }
        return false;
      },
      [&] { required.check({{1, "key"}}); });
}

void write(CompactWriter& w, const KeyValue& v) {
  w.begin_struct();
  write_field(w, 1, v.key);
  write_field(w, 2, v.value);
  w.end_struct();
}

void read_fields(CompactReader& r, SortingColumn& out) {
  Required required(r, "SortingColumn");
  read_struct(
      r, "SortingColumn",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, column_idx)
          FIELD(2, descending)
          FIELD(3, nulls_first)
        }
        return false;
      },
      [&] { required.check({{1, "column_idx"}, {2, "descending"}, {3, "nulls_first"}}); });
}

void write(CompactWriter& w, const SortingColumn& v) {
  w.begin_struct();
  write_field(w, 1, v.column_idx);
  write_field(w, 2, v.descending);
  write_field(w, 3, v.nulls_first);
  w.end_struct();
}

void read_fields(CompactReader& r, PageEncodingStats& out) {
  Required required(r, "PageEncodingStats");
  read_struct(
      r, "PageEncodingStats",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, page_type)
          FIELD(2, encoding)
          FIELD(3, count)
        }
        return false;
      },
      [&] { required.check({{1, "page_type"}, {2, "encoding"}, {3, "count"}}); });
}

void write(CompactWriter& w, const PageEncodingStats& v) {
  w.begin_struct();
  write_field(w, 1, v.page_type);
  write_field(w, 2, v.encoding);
  write_field(w, 3, v.count);
  w.end_struct();
}

void read_fields(CompactReader& r, ColumnMetaData& out) {
  Required required(r, "ColumnMetaData");
  read_struct(
      r, "ColumnMetaData",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, type)
          FIELD(2, encodings)
          FIELD(3, path_in_schema)
          FIELD(4, codec)
          FIELD(5, num_values)
          FIELD(6, total_uncompressed_size)
          FIELD(7, total_compressed_size)
          FIELD(8, key_value_metadata)
          FIELD(9, data_page_offset)
          FIELD(10, index_page_offset)
          FIELD(11, dictionary_page_offset)
          FIELD(12, statistics)
          FIELD(13, encoding_stats)
          FIELD(14, bloom_filter_offset)
          FIELD(15, bloom_filter_length)
          FIELD(16, size_statistics)
          FIELD(17, geospatial_statistics)
        }
        return false;
      },
      [&] {
        required.check({{1, "type"},
                        {2, "encodings"},
                        {3, "path_in_schema"},
                        {4, "codec"},
                        {5, "num_values"},
                        {6, "total_uncompressed_size"},
                        {7, "total_compressed_size"},
                        {9, "data_page_offset"}});
      });
}

void write(CompactWriter& w, const ColumnMetaData& v) {
  w.begin_struct();
  write_field(w, 1, v.type);
  write_field(w, 2, v.encodings);
  write_field(w, 3, v.path_in_schema);
  write_field(w, 4, v.codec);
  write_field(w, 5, v.num_values);
  write_field(w, 6, v.total_uncompressed_size);
  write_field(w, 7, v.total_compressed_size);
  write_field(w, 8, v.key_value_metadata);
  write_field(w, 9, v.data_page_offset);
  write_field(w, 10, v.index_page_offset);
  write_field(w, 11, v.dictionary_page_offset);
  write_field(w, 12, v.statistics);
  write_field(w, 13, v.encoding_stats);
  write_field(w, 14, v.bloom_filter_offset);
  write_field(w, 15, v.bloom_filter_length);
  write_field(w, 16, v.size_statistics);
  write_field(w, 17, v.geospatial_statistics);
  w.end_struct();
}

EMPTY_STRUCT(EncryptionWithFooterKey)

void read_fields(CompactReader& r, EncryptionWithColumnKey& out) {
  Required required(r, "EncryptionWithColumnKey");
  read_struct(
      r, "EncryptionWithColumnKey",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, path_in_schema)
          FIELD(2, key_metadata)
        }
        return false;
      },
      [&] { required.check({{1, "path_in_schema"}}); });
}

void write(CompactWriter& w, const EncryptionWithColumnKey& v) {
  w.begin_struct();
  write_field(w, 1, v.path_in_schema);
  write_field(w, 2, v.key_metadata);
  w.end_struct();
}

void read(CompactReader& r, ColumnCryptoMetaData& out) {
  read_union(r, "ColumnCryptoMetaData", out, kColumnCryptoIds);
}
void write(CompactWriter& w, const ColumnCryptoMetaData& v) { write_union(w, v, kColumnCryptoIds); }

void read_fields(CompactReader& r, ColumnChunk& out) {
  Required required(r, "ColumnChunk");
  read_struct(
      r, "ColumnChunk",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, file_path)
          FIELD(2, file_offset)
          FIELD(3, meta_data)
          FIELD(4, offset_index_offset)
          FIELD(5, offset_index_length)
          FIELD(6, column_index_offset)
          FIELD(7, column_index_length)
          FIELD(8, crypto_metadata)
          FIELD(9, encrypted_column_metadata)
        }
        return false;
      },
      [&] { required.check({{2, "file_offset"}}); });
}

void write(CompactWriter& w, const ColumnChunk& v) {
  w.begin_struct();
  write_field(w, 1, v.file_path);
  write_field(w, 2, v.file_offset);
  write_field(w, 3, v.meta_data);
  write_field(w, 4, v.offset_index_offset);
  write_field(w, 5, v.offset_index_length);
  write_field(w, 6, v.column_index_offset);
  write_field(w, 7, v.column_index_length);
  write_field(w, 8, v.crypto_metadata);
  write_field(w, 9, v.encrypted_column_metadata);
  w.end_struct();
}

void read_fields(CompactReader& r, RowGroup& out) {
  Required required(r, "RowGroup");
  read_struct(
      r, "RowGroup",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, columns)
          FIELD(2, total_byte_size)
          FIELD(3, num_rows)
          FIELD(4, sorting_columns)
          FIELD(5, file_offset)
          FIELD(6, total_compressed_size)
          FIELD(7, ordinal)
        }
        return false;
      },
      [&] { required.check({{1, "columns"}, {2, "total_byte_size"}, {3, "num_rows"}}); });
}

void write(CompactWriter& w, const RowGroup& v) {
  w.begin_struct();
  write_field(w, 1, v.columns);
  write_field(w, 2, v.total_byte_size);
  write_field(w, 3, v.num_rows);
  write_field(w, 4, v.sorting_columns);
  write_field(w, 5, v.file_offset);
  write_field(w, 6, v.total_compressed_size);
  write_field(w, 7, v.ordinal);
  w.end_struct();
}

EMPTY_STRUCT(TypeDefinedOrder)
EMPTY_STRUCT(IEEE754TotalOrder)
EMPTY_STRUCT(Int96TimestampOrder)

void read(CompactReader& r, ColumnOrder& out) { read_union(r, "ColumnOrder", out, kColumnOrderIds); }
void write(CompactWriter& w, const ColumnOrder& v) { write_union(w, v, kColumnOrderIds); }

// --- page index -----------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, PageLocation& out) {
  Required required(r, "PageLocation");
  read_struct(
      r, "PageLocation",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, offset)
          FIELD(2, compressed_page_size)
          FIELD(3, first_row_index)
        }
        return false;
      },
      [&] { required.check({{1, "offset"}, {2, "compressed_page_size"}, {3, "first_row_index"}}); });
}

void write(CompactWriter& w, const PageLocation& v) {
  w.begin_struct();
  write_field(w, 1, v.offset);
  write_field(w, 2, v.compressed_page_size);
  write_field(w, 3, v.first_row_index);
  w.end_struct();
}

void read_fields(CompactReader& r, OffsetIndex& out) {
  Required required(r, "OffsetIndex");
  read_struct(
      r, "OffsetIndex",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, page_locations)
          FIELD(2, unencoded_byte_array_data_bytes)
        }
        return false;
      },
      [&] { required.check({{1, "page_locations"}}); });
}

void write(CompactWriter& w, const OffsetIndex& v) {
  w.begin_struct();
  write_field(w, 1, v.page_locations);
  write_field(w, 2, v.unencoded_byte_array_data_bytes);
  w.end_struct();
}

void read_fields(CompactReader& r, ColumnIndex& out) {
  Required required(r, "ColumnIndex");
  read_struct(
      r, "ColumnIndex",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, null_pages)
          FIELD(2, min_values)
          FIELD(3, max_values)
          FIELD(4, boundary_order)
          FIELD(5, null_counts)
          FIELD(6, repetition_level_histograms)
          FIELD(7, definition_level_histograms)
          FIELD(8, nan_counts)
        }
        return false;
      },
      [&] { required.check({{1, "null_pages"}, {2, "min_values"}, {3, "max_values"}, {4, "boundary_order"}}); });
}

void write(CompactWriter& w, const ColumnIndex& v) {
  w.begin_struct();
  write_field(w, 1, v.null_pages);
  write_field(w, 2, v.min_values);
  write_field(w, 3, v.max_values);
  write_field(w, 4, v.boundary_order);
  write_field(w, 5, v.null_counts);
  write_field(w, 6, v.repetition_level_histograms);
  write_field(w, 7, v.definition_level_histograms);
  write_field(w, 8, v.nan_counts);
  w.end_struct();
}

// --- encryption -----------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, AesGcmV1& out) {
  Required required(r, "AesGcmV1");
  read_struct(r, "AesGcmV1", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, aad_prefix)
      FIELD(2, aad_file_unique)
      FIELD(3, supply_aad_prefix)
    }
    return false;
  });
}

void write(CompactWriter& w, const AesGcmV1& v) {
  w.begin_struct();
  write_field(w, 1, v.aad_prefix);
  write_field(w, 2, v.aad_file_unique);
  write_field(w, 3, v.supply_aad_prefix);
  w.end_struct();
}

void read_fields(CompactReader& r, AesGcmCtrV1& out) {
  Required required(r, "AesGcmCtrV1");
  read_struct(r, "AesGcmCtrV1", [&](const FieldHeader& h) {
    switch (h.id) {
      FIELD(1, aad_prefix)
      FIELD(2, aad_file_unique)
      FIELD(3, supply_aad_prefix)
    }
    return false;
  });
}

void write(CompactWriter& w, const AesGcmCtrV1& v) {
  w.begin_struct();
  write_field(w, 1, v.aad_prefix);
  write_field(w, 2, v.aad_file_unique);
  write_field(w, 3, v.supply_aad_prefix);
  w.end_struct();
}

void read(CompactReader& r, EncryptionAlgorithm& out) {
  read_union(r, "EncryptionAlgorithm", out, kEncryptionAlgorithmIds);
}
void write(CompactWriter& w, const EncryptionAlgorithm& v) { write_union(w, v, kEncryptionAlgorithmIds); }

// --- the footer -----------------------------------------------------------------------------------------------

void read_fields(CompactReader& r, FileMetaData& out) {
  Required required(r, "FileMetaData");
  read_struct(
      r, "FileMetaData",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, version)
          FIELD(2, schema)
          FIELD(3, num_rows)
          FIELD(4, row_groups)
          FIELD(5, key_value_metadata)
          FIELD(6, created_by)
          FIELD(7, column_orders)
          FIELD(8, encryption_algorithm)
          FIELD(9, footer_signing_key_metadata)
        }
        return false;
      },
      [&] { required.check({{1, "version"}, {2, "schema"}, {3, "num_rows"}, {4, "row_groups"}}); });
}

void write(CompactWriter& w, const FileMetaData& v) {
  w.begin_struct();
  write_field(w, 1, v.version);
  write_field(w, 2, v.schema);
  write_field(w, 3, v.num_rows);
  write_field(w, 4, v.row_groups);
  write_field(w, 5, v.key_value_metadata);
  write_field(w, 6, v.created_by);
  write_field(w, 7, v.column_orders);
  write_field(w, 8, v.encryption_algorithm);
  write_field(w, 9, v.footer_signing_key_metadata);
  w.end_struct();
}

void read_fields(CompactReader& r, FileCryptoMetaData& out) {
  Required required(r, "FileCryptoMetaData");
  read_struct(
      r, "FileCryptoMetaData",
      [&](const FieldHeader& h) {
        switch (h.id) {
          FIELD(1, encryption_algorithm)
          FIELD(2, key_metadata)
        }
        return false;
      },
      [&] { required.check({{1, "encryption_algorithm"}}); });
}

void write(CompactWriter& w, const FileCryptoMetaData& v) {
  w.begin_struct();
  write_field(w, 1, v.encryption_algorithm);
  write_field(w, 2, v.key_metadata);
  w.end_struct();
}

#undef FIELD
#undef EMPTY_STRUCT

#define STRATA_DEFINE_READ(T)                  \
  void read(CompactReader& r, T& out) {        \
    out = T{};                                 \
    read_fields(r, out);                       \
  }
STRATA_PARQUET_FORMAT_STRUCTS(STRATA_DEFINE_READ)
#undef STRATA_DEFINE_READ

}  // namespace strata::parquet::format
