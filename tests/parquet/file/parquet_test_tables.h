// Tables for the Parquet file tests: every type the writer supports, and the notebook's transactions.
#pragma once

#include <random>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"

namespace strata::parquet::testing {

using namespace strata::columnar;

inline Table all_types_table(int64_t rows, uint32_t seed = 7) {
  std::mt19937 rng(seed);
  Int8Builder i8;
  Int16Builder i16;
  Int32Builder i32;
  Int64Builder i64;
  UInt8Builder u8;
  UInt32Builder u32;
  UInt64Builder u64;
  FloatBuilder f32;
  DoubleBuilder f64;
  BooleanBuilder b;
  StringBuilder s;
  LargeStringBuilder ls;
  BinaryBuilder bin;
  FixedSizeBinaryBuilder fsb(fixed_size_binary(3));
  NumericBuilder<int32_t> date(date32());
  NumericBuilder<int64_t> ts_ms(timestamp(TimeUnit::kMilli));
  NumericBuilder<int64_t> ts_us(timestamp(TimeUnit::kMicro, "UTC"));
  NumericBuilder<int64_t> ts_ns(timestamp(TimeUnit::kNano));
  FixedSizeBinaryBuilder dec(decimal128(12, 3));
  static const char* kWords[] = {"Electronics", "Groceries", "Travel", "Dining", "", "Entertainment"};
  for (int64_t r = 0; r < rows; ++r) {
    const bool null = rng() % 7 == 0;
    auto put = [&](auto& builder, auto value) {
      if (null) {
        builder.append_null();
      } else {
        builder.append(value);
      }
    };
    put(i8, static_cast<int8_t>(rng()));
    put(i16, static_cast<int16_t>(rng()));
    put(i32, static_cast<int32_t>(rng() % 1000));
    put(i64, static_cast<int64_t>(rng()) * 1000003 - 5000000000LL);
    put(u8, static_cast<uint8_t>(rng()));
    put(u32, static_cast<uint32_t>(rng()));
    put(u64, (static_cast<uint64_t>(rng()) << 33) | rng());
    put(f32, static_cast<float>(rng() % 10000) / 7.0f);
    put(f64, static_cast<double>(rng()) / 3.0);
    put(b, rng() % 2 == 0);
    put(s, std::string_view(kWords[rng() % 6]));
    put(ls, std::string_view(kWords[rng() % 6]));
    put(bin, std::string_view("\x00\xff\x10\x01", 1 + rng() % 4));
    put(fsb, std::string_view(rng() % 2 ? "abc" : "xyz"));
    put(date, static_cast<int32_t>(19000 + rng() % 1000));
    put(ts_ms, 1704067200000LL + static_cast<int64_t>(rng()));
    put(ts_us, 1704067200000000LL + static_cast<int64_t>(rng()));
    put(ts_ns, 1704067200000000000LL + static_cast<int64_t>(rng()));
    put(dec, Decimal128::from_int64(static_cast<int64_t>(rng() % 2000000) - 1000000));
  }
  return Table::from_arrays({"i8", "i16", "i32", "i64", "u8", "u32", "u64", "f32", "f64", "b", "s", "ls", "bin", "fsb",
                             "date", "ts_ms", "ts_us", "ts_ns", "dec"},
                            {i8.finish(), i16.finish(), i32.finish(), i64.finish(), u8.finish(), u32.finish(),
                             u64.finish(), f32.finish(), f64.finish(), b.finish(), s.finish(), ls.finish(),
                             bin.finish(), fsb.finish(), date.finish(), ts_ms.finish(), ts_us.finish(), ts_ns.finish(),
                             dec.finish()});
}

// The notebook's transaction table shape (as ../shared/seed/gen_transactions.py makes it), with our RNG.
inline Table transactions(int64_t rows, uint32_t seed = 42) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> amount(3.5, 1.2);
  static const char* kCurrencies[] = {"USD", "EUR", "GBP", "JPY"};
  static const char* kCategories[] = {"Electronics", "Groceries", "Travel", "Dining", "Healthcare", "Entertainment"};
  Int64Builder id;
  Int32Builder customer;
  DoubleBuilder amounts;
  StringBuilder currency, category;
  NumericBuilder<int64_t> ts(timestamp(TimeUnit::kMilli));
  BooleanBuilder fraud;
  for (int64_t r = 0; r < rows; ++r) {
    const bool is_fraud = rng() % 50 == 0;
    id.append(r);
    customer.append(static_cast<int32_t>(1 + rng() % 10000));
    amounts.append(amount(rng) * (is_fraud ? 5.0 : 1.0));
    currency.append(kCurrencies[rng() % 4]);
    category.append(kCategories[rng() % 6]);
    ts.append(1704067200000LL + static_cast<int64_t>(rng() % 31536000000ULL));
    fraud.append(is_fraud);
  }
  return Table::from_arrays({"transaction_id", "customer_id", "amount", "currency", "category", "timestamp", "is_fraud"},
                            {id.finish(), customer.finish(), amounts.finish(), currency.finish(), category.finish(),
                             ts.finish(), fraud.finish()});
}

}  // namespace strata::parquet::testing
