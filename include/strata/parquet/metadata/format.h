// The Parquet metadata structures, one C++ struct per struct of parquet.thrift (apache/parquet-format
// src/main/thrift/parquet.thrift), field for field, in the specification's order and with its names in
// snake_case (`isAdjustedToUTC` → `is_adjusted_to_utc`, `logicalType` → `logical_type`). Like arrow-rs's
// parquet::format, this is the file's vocabulary, not the reader's API: `optional` fields are std::optional,
// `required` fields are plain members, unions are std::variant over their member structs, enums keep any
// value (a newer writer's encoding id survives a round trip).
//
// Where they live in a file (parquet-format README "File Format"):
//
//   "PAR1" | column chunk 0 of row group 0: [dictionary page][data page]... | ... | column index, offset index,
//   bloom filters (optional) | FileMetaData (thrift compact) | u32 LE length of FileMetaData | "PAR1"
//
// and each page is a PageHeader (thrift compact) followed by compressed_page_size bytes of page data.
// footer.h reads and writes the tail; format_io.h encodes and decodes any of these structs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace strata::parquet::format {

// Thrift `binary` fields that hold bytes rather than text (statistics values, keys).
using Binary = std::string;

// --- enums (stored as i32 on the wire) ------------------------------------------------------------------------

enum class Type : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class FieldRepetitionType : int32_t {
  kRequired = 0,
  kOptional = 1,
  kRepeated = 2,
  kVector = 3,
};

enum class Encoding : int32_t {
  kPlain = 0,
  // 1 was GROUP_VAR_INT, never used.
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class CompressionCodec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class BoundaryOrder : int32_t {
  kUnordered = 0,
  kAscending = 1,
  kDescending = 2,
};

enum class EdgeInterpolationAlgorithm : int32_t {
  kSpherical = 0,
  kVincenty = 1,
  kThomas = 2,
  kAndoyer = 3,
  kKarney = 4,
};

// The specification's spelling ("RLE_DICTIONARY", "SNAPPY", "DATA_PAGE_V2"); "UNKNOWN(<n>)" for other values.
std::string to_string(Type value);
std::string to_string(ConvertedType value);
std::string to_string(FieldRepetitionType value);
std::string to_string(Encoding value);
std::string to_string(CompressionCodec value);
std::string to_string(PageType value);
std::string to_string(BoundaryOrder value);
std::string to_string(EdgeInterpolationAlgorithm value);

// --- statistics -----------------------------------------------------------------------------------------------

struct SizeStatistics {
  std::optional<int64_t> unencoded_byte_array_data_bytes;
  std::optional<std::vector<int64_t>> repetition_level_histogram;
  std::optional<std::vector<int64_t>> definition_level_histogram;
  bool operator==(const SizeStatistics&) const = default;
};

struct BoundingBox {
  double xmin = 0;
  double xmax = 0;
  double ymin = 0;
  double ymax = 0;
  std::optional<double> zmin;
  std::optional<double> zmax;
  std::optional<double> mmin;
  std::optional<double> mmax;
  bool operator==(const BoundingBox&) const = default;
};

struct GeospatialStatistics {
  std::optional<BoundingBox> bbox;
  std::optional<std::vector<int32_t>> geospatial_types;
  bool operator==(const GeospatialStatistics&) const = default;
};

struct Statistics {
  std::optional<Binary> max;  // deprecated: signed order only
  std::optional<Binary> min;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<Binary> max_value;
  std::optional<Binary> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
  std::optional<int64_t> nan_count;
  bool operator==(const Statistics&) const = default;
};

// --- logical types --------------------------------------------------------------------------------------------

struct StringType { bool operator==(const StringType&) const = default; };
struct UUIDType { bool operator==(const UUIDType&) const = default; };
struct MapType { bool operator==(const MapType&) const = default; };
struct ListType { bool operator==(const ListType&) const = default; };
struct VectorType { bool operator==(const VectorType&) const = default; };
struct EnumType { bool operator==(const EnumType&) const = default; };
struct DateType { bool operator==(const DateType&) const = default; };
struct Float16Type { bool operator==(const Float16Type&) const = default; };
struct NullType { bool operator==(const NullType&) const = default; };
struct JsonType { bool operator==(const JsonType&) const = default; };
struct BsonType { bool operator==(const BsonType&) const = default; };

struct DecimalType {
  int32_t scale = 0;
  int32_t precision = 0;
  bool operator==(const DecimalType&) const = default;
};

struct MilliSeconds { bool operator==(const MilliSeconds&) const = default; };
struct MicroSeconds { bool operator==(const MicroSeconds&) const = default; };
struct NanoSeconds { bool operator==(const NanoSeconds&) const = default; };
// union TimeUnit { 1: MILLIS 2: MICROS 3: NANOS }. monostate: no member set, or one this reader does not know.
using TimeUnit = std::variant<std::monostate, MilliSeconds, MicroSeconds, NanoSeconds>;

struct TimestampType {
  bool is_adjusted_to_utc = false;
  TimeUnit unit;
  bool operator==(const TimestampType&) const = default;
};

struct TimeType {
  bool is_adjusted_to_utc = false;
  TimeUnit unit;
  bool operator==(const TimeType&) const = default;
};

struct IntType {
  int8_t bit_width = 0;
  bool is_signed = false;
  bool operator==(const IntType&) const = default;
};

struct VariantType {
  std::optional<int8_t> specification_version;
  bool operator==(const VariantType&) const = default;
};

struct GeometryType {
  std::optional<std::string> crs;
  bool operator==(const GeometryType&) const = default;
};

struct GeographyType {
  std::optional<std::string> crs;
  std::optional<EdgeInterpolationAlgorithm> algorithm;
  bool operator==(const GeographyType&) const = default;
};

// union LogicalType. The variant index is not the field id: use the member types. monostate: no member set, or
// a member newer than this reader (the column is then read by its physical/converted type).
//   1 STRING  2 MAP  3 LIST  4 ENUM  5 DECIMAL  6 DATE  7 TIME  8 TIMESTAMP  (9 reserved: INTERVAL)
//   10 INTEGER  11 UNKNOWN (NullType)  12 JSON  13 BSON  14 UUID  15 FLOAT16  16 VARIANT  17 GEOMETRY
//   18 GEOGRAPHY  19 VECTOR
using LogicalType = std::variant<std::monostate, StringType, MapType, ListType, EnumType, DecimalType, DateType,
                                 TimeType, TimestampType, IntType, NullType, JsonType, BsonType, UUIDType,
                                 Float16Type, VariantType, GeometryType, GeographyType, VectorType>;

// --- schema ---------------------------------------------------------------------------------------------------

struct SchemaElement {
  std::optional<Type> type;
  std::optional<int32_t> type_length;
  std::optional<FieldRepetitionType> repetition_type;
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::optional<LogicalType> logical_type;
  std::optional<int32_t> vector_length;
  bool operator==(const SchemaElement&) const = default;
};

// --- pages ----------------------------------------------------------------------------------------------------

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;
  bool operator==(const DataPageHeader&) const = default;
};

