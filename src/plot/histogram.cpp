#include "strata/plot/histogram.h"

#include <algorithm>
#include <cmath>

#include "strata/core/error.h"
#include "strata/sim/gbm.h"

namespace strata::plot {

Histogram histogram(std::span<const double> values, int bins, bool density) {
  if (bins < 1) raise("histogram: bins must be at least 1, got {}", bins);
  if (values.empty()) raise("histogram: no values");
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) raise("histogram: value {} at index {} is not finite", values[i], i);
  }
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  double first = *min_it;
  double last = *max_it;
  if (!std::isfinite(first) || !std::isfinite(last)) {
    raise("histogram: range [{}, {}] of the values is not finite", first, last);
  }
  if (first == last) {  // numpy widens an empty range by a half on each side
    first -= 0.5;
    last += 0.5;
  }
  Histogram h;
  h.edges = sim::linspace(first, last, bins + 1);
  h.counts.assign(static_cast<size_t>(bins), 0);
  // numpy's index computation: scale, truncate, then fix values that landed one bin off near an edge.
  const double norm = bins / (last - first);
  for (double v : values) {
    auto index = static_cast<int64_t>((v - first) * norm);
    if (index == bins) --index;
    if (v < h.edges[index]) --index;
    if (index != bins - 1 && v >= h.edges[index + 1]) ++index;
    ++h.counts[index];
  }
  h.heights.resize(h.counts.size());
  const auto total = static_cast<double>(values.size());
  for (size_t i = 0; i < h.counts.size(); ++i) {
    const auto count = static_cast<double>(h.counts[i]);
    h.heights[i] = density ? count / (h.edges[i + 1] - h.edges[i]) / total : count;
  }
  return h;
}

}  // namespace strata::plot
