// strata tour | query | export | h5 | bench: registered here until each grows into its own file.
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "strata/hdf5/describe.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/selection.h"
#include "strata/tour/formats.h"
#include "strata/tour/tour.h"
#include "strata/tour/transactions.h"

namespace strata::cli {

void add_tour_command(CLI::App& app) {
  auto* tour = app.add_subcommand("tour", "Replay the notebook end to end (SQLite and local files by default)");
  auto options = std::make_shared<tour::TourOptions>();
  tour->add_option("--db", options->db_url, "Database URL (sqlite:///path.db, postgresql://...)");
  tour->add_option("--out", options->out_dir, "Folder for the files the tour writes")->capture_default_str();
  tour->add_option("--seed", options->seed_dir, "Folder with the notebook's data (department.csv, ...)")
      ->capture_default_str();
  tour->add_option("--rows", options->transaction_rows, "Rows of the transaction table")->capture_default_str();
  tour->add_option("--threads", options->threads, "Threads (0 = all cores)");
  tour->footer("Examples:\n  strata tour\n  strata tour --out /tmp/tour --rows 2000000");
  tour->callback([options] { tour::run_tour(*options, std::cout); });
}

void add_query_commands(CLI::App& app) {
  auto* query = app.add_subcommand("query", "Run SQL against a database and print the result as a table");
  auto sql = std::make_shared<std::string>();
  query->add_option("SQL", *sql, "The query")->required();
  query->callback([] { not_built_yet("query", "the SQL drivers"); });
  auto* exp = app.add_subcommand("export", "Run SQL and write the result as Parquet, Feather or CSV");
  exp->callback([] { not_built_yet("export", "the SQL drivers"); });
}

void add_h5_command(CLI::App& app) {
  auto* h5 = app.add_subcommand("h5", "Inspect HDF5 files");
  h5->require_subcommand(1);
  auto* ls = h5->add_subcommand("ls", "Tree of groups and datasets with shapes, types, chunks and attributes");
  auto ls_file = std::make_shared<std::string>();
  ls->add_option("FILE", *ls_file, "HDF5 file")->required();
  ls->footer("Example:\n  strata h5 ls simulation.h5");
  ls->callback([ls_file] {
    auto file = hdf5::File::open(*ls_file);
    std::cout << hdf5::describe_tree(file);
  });
  auto* cat = h5->add_subcommand("cat", "Print a dataset or a slice of it");
  auto cat_file = std::make_shared<std::string>();
  auto cat_path = std::make_shared<std::string>();
  auto cat_slice = std::make_shared<std::string>();
  cat->add_option("FILE", *cat_file, "HDF5 file")->required();
  cat->add_option("PATH", *cat_path, "Dataset path, e.g. simulation/paths")->required();
  cat->add_option("--slice", *cat_slice, "h5py-style selection, e.g. \"[:10, :]\" or \"[::2, 5]\"");
  cat->footer("Example:\n  strata h5 cat simulation.h5 simulation/paths --slice \"[:10, :5]\"");
  cat->callback([cat_file, cat_path, cat_slice] {
    auto file = hdf5::File::open(*cat_file);
    auto dataset = file.dataset(*cat_path);
    const auto selection = cat_slice->empty() ? hdf5::Selection::all() : hdf5::parse_selection(*cat_slice);
    std::cout << hdf5::format_dataset(dataset, selection);
  });
}

void add_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Built-in benchmarks");
  bench->require_subcommand(1);
  auto* formats = bench->add_subcommand("formats", "Write and read 100,000 rows as CSV, Parquet and Feather");
  auto dir = std::make_shared<std::string>("strata-bench-formats");
  auto rows = std::make_shared<int64_t>(100000);
  formats->add_option("--dir", *dir, "Folder for the files")->capture_default_str();
  formats->add_option("--rows", *rows, "Rows of the transaction table")->capture_default_str();
  formats->callback([dir, rows] {
    std::filesystem::create_directories(*dir);
    const auto table = tour::generate_transactions(*rows);
    std::cout << tour::format_timings(tour::compare_formats(table, *dir));
  });
}

}  // namespace strata::cli