struct IndexPageHeader {
  bool operator==(const IndexPageHeader&) const = default;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> is_sorted;
  bool operator==(const DictionaryPageHeader&) const = default;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  std::optional<bool> is_compressed;  // absent means true
  std::optional<Statistics> statistics;
  bool operator==(const DataPageHeaderV2&) const = default;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> data_page_header;
  std::optional<IndexPageHeader> index_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;
  bool operator==(const PageHeader&) const = default;
};

// --- bloom filter ---------------------------------------------------------------------------------------------

struct SplitBlockAlgorithm { bool operator==(const SplitBlockAlgorithm&) const = default; };
using BloomFilterAlgorithm = std::variant<std::monostate, SplitBlockAlgorithm>;  // 1 BLOCK
struct XxHash { bool operator==(const XxHash&) const = default; };
using BloomFilterHash = std::variant<std::monostate, XxHash>;  // 1 XXHASH
struct Uncompressed { bool operator==(const Uncompressed&) const = default; };
using BloomFilterCompression = std::variant<std::monostate, Uncompressed>;  // 1 UNCOMPRESSED

struct BloomFilterHeader {
  int32_t num_bytes = 0;
  BloomFilterAlgorithm algorithm;
  BloomFilterHash hash;
  BloomFilterCompression compression;
  bool operator==(const BloomFilterHeader&) const = default;
};

// --- column chunks and row groups -----------------------------------------------------------------------------

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
  bool operator==(const KeyValue&) const = default;
};

struct SortingColumn {
  int32_t column_idx = 0;
  bool descending = false;
  bool nulls_first = false;
  bool operator==(const SortingColumn&) const = default;
};

struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t count = 0;
  bool operator==(const PageEncodingStats&) const = default;
};

