// "HDF5: Hierarchical Numerical Storage" and the two charts: a Monte Carlo GBM of 500 paths × 252 steps
// stored as the notebook stores it, its statistics read back, a partial read of ten paths, and the figure.
#include <fmt/ostream.h>

#include "strata/hdf5/file.h"
#include "strata/plot/gbm_figure.h"
#include "strata/sim/gbm.h"
#include "strata/sim/risk.h"
#include "tour_internal.h"

namespace strata::tour::internal {

void hdf5_part(Context& ctx) {
  heading(ctx.out, "HDF5: a Monte Carlo simulation, stored and read back");
  sim::GbmParams params;  // the notebook's: S0 = 100, mu = 0.08, sigma = 0.20, 252 steps, 500 paths
  sim::SimOptions sim_options;
  sim_options.threads = ctx.options.threads;
  auto t0 = std::chrono::steady_clock::now();
  const sim::PathMatrix paths = simulate_gbm(params, sim_options);
  const double sim_ms = elapsed_ms(t0);
  std::vector<double> final_prices(static_cast<size_t>(paths.rows()));
  for (int64_t i = 0; i < paths.rows(); ++i) final_prices[static_cast<size_t>(i)] = paths.row(i).back();
  const sim::RiskSummary risk = sim::summarize_risk(final_prices);

  const auto path = ctx.options.out_dir / "gbm_simulation.h5";
  {
    auto file = hdf5::File::create(path.string());
    file.attrs().set("description", std::string("Monte Carlo GBM simulation"));
    hdf5::DatasetOptions chunked;
    chunked.chunking = hdf5::DatasetOptions::Chunking::kAuto;
    chunked.gzip_level = 4;
    auto ds = file.create_dataset("simulation/paths", paths.values(), {paths.rows(), paths.cols()}, chunked);
    ds.attrs().set("shape", fmt::format("{} paths × {} steps", paths.rows(), paths.cols()));
    file.create_dataset("simulation/time_axis", sim::linspace(0, 1, params.steps));
    auto stats = file.create_group("statistics");
    stats.create_dataset("final_prices", final_prices);
    stats.attrs().set("mean_final", risk.mean);
    stats.attrs().set("std_final", risk.std);
    stats.attrs().set("var_95", sim::percentile(final_prices, 5));
    stats.attrs().set("var_99", sim::percentile(final_prices, 1));
  }
  auto file = hdf5::File::open(path.string());
  auto stats = file.group("statistics");
  fmt::print(ctx.out, "Monte Carlo GBM: mu={}, sigma={}, S0={} ({} paths simulated in {:.1f} ms)\n", params.mu,
             params.sigma, params.s0, paths.rows(), sim_ms);
  fmt::print(ctx.out, "File size       : {:.2f} MB\n", static_cast<double>(std::filesystem::file_size(path)) / 1e6);
  fmt::print(ctx.out, "Mean final price: ${:.2f}\n", stats.attrs().template get<double>("mean_final"));
  fmt::print(ctx.out, "Std final price : ${:.2f}\n", stats.attrs().template get<double>("std_final"));
  fmt::print(ctx.out, "VaR 95%         : ${:.2f}\n", stats.attrs().template get<double>("var_95"));
  fmt::print(ctx.out, "VaR 99%         : ${:.2f}\n", stats.attrs().template get<double>("var_99"));
  auto dataset = file.dataset("simulation/paths");
  const std::vector<double> partial = dataset.template read<double>(hdf5::Selection::slices({hdf5::Slice(0, 10)}));
  fmt::print(ctx.out, "\nSlice read shape: (10, {})  ({:.1f} KB)\n", partial.size() / 10,
             static_cast<double>(partial.size() * sizeof(double)) / 1024.0);

  heading(ctx.out, "Charts");
  const auto png = ctx.options.out_dir / "gbm_paths_and_distribution.png";
  plot::save_gbm_figure(paths, params.s0, png, ctx.options.out_dir / "gbm_paths_and_distribution.svg");
  fmt::print(ctx.out, "Sample paths, mean path and the distribution of final prices: {}\n", png.string());
}

}  // namespace strata::tour::internal
