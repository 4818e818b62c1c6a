// strata tour | query | export | h5 | bench: registered here until each grows into its own file.
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "formats.h"
#include "strata/columnar/pretty_print.h"
#include "strata/core/error.h"
#include "strata/hdf5/describe.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/selection.h"
#include "strata/sql/bridge.h"
#include "strata/sql/connection.h"
#include "strata/tour/formats.h"
#include "strata/tour/tour.h"
#include "strata/tour/transactions.h"

namespace strata::cli {

void add_tour_command(CLI::App& app) {
  auto* tour = app.add_subcommand("tour", "Replay the notebook end to end (SQLite and local files by default)");
  auto options = std::make_shared<tour::TourOptions>();
  auto report_dir = std::make_shared<std::string>();
  tour->add_option("--db", options->db_url, "Database URL (sqlite:///path.db, postgresql://...)")->capture_default_str();
  tour->add_option("--out", options->out_dir, "Folder for the files the tour writes")->capture_default_str();
  tour->add_option("--seed", options->seed_dir, "Folder with the notebook's data (department.csv, ...)")
      ->capture_default_str();
  tour->add_option("--rows", options->transaction_rows, "Rows of the transaction table")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  tour->add_option("--paths", options->sim_paths, "Monte Carlo paths")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{10}, int64_t{1} << 32));
  tour->add_option("--threads", options->threads, "Threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  tour->add_option("--report", *report_dir,
                   "Also write a self-contained HTML report (tables and charts inline) to DIR/index.html");
  tour->add_flag("--no-progress", [options](int64_t) { options->progress = false; },
                 "No progress bars (they show only when stderr is a terminal anyway)");
  tour->footer(
      "Examples:\n"
      "  strata tour\n"
      "  strata tour --out /tmp/tour --rows 2000000 --paths 100000\n"
      "  strata tour --report tour-report          # then open tour-report/index.html\n"
      "  strata tour --db postgresql://user@localhost/tour");
  tour->callback([options, report_dir] {
    if (!report_dir->empty()) options->report_dir = *report_dir;
    tour::run_tour(*options, std::cout);
  });
}

namespace {

columnar::Table run_sql(const std::string& url, const std::string& sql) {
  auto conn = sql::connect(url);
  return sql::to_table(conn->execute(sql));
}

}  // namespace

void add_query_commands(CLI::App& app) {
  struct QueryOptions {
    std::string db;
    std::string sql;
    int64_t max_rows = 60;
  };
  auto q = std::make_shared<QueryOptions>();
  auto* query = app.add_subcommand("query", "Run SQL against a database and print the result as a table");
  query->add_option("--db", q->db, "Database URL: sqlite:///path.db, sqlite://:memory:, postgresql://user@host/db")
      ->required();
  query->add_option("SQL", q->sql, "The query")->required();
  query->add_option("--max-rows", q->max_rows, "Longer results show their first and last 5 rows (0 = all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  query->footer(
      "Examples:\n"
      "  strata query --db sqlite:///app.db \"SELECT name, salary FROM employee ORDER BY salary DESC\"\n"
      "  strata query --db postgresql://me@localhost/hr \"SELECT count(*) FROM employee\" --max-rows 0");
  query->callback([q] {
    columnar::PrettyPrintOptions o;
    o.max_rows = q->max_rows;
    const columnar::Table table = run_sql(q->db, q->sql);
    std::cout << columnar::to_string(table, o) << "\n";
  });

  struct ExportOptions {
    std::string db;
    std::string sql;
    std::string output;
    std::string compression;
  };
  auto e = std::make_shared<ExportOptions>();
  auto* exp = app.add_subcommand("export", "Run SQL and write the result as Parquet, Feather, CSV or HDF5");
  exp->add_option("--db", e->db, "Database URL: sqlite:///path.db, postgresql://user@host/db")->required();
  exp->add_option("SQL", e->sql, "The query")->required();
  exp->add_option("OUT", e->output, "Output file (format from the extension: .parquet, .feather/.arrow, .csv, .h5)")
      ->required();
  exp->add_option("--compression", e->compression, "snappy, gzip, zstd, lz4_raw, brotli, none (Parquet); lz4, zstd (Feather)");
  exp->footer(
      "Examples:\n"
      "  strata export --db sqlite:///app.db \"SELECT * FROM employee\" employees.parquet\n"
      "  strata export --db postgresql://me@localhost/hr \"SELECT * FROM project\" projects.csv");
  exp->callback([e] {
    const Format format = format_of(e->output);  // an unknown extension fails before the query runs
    WriteRequest w;
    w.progress = true;  // a bar while writing big results (only when stderr is a terminal)
    if (!e->compression.empty()) {
      auto c = io::parse_compression(e->compression);
      if (!c) throw InvalidArgument(fmt::format("unknown compression \"{}\"", e->compression));
      if (*c == io::CompressionType::kLz4Frame && format == Format::kParquet) c = io::CompressionType::kLz4Raw;
      w.compression = c;
    }
    const columnar::Table table = run_sql(e->db, e->sql);
    write_any(table, e->output, w);
    std::fprintf(stderr, "%s: %lld rows\n", e->output.c_str(), static_cast<long long>(table.num_rows()));
  });
}

void add_h5_command(CLI::App& app) {
  auto* h5 = app.add_subcommand("h5", "Inspect HDF5 files");
  h5->require_subcommand(1);
  h5->footer("Examples:\n  strata h5 ls simulation.h5\n  strata h5 cat simulation.h5 simulation/paths --slice \"[:10, :5]\"");
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
  bench->footer("Example:\n  strata bench formats --rows 100000 --dir /tmp/bench");
  auto* formats = bench->add_subcommand("formats", "Write and read 100,000 rows as CSV, Parquet and Feather");
  auto dir = std::make_shared<std::string>("strata-bench-formats");
  auto rows = std::make_shared<int64_t>(100000);
  formats->add_option("--dir", *dir, "Folder for the files")->capture_default_str();
  formats->add_option("--rows", *rows, "Rows of the transaction table")->capture_default_str();
  formats->footer("Examples:\n  strata bench formats\n  strata bench formats --rows 1000000 --dir /tmp/bench");
  formats->callback([dir, rows] {
    std::filesystem::create_directories(*dir);
    const auto table = tour::generate_transactions(*rows);
    std::cout << tour::format_timings(tour::compare_formats(table, *dir));
  });
}

}  // namespace strata::cli
