// libFuzzer target: the filter-expression parser of strata cat --filter. See fuzz_entry_points.h for
// the contract (strata::Error is an expected outcome; anything else is a finding) and fuzz/README.md to run it.
#include <cstddef>
#include <cstdint>

#include "fuzz_entry_points.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    strata::fuzz::fuzz_filter(data, size);
  } catch (const strata::Error&) {
    // Bad input, reported cleanly.
  }
  return 0;
}