struct ColumnMetaData {
  Type type = Type::kBoolean;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  CompressionCodec codec = CompressionCodec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::optional<std::vector<KeyValue>> key_value_metadata;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::optional<std::vector<PageEncodingStats>> encoding_stats;
  std::optional<int64_t> bloom_filter_offset;
  std::optional<int32_t> bloom_filter_length;
  std::optional<SizeStatistics> size_statistics;
  std::optional<GeospatialStatistics> geospatial_statistics;
  bool operator==(const ColumnMetaData&) const = default;
};

struct EncryptionWithFooterKey { bool operator==(const EncryptionWithFooterKey&) const = default; };
struct EncryptionWithColumnKey {
  std::vector<std::string> path_in_schema;
  std::optional<Binary> key_metadata;
  bool operator==(const EncryptionWithColumnKey&) const = default;
};
// union ColumnCryptoMetaData { 1: ENCRYPTION_WITH_FOOTER_KEY 2: ENCRYPTION_WITH_COLUMN_KEY }
using ColumnCryptoMetaData = std::variant<std::monostate, EncryptionWithFooterKey, EncryptionWithColumnKey>;

struct ColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  std::optional<int64_t> offset_index_offset;
  std::optional<int32_t> offset_index_length;
  std::optional<int64_t> column_index_offset;
  std::optional<int32_t> column_index_length;
  std::optional<ColumnCryptoMetaData> crypto_metadata;
  std::optional<Binary> encrypted_column_metadata;
  bool operator==(const ColumnChunk&) const = default;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<std::vector<SortingColumn>> sorting_columns;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
  bool operator==(const RowGroup&) const = default;
};

struct TypeDefinedOrder { bool operator==(const TypeDefinedOrder&) const = default; };
struct IEEE754TotalOrder { bool operator==(const IEEE754TotalOrder&) const = default; };
struct Int96TimestampOrder { bool operator==(const Int96TimestampOrder&) const = default; };
// union ColumnOrder { 1: TYPE_ORDER 2: IEEE_754_TOTAL_ORDER 3: INT96_TIMESTAMP_ORDER }; monostate = unknown
// order, whose statistics a reader must ignore.
using ColumnOrder = std::variant<std::monostate, TypeDefinedOrder, IEEE754TotalOrder, Int96TimestampOrder>;

// --- page index -----------------------------------------------------------------------------------------------

struct PageLocation {
  int64_t offset = 0;
  int32_t compressed_page_size = 0;
  int64_t first_row_index = 0;
  bool operator==(const PageLocation&) const = default;
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;
  std::optional<std::vector<int64_t>> unencoded_byte_array_data_bytes;
  bool operator==(const OffsetIndex&) const = default;
};

struct ColumnIndex {
  std::vector<bool> null_pages;
  std::vector<Binary> min_values;
  std::vector<Binary> max_values;
  BoundaryOrder boundary_order = BoundaryOrder::kUnordered;
  std::optional<std::vector<int64_t>> null_counts;
  std::optional<std::vector<int64_t>> repetition_level_histograms;
  std::optional<std::vector<int64_t>> definition_level_histograms;
  std::optional<std::vector<int64_t>> nan_counts;
  bool operator==(const ColumnIndex&) const = default;
};

// --- encryption -----------------------------------------------------------------------------------------------

struct AesGcmV1 {
  std::optional<Binary> aad_prefix;
  std::optional<Binary> aad_file_unique;
  std::optional<bool> supply_aad_prefix;
  bool operator==(const AesGcmV1&) const = default;
};

struct AesGcmCtrV1 {
  std::optional<Binary> aad_prefix;
  std::optional<Binary> aad_file_unique;
  std::optional<bool> supply_aad_prefix;
  bool operator==(const AesGcmCtrV1&) const = default;
};

// union EncryptionAlgorithm { 1: AES_GCM_V1 2: AES_GCM_CTR_V1 }
using EncryptionAlgorithm = std::variant<std::monostate, AesGcmV1, AesGcmCtrV1>;

// --- the footer -----------------------------------------------------------------------------------------------

struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::optional<std::vector<KeyValue>> key_value_metadata;
  std::optional<std::string> created_by;
  std::optional<std::vector<ColumnOrder>> column_orders;
  std::optional<EncryptionAlgorithm> encryption_algorithm;
  std::optional<Binary> footer_signing_key_metadata;
  bool operator==(const FileMetaData&) const = default;
};

struct FileCryptoMetaData {
  EncryptionAlgorithm encryption_algorithm;
  std::optional<Binary> key_metadata;
  bool operator==(const FileCryptoMetaData&) const = default;
};

}  // namespace strata::parquet::format
