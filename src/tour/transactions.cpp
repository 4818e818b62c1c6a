#include "strata/tour/transactions.h"

#include <cmath>

#include "strata/columnar/builder.h"
#include "strata/sim/normal.h"
#include "strata/sim/philox.h"

namespace strata::tour {

using namespace strata::columnar;

namespace {

// Uniform doubles in [0, 1) from Philox4x32-10: value i of stream `stream` depends only on (seed, stream, i).
class Uniforms {
 public:
  Uniforms(uint64_t seed, uint32_t stream) : key_(sim::philox_key_from_seed(seed)), stream_(stream) {}
  double next() {
    if (pos_ == 4) {
      block_ = sim::philox4x32({static_cast<uint32_t>(counter_), static_cast<uint32_t>(counter_ >> 32), stream_, 0}, key_);
      ++counter_;
      pos_ = 0;
    }
    return static_cast<double>(block_[pos_++]) * (1.0 / 4294967296.0);
  }

 private:
  sim::PhiloxKey key_;
  uint32_t stream_;
  uint64_t counter_ = 0;
  sim::PhiloxCounter block_{};
  int pos_ = 4;
};

Array dictionary_column(const std::vector<std::string>& values, std::vector<int32_t> codes) {
  StringBuilder dict;
  for (const auto& v : values) dict.append(v);
  Int32Builder indices;
  indices.append_values(codes);
  auto data = std::make_shared<ArrayData>(*indices.finish().data());
  data->type = dictionary(int32(), utf8());
  data->dictionary = dict.finish().data();
  return Array(std::move(data));
}

}  // namespace

Table generate_transactions(int64_t rows, uint64_t seed) {
  static const std::vector<std::string> kCurrencies = {"USD", "EUR", "GBP", "JPY"};
  static const std::vector<std::string> kCategories = {"Electronics", "Groceries", "Travel", "Dining", "Healthcare",
                                                       "Entertainment"};
  const int64_t start_ms = 1704067200000;  // 2024-01-01
  const int64_t end_ms = 1735603200000;    // 2024-12-31
  Uniforms amount_u(seed, 1), fraud_u(seed, 2), scale_u(seed, 3), customer_u(seed, 4), currency_u(seed, 5),
      category_u(seed, 6), time_u(seed, 7);
  Int64Builder ids;
  Int32Builder customers;
  DoubleBuilder amounts;
  NumericBuilder<int64_t> times(timestamp(TimeUnit::kMilli));
  BooleanBuilder fraud;
  std::vector<int32_t> currency_codes, category_codes;
  ids.reserve(rows);
  customers.reserve(rows);
  amounts.reserve(rows);
  times.reserve(rows);
  currency_codes.reserve(static_cast<size_t>(rows));
  category_codes.reserve(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) {
    // Box–Muller on two uniforms for the lognormal amount.
    const double u1 = 1.0 - amount_u.next();
    const double u2 = amount_u.next();
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    double amount = std::exp(3.5 + 1.2 * z);
    const bool is_fraud = fraud_u.next() < 0.02;
    if (is_fraud) amount *= 3.0 + 17.0 * scale_u.next();
    ids.unsafe_append(i);
    customers.unsafe_append(1 + static_cast<int32_t>(customer_u.next() * 10000));
    amounts.unsafe_append(amount);
    currency_codes.push_back(static_cast<int32_t>(currency_u.next() * 4));
    category_codes.push_back(static_cast<int32_t>(category_u.next() * 6));
    times.unsafe_append(start_ms + static_cast<int64_t>(time_u.next() * static_cast<double>(end_ms - start_ms)));
    fraud.append(is_fraud);
  }
  return Table::from_arrays({"transaction_id", "customer_id", "amount", "currency", "category", "timestamp", "is_fraud"},
                            {ids.finish(), customers.finish(), amounts.finish(),
                             dictionary_column(kCurrencies, std::move(currency_codes)),
                             dictionary_column(kCategories, std::move(category_codes)), times.finish(), fraud.finish()});
}

}  // namespace strata::tour
