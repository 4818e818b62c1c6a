// "HDF5: Hierarchical Numerical Storage" and the two charts: a Monte Carlo GBM of 500 paths × 252 steps
// stored as the notebook stores it, its statistics read back, a partial read of ten paths, and the figure.
#include <fmt/ostream.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "strata/core/error.h"
#include "strata/core/progress.h"
#include "strata/hdf5/file.h"
#include "strata/plot/gbm_figure.h"
#include "strata/sim/gbm.h"
#include "strata/sim/risk.h"
#include "tour_internal.h"

namespace strata::tour::internal {

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) raise<IoError>("{}: cannot open the chart for the report", path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// simulate_gbm in blocks of paths (row r of a block is row first + r of the whole matrix, so the result is
// the same), with a progress bar for big simulations.
sim::PathMatrix simulate(const sim::GbmParams& params, const sim::SimOptions& options, bool show_progress) {
  sim::PathMatrix paths(params.paths, params.steps);
  std::optional<Progress> progress;
  if (show_progress) progress.emplace("simulation", params.paths, ProgressUnit::kPaths);
  const int64_t block_rows = std::max<int64_t>(1000, params.paths / 100);
  for (int64_t first = 0; first < params.paths; first += block_rows) {
    sim::PathMatrix block(std::min(block_rows, params.paths - first), params.steps);
    sim::simulate_gbm_into(params, first, block, options);
    std::copy(block.values().begin(), block.values().end(), paths.row(first).begin());
    if (progress) progress->add(block.rows());
  }
  if (progress) progress->finish();
  return paths;
}

}  // namespace

void hdf5_part(Context& ctx) {
  ctx.report.heading("HDF5: a Monte Carlo simulation, stored and read back");
  sim::GbmParams params;  // the notebook's: S0 = 100, mu = 0.08, sigma = 0.20, 252 steps, 500 paths
  params.paths = ctx.options.sim_paths;
  sim::SimOptions sim_options;
  sim_options.threads = ctx.options.threads;
  auto t0 = std::chrono::steady_clock::now();
  const sim::PathMatrix paths = simulate(params, sim_options, ctx.options.progress);
  const double sim_ms = elapsed_ms(t0);
  std::vector<double> final_prices(static_cast<size_t>(paths.rows()));
  for (int64_t i = 0; i < paths.rows(); ++i) final_prices[static_cast<size_t>(i)] = paths.row(i).back();
  const sim::RiskSummary risk = sim::summarize_risk(final_prices);

  const auto path = ctx.options.out_dir / "gbm_simulation.h5";
  t0 = std::chrono::steady_clock::now();
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
  const double write_ms = elapsed_ms(t0);
  auto file = hdf5::File::open(path.string());
  auto stats = file.group("statistics");
  const std::string sim_line = fmt::format("Monte Carlo GBM: mu={}, sigma={}, S0={} ({} paths simulated in {:.1f} ms)",
                                           params.mu, params.sigma, params.s0, paths.rows(), sim_ms);
  const double size_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  const auto money = [&](const char* name) { return fmt::format("${:.2f}", stats.attrs().template get<double>(name)); };
  ctx.report.table(fmt::format("{}\nFile size       : {:.2f} MB\nMean final price: {}\nStd final price : {}\n"
                               "VaR 95%         : {}\nVaR 99%         : {}\n",
                               sim_line, size_mb, money("mean_final"), money("std_final"), money("var_95"), money("var_99")),
                   figures_table(sim_line, {{"File size (gzip 4, chunked)", fmt::format("{:.2f} MB", size_mb)},
                                            {"HDF5 write", fmt::format("{:.1f} ms", write_ms)},
                                            {"Mean final price", money("mean_final")},
                                            {"Std final price", money("std_final")},
                                            {"VaR 95%", money("var_95")},
                                            {"VaR 99%", money("var_99")}}));
  auto dataset = file.dataset("simulation/paths");
  t0 = std::chrono::steady_clock::now();
  const std::vector<double> partial = dataset.template read<double>(hdf5::Selection::slices({hdf5::Slice(0, 10)}));
  const double slice_ms = elapsed_ms(t0);
  const std::string slice_line = fmt::format("Slice read shape: (10, {})  ({:.1f} KB)", partial.size() / 10,
                                             static_cast<double>(partial.size() * sizeof(double)) / 1024.0);
  ctx.report.text("\n" + slice_line + "\n", fmt::format("{}, read in {:.2f} ms (paths[:10] of simulation/paths).",
                                                         slice_line, slice_ms));

  ctx.report.heading("Charts");
  const auto png = ctx.options.out_dir / "gbm_paths_and_distribution.png";
  plot::save_gbm_figure(paths, params.s0, png, ctx.options.out_dir / "gbm_paths_and_distribution.svg");
  ctx.report.image(
      fmt::format("Sample paths, mean path and the distribution of final prices: {}\n", png.string()),
      {"Sample paths, mean path and the distribution of final prices", png.string(), "image/png", read_bytes(png)});
}

}  // namespace strata::tour::internal
