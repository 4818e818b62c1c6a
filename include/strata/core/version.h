// Strata's version, as in the VERSION file at the root of the source tree.
#pragma once

namespace strata {

// Return the library's version, e.g. "0.1.0".
const char* version();

}  // namespace strata
