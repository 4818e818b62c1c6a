#include "strata/parquet/metadata/format_io.h"

#include <gtest/gtest.h>

#include <random>

#include "strata/core/error.h"

namespace strata::parquet::format {
namespace {

using Bytes = std::vector<uint8_t>;

// A footer with every struct and union of parquet.thrift populated at least once.
FileMetaData full_metadata() {
  FileMetaData m;
  m.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 4;
  m.schema.push_back(root);

  SchemaElement ts;
  ts.type = Type::kInt64;
  ts.repetition_type = FieldRepetitionType::kOptional;
  ts.name = "timestamp";
  ts.converted_type = ConvertedType::kTimestampMicros;
  ts.field_id = 7;
  ts.logical_type = TimestampType{true, MicroSeconds{}};
  m.schema.push_back(ts);

  SchemaElement dec;
  dec.type = Type::kFixedLenByteArray;
  dec.type_length = 16;
  dec.repetition_type = FieldRepetitionType::kRequired;
  dec.name = "amount";
  dec.converted_type = ConvertedType::kDecimal;
  dec.scale = 2;
  dec.precision = 38;
  dec.logical_type = DecimalType{2, 38};
  m.schema.push_back(dec);

  SchemaElement small;
  small.type = Type::kInt32;
  small.repetition_type = FieldRepetitionType::kRequired;
  small.name = "small";
  small.logical_type = IntType{8, false};
  m.schema.push_back(small);

  SchemaElement geo;
  geo.type = Type::kByteArray;
  geo.repetition_type = FieldRepetitionType::kOptional;
  geo.name = "where";
  geo.logical_type = GeographyType{"OGC:CRS84", EdgeInterpolationAlgorithm::kKarney};
  m.schema.push_back(geo);

  m.num_rows = 1'000'000'000'123;
  for (int rg = 0; rg < 2; ++rg) {
    RowGroup row_group;
    for (int c = 0; c < 4; ++c) {
      ColumnChunk chunk;
      chunk.file_offset = 4 + rg * 1000 + c * 100;
      ColumnMetaData md;
      md.type = m.schema[static_cast<size_t>(c + 1)].type.value();
      md.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
      md.path_in_schema = {m.schema[static_cast<size_t>(c + 1)].name};
      md.codec = CompressionCodec::kZstd;
      md.num_values = 500;
      md.total_uncompressed_size = 9000 + c;
      md.total_compressed_size = 4000 - c;
      md.key_value_metadata = std::vector<KeyValue>{{"k", "v"}, {"only key", std::nullopt}};
      md.data_page_offset = chunk.file_offset + 50;
      md.dictionary_page_offset = chunk.file_offset;
      Statistics stats;
      stats.null_count = 3;
      stats.min_value = std::string("\x00\x01\xff", 3);
      stats.max_value = "zz";
      stats.is_max_value_exact = true;
      stats.is_min_value_exact = false;
      stats.nan_count = 0;
      stats.distinct_count = 44;
      md.statistics = stats;
      md.encoding_stats = std::vector<PageEncodingStats>{{PageType::kDictionaryPage, Encoding::kPlain, 1},
                                                         {PageType::kDataPage, Encoding::kRleDictionary, 5}};
      md.bloom_filter_offset = 77777;
      md.bloom_filter_length = 1024;
      md.size_statistics = SizeStatistics{123, std::vector<int64_t>{500}, std::vector<int64_t>{3, 497}};
      if (c == 3) {
        md.geospatial_statistics = GeospatialStatistics{BoundingBox{-1.5, 2.5, -3, 4, 0.0, 1.0, std::nullopt, 9.0},
                                                        std::vector<int32_t>{1, 3, 1001}};
      }
      chunk.meta_data = md;
      chunk.offset_index_offset = 50000 + c;
      chunk.offset_index_length = 40;
      chunk.column_index_offset = 60000 + c;
      chunk.column_index_length = 60;
      if (c == 2) chunk.crypto_metadata = EncryptionWithColumnKey{{"amount"}, std::string("key-7")};
      if (c == 1) chunk.crypto_metadata = EncryptionWithFooterKey{};
      row_group.columns.push_back(chunk);
    }
    row_group.total_byte_size = 123456;
    row_group.num_rows = 500;
    row_group.sorting_columns = std::vector<SortingColumn>{{0, true, false}, {2, false, true}};
    row_group.file_offset = 4 + rg * 1000;
    row_group.total_compressed_size = 4000;
    row_group.ordinal = static_cast<int16_t>(rg);
    m.row_groups.push_back(row_group);
  }
  m.key_value_metadata = std::vector<KeyValue>{{"ARROW:schema", std::string("\xff\xff\xff\xff\x10\x00", 6)}};
  m.created_by = "strata version 0.1.0";
  m.column_orders =
      std::vector<ColumnOrder>{TypeDefinedOrder{}, IEEE754TotalOrder{}, Int96TimestampOrder{}, std::monostate{}};
  m.encryption_algorithm = AesGcmV1{std::string("prefix"), std::string("unique"), true};
  m.footer_signing_key_metadata = std::string("signing");
  return m;
}

TEST(FormatIo, FileMetaDataRoundTripsAndReencodesToTheSameBytes) {
  FileMetaData m = full_metadata();
  Bytes first = serialize(m);
  int64_t consumed = 0;
  FileMetaData back = deserialize<FileMetaData>(first, "x", 0, &consumed);
  EXPECT_EQ(consumed, static_cast<int64_t>(first.size()));
  EXPECT_TRUE(back == m);
  EXPECT_EQ(serialize(back), first);
}

TEST(FormatIo, EveryLogicalTypeRoundTrips) {
  std::vector<LogicalType> all{StringType{},
                               MapType{},
                               ListType{},
                               EnumType{},
                               DecimalType{4, 9},
                               DateType{},
                               TimeType{false, MilliSeconds{}},
                               TimestampType{true, NanoSeconds{}},
                               IntType{64, true},
                               NullType{},
                               JsonType{},
                               BsonType{},
                               UUIDType{},
                               Float16Type{},
                               VariantType{int8_t{1}},
                               GeometryType{std::nullopt},
                               GeographyType{"EPSG:4326", std::nullopt},
                               VectorType{}};
  EXPECT_EQ(all.size() + 1, std::variant_size_v<LogicalType>);
  for (const auto& logical : all) {
    SchemaElement e;
    e.name = "c";
    e.logical_type = logical;
    Bytes bytes = serialize(e);
    SchemaElement back = deserialize<SchemaElement>(bytes);
    EXPECT_TRUE(back == e) << "variant index " << logical.index();
    EXPECT_EQ(serialize(back), bytes);
  }
}

TEST(FormatIo, HandEncodedStructs) {
  // KeyValue{"a", "b"}: field 1 binary (0x18), length 1, 'a'; field 2 binary; stop.
  EXPECT_EQ(serialize(KeyValue{"a", "b"}), (Bytes{0x18, 0x01, 'a', 0x18, 0x01, 'b', 0x00}));
  // DecimalType{scale 2, precision 5}: i32 fields 1 and 2, zigzag 4 and 10.
  EXPECT_EQ(serialize(DecimalType{2, 5}), (Bytes{0x15, 0x04, 0x15, 0x0a, 0x00}));
  // LogicalType TIMESTAMP(isAdjustedToUTC=true, MICROS): field 8 struct (0x8c) { bool field 1 true (0x11),
  // field 2 struct (0x1c) TimeUnit { field 2 struct (0x2c) MicroSeconds {} } }.
  LogicalType ts = TimestampType{true, MicroSeconds{}};
  EXPECT_EQ(serialize(ts), (Bytes{0x8c, 0x11, 0x1c, 0x2c, 0x00, 0x00, 0x00, 0x00}));
  // INTEGER(8, unsigned) is field 10: delta 10 from 0 (0xac); IntType { i8 field 1 = 8, bool field 2 false }.
  LogicalType int8 = IntType{8, false};
  EXPECT_EQ(serialize(int8), (Bytes{0xac, 0x13, 0x08, 0x12, 0x00, 0x00}));
  // ColumnIndex null_pages [true, false]: list<bool> written with element type 1 and elements 1/2.
  ColumnIndex index;
  index.null_pages = {true, false};
  index.min_values = {"", "a"};
  index.max_values = {"", "b"};
  index.boundary_order = BoundaryOrder::kAscending;
  Bytes expected{0x19, 0x21, 0x01, 0x02, 0x19, 0x28, 0x00, 0x01, 'a', 0x19, 0x28, 0x00, 0x01, 'b', 0x15, 0x02, 0x00};
  EXPECT_EQ(serialize(index), expected);
  EXPECT_TRUE(deserialize<ColumnIndex>(expected) == index);
}

TEST(FormatIo, PageHeaderReportsItsLength) {
  PageHeader header;
  header.type = PageType::kDataPageV2;
  header.uncompressed_page_size = 4096;
  header.compressed_page_size = 1000;
  header.crc = -12345;
  DataPageHeaderV2 v2;
  v2.num_values = 100;
  v2.num_nulls = 5;
  v2.num_rows = 100;
  v2.encoding = Encoding::kDeltaBinaryPacked;
  v2.definition_levels_byte_length = 13;
  v2.repetition_levels_byte_length = 0;
  v2.is_compressed = false;
  header.data_page_header_v2 = v2;
  Bytes bytes = serialize(header);
  size_t header_size = bytes.size();
  bytes.resize(header_size + 1000, 0xab);  // the page data follows
  int64_t consumed = 0;
  PageHeader back = deserialize<PageHeader>(bytes, "p", 4, &consumed);
  EXPECT_EQ(consumed, static_cast<int64_t>(header_size));
  EXPECT_TRUE(back == header);
}

TEST(FormatIo, OffsetIndexAndBloomFilterHeaderRoundTrip) {
  OffsetIndex offsets;
  for (int i = 0; i < 40; ++i) offsets.page_locations.push_back({4 + i * 1000LL, 1000, i * 250LL});
  offsets.unencoded_byte_array_data_bytes = std::vector<int64_t>(40, 7);
  Bytes bytes = serialize(offsets);
  EXPECT_TRUE(deserialize<OffsetIndex>(bytes) == offsets);

  BloomFilterHeader bloom{4096, SplitBlockAlgorithm{}, XxHash{}, Uncompressed{}};
  Bytes bloom_bytes = serialize(bloom);
  EXPECT_EQ(bloom_bytes, (Bytes{0x15, 0x80, 0x40, 0x1c, 0x1c, 0x00, 0x00, 0x1c, 0x1c, 0x00, 0x00, 0x1c, 0x1c,
                                0x00, 0x00, 0x00}));
  EXPECT_TRUE(deserialize<BloomFilterHeader>(bloom_bytes) == bloom);

  FileCryptoMetaData crypto{AesGcmCtrV1{std::nullopt, std::string("u"), std::nullopt}, std::string("km")};
  EXPECT_TRUE(deserialize<FileCryptoMetaData>(serialize(crypto)) == crypto);
}

TEST(FormatIo, UnknownFieldsAndUnionMembersAreSkipped) {
  // KeyValue with an extra field 9 (list<struct>) before its value, then an unknown LogicalType member 25.
  thrift::CompactWriter w;
  w.begin_struct();
  w.field_header(1, thrift::CompactType::kBinary);
  w.write_string("key");
  w.field_header(9, thrift::CompactType::kList);
  w.list_header(thrift::CompactType::kStruct, 1);
  w.begin_struct();
  w.field_header(1, thrift::CompactType::kDouble);
  w.write_double(1.5);
  w.end_struct();
  w.field_header(2, thrift::CompactType::kBinary);
  w.write_string("value");
  w.end_struct();
  KeyValue kv = deserialize<KeyValue>(w.bytes());
  EXPECT_EQ(kv.key, "key");
  EXPECT_EQ(kv.value, "value");

  thrift::CompactWriter u;
  u.begin_struct();
  u.field_header(25, thrift::CompactType::kStruct);
  u.begin_struct();
  u.field_header(1, thrift::CompactType::kI32);
  u.write_i32(3);
  u.end_struct();
  u.end_struct();
  LogicalType logical = deserialize<LogicalType>(u.bytes());
  EXPECT_EQ(logical.index(), 0u);
}

TEST(FormatIo, KnownFieldWithWrongTypeIsSkipped) {
  // SchemaElement field 1 (type) sent as binary: skipped like generated code does; name still read.
  thrift::CompactWriter w;
  w.begin_struct();
  w.field_header(1, thrift::CompactType::kBinary);
  w.write_string("INT32");
  w.field_header(4, thrift::CompactType::kBinary);
  w.write_string("c");
  w.end_struct();
  SchemaElement e = deserialize<SchemaElement>(w.bytes());
  EXPECT_FALSE(e.type.has_value());
  EXPECT_EQ(e.name, "c");
}

TEST(FormatIo, MissingRequiredFieldNamesStructAndField) {
  Bytes only_value{0x28, 0x01, 'v', 0x00};  // KeyValue with field 2 only
  try {
    deserialize<KeyValue>(only_value, "f.parquet", 500);
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.offset(), 500);
    EXPECT_EQ(e.why(), "thrift: KeyValue: required field 1 (key) is missing (in KeyValue.2)");
  }
}

TEST(FormatIo, ListWithWrongElementTypeIsFormatError) {
  // ColumnMetaData.encodings (list<i32>) sent as list<binary>.
  thrift::CompactWriter w;
  w.begin_struct();
  w.field_header(2, thrift::CompactType::kList);
  w.list_header(thrift::CompactType::kBinary, 1);
  w.write_string("PLAIN");
  w.end_struct();
  try {
    deserialize<ColumnMetaData>(w.bytes());
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.why()).find("list of binary where the specification has i32"), std::string::npos)
        << e.what();
  }
}

