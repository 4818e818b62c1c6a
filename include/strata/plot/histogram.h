// Histogram bins the way numpy.histogram computes them: `bins` equal-width bins over [min, max] (edges from
// numpy.linspace), the last bin closed on the right, counts or densities (count / (n * width)).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace strata::plot {

struct Histogram {
  std::vector<double> edges;    // bins + 1 values
  std::vector<int64_t> counts;  // bins values
  std::vector<double> heights;  // counts, or densities when density was asked for
};

// Throws InvalidArgument for bins < 1 or no values; non-finite values are an error too.
Histogram histogram(std::span<const double> values, int bins, bool density);

}  // namespace strata::plot
