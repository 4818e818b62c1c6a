// The seed queries for the ORM tests: the builders of include/strata/tour/seed_queries.h under the names the
// tests use (seed_queries_test.cpp, run_test.cpp).
#pragma once

#include "orm/models.h"
#include "strata/tour/seed_queries.h"

namespace strata::orm::testing {
using namespace strata::orm::seed;  // NOLINT(google-build-using-namespace)
}  // namespace strata::orm::testing