TEST(FormatIo, EnumValuesBeyondTheSpecSurvive) {
  ColumnMetaData md;
  md.encodings = {static_cast<Encoding>(42)};
  md.codec = static_cast<CompressionCodec>(99);
  auto back = deserialize<ColumnMetaData>(serialize(md));
  EXPECT_EQ(static_cast<int>(back.encodings.at(0)), 42);
  EXPECT_EQ(to_string(back.encodings.at(0)), "UNKNOWN(42)");
  EXPECT_EQ(to_string(back.codec), "UNKNOWN(99)");
  EXPECT_EQ(to_string(Encoding::kRleDictionary), "RLE_DICTIONARY");
  EXPECT_EQ(to_string(static_cast<Encoding>(1)), "UNKNOWN(1)");
  EXPECT_EQ(to_string(PageType::kDataPageV2), "DATA_PAGE_V2");
  EXPECT_EQ(to_string(ConvertedType::kInterval), "INTERVAL");
}

// A row group whose column list holds `count` minimal ColumnChunks (3 bytes each on the wire, 896 in memory).
Bytes hostile_row_group(int64_t count) {
  thrift::CompactWriter w;
  w.begin_struct();
  w.field_header(1, thrift::CompactType::kList);
  w.list_header(thrift::CompactType::kStruct, count);
  Bytes bytes = w.bytes();
  for (int64_t i = 0; i < count; ++i) bytes.insert(bytes.end(), {0x26, 0x00, 0x00});
  bytes.insert(bytes.end(), {0x16, 0x00, 0x16, 0x00, 0x00});  // total_byte_size 0, num_rows 0, stop
  return bytes;
}

