// The notebook's Monte Carlo figure, as its matplotlib cell draws it (figsize 13 x 5 in, 100 dpi):
//   left   the first 50 paths (steelblue, 0.4 pt, alpha 0.4) over t = linspace(0, 1, steps), the mean of all
//          paths (red, 2.5 pt, "Mean path"), the S0 line (black, dashed, 0.8 pt, alpha 0.5); title
//          "Monte Carlo GBM — <paths> paths", axis labels "Time (years)" and "Price", legend
//   right  the histogram of final prices (40 bins, density, steelblue, alpha 0.75, white edges), VaR 95%
//          (red, dashed, 2 pt), VaR 99% (darkred, dashed, 2 pt), Mean (green, 2 pt); title "Distribution of
//          Final Prices", axis labels "Final Price" and "Density", legend
// VaR lines are percentile(final, 5) and percentile(final, 1), the notebook's convention (sim/risk.h).
//
//   sim::PathMatrix paths = sim::simulate_gbm({});
//   plot::Figure fig = plot::gbm_figure(paths, 100.0);
//   fig.save_png("gbm.png");
//   fig.save_svg("gbm.svg");
#pragma once

#include <filesystem>
#include <optional>

#include "strata/plot/figure.h"
#include "strata/sim/path_matrix.h"

namespace strata::plot {

struct GbmFigureOptions {
  int sample_paths = 50;
  int bins = 40;
  double width_in = 13.0;
  double height_in = 5.0;
  double dpi = 100.0;
};

// Build the figure for `paths` (rows = paths, columns = time steps, as sim::simulate_gbm returns with
// include_initial = false) and the initial price s0. Throws InvalidArgument for an empty matrix.
Figure gbm_figure(const sim::PathMatrix& paths, double s0, const GbmFigureOptions& options = {});

// gbm_figure, saved as PNG and, when svg_path is given, as SVG.
void save_gbm_figure(const sim::PathMatrix& paths, double s0, const std::filesystem::path& png_path,
                     const std::optional<std::filesystem::path>& svg_path = std::nullopt,
                     const GbmFigureOptions& options = {});

}  // namespace strata::plot
