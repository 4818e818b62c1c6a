// The notebook's synthetic card-transaction table (../shared/seed/notebook.txt, "PyArrow: Schema-First
// Columnar Data"): transaction_id int64, customer_id int32, amount float64 (lognormal(3.5, 1.2), fraud
// amounts ×U(3, 20)), currency and category dictionary<int32, string>, timestamp[ms] in 2024, is_fraud bool
// (2%). Same shape and distributions; the values come from Strata's own counter-based generator, so they
// differ from numpy's but are the same on every machine and for any thread count.
#pragma once

#include <cstdint>

#include "strata/columnar/table.h"

namespace strata::tour {

columnar::Table generate_transactions(int64_t rows, uint64_t seed = 42);

}  // namespace strata::tour
