// strata tour | query | export | h5 | bench: registered here until each grows into its own file.
#include <string>

#include "commands.h"

namespace strata::cli {

void add_tour_command(CLI::App& app) {
  auto* tour = app.add_subcommand("tour", "Replay the notebook end to end (SQLite and local files by default)");
  auto db = std::make_shared<std::string>("sqlite://:memory:");
  tour->add_option("--db", *db, "Database URL (sqlite:///path.db, postgresql://...)");
  tour->callback([] { not_built_yet("tour", "the notebook tour"); });
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
  formats->callback([] { not_built_yet("bench formats", "the format comparison"); });
}

}  // namespace strata::cli
