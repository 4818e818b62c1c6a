#include "strata/plot/gbm_figure.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "strata/core/error.h"
#include "strata/sim/gbm.h"
#include "strata/sim/risk.h"

namespace strata::plot {

Figure gbm_figure(const sim::PathMatrix& paths, double s0, const GbmFigureOptions& options) {
  if (paths.rows() == 0 || paths.cols() == 0) {
    raise("gbm_figure: the path matrix is empty ({} x {})", paths.rows(), paths.cols());
  }
  Figure fig(options.width_in, options.height_in, options.dpi);
  fig.subplots(1, 2);
  const std::vector<double> t = sim::linspace(0.0, 1.0, paths.cols());

  Axes& left = fig.axes(0);
  const Color steelblue = Color::parse("steelblue");
  const int64_t samples = std::min<int64_t>(options.sample_paths, paths.rows());
  for (int64_t p = 0; p < samples; ++p) left.plot(t, paths.row(p), {.color = steelblue, .width = 0.4, .alpha = 0.4});
  const std::vector<double> mean_path = sim::column_means(paths);
  left.plot(t, mean_path, {.color = Color::parse("red"), .width = 2.5, .label = "Mean path"});
  left.axhline(s0, {.color = Color::parse("black"), .width = 0.8, .alpha = 0.5, .dash = Dash::dashed});
  left.set_xlabel("Time (years)");
  left.set_ylabel("Price");
  left.set_title(fmt::format("Monte Carlo GBM \u2014 {} paths", paths.rows()));
  left.legend();

  Axes& right = fig.axes(1);
  const std::vector<double> final_prices = paths.column(paths.cols() - 1);
  right.hist(final_prices, {.bins = options.bins,
                            .density = true,
                            .color = steelblue,
                            .alpha = 0.75,
                            .edge_color = Color::parse("white")});
  const sim::RiskSummary risk = sim::summarize_risk(final_prices);
  right.axvline(risk.var_95, {.color = Color::parse("red"), .width = 2, .dash = Dash::dashed, .label = "VaR 95%"});
  right.axvline(risk.var_99,
                {.color = Color::parse("darkred"), .width = 2, .dash = Dash::dashed, .label = "VaR 99%"});
  right.axvline(risk.mean, {.color = Color::parse("green"), .width = 2, .label = "Mean"});
  right.set_xlabel("Final Price");
  right.set_ylabel("Density");
  right.set_title("Distribution of Final Prices");
  right.legend();
  return fig;
}

void save_gbm_figure(const sim::PathMatrix& paths, double s0, const std::filesystem::path& png_path,
                     const std::optional<std::filesystem::path>& svg_path, const GbmFigureOptions& options) {
  Figure fig = gbm_figure(paths, s0, options);
  fig.save_png(png_path);
  if (svg_path) fig.save_svg(*svg_path);
}

}  // namespace strata::plot
