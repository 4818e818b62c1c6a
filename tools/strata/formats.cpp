#include "formats.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "strata/columnar/concatenate.h"
#include "strata/core/error.h"
#include "strata/core/progress.h"
#include "strata/csv/reader.h"
#include "strata/csv/writer.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/table_io.h"
#include "strata/io/output_stream.h"
#include "strata/ipc/reader.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/dataset.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"

namespace strata::cli {

namespace {

// A Parquet file a row group at a time, with a progress bar; the same table as read_table (one chunk per
// row group). Used only when the bar shows, so a plain read keeps read_table's parallel path.
columnar::Table read_parquet_with_progress(const parquet::FileReader& reader, parquet::ReadOptions options,
                                           Progress& progress) {
  std::vector<columnar::Table> parts;
  const auto& row_groups = reader.metadata().row_groups;
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    options.row_groups = {g};
    parts.push_back(reader.read(options));
    progress.add(row_groups[static_cast<size_t>(g)].num_rows);
  }
  progress.finish();
  const columnar::SchemaPtr schema = parts.front().schema();
  std::vector<columnar::ChunkedArray> columns;
  int64_t rows = 0;
  for (const auto& part : parts) rows += part.num_rows();
  for (int c = 0; c < schema->num_fields(); ++c) {
    std::vector<columnar::Array> chunks;
    for (const auto& part : parts) {
      for (const auto& chunk : part.column(c).chunks()) {
        if (chunk.length() > 0) chunks.push_back(chunk);
      }
    }
    columns.emplace_back(std::move(chunks), schema->field(c)->type());
  }
  return columnar::Table(schema, std::move(columns), rows);
}

}  // namespace

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
      if (request.progress && stderr_is_terminal()) {
        auto reader = parquet::FileReader::open(path);
        if (reader.num_row_groups() > 1) {
          Progress progress("read " + path.filename().string(), reader.num_rows());
          return read_parquet_with_progress(reader, o, progress);
        }
      }
      return parquet::read_table(path, o);
    }
    case Format::kFeather: table = ipc::read_feather(path); break;
    case Format::kCsv: {
      csv::ReadOptions o;
      o.threads = request.threads;
      if (path.extension() == ".tsv") o.delimiter = '\t';
      std::unique_ptr<Progress> progress;  // made at the first call, which knows the total (the file's size)
      if (request.progress && stderr_is_terminal()) {
        o.on_progress = [&progress, &path](int64_t done, int64_t total) {
          if (!progress) progress = std::make_unique<Progress>("read " + path.filename().string(), total, ProgressUnit::kBytes);
          progress->set(done);
        };
      }
      table = csv::read_csv(path, o);
      if (progress) progress->finish();
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
      if (!request.progress) {
        parquet::write_table(table, path, o);
        return;
      }
      // A row group at a time: the same file, with a bar.
      Progress progress("write " + path.filename().string(), table.num_rows());
      parquet::FileWriter writer(path, table.schema(), o);
      for (int64_t offset = 0; offset < table.num_rows(); offset += o.row_group_size) {
        const int64_t n = std::min(o.row_group_size, table.num_rows() - offset);
        writer.write(table.slice(offset, n));
        progress.add(n);
      }
      writer.close();
      progress.finish();
      return;
    }
    case Format::kFeather: {
      ipc::WriteOptions o;
      if (request.compression && *request.compression != io::CompressionType::kUncompressed) o.compression = request.compression;
      if (!request.progress) {
        ipc::write_feather(table, path, o);
        return;
      }
      // Batch after batch, as write_feather writes them, with a bar.
      Progress progress("write " + path.filename().string(), table.num_rows());
      ipc::FileWriter writer(path, table.schema(), o);
      for (const auto& batch : table.to_batches()) {
        writer.write(batch);
        progress.add(batch.num_rows());
      }
      writer.close();
      progress.finish();
      return;
    }
    case Format::kCsv: {
      if (!request.progress) {
        csv::write_csv(table, path);
        return;
      }
      // Slices of 64Ki rows into one atomic file, the header once: the same text as write_csv.
      constexpr int64_t kSlice = 65536;
      Progress progress("write " + path.filename().string(), table.num_rows());
      io::AtomicFileWriter file(path, io::Durability::kAtomic);
      csv::WriteOptions o;
      for (int64_t offset = 0; offset == 0 || offset < table.num_rows(); offset += kSlice) {
        const int64_t n = std::min(kSlice, table.num_rows() - offset);
        csv::write_csv(table.slice(offset, n), file, o);
        o.include_header = false;
        progress.add(n);
      }
      file.commit();
      progress.finish();
      return;
    }
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
