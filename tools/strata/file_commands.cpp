// strata cat | schema | meta | convert: read and rewrite Parquet, Feather/Arrow IPC, CSV and HDF5 files.
#include <string>
#include <vector>

#include "commands.h"

namespace strata::cli {

namespace {
struct CatOptions {
  std::string path;
  std::vector<std::string> columns;
  std::string filter;
  bool count = false;
};
struct ConvertOptions {
  std::string input;
  std::string output;
};
}  // namespace

void add_file_commands(CLI::App& app) {
  auto cat_options = std::make_shared<CatOptions>();
  auto* cat = app.add_subcommand("cat", "Print a file's rows in the canonical JSON Lines form");
  cat->add_option("FILE", cat_options->path, "Parquet, Feather/Arrow IPC, CSV or HDF5 file")->required();
  cat->add_option("--columns", cat_options->columns, "Columns to print, in this order")->delimiter(',');
  cat->add_option("--filter", cat_options->filter, "Row filter, e.g. \"is_fraud = true\"");
  cat->add_flag("--count", cat_options->count, "Decode the same data but print only the number of rows");
  cat->footer("Examples:\n  strata cat sales.parquet --columns id,amount --filter \"amount > 100\"\n"
              "  strata cat sales.parquet --count");
  cat->callback([] { not_built_yet("cat", "reading files"); });

  std::string schema_path;
  auto* schema = app.add_subcommand("schema", "Print a file's schema");
  schema->add_option("FILE", schema_path, "Parquet, Feather/Arrow IPC or CSV file")->required();
  schema->callback([] { not_built_yet("schema", "reading file schemas"); });

  std::string meta_path;
  auto* meta = app.add_subcommand("meta", "Print a Parquet file's row groups, column chunks and statistics");
  meta->add_option("FILE", meta_path, "Parquet file")->required();
  meta->callback([] { not_built_yet("meta", "reading Parquet metadata"); });

  auto convert_options = std::make_shared<ConvertOptions>();
  auto* convert = app.add_subcommand("convert", "Rewrite a file in another format or with other options");
  convert->add_option("IN", convert_options->input, "Input file")->required();
  convert->add_option("OUT", convert_options->output, "Output file (format from the extension)")->required();
  convert->footer("Examples:\n  strata convert sales.csv sales.parquet\n  strata convert sales.parquet sales.h5");
  convert->callback([] { not_built_yet("convert", "file conversion"); });
}

}  // namespace strata::cli
