#include "strata/tour/transactions.h"

#include <gtest/gtest.h>

#include <cmath>

namespace strata::tour {
namespace {

using namespace strata::columnar;

TEST(Transactions, TheNotebooksShapeAndDistributions) {
  Table t = generate_transactions(100000);
  EXPECT_EQ(t.schema()->to_string(),
            "transaction_id: int64\ncustomer_id: int32\namount: double\n"
            "currency: dictionary<values=string, indices=int32>\ncategory: dictionary<values=string, indices=int32>\n"
            "timestamp: timestamp[ms]\nis_fraud: bool\n");
  const Table c = t.combine_chunks();
  const int64_t fraud = BooleanArray(c.column("is_fraud").chunk(0)).true_count();
  EXPECT_NEAR(static_cast<double>(fraud) / 100000.0, 0.02, 0.002);
  DoubleArray amount(c.column("amount").chunk(0));
  Int32Array customer(c.column("customer_id").chunk(0));
  NumericArray<int64_t> ts(c.column("timestamp").chunk(0));
  double log_sum = 0;
  int64_t non_fraud = 0;
  BooleanArray flags(c.column("is_fraud").chunk(0));
  for (int64_t i = 0; i < 100000; ++i) {
    ASSERT_GE(customer.value(i), 1);
    ASSERT_LE(customer.value(i), 10000);
    ASSERT_GE(ts.value(i), 1704067200000);
    ASSERT_LT(ts.value(i), 1735603200000);
    if (!flags.value(i)) {
      log_sum += std::log(amount.value(i));
      ++non_fraud;
    }
  }
  EXPECT_NEAR(log_sum / static_cast<double>(non_fraud), 3.5, 0.02);  // lognormal(3.5, 1.2)
  EXPECT_EQ(DictionaryArray(c.column("category").chunk(0)).dictionary().length(), 6);
  // Deterministic: the same seed gives the same table.
  EXPECT_TRUE(generate_transactions(1000).equals(generate_transactions(1000)));
  EXPECT_FALSE(generate_transactions(1000, 7).equals(generate_transactions(1000)));
}

}  // namespace
}  // namespace strata::tour
