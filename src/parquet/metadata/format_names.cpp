// The specification's names of parquet.thrift enum values, for messages and `strata meta`.
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "strata/parquet/metadata/format.h"

namespace strata::parquet::format {

namespace {

template <typename E, size_t N>
std::string name_of(E value, const std::array<std::string_view, N>& names) {
  auto index = static_cast<int64_t>(value);
  if (index >= 0 && index < static_cast<int64_t>(N) && !names[static_cast<size_t>(index)].empty()) {
    return std::string(names[static_cast<size_t>(index)]);
  }
  return fmt::format("UNKNOWN({})", index);
}

}  // namespace

std::string to_string(Type value) {
  static constexpr std::array<std::string_view, 8> kNames{"BOOLEAN", "INT32", "INT64", "INT96",
                                                          "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
  return name_of(value, kNames);
}

std::string to_string(ConvertedType value) {
  static constexpr std::array<std::string_view, 22> kNames{
      "UTF8",       "MAP",        "MAP_KEY_VALUE", "LIST",        "ENUM",   "DECIMAL", "DATE",  "TIME_MILLIS",
      "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8",
      "INT_16",     "INT_32",     "INT_64",        "JSON",        "BSON",   "INTERVAL"};
  return name_of(value, kNames);
}

std::string to_string(FieldRepetitionType value) {
  static constexpr std::array<std::string_view, 4> kNames{"REQUIRED", "OPTIONAL", "REPEATED", "VECTOR"};
  return name_of(value, kNames);
}

std::string to_string(Encoding value) {
  static constexpr std::array<std::string_view, 10> kNames{"PLAIN",
                                                           "",
                                                           "PLAIN_DICTIONARY",
                                                           "RLE",
                                                           "BIT_PACKED",
                                                           "DELTA_BINARY_PACKED",
                                                           "DELTA_LENGTH_BYTE_ARRAY",
                                                           "DELTA_BYTE_ARRAY",
                                                           "RLE_DICTIONARY",
                                                           "BYTE_STREAM_SPLIT"};
  return name_of(value, kNames);
}

std::string to_string(CompressionCodec value) {
  static constexpr std::array<std::string_view, 8> kNames{"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO",
                                                          "BROTLI",       "LZ4",    "ZSTD", "LZ4_RAW"};
  return name_of(value, kNames);
}

std::string to_string(PageType value) {
  static constexpr std::array<std::string_view, 4> kNames{"DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE",
                                                          "DATA_PAGE_V2"};
  return name_of(value, kNames);
}

std::string to_string(BoundaryOrder value) {
  static constexpr std::array<std::string_view, 3> kNames{"UNORDERED", "ASCENDING", "DESCENDING"};
  return name_of(value, kNames);
}

std::string to_string(EdgeInterpolationAlgorithm value) {
  static constexpr std::array<std::string_view, 5> kNames{"SPHERICAL", "VINCENTY", "THOMAS", "ANDOYER", "KARNEY"};
  return name_of(value, kNames);
}

}  // namespace strata::parquet::format
