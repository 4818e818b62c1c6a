#include "strata/parquet/thrift/compact_protocol.h"

#include <gtest/gtest.h>

#include <limits>

#include "strata/core/error.h"

namespace strata::parquet::thrift {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const FormatError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CompactWriter, ZigzagMatchesTheSpecification) {
  // "Integer encoding": 0, -1, 1, -2, 2 map to 0, 1, 2, 3, 4.
  EXPECT_EQ(CompactWriter::zigzag(0), 0u);
  EXPECT_EQ(CompactWriter::zigzag(-1), 1u);
  EXPECT_EQ(CompactWriter::zigzag(1), 2u);
  EXPECT_EQ(CompactWriter::zigzag(-2), 3u);
  EXPECT_EQ(CompactWriter::zigzag(2), 4u);
  EXPECT_EQ(CompactWriter::zigzag(std::numeric_limits<int64_t>::max()), UINT64_MAX - 1);
  EXPECT_EQ(CompactWriter::zigzag(std::numeric_limits<int64_t>::min()), UINT64_MAX);
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{123456789}, std::numeric_limits<int64_t>::min()}) {
    EXPECT_EQ(unzigzag(CompactWriter::zigzag(v)), v);
  }
}

TEST(CompactWriter, VarintOfTheSpecificationsExample) {
  // The spec encodes 50399 as DF 89 03; zigzag(-25200) = 50399.
  CompactWriter w;
  w.write_i32(-25200);
  EXPECT_EQ(w.bytes(), (Bytes{0xdf, 0x89, 0x03}));
  CompactReader r(w.bytes());
  EXPECT_EQ(r.read_i32(), -25200);
  EXPECT_EQ(r.remaining(), 0);
}

TEST(CompactWriter, FieldHeadersShortAndLongForm) {
  CompactWriter w;
  w.begin_struct();
  w.field_header(1, CompactType::kI32);  // delta 1, type 5
  w.write_i32(7);                        // zigzag 14
  w.field_header(3, CompactType::kBinary);
  w.write_string("ab");
  w.field_header(20, CompactType::kI64);  // delta 17: long form, zigzag(20) = 40
  w.write_i64(-1);
  w.bool_field(21, true);
  w.bool_field(22, false);
  w.field_header(2, CompactType::kDouble);  // going back: long form
  w.write_double(1.0);
  w.end_struct();
  Bytes expected{0x15, 0x0e, 0x28, 0x02, 'a', 'b', 0x06, 0x28, 0x01, 0x11, 0x12,
                 0x07, 0x04, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x00};
  EXPECT_EQ(w.bytes(), expected);

  CompactReader r(w.bytes());
  r.begin_struct("Test");
  FieldHeader h;
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 1);
  EXPECT_EQ(h.type, CompactType::kI32);
  EXPECT_EQ(r.read_i32(), 7);
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 3);
  EXPECT_EQ(r.read_string(), "ab");
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 20);
  EXPECT_EQ(r.read_i64(), -1);
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 21);
  EXPECT_TRUE(CompactReader::bool_field_value(h));
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 22);
  EXPECT_FALSE(CompactReader::bool_field_value(h));
  ASSERT_TRUE(r.read_field_header(&h));
  EXPECT_EQ(h.id, 2);
  EXPECT_EQ(r.read_double(), 1.0);
  EXPECT_FALSE(r.read_field_header(&h));
  r.end_struct();
  EXPECT_EQ(r.remaining(), 0);
}

TEST(CompactWriter, ListHeadersAndBoolElements) {
  CompactWriter w;
  w.list_header(CompactType::kI32, 3);
  w.list_header(CompactType::kBinary, 15);
  w.list_header(CompactType::kBoolTrue, 2);
  w.write_bool_element(true);
  w.write_bool_element(false);
  EXPECT_EQ(w.bytes(), (Bytes{0x35, 0xf8, 0x0f, 0x21, 0x01, 0x02}));

  // Bool elements: 1 is true; 0 (the spec's false) and 2 (Apache C++/Java's) are false; type 2 means bool too.
  Bytes in{0x32, 0x01, 0x00, 0x02};
  CompactReader r(in);
  ListHeader list = r.read_list_header();
  EXPECT_EQ(list.element_type, CompactType::kBoolTrue);
  EXPECT_EQ(list.size, 3);
  EXPECT_TRUE(r.read_bool_element());
  EXPECT_FALSE(r.read_bool_element());
  EXPECT_FALSE(r.read_bool_element());
  r.end_container();
}

