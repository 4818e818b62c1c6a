// strata cat | schema | meta | convert: read and rewrite Parquet, Feather/Arrow IPC, CSV and HDF5 files.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.h"
#include "formats.h"
#include "strata/columnar/canonical.h"
#include "strata/core/error.h"
#include "strata/core/text_format.h"
#include "strata/csv/reader.h"
#include "strata/ipc/reader.h"
#include "strata/parquet/dataset.h"
#include "strata/parquet/reader.h"

namespace strata::cli {

namespace {

struct CatOptions {
  std::string path;
  std::vector<std::string> columns;
  std::string filter;
  std::string hdf5_path = "/";
  bool count = false;
  int threads = 0;
};

struct ConvertOptions {
  std::string input;
  std::string output;
  std::string compression;
  int64_t row_group_size = 1 << 20;
  int data_page_version = 1;
  bool no_dictionary = false;
  std::vector<std::string> columns;
  std::string filter;
  int threads = 0;
  std::vector<std::string> partition_by;  // OUT is then a Hive-partitioned Parquet dataset folder
  std::string existing_data = "error";
};

std::string stat_text(const std::optional<std::string>& bytes, parquet::format::Type type) {
  namespace f = parquet::format;
  if (!bytes) return "-";
  const std::string& b = *bytes;
  auto load = [&](auto tag) {
    decltype(tag) v{};
    std::memcpy(&v, b.data(), std::min(sizeof(v), b.size()));
    return v;
  };
  switch (type) {
    case f::Type::kBoolean: return b.empty() ? "-" : (b[0] ? "true" : "false");
    case f::Type::kInt32: return std::to_string(load(int32_t{}));
    case f::Type::kInt64: return std::to_string(load(int64_t{}));
    case f::Type::kFloat: return text::format_float_js(load(float{}));
    case f::Type::kDouble: return text::format_double_js(load(double{}));
    default: {
      bool printable = true;
      for (unsigned char c : b) printable = printable && c >= 0x20 && c < 0x7F;
      if (printable) return "\"" + b.substr(0, 40) + (b.size() > 40 ? "..." : "") + "\"";
      std::string hex = "0x";
      for (size_t i = 0; i < std::min<size_t>(b.size(), 20); ++i) hex += fmt::format("{:02x}", static_cast<unsigned char>(b[i]));
      return hex;
    }
  }
}

void print_meta(const std::string& path) {
  namespace f = parquet::format;
  auto reader = parquet::FileReader::open(path);
  const auto& m = reader.metadata();
  fmt::print("file: {}\ncreated_by: {}\nversion: {}\nrows: {}\nrow groups: {}\ncolumns: {}\n", path,
             m.created_by.value_or("-"), m.version, m.num_rows, m.row_groups.size(),
             reader.parquet_schema().num_columns());
  if (m.key_value_metadata) {
    for (const auto& kv : *m.key_value_metadata) {
      fmt::print("metadata: {} ({} bytes)\n", kv.key, kv.value ? kv.value->size() : 0);
    }
  }
  for (size_t g = 0; g < m.row_groups.size(); ++g) {
    const auto& rg = m.row_groups[g];
    fmt::print("\nrow group {}: {} rows, {} bytes uncompressed, {} compressed\n", g, rg.num_rows, rg.total_byte_size,
               rg.total_compressed_size.value_or(0));
    for (size_t c = 0; c < rg.columns.size(); ++c) {
      const auto& cc = rg.columns[c];
      if (!cc.meta_data) continue;
      const auto& cm = *cc.meta_data;
      std::vector<std::string> encodings;
      for (auto e : cm.encodings) encodings.push_back(f::to_string(e));
      fmt::print("  {:<20} {:<10} {:<12} {:>10} -> {:>10} bytes  encodings {}", fmt::join(cm.path_in_schema, "."),
                 f::to_string(cm.type), f::to_string(cm.codec), cm.total_uncompressed_size, cm.total_compressed_size,
                 fmt::join(encodings, ","));
      if (cm.statistics) {
        const auto& s = *cm.statistics;
        fmt::print("  min {} max {} nulls {}", stat_text(s.min_value ? s.min_value : s.min, cm.type),
                   stat_text(s.max_value ? s.max_value : s.max, cm.type),
                   s.null_count ? std::to_string(*s.null_count) : "-");
      }
      if (cc.column_index_offset) fmt::print("  page index");
      fmt::print("\n");
    }
  }
}

}  // namespace

void add_file_commands(CLI::App& app) {
  auto cat_options = std::make_shared<CatOptions>();
  auto* cat = app.add_subcommand("cat", "Print a file's rows in the canonical JSON Lines form");
  cat->add_option("FILE", cat_options->path, "Parquet, Feather/Arrow IPC, CSV or HDF5 file")->required();
  cat->add_option("--columns", cat_options->columns, "Columns to print, in this order")->delimiter(',');
  cat->add_option("--filter", cat_options->filter, "Row filter, e.g. \"is_fraud = true and amount > 100\"");
  cat->add_option("--path", cat_options->hdf5_path, "HDF5: the group holding the table");
  cat->add_option("--threads", cat_options->threads, "Decoding threads (0 = all cores)");
  cat->add_flag("--count", cat_options->count, "Decode the same data but print only the number of rows");
  cat->footer("Examples:\n  strata cat sales.parquet --columns id,amount --filter \"amount > 100\"\n"
              "  strata cat sales.parquet --count");
  cat->callback([cat_options] {
    ReadRequest r;
    r.columns = cat_options->columns;
    if (!cat_options->filter.empty()) r.filter = parquet::parse_filter(cat_options->filter);
    r.hdf5_path = cat_options->hdf5_path;
    r.threads = cat_options->threads;
    columnar::Table table = read_any(cat_options->path, r);
    if (cat_options->count) {
      fmt::print("{}\n", table.num_rows());
      return;
    }
    std::ios::sync_with_stdio(false);
    columnar::write_canonical(table, std::cout);
  });

  auto schema_path = std::make_shared<std::string>();
  auto* schema = app.add_subcommand("schema", "Print a file's schema");
  schema->add_option("FILE", *schema_path, "Parquet, Feather/Arrow IPC, CSV or HDF5 file")->required();
  schema->footer("Examples:\n  strata schema transactions.parquet\n  strata schema sales.csv");
  schema->callback([schema_path] {
    columnar::SchemaPtr s;
    switch (format_of(*schema_path)) {
      case Format::kParquet: s = parquet::FileReader::open(*schema_path).schema(); break;
      case Format::kFeather: s = ipc::read_feather(*schema_path).schema(); break;
      default: s = read_any(*schema_path, {}).schema();
    }
    std::fputs(s->to_string().c_str(), stdout);
  });

  auto meta_path = std::make_shared<std::string>();
  auto* meta = app.add_subcommand("meta", "Print a Parquet file's row groups, column chunks and statistics");
  meta->add_option("FILE", *meta_path, "Parquet file")->required();
  meta->footer("Example:\n  strata meta transactions.parquet");
  meta->callback([meta_path] { print_meta(*meta_path); });

  auto convert_options = std::make_shared<ConvertOptions>();
  auto* convert = app.add_subcommand("convert", "Rewrite a file in another format or with other options");
  convert->add_option("IN", convert_options->input, "Input file")->required();
  convert->add_option("OUT", convert_options->output, "Output file (format from the extension)")->required();
  convert->add_option("--compression", convert_options->compression,
                      "snappy, gzip, zstd, lz4_raw, brotli, none (Parquet); lz4, zstd (Feather); gzip (HDF5)");
  convert->add_option("--row-group-size", convert_options->row_group_size, "Parquet rows per row group");
  convert->add_option("--data-page-version", convert_options->data_page_version, "Parquet data page version (1 or 2)");
  convert->add_flag("--no-dictionary", convert_options->no_dictionary, "Parquet: no dictionary encoding");
  convert->add_option("--columns", convert_options->columns, "Columns to keep, in this order")->delimiter(',');
  convert->add_option("--filter", convert_options->filter, "Rows to keep, e.g. \"is_fraud = true\"");
  convert->add_option("--threads", convert_options->threads, "Threads (0 = all cores)");
  convert->add_option("--partition-by", convert_options->partition_by,
                      "Write OUT as a Hive-partitioned Parquet dataset folder (OUT/col=value/part-0.parquet)")
      ->delimiter(',');
  convert->add_option("--existing-data", convert_options->existing_data,
                      "With --partition-by, when OUT holds files: error, overwrite_or_ignore, delete_matching");
  convert->footer("Examples:\n  strata convert sales.csv sales.parquet --compression zstd --row-group-size 50000\n"
                  "  strata convert sales.parquet sales.feather\n  strata convert sales.parquet sales.h5\n"
                  "  strata convert sales.parquet sales_by_category --partition-by category");
  convert->callback([convert_options] {
    const ConvertOptions& o = *convert_options;
    ReadRequest r;
    r.columns = o.columns;
    if (!o.filter.empty()) r.filter = parquet::parse_filter(o.filter);
    r.threads = o.threads;
    r.progress = true;
    columnar::Table table = read_any(o.input, r);
    WriteRequest w;
    w.progress = true;
    if (!o.compression.empty()) {
      auto c = io::parse_compression(o.compression);
      if (!c) throw InvalidArgument(fmt::format("unknown compression \"{}\"", o.compression));
      if (*c == io::CompressionType::kLz4Frame && format_of(o.output) == Format::kParquet) c = io::CompressionType::kLz4Raw;
      w.compression = c;
    }
    w.row_group_size = o.row_group_size;
    w.data_page_version = o.data_page_version;
    w.dictionary = !o.no_dictionary;
    w.threads = o.threads;
    if (!o.partition_by.empty()) {
      parquet::DatasetWriteOptions d;
      d.partition_cols = o.partition_by;
      if (w.compression) d.writer.compression = *w.compression;
      d.writer.row_group_size = w.row_group_size;
      d.writer.data_page_version = w.data_page_version;
      d.writer.use_dictionary = w.dictionary;
      d.writer.threads = w.threads;
      if (o.existing_data == "overwrite_or_ignore") {
        d.existing_data_behavior = parquet::ExistingDataBehavior::kOverwriteOrIgnore;
      } else if (o.existing_data == "delete_matching") {
        d.existing_data_behavior = parquet::ExistingDataBehavior::kDeleteMatching;
      } else if (o.existing_data != "error") {
        throw InvalidArgument(fmt::format("unknown --existing-data \"{}\"", o.existing_data));
      }
      const auto files = parquet::write_dataset(table, o.output, d);
      std::fprintf(stderr, "%s -> %s: %lld rows in %zu files\n", o.input.c_str(), o.output.c_str(),
                   static_cast<long long>(table.num_rows()), files.size());
      return;
    }
    write_any(table, o.output, w);
    std::fprintf(stderr, "%s -> %s: %lld rows\n", o.input.c_str(), o.output.c_str(), static_cast<long long>(table.num_rows()));
  });
}

}  // namespace strata::cli
