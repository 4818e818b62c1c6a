#include "formats.h"

#include <algorithm>
#include <cctype>

#include "strata/columnar/concatenate.h"
#include "strata/core/error.h"
#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/table_io.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/dataset.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace strata::cli {

Format format_of(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".parquet" || ext == ".pq") return Format::kParquet;
  if (ext == ".feather" || ext == ".arrow" || ext == ".arrows" || ext == ".ipc" || ext == ".arrow_file" ||
      ext == ".stream") {
    return Format::kFeather;
  }
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") return Format::kCsv;
  if (ext == ".h5" || ext == ".hdf5") return Format::kHdf5;
  raise<InvalidArgument>("{}: unknown format \"{}\" (known: .parquet .pq, .feather .arrow .arrows .ipc, .csv .tsv, .h5 .hdf5)",
                         path.string(), ext);
}

const char* format_name(Format format) {
  switch (format) {
    case Format::kParquet: return "Parquet";
    case Format::kFeather: return "Feather";
    case Format::kCsv: return "CSV";
    case Format::kHdf5: return "HDF5";
  }
  return "?";
}

columnar::Table read_any(const std::filesystem::path& path, const ReadRequest& request) {
  if (std::filesystem::is_directory(path)) {  // a Hive-partitioned Parquet dataset (parquet/dataset.h)
    parquet::DatasetReadOptions o;
    o.columns = request.columns;
    o.filter = request.filter;
    o.threads = request.threads;
    return parquet::read_dataset(path, o);
  }
  columnar::Table table;
  switch (format_of(path)) {
    case Format::kParquet: {
      parquet::ReadOptions o;
      o.columns = request.columns;
      o.filter = request.filter;
      o.threads = request.threads;
      return parquet::read_table(path, o);
    }
    case Format::kFeather: table = ipc::read_feather(path); break;
    case Format::kCsv: {
      csv::ReadOptions o;
      o.threads = request.threads;
      if (path.extension() == ".tsv") o.delimiter = '\t';
      table = csv::read_csv(path, o);
      break;
    }
    case Format::kHdf5: {
      auto file = hdf5::File::open(path.string());
      table = hdf5::read_table(file, request.hdf5_path);
      break;
    }
  }
  table = parquet::apply_filter(table, request.filter);
  if (!request.columns.empty()) table = table.select(request.columns);
  return table;
}

void write_any(const columnar::Table& table, const std::filesystem::path& path, const WriteRequest& request) {
  switch (format_of(path)) {
    case Format::kParquet: {
      parquet::WriterOptions o;
      if (request.compression) o.compression = *request.compression;
      o.row_group_size = request.row_group_size;
      o.data_page_version = request.data_page_version;
      o.use_dictionary = request.dictionary;
      o.threads = request.threads;
      parquet::write_table(table, path, o);
      return;
    }
    case Format::kFeather: {
      ipc::WriteOptions o;
      if (request.compression && *request.compression != io::CompressionType::kUncompressed) o.compression = request.compression;
      ipc::write_feather(table, path, o);
      return;
    }
    case Format::kCsv: csv::write_csv(table, path); return;
    case Format::kHdf5: {
      // Written to a temporary name and renamed, as the other writers do.
      const std::filesystem::path temporary = path.string() + ".tmp-strata";
      try {
        {
          auto file = hdf5::File::create(temporary.string());
          hdf5::TableWriteOptions o;
          if (request.compression && *request.compression == io::CompressionType::kGzip) o.gzip_level = 4;
          hdf5::write_table(file, request.hdf5_path, table, o);
        }
        std::filesystem::rename(temporary, path);
      } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);  // the old file stays as it was
        throw;
      }
      return;
    }
  }
}

}  // namespace strata::cli