TEST(CompactWriter, MapHeaders) {
  CompactWriter w;
  w.map_header(CompactType::kBinary, CompactType::kI32, 0);
  w.map_header(CompactType::kBinary, CompactType::kI32, 2);
  EXPECT_EQ(w.bytes(), (Bytes{0x00, 0x02, 0x85}));
}

TEST(CompactReader, SkipsUnknownFieldsOfEveryType) {
  CompactWriter w;
  w.begin_struct();
  w.bool_field(1, true);
  w.field_header(2, CompactType::kI8);
  w.write_i8(-5);
  w.field_header(3, CompactType::kI16);
  w.write_i16(-300);
  w.field_header(4, CompactType::kI32);
  w.write_i32(1 << 30);
  w.field_header(5, CompactType::kI64);
  w.write_i64(std::numeric_limits<int64_t>::min());
  w.field_header(6, CompactType::kDouble);
  w.write_double(-2.5);
  w.field_header(7, CompactType::kBinary);
  w.write_string(std::string(300, 'x'));
  w.field_header(8, CompactType::kList);  // list<struct{1: list<bool>}>
  w.list_header(CompactType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.begin_struct();
    w.field_header(1, CompactType::kList);
    w.list_header(CompactType::kBoolTrue, 3);
    for (int j = 0; j < 3; ++j) w.write_bool_element(j == i);
    w.end_struct();
  }
  w.field_header(9, CompactType::kSet);
  w.list_header(CompactType::kI64, 20);
  for (int j = 0; j < 20; ++j) w.write_i64(j * 1000003);
  w.field_header(10, CompactType::kMap);
  w.map_header(CompactType::kBinary, CompactType::kBoolTrue, 2);
  w.write_string("k1");
  w.write_bool_element(true);
  w.write_string("k2");
  w.write_bool_element(false);
  w.field_header(11, CompactType::kUuid);
  w.write_uuid({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  w.field_header(300, CompactType::kStruct);
  w.begin_struct();
  w.field_header(1, CompactType::kStruct);
  w.begin_struct();
  w.end_struct();
  w.end_struct();
  w.field_header(301, CompactType::kI32);  // the one field the reader knows
  w.write_i32(42);
  w.end_struct();
  w.field_header(0, CompactType::kI8);  // bytes after the struct stay unread
  Bytes bytes = w.bytes();

  CompactReader r(bytes);
  r.begin_struct("Outer");
  FieldHeader h;
  int32_t known = 0;
  int skipped = 0;
  while (r.read_field_header(&h)) {
    if (h.id == 301) {
      known = r.read_i32();
    } else {
      r.skip(h.type);
      ++skipped;
    }
  }
  r.end_struct();
  EXPECT_EQ(known, 42);
  EXPECT_EQ(skipped, 12);
  EXPECT_EQ(r.remaining(), 2);
}

TEST(CompactReader, ErrorsCarryOffsetAndStructPath) {
  // Struct "A" field 1 is a struct "B" whose field 2 is a binary claiming 200 bytes with 1 left.
  Bytes bytes{0x1c, 0x28, 0xc8, 0x01, 'z'};
  CompactReader r(bytes, "f.parquet", 1000);
  r.begin_struct("A");
  FieldHeader h;
  ASSERT_TRUE(r.read_field_header(&h));
  r.begin_struct("B");
  ASSERT_TRUE(r.read_field_header(&h));
  try {
    r.read_binary();
    FAIL() << "no throw";
  } catch (const FormatError& e) {
    EXPECT_EQ(e.file(), "f.parquet");
    EXPECT_EQ(e.offset(), 1002);
    EXPECT_EQ(e.why(), "thrift: binary of 200 bytes runs past the end (1 bytes left) (in A.1 > B.2)");
  }
}

TEST(CompactReader, RejectsBadVarintsTypesAndSizes) {
  Bytes truncated{0x80, 0x80};
  EXPECT_NE(error_of([&] { CompactReader(truncated).read_i64(); }).find("varint runs past the end"),
            std::string::npos);
  Bytes eleven(11, 0x80);
  eleven.back() = 0x01;
  EXPECT_NE(error_of([&] { CompactReader(eleven).read_i64(); }).find("varint longer than 10 bytes"),
            std::string::npos);
  Bytes ten_overflow{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  EXPECT_NE(error_of([&] { CompactReader(ten_overflow).read_i64(); }).find("overflows 64 bits"), std::string::npos);
  Bytes big_i32{0xff, 0xff, 0xff, 0xff, 0x7f};
  EXPECT_NE(error_of([&] { CompactReader(big_i32).read_i32(); }).find("i32 varint out of range"), std::string::npos);
  Bytes bad_type{0x1e};
  EXPECT_NE(error_of([&] {
              CompactReader r(bad_type);
              r.begin_struct("S");
              FieldHeader h;
              r.read_field_header(&h);
            }).find("invalid field type 14"),
            std::string::npos);
  Bytes long_list{0xf5, 0xff, 0xff, 0xff, 0x07};  // 2^31-1 i32 elements, 0 bytes left
  EXPECT_NE(error_of([&] { CompactReader(long_list).read_list_header(); }).find("exceeds the limit"),
            std::string::npos);
  Bytes list_past_end{0xf5, 0x64, 0x01, 0x02};  // 100 elements, 2 bytes left
  EXPECT_NE(error_of([&] { CompactReader(list_past_end).read_list_header(); }).find("runs past the end"),
            std::string::npos);
  Bytes map_past_end{0x0a, 0x55, 0x01};
  EXPECT_NE(error_of([&] { CompactReader(map_past_end).read_map_header(); }).find("runs past the end"),
            std::string::npos);
  Bytes short_double{0, 0, 0};
  EXPECT_NE(error_of([&] { CompactReader(short_double).read_double(); }).find("double runs past the end"),
            std::string::npos);
}

TEST(CompactReader, DeepNestingIsAnErrorNotAStackOverflow) {
  // 100,000 nested structs (field 1 of type struct), then stops: skip() must stop at the depth limit.
  Bytes bytes(100000, 0x1c);
  bytes.insert(bytes.end(), 100001, 0x00);
  CompactReader r(bytes);
  std::string what = error_of([&] { r.skip(CompactType::kStruct); });
  EXPECT_NE(what.find("nesting deeper than 64 levels"), std::string::npos) << what;

  // Lists of lists likewise.
  Bytes lists(100000, 0x19);
  CompactReader r2(lists);
  what = error_of([&] { r2.skip(CompactType::kList); });
  EXPECT_NE(what.find("nesting deeper than 64 levels"), std::string::npos) << what;
}

TEST(CompactReader, EveryTruncationOfAStructFails) {
  CompactWriter w;
  w.begin_struct();
  w.field_header(1, CompactType::kBinary);
  w.write_string("hello");
  w.field_header(2, CompactType::kList);
  w.list_header(CompactType::kI64, 16);
  for (int i = 0; i < 16; ++i) w.write_i64(i * -77777);
  w.field_header(3, CompactType::kDouble);
  w.write_double(3.25);
  w.end_struct();
  const Bytes& full = w.bytes();
  for (size_t cut = 0; cut < full.size(); ++cut) {
    Bytes part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    CompactReader r(part);
    EXPECT_THROW(r.skip(CompactType::kStruct), FormatError) << "cut at " << cut;
  }
  CompactReader whole(full);
  whole.skip(CompactType::kStruct);
  EXPECT_EQ(whole.remaining(), 0);
}

}  // namespace
}  // namespace strata::parquet::thrift
