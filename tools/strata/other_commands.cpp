// strata tour | query | export | h5 | bench: registered here until each grows into its own file.
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "strata/tour/formats.h"
#include "strata/tour/tour.h"
#include "strata/tour/transactions.h"

namespace strata::cli {

void add_tour_command(CLI::App& app) {
  auto* tour = app.add_subcommand("tour", "Replay the notebook end to end (SQLite and local files by default)");
  auto options = std::make_shared<tour::TourOptions>();
  tour->add_option("--db", options->db_url, "Database URL (sqlite:///path.db, postgresql://...)");
  tour->add_option("--out", options->out_dir, "Folder for the files the tour writes")->capture_default_str();
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
  ls->callback([] { not_built_yet("h5 ls", "HDF5 support"); });
  auto* cat = h5->add_subcommand("cat", "Print a dataset or a slice of it");
  cat->callback([] { not_built_yet("h5 cat", "HDF5 support"); });
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
