// Concatenate arrays of one type into a single new array (copies values; dictionaries are unified when
// they differ).
#pragma once

#include <vector>

#include "strata/columnar/array.h"

namespace strata::columnar {

// REQUIRES: every array has the same type (throws TypeError otherwise). An empty list needs `type`.
Array concatenate(const std::vector<Array>& arrays, const DataTypePtr& type = nullptr);

}  // namespace strata::columnar
