// The notebook's four models, as the tour defines them (include/strata/tour/notebook_models.h), under the
// names the ORM tests use.
#pragma once

#include "strata/tour/notebook_models.h"

namespace strata::orm::testing {
using tour::Department;
using tour::Employee;
using tour::Project;
using tour::ProjectAssignment;
}  // namespace strata::orm::testing
