// Risk statistics of simulated outcomes (final prices), computed the way numpy computes them so Strata's
// figures and the notebook's agree to the last digit or so:
//   mean        numpy.mean: pairwise summation (blocks of 8 accumulators, 128-value leaves), then / n
//   stddev      numpy.std (ddof 0 by default): sqrt(mean((x - mean)^2) * n / (n - ddof))
//   percentile  numpy.percentile, method 'linear': virtual index (n - 1) q / 100, numpy's two-sided lerp
// VaR follows the notebook's convention: a price level, not a loss. var(95) = percentile(x, 5), the final
// price that 95% of paths end above; var(99) = percentile(x, 1). Expected shortfall at the same level is the
// mean of the outcomes at or below that price (the average price in the worst 5% or 1%); the loss
// versions are S0 - var and S0 - es.
// Thread-safe: pure functions. Empty input throws InvalidArgument.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace strata::sim {

double mean(std::span<const double> values);
double stddev(std::span<const double> values, int ddof = 0);
// q in [0, 100].
double percentile(std::span<const double> values, double q);
// Several percentiles from one sorted copy.
std::vector<double> percentiles(std::span<const double> values, std::span<const double> qs);
// confidence in percent, e.g. 95 or 99: percentile(values, 100 - confidence).
double value_at_risk(std::span<const double> values, double confidence);
// Mean of the values <= value_at_risk(values, confidence).
double expected_shortfall(std::span<const double> values, double confidence);

struct RiskSummary {
  int64_t count = 0;
  double mean = 0;
  double std = 0;
  double min = 0;
  double max = 0;
  double median = 0;
  double var_95 = 0;
  double var_99 = 0;
  double es_95 = 0;
  double es_99 = 0;
};

// Everything above for one sample, from a single sorted copy.
RiskSummary summarize_risk(std::span<const double> values);

// Sum in numpy's order (pairwise; see mean). Exposed for tests.
double pairwise_sum(std::span<const double> values);

}  // namespace strata::sim
