// Tables with every type the IPC writer supports, for the IPC tests.
#pragma once

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"

namespace strata::ipc::testing {

using namespace strata::columnar;

inline Table all_types_table(int64_t rows) {
  Int8Builder i8;
  Int16Builder i16;
  Int32Builder i32;
  Int64Builder i64;
  UInt8Builder u8;
  UInt64Builder u64;
  FloatBuilder f32;
  DoubleBuilder f64;
  BooleanBuilder b;
  StringBuilder s;
  LargeStringBuilder ls;
  BinaryBuilder bin;
  FixedSizeBinaryBuilder fsb(fixed_size_binary(3));
  NumericBuilder<int32_t> date(date32());
  NumericBuilder<int64_t> ts(timestamp(TimeUnit::kMilli, "UTC"));
  NumericBuilder<int64_t> t64(time64(TimeUnit::kMicro));
  NumericBuilder<int64_t> dur(duration(TimeUnit::kNano));
  FixedSizeBinaryBuilder dec(decimal128(10, 2));
  for (int64_t r = 0; r < rows; ++r) {
    const bool null = r % 5 == 3;
    auto put = [&](auto& builder, auto value) {
      if (null) {
        builder.append_null();
      } else {
        builder.append(value);
      }
    };
    put(i8, static_cast<int8_t>(r - 60));
    put(i16, static_cast<int16_t>(r * 300));
    put(i32, static_cast<int32_t>(r * 100000));
    put(i64, r * 1000000007LL - 5);
    put(u8, static_cast<uint8_t>(r));
    put(u64, static_cast<uint64_t>(r) * 0x9E3779B97F4A7C15ULL);
    put(f32, static_cast<float>(r) / 3.0f);
    put(f64, r * 0.1);
    put(b, r % 3 == 0);
    put(s, std::string_view(r % 2 ? "odd" : "even, \"quoted\""));
    put(ls, std::string_view(r % 4 ? "large" : ""));
    put(bin, std::string_view("\x00\xff\x10", 3));
    put(fsb, std::string_view(r % 2 ? "abc" : "xyz"));
    put(date, static_cast<int32_t>(19000 + r));
    put(ts, 1720597341442LL + r);
    put(t64, r * 1000001LL);
    put(dur, r * 7LL);
    put(dec, Decimal128::from_int64(r * 125 - 1000));
  }
  return Table::from_arrays(
      {"i8", "i16", "i32", "i64", "u8", "u64", "f32", "f64", "b", "s", "ls", "bin", "fsb", "date", "ts", "t64", "dur", "dec"},
      {i8.finish(), i16.finish(), i32.finish(), i64.finish(), u8.finish(), u64.finish(), f32.finish(), f64.finish(),
       b.finish(), s.finish(), ls.finish(), bin.finish(), fsb.finish(), date.finish(), ts.finish(), t64.finish(),
       dur.finish(), dec.finish()});
}

// A dictionary<int32, string> column from codes into `values`.
inline Array dictionary_column(const std::vector<std::string>& values, const std::vector<int32_t>& codes,
                               const std::vector<bool>& valid = {}) {
  StringBuilder dict;
  for (const auto& v : values) dict.append(v);
  Int32Builder idx;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (!valid.empty() && !valid[i]) {
      idx.append_null();
    } else {
      idx.append(codes[i]);
    }
  }
  Array indices = idx.finish();
  auto data = std::make_shared<ArrayData>(*indices.data());
  data->type = dictionary(int32(), utf8());
  data->dictionary = dict.finish().data();
  return Array(data);
}

}  // namespace strata::ipc::testing
