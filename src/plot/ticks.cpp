#include "strata/plot/ticks.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::plot {

double nice_number(double x, bool round) {
  if (!(x > 0) || !std::isfinite(x)) raise("nice_number: {} is not a positive finite number", x);
  const double exponent = std::floor(std::log10(x));
  const double power = std::pow(10.0, exponent);
  const double fraction = x / power;  // in [1, 10)
  double nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return nice * power;
}

Ticks nice_ticks(double min, double max, int target) {
  if (!std::isfinite(min) || !std::isfinite(max)) raise("nice_ticks: range [{}, {}] is not finite", min, max);
  if (min > max) std::swap(min, max);
  if (min == max) {
    min -= 0.5;
    max += 0.5;
  }
  target = std::max(target, 2);
  Ticks t;
  const double range = nice_number(max - min, false);
  t.step = nice_number(range / (target - 1), true);
  const double first = std::floor(min / t.step);
  const double last = std::ceil(max / t.step);
  t.graph_min = first * t.step;
  t.graph_max = last * t.step;
  t.fraction_digits = std::max(static_cast<int>(-std::floor(std::log10(t.step))), 0);
  // Whole multiples of the step (k * step, not a running sum) so labels carry no accumulated error.
  for (double k = first; k <= last; k += 1) t.values.push_back(k * t.step);
  return t;
}

std::vector<double> ticks_within(const Ticks& ticks, double lo, double hi) {
  const double slack = ticks.step * 1e-9;
  std::vector<double> out;
  for (double v : ticks.values) {
    if (v >= lo - slack && v <= hi + slack) out.push_back(v);
  }
  return out;
}

std::string format_tick(double value, int fraction_digits) {
  std::string text = fmt::format("{:.{}f}", value, std::max(fraction_digits, 0));
  // "-0", "-0.00": a value that rounds to zero prints without a sign.
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

}  // namespace strata::plot