TEST(FormatIo, DecodedMemoryIsBounded) {
  Bytes small = hostile_row_group(5000);
  thrift::Limits tight;
  tight.max_decoded_bytes = 1 << 20;
  try {
    deserialize<RowGroup>(small, "h.parquet", 0, nullptr, tight);
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.why()).find("decoding needs more than 1048576 bytes of memory for 15009 input bytes"),
              std::string::npos)
        << e.what();
  }
  // The same input decodes under the default budget (64 MiB + 32 bytes per input byte) ...
  RowGroup ok = deserialize<RowGroup>(small);
  EXPECT_EQ(ok.columns.size(), 5000u);
  // ... which a 360 KB list of 120,000 empty chunks (107 MB decoded) exceeds.
  EXPECT_THROW(deserialize<RowGroup>(hostile_row_group(120000)), FormatError);
}

TEST(FormatIo, RandomBytesNeverCrash) {
  // Garbage, and garbage spliced into a valid footer: every outcome is a value or a FormatError.
  std::mt19937 rng(5);
  Bytes valid = serialize(full_metadata());
  int errors = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    Bytes bytes;
    if (trial % 2 == 0) {
      bytes.resize(rng() % 200);
      for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    } else {
      bytes = valid;
      size_t at = rng() % bytes.size();
      size_t n = std::min<size_t>(1 + rng() % 16, bytes.size() - at);
      for (size_t i = 0; i < n; ++i) bytes[at + i] = static_cast<uint8_t>(rng());
    }
    try {
      deserialize<FileMetaData>(bytes);
      deserialize<PageHeader>(bytes);
    } catch (const FormatError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 2000);
}

TEST(FormatIo, EveryTruncationOfAFooterIsFormatError) {
  Bytes bytes = serialize(full_metadata());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::span<const uint8_t> part(bytes.data(), cut);
    try {
      deserialize<FileMetaData>(part, "t", 100);
      ADD_FAILURE() << "cut at " << cut << " parsed";
    } catch (const FormatError& e) {
      ASSERT_TRUE(e.offset().has_value());
      EXPECT_GE(*e.offset(), 100);
      EXPECT_LE(*e.offset(), 100 + static_cast<int64_t>(cut));
    }
  }
}

}  // namespace
}  // namespace strata::parquet::format
