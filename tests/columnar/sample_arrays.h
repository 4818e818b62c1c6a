// One small array per columnar type, each with a null at index 1 (except where the type has no nulls to
// show), shared by the C data interface, builder and printing tests.
#pragma once

#include <string>
#include <vector>

#include "strata/columnar/array.h"
#include "strata/columnar/builder.h"

namespace strata::columnar::testing {

struct Sample {
  std::string name;
  Array array;
};

inline Array dictionary_sample() {
  StringBuilder values;
  for (const char* s : {"EUR", "USD", "GBP"}) values.append(s);
  Int32Builder indices;
  indices.append(2);
  indices.append_null();
  indices.append(0);
  indices.append(2);
  indices.append(1);
  Array idx = indices.finish();
  auto data = ArrayData::make(dictionary(int32(), utf8()), idx.length(), idx.data()->buffers, idx.null_count());
  data->dictionary = values.finish().data();
  return Array(std::move(data));
}

// Every sample has length 5.
inline std::vector<Sample> all_samples() {
  std::vector<Sample> out;
  out.push_back({"null", NullArray(5)});
  {
    BooleanBuilder b;
    b.append(true), b.append_null(), b.append(false), b.append(true), b.append(false);
    out.push_back({"bool", b.finish()});
  }
  auto numeric = [&out]<typename T>(const char* name, DataTypePtr type, std::vector<T> v) {
    NumericBuilder<T> b(std::move(type));
    b.append(v[0]);
    b.append_null();
    for (size_t i = 1; i < v.size(); ++i) b.append(v[i]);
    out.push_back({name, b.finish()});
  };
  numeric.operator()<int8_t>("int8", int8(), {-128, 0, 1, 127});
  numeric.operator()<int16_t>("int16", int16(), {-32768, 0, 1, 32767});
  numeric.operator()<int32_t>("int32", int32(), {INT32_MIN, 0, 1, INT32_MAX});
  numeric.operator()<int64_t>("int64", int64(), {INT64_MIN, 0, 1, INT64_MAX});
  numeric.operator()<uint8_t>("uint8", uint8(), {0, 1, 200, 255});
  numeric.operator()<uint16_t>("uint16", uint16(), {0, 1, 2, 65535});
  numeric.operator()<uint32_t>("uint32", uint32(), {0, 1, 2, UINT32_MAX});
  numeric.operator()<uint64_t>("uint64", uint64(), {0, 1, 2, UINT64_MAX});
  numeric.operator()<uint16_t>("float16", float16(), {0x3c00, 0xc000, 0x7c00, 0x0000});  // 1, -2, inf, 0
  numeric.operator()<float>("float32", float32(), {0.1f, -1.5f, 3e38f, 0.0f});
  numeric.operator()<double>("float64", float64(), {0.1, -1.5, 1e300, -0.0});
  numeric.operator()<int32_t>("date32", date32(), {0, 19914, -1, 2932896});
  numeric.operator()<int64_t>("date64", date64(), {0, 1720569600000, -86400000, 86400000});
  numeric.operator()<int32_t>("time32s", time32(TimeUnit::kSecond), {0, 3600, 86399, 61});
  numeric.operator()<int32_t>("time32ms", time32(TimeUnit::kMilli), {0, 27741442, 1, 86399999});
  numeric.operator()<int64_t>("time64us", time64(TimeUnit::kMicro), {0, 27741442000, 1, 86399999999});
  numeric.operator()<int64_t>("time64ns", time64(TimeUnit::kNano), {0, 27741442000001, 1, 5});
  numeric.operator()<int64_t>("timestamp_ms_utc", timestamp(TimeUnit::kMilli, "UTC"),
                              {1720597341442, 0, -1, 253402300799999});
  numeric.operator()<int64_t>("timestamp_ns", timestamp(TimeUnit::kNano), {1720597341442000001, 0, -1, 1});
  numeric.operator()<int64_t>("timestamp_s_tz", timestamp(TimeUnit::kSecond, "Europe/Paris"), {0, 1, 2, 3});
  numeric.operator()<int64_t>("duration_us", duration(TimeUnit::kMicro), {0, -5, 1000000, 7});
  {
    StringBuilder b;
    b.append("EUR"), b.append_null(), b.append(""), b.append("caf\xc3\xa9"), b.append("a\"b\\c\n");
    out.push_back({"utf8", b.finish()});
  }
  {
    BinaryBuilder b;
    b.append(std::string_view("\x00\xff", 2)), b.append_null(), b.append(""), b.append("ab"), b.append("\x01");
    out.push_back({"binary", b.finish()});
  }
  {
    LargeStringBuilder b;
    b.append("x"), b.append_null(), b.append("yy"), b.append(""), b.append("zzz");
    out.push_back({"large_utf8", b.finish()});
  }
  {
    LargeBinaryBuilder b;
    b.append("\x10"), b.append_null(), b.append(""), b.append("\x7f\x80"), b.append("q");
    out.push_back({"large_binary", b.finish()});
  }
  {
    FixedSizeBinaryBuilder b(fixed_size_binary(3));
    b.append("abc"), b.append_null(), b.append(std::string_view("\x00\x01\x02", 3)), b.append("xyz"),
        b.append("\xff\xfe\xfd");
    out.push_back({"fixed_size_binary", b.finish()});
  }
  {
    FixedSizeBinaryBuilder b(decimal128(10, 2));
    b.append(Decimal128::parse("1.50", 2)), b.append_null(), b.append(Decimal128::parse("-12345678.99", 2)),
        b.append(Decimal128::parse("0", 2)), b.append(Decimal128::parse("-0.01", 2));
    out.push_back({"decimal128", b.finish()});
  }
  out.push_back({"dictionary", dictionary_sample()});
  {
    ListBuilder lists(list(int64()));
    Int64Builder items;
    items.append(1), items.append(2), lists.append(2);  // [1, 2]
    lists.append_null();                                // null
    lists.append(0);                                    // []
    items.append_null(), items.append(4), lists.append(2);  // [null, 4]
    items.append(5), lists.append(1);                       // [5]
    out.push_back({"list", lists.finish(items.finish())});
  }
  {
    LargeListBuilder lists(large_list(field("item", utf8())));
    StringBuilder items;
    items.append("a"), lists.append(1);
    lists.append_null();
    items.append("b"), items.append("c"), lists.append(2);
    lists.append(0);
    items.append_null(), lists.append(1);
    out.push_back({"large_list", lists.finish(items.finish())});
  }
  {
    Int32Builder items;
    for (int i = 0; i < 10; ++i) items.append(i);
    auto validity = Buffer::allocate_zeroed(1);
    validity->mutable_data()[0] = 0b11101;
    auto data = ArrayData::make(fixed_size_list(field("item", int32()), 2), 5, {validity}, 1);
    data->children.push_back(items.finish().data());
    out.push_back({"fixed_size_list", Array(std::move(data))});
  }
  {
    StructBuilder s(struct_({field("a", int32()), field("b", utf8())}));
    Int32Builder a;
    StringBuilder b;
    a.append(1), b.append("one"), s.append();
    a.append_null(), b.append_null(), s.append_null();
    a.append_null(), b.append("three"), s.append();
    a.append(4), b.append_null(), s.append();
    a.append(5), b.append("five"), s.append();
    out.push_back({"struct", s.finish({a.finish(), b.finish()})});
  }
  {
    MapBuilder m(map(utf8(), int64()));
    StringBuilder k;
    Int64Builder v;
    k.append("x"), v.append(1), k.append("y"), v.append_null(), m.append(2);
    m.append_null();
    m.append(0);
    k.append("z"), v.append(3), m.append(1);
    k.append("x"), v.append(4), m.append(1);
    out.push_back({"map", m.finish(k.finish(), v.finish())});
  }
  return out;
}

}  // namespace strata::columnar::testing
