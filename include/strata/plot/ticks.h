// Axis ticks by Heckbert's nice-number algorithm ("Nice numbers for graph labels", Graphics Gems, 1990):
// the range is rounded to a nice number (1, 2, 5 times a power of ten), the spacing to a nice number near
// range / (target - 1), and the labels run over whole multiples of the spacing with as many fraction digits
// as the spacing needs. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace strata::plot {

// Heckbert's nicenum: the nice number (1, 2, 5 or 10 times 10^floor(log10 x)) nearest x when `round`,
// otherwise the smallest nice number >= x. REQUIRES: x > 0 and finite.
double nice_number(double x, bool round);

struct Ticks {
  double step = 0;          // spacing, a nice number
  double graph_min = 0;     // floor(min / step) * step
  double graph_max = 0;     // ceil(max / step) * step
  int fraction_digits = 0;  // max(-floor(log10 step), 0)
  std::vector<double> values;  // graph_min, graph_min + step, ..., graph_max (each k * step)
};

// Heckbert's loose labelling of [min, max] with about `target` ticks (at least 2). A zero-width range is
// widened to a unit around the value first, as plotting libraries do.
Ticks nice_ticks(double min, double max, int target = 5);

// The tick values inside [lo, hi] (with a tolerance of 1e-9 steps), for axes whose view is narrower than
// the loose labels.
std::vector<double> ticks_within(const Ticks& ticks, double lo, double hi);

// A tick label: fixed notation with ticks.fraction_digits digits; never "-0".
std::string format_tick(double value, int fraction_digits);

}  // namespace strata::plot
