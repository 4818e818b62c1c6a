// Encode and decode the parquet.thrift structures of format.h with the Thrift compact protocol.
//
// Decoding follows the rules generated Thrift code follows, so that files from every writer read: fields may come
// in any order; unknown field ids (from newer writers) are skipped whatever their type; a known field id with an
// unexpected wire type is skipped too; a union member this reader does not know leaves the variant at
// std::monostate. Unlike generated code, a missing `required` field is a FormatError naming the struct and field
// (`FileMetaData: required field 3 (num_rows) is missing`), and a list whose element type does not match the
// specification is a FormatError rather than a misread.
//
// Encoding writes fields in field-id order, optional fields only when set, and bool list elements as the Apache
// libraries do (see compact_protocol.h), so re-encoding a pyarrow/parquet-cpp footer usually reproduces its
// bytes exactly; decode(encode(x)) == x always holds.
//
// Thread-safety: plain functions over caller-owned values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "strata/parquet/metadata/format.h"
#include "strata/parquet/thrift/compact_protocol.h"

namespace strata::parquet::format {

#define STRATA_PARQUET_FORMAT_STRUCTS(X)                                                                           \
  X(SizeStatistics) X(BoundingBox) X(GeospatialStatistics) X(Statistics) X(StringType) X(UUIDType) X(MapType)      \
  X(ListType) X(VectorType) X(EnumType) X(DateType) X(Float16Type) X(NullType) X(JsonType) X(BsonType)             \
  X(DecimalType) X(MilliSeconds) X(MicroSeconds) X(NanoSeconds) X(TimestampType) X(TimeType) X(IntType)            \
  X(VariantType) X(GeometryType) X(GeographyType) X(SchemaElement) X(DataPageHeader) X(IndexPageHeader)            \
  X(DictionaryPageHeader) X(DataPageHeaderV2) X(PageHeader) X(SplitBlockAlgorithm) X(XxHash) X(Uncompressed)       \
  X(BloomFilterHeader) X(KeyValue) X(SortingColumn) X(PageEncodingStats) X(ColumnMetaData)                         \
  X(EncryptionWithFooterKey) X(EncryptionWithColumnKey) X(ColumnChunk) X(RowGroup) X(TypeDefinedOrder)             \
  X(IEEE754TotalOrder) X(Int96TimestampOrder) X(PageLocation) X(OffsetIndex) X(ColumnIndex) X(AesGcmV1)            \
  X(AesGcmCtrV1) X(FileMetaData) X(FileCryptoMetaData)

// Read one struct (its fields through the stop byte) / write one struct.
#define STRATA_DECLARE_FORMAT_IO(T)                        \
  void read(thrift::CompactReader& reader, T& out);        \
  void write(thrift::CompactWriter& writer, const T& value);
STRATA_PARQUET_FORMAT_STRUCTS(STRATA_DECLARE_FORMAT_IO)
#undef STRATA_DECLARE_FORMAT_IO

// Unions (std::variant aliases).
void read(thrift::CompactReader& reader, LogicalType& out);
void write(thrift::CompactWriter& writer, const LogicalType& value);
void read(thrift::CompactReader& reader, TimeUnit& out);
void write(thrift::CompactWriter& writer, const TimeUnit& value);
void read(thrift::CompactReader& reader, ColumnOrder& out);
void write(thrift::CompactWriter& writer, const ColumnOrder& value);
void read(thrift::CompactReader& reader, ColumnCryptoMetaData& out);
void write(thrift::CompactWriter& writer, const ColumnCryptoMetaData& value);
void read(thrift::CompactReader& reader, EncryptionAlgorithm& out);
void write(thrift::CompactWriter& writer, const EncryptionAlgorithm& value);
void read(thrift::CompactReader& reader, BloomFilterAlgorithm& out);
void write(thrift::CompactWriter& writer, const BloomFilterAlgorithm& value);
void read(thrift::CompactReader& reader, BloomFilterHash& out);
void write(thrift::CompactWriter& writer, const BloomFilterHash& value);
void read(thrift::CompactReader& reader, BloomFilterCompression& out);
void write(thrift::CompactWriter& writer, const BloomFilterCompression& value);

// Decode a T from the start of `bytes`; `file` and `offset` (of bytes[0]) go into error messages. If `consumed`
// is given it receives the encoded length (a PageHeader's size); trailing bytes are not an error.
template <typename T>
T deserialize(std::span<const uint8_t> bytes, const std::string& file = {}, int64_t offset = 0,
              int64_t* consumed = nullptr, thrift::Limits limits = {}) {
  thrift::CompactReader reader(bytes, file, offset, limits);
  T out{};
  read(reader, out);
  if (consumed != nullptr) *consumed = reader.position();
  return out;
}

// Encode a T.
template <typename T>
std::vector<uint8_t> serialize(const T& value) {
  thrift::CompactWriter writer;
  write(writer, value);
  return writer.release();
}

}  // namespace strata::parquet::format
