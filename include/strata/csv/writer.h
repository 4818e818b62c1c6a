// The CSV writer: a table (or record batches) as RFC 4180 text. Fields are quoted only when they hold the
// delimiter, a quote or a line break (quotes doubled); floats are written in their shortest round-trip form,
// timestamps and dates in ISO 8601, booleans as true/false, nulls as `null_string`.
// Files are written atomically: to a temporary name, renamed over the destination on success.
#pragma once

#include <filesystem>

#include "strata/columnar/table.h"
#include "strata/csv/options.h"
#include "strata/io/output_stream.h"

namespace strata::csv {

// Write `table` to `path` atomically. Throws IoError (cannot write) or NotImplemented (nested columns).
void write_csv(const columnar::Table& table, const std::filesystem::path& path, const WriteOptions& options = {});
// Write `table` to any output stream.
void write_csv(const columnar::Table& table, io::OutputStream& out, const WriteOptions& options = {});

}  // namespace strata::csv
