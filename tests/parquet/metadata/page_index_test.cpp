#include "strata/parquet/metadata/page_index.h"

#include <gtest/gtest.h>

#include <cstring>

#include "strata/core/error.h"
#include "strata/parquet/metadata/format_io.h"

namespace strata::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

// "PAR1", a 1000-byte column chunk at [4, 1004) holding 3 data pages, then the indexes.
struct Fixture {
  Bytes file;
  format::ColumnChunk chunk;

  Fixture(const format::OffsetIndex& offsets, const format::ColumnIndex& columns) {
    file.assign(1004, 0x55);
    std::memcpy(file.data(), "PAR1", 4);
    format::ColumnMetaData md;
    md.data_page_offset = 4;
    md.total_compressed_size = 1000;
    chunk.meta_data = md;
    Bytes ci = format::serialize(columns);
    chunk.column_index_offset = static_cast<int64_t>(file.size());
    chunk.column_index_length = static_cast<int32_t>(ci.size());
    file.insert(file.end(), ci.begin(), ci.end());
    Bytes oi = format::serialize(offsets);
    chunk.offset_index_offset = static_cast<int64_t>(file.size());
    chunk.offset_index_length = static_cast<int32_t>(oi.size());
    file.insert(file.end(), oi.begin(), oi.end());
  }
};

format::OffsetIndex three_pages() {
  format::OffsetIndex index;
  index.page_locations = {{4, 300, 0}, {304, 300, 100}, {604, 400, 250}};
  return index;
}

format::ColumnIndex three_page_stats() {
  format::ColumnIndex index;
  index.null_pages = {false, true, false};
  index.min_values = {"a", "", "m"};
  index.max_values = {"f", "", "z"};
  index.boundary_order = format::BoundaryOrder::kAscending;
  index.null_counts = std::vector<int64_t>{0, 150, 3};
  return index;
}

std::string error_of(const Fixture& f, bool column) {
  io::BufferReader reader(f.file, "pi.parquet");
  try {
    if (column) {
      read_column_index(reader, f.chunk, 3);
    } else {
      read_offset_index(reader, f.chunk);
    }
  } catch (const FormatError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PageIndex, ReadsBothIndexes) {
  Fixture f(three_pages(), three_page_stats());
  io::BufferReader reader(f.file, "pi.parquet");
  auto offsets = read_offset_index(reader, f.chunk);
  ASSERT_TRUE(offsets.has_value());
  EXPECT_TRUE(*offsets == three_pages());
  auto columns = read_column_index(reader, f.chunk, 3);
  ASSERT_TRUE(columns.has_value());
  EXPECT_TRUE(*columns == three_page_stats());

  format::ColumnChunk bare;
  EXPECT_FALSE(read_offset_index(reader, bare).has_value());
  EXPECT_FALSE(read_column_index(reader, bare).has_value());
}

TEST(PageIndex, OffsetIndexViolationsAreFormatErrors) {
  auto outside = three_pages();
  outside.page_locations[2].compressed_page_size = 401;
  Fixture f1(outside, three_page_stats());
  EXPECT_EQ(error_of(f1, false),
            fmt::format("pi.parquet at byte {}: OffsetIndex page 2 at byte 604 (+401) lies outside its column chunk "
                        "[4, 1004)",
                        *f1.chunk.offset_index_offset));

  auto rows = three_pages();
  rows.page_locations[2].first_row_index = 100;
  Fixture f2(rows, three_page_stats());
  EXPECT_NE(error_of(f2, false).find("OffsetIndex page 2 (byte 604, row 100) does not follow page 1 (byte 304 +300, "
                                     "row 100)"),
            std::string::npos);

  auto first = three_pages();
  first.page_locations[0].first_row_index = 7;
  Fixture f3(first, three_page_stats());
  EXPECT_NE(error_of(f3, false).find("OffsetIndex page 0 starts at row 7, not 0"), std::string::npos);

  Fixture f4(three_pages(), three_page_stats());
  *f4.chunk.offset_index_length += 1;  // one byte past the end of the file
  EXPECT_NE(error_of(f4, false).find("past the end of the file"), std::string::npos);

  Fixture f5(three_pages(), three_page_stats());
  f5.file.push_back(0);
  *f5.chunk.offset_index_length += 1;  // a trailing byte inside the stated length
  EXPECT_NE(error_of(f5, false).find("OffsetIndex ends after"), std::string::npos);
}

TEST(PageIndex, ColumnIndexViolationsAreFormatErrors) {
  auto short_max = three_page_stats();
  short_max.max_values.pop_back();
  Fixture f1(three_pages(), short_max);
  EXPECT_EQ(error_of(f1, true), fmt::format("pi.parquet at byte {}: ColumnIndex has 2 max_values for 3 null_pages",
                                            *f1.chunk.column_index_offset));
  auto four = three_page_stats();
  four.null_pages.push_back(false);
  four.min_values.push_back("");
  four.max_values.push_back("");
  four.null_counts->push_back(0);
  Fixture f2(three_pages(), four);
  EXPECT_NE(error_of(f2, true).find("ColumnIndex lists 4 pages, the OffsetIndex 3"), std::string::npos);
}

TEST(PageIndex, EveryTruncatedLengthIsFormatError) {
  Fixture f(three_pages(), three_page_stats());
  const int32_t oi_length = *f.chunk.offset_index_length;
  const int32_t ci_length = *f.chunk.column_index_length;
  for (int32_t n = 0; n < oi_length; ++n) {
    *f.chunk.offset_index_length = n;
    EXPECT_NE(error_of(f, false), "(no error)") << n;
  }
  *f.chunk.offset_index_length = oi_length;
  for (int32_t n = 0; n < ci_length; ++n) {
    *f.chunk.column_index_length = n;
    EXPECT_NE(error_of(f, true), "(no error)") << n;
  }
}

}  // namespace
}  // namespace strata::parquet
