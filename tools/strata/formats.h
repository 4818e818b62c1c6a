// Files by format for the command line: the format from the extension, a whole-table read with projection
// and filter, and a write with the converter's options.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/table.h"
#include "strata/io/compression.h"
#include "strata/parquet/filter.h"

namespace strata::cli {

enum class Format { kParquet, kFeather, kCsv, kHdf5 };

// From the extension: .parquet .pq; .feather .arrow .arrows .ipc; .csv .tsv .txt; .h5 .hdf5.
// Throws InvalidArgument naming the extensions it knows.
Format format_of(const std::filesystem::path& path);
const char* format_name(Format format);

struct ReadRequest {
  std::vector<std::string> columns;
  parquet::Filter filter;
  std::string hdf5_path = "/";  // the table's group inside an HDF5 file
  int threads = 0;
  bool progress = false;  // a bar on stderr while reading a Parquet file (only when stderr is a terminal)
};

// Read a whole file as a table. Filters on formats without pushdown are applied after reading.
columnar::Table read_any(const std::filesystem::path& path, const ReadRequest& request);

struct WriteRequest {
  std::optional<io::CompressionType> compression;
  int64_t row_group_size = 1 << 20;
  int data_page_version = 1;
  bool dictionary = true;
  std::string hdf5_path = "table";
  int threads = 0;
  bool progress = false;  // a bar on stderr while writing Parquet, Feather or CSV (only when stderr is a terminal)
};

void write_any(const columnar::Table& table, const std::filesystem::path& path, const WriteRequest& request);

}  // namespace strata::cli
