// The `strata` subcommands. Each lives in its own file and registers itself on the app with its options,
// help text and examples; `run_*` functions throw strata::Error on failure and main() reports it.
#pragma once

#include <CLI/CLI.hpp>

namespace strata::cli {

void add_tour_command(CLI::App& app);
void add_file_commands(CLI::App& app);  // cat, schema, meta, convert
void add_query_commands(CLI::App& app);  // query, export
void add_h5_command(CLI::App& app);
void add_bench_command(CLI::App& app);

// Thrown by commands whose feature is not built yet, so the message says which issue brings it.
[[noreturn]] void not_built_yet(const char* command, const char* what);

}  // namespace strata::cli
