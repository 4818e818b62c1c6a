// The `strata` command line: one subcommand per job (tour, cat, schema, meta, convert, query, export, h5,
// bench). Errors go to stderr with a non-zero exit code.
#include <cstdio>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "strata/core/error.h"
#include "strata/core/version.h"

namespace strata::cli {

void not_built_yet(const char* command, const char* what) {
  throw NotImplemented(std::string(command) + ": " + what + " is not built yet");
}

}  // namespace strata::cli

int main(int argc, char** argv) {
  CLI::App app{"Strata: a C++20 data toolkit (ORM, columnar tables, Parquet, Feather, CSV, HDF5)"};
  app.set_version_flag("--version", std::string("strata ") + strata::version());
  app.require_subcommand(0, 1);
  app.footer("Run `strata SUBCOMMAND --help` for a subcommand's options and examples.");
  strata::cli::add_tour_command(app);
  strata::cli::add_file_commands(app);
  strata::cli::add_query_commands(app);
  strata::cli::add_h5_command(app);
  strata::cli::add_bench_command(app);

  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      std::fputs(app.help().c_str(), stdout);
    }
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const strata::Error& e) {
    std::fprintf(stderr, "strata: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "strata: unexpected error: %s\n", e.what());
    return 2;
  }
  return 0;
}
