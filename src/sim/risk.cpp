#include "strata/sim/risk.h"

#include <algorithm>
#include <cmath>

#include "strata/core/error.h"

namespace strata::sim {
namespace {

constexpr size_t kPairwiseBlock = 128;  // numpy's PW_BLOCKSIZE
constexpr size_t kReduceBuffer = 8192;  // numpy's NPY_BUFSIZE

double pairwise_sum_impl(const double* a, size_t n) {
  if (n < 8) {
    // Starting from -0.0 leaves any first addend unchanged (even -0.0).
    double sum = -0.0;
    for (size_t i = 0; i < n; ++i) sum += a[i];
    return sum;
  }
  if (n <= kPairwiseBlock) {
    double r[8];
    for (size_t j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - n % 8; i += 8) {
      for (size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) sum += a[i];
    return sum;
  }
  size_t half = n / 2;
  half -= half % 8;
  return pairwise_sum_impl(a, half) + pairwise_sum_impl(a + half, n - half);
}

void require_values(std::span<const double> values, const char* what) {
  if (values.empty()) raise("{}: no values", what);
}

void require_q(double q) {
  if (!(q >= 0.0 && q <= 100.0)) raise("percentile: q must be in [0, 100], got {}", q);
}

// numpy 'linear' on sorted data.
double percentile_sorted(const std::vector<double>& sorted, double q) {
  const auto n = static_cast<int64_t>(sorted.size());
  const double quantile = q / 100.0;
  const double virtual_index = static_cast<double>(n - 1) * quantile;
  if (virtual_index >= static_cast<double>(n - 1)) return sorted.back();
  const double previous_index = std::floor(virtual_index);
  const auto previous = static_cast<int64_t>(previous_index);
  const double a = sorted[previous];
  const double b = sorted[previous + 1];
  const double gamma = virtual_index - previous_index;
  const double diff = b - a;
  return gamma >= 0.5 ? b - diff * (1.0 - gamma) : a + diff * gamma;
}

std::vector<double> sorted_copy(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

double shortfall_sorted(const std::vector<double>& sorted, double level) {
  const auto end = std::upper_bound(sorted.begin(), sorted.end(), level);
  return pairwise_sum({sorted.data(), static_cast<size_t>(end - sorted.begin())}) /
         static_cast<double>(end - sorted.begin());
}

}  // namespace

double pairwise_sum(std::span<const double> values) {
  if (values.empty()) return 0.0;
  // numpy's add.reduce starts from the identity 0 and adds, buffer by buffer (8192 values, numpy's default
  // ufunc buffer size), the pairwise sum of each buffer; tests/sim/risk_test.cpp checks the bits against numpy.
  double sum = 0.0;
  for (size_t begin = 0; begin < values.size(); begin += kReduceBuffer) {
    sum += pairwise_sum_impl(values.data() + begin, std::min(kReduceBuffer, values.size() - begin));
  }
  return sum;
}

double mean(std::span<const double> values) {
  require_values(values, "mean");
  return pairwise_sum(values) / static_cast<double>(values.size());
}

double stddev(std::span<const double> values, int ddof) {
  require_values(values, "stddev");
  if (ddof < 0 || static_cast<size_t>(ddof) >= values.size()) {
    raise("stddev: ddof {} needs more than {} values", ddof, values.size());
  }
  const double m = mean(values);
  std::vector<double> squares(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double d = values[i] - m;
    squares[i] = d * d;
  }
  return std::sqrt(pairwise_sum(squares) / static_cast<double>(values.size() - ddof));
}

double percentile(std::span<const double> values, double q) {
  require_values(values, "percentile");
  require_q(q);
  return percentile_sorted(sorted_copy(values), q);
}

std::vector<double> percentiles(std::span<const double> values, std::span<const double> qs) {
  require_values(values, "percentiles");
  for (double q : qs) require_q(q);
  const std::vector<double> sorted = sorted_copy(values);
  std::vector<double> out;
  out.reserve(qs.size());
  for (double q : qs) out.push_back(percentile_sorted(sorted, q));
  return out;
}

double value_at_risk(std::span<const double> values, double confidence) {
  require_q(confidence);
  return percentile(values, 100.0 - confidence);
}

double expected_shortfall(std::span<const double> values, double confidence) {
  require_values(values, "expected_shortfall");
  require_q(confidence);
  const std::vector<double> sorted = sorted_copy(values);
  return shortfall_sorted(sorted, percentile_sorted(sorted, 100.0 - confidence));
}

RiskSummary summarize_risk(std::span<const double> values) {
  require_values(values, "summarize_risk");
  const std::vector<double> sorted = sorted_copy(values);
  RiskSummary s;
  s.count = static_cast<int64_t>(values.size());
  s.mean = mean(values);
  s.std = stddev(values);
  s.min = sorted.front();
  s.max = sorted.back();
  s.median = percentile_sorted(sorted, 50.0);
  s.var_95 = percentile_sorted(sorted, 5.0);
  s.var_99 = percentile_sorted(sorted, 1.0);
  s.es_95 = shortfall_sorted(sorted, s.var_95);
  s.es_99 = shortfall_sorted(sorted, s.var_99);
  return s;
}

}  // namespace strata::sim
