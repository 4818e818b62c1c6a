#include <algorithm>
#include <mutex>
#include <optional>

#include "column_writer.h"
#include "strata/core/base64.h"
#include "strata/core/error.h"
#include "strata/core/parallel.h"
#include "strata/core/version.h"
#include "strata/io/output_stream.h"
#include "strata/ipc/schema.h"
#include "strata/parquet/metadata/footer.h"
#include "strata/parquet/metadata/format_io.h"
#include "strata/parquet/writer.h"

namespace strata::parquet {

namespace f = format;
using columnar::ChunkedArray;
using columnar::RecordBatch;

namespace internal {

class FileWriterState {
 public:
  FileWriterState(const std::filesystem::path& path, columnar::SchemaPtr schema, WriterOptions options)
      : schema_(std::move(schema)),
        options_(std::move(options)),
        elements_(to_parquet_schema(*schema_)),
        descriptor_(elements_),
        // A small user-space buffer: column chunks are larger and go straight to the file, so a big one
        // would only add to the streaming writer's memory (headers, page index and footer are what it holds).
        file_(path, 64 * 1024, options_.sync ? io::Durability::kDurable : io::Durability::kAtomic) {
    if (options_.row_group_size <= 0) raise("row_group_size must be positive, not {}", options_.row_group_size);
    if (options_.data_page_version != 1 && options_.data_page_version != 2) {
      raise("data_page_version must be 1 or 2, not {}", options_.data_page_version);
    }
    for (const auto& [name, codec] : options_.column_compression) {
      (void)codec;
      schema_->require_field_index(name);
    }
    for (const auto& name : options_.dictionary_columns) schema_->require_field_index(name);
    file_.write(kParquetMagic);
    pending_.resize(static_cast<size_t>(schema_->num_fields()));
    threads_ = options_.threads > 0 ? options_.threads : default_thread_count();
  }

  void write(const RecordBatch& batch) {
    if (closed_) raise("Parquet writer: write after close");
    if (!batch.schema()->equals(*schema_)) {
      raise<SchemaError>("Parquet writer: batch schema\n{}differs from the file's\n{}", batch.schema()->to_string(),
                         schema_->to_string());
    }
    int64_t offset = 0;
    while (offset < batch.num_rows()) {
      const int64_t take = std::min(batch.num_rows() - offset, options_.row_group_size - pending_rows_);
      for (int c = 0; c < batch.num_columns(); ++c) {
        pending_[static_cast<size_t>(c)].push_back(batch.column(c).slice(offset, take));
      }
      pending_rows_ += take;
      offset += take;
      if (pending_rows_ == options_.row_group_size) flush_row_group();
    }
  }

  void close() {
    if (closed_) raise("Parquet writer: closed twice");
    if (pending_rows_ > 0 || row_groups_.empty()) flush_row_group();
    closed_ = true;
    if (options_.write_page_index) write_page_index();
    f::FileMetaData meta;
    meta.version = 2;
    meta.schema = elements_;
    for (const auto& rg : row_groups_) meta.num_rows += rg.num_rows;
    meta.row_groups = row_groups_;
    std::vector<f::KeyValue> kv;
    for (const auto& [k, v] : options_.key_value_metadata.pairs()) kv.push_back({k, v});
    for (const auto& [k, v] : schema_->metadata().pairs()) {
      if (!options_.key_value_metadata.contains(k)) kv.push_back({k, v});
    }
    if (options_.store_schema) kv.push_back({"ARROW:schema", base64_encode(ipc::serialize_schema(*schema_))});
    if (!kv.empty()) meta.key_value_metadata = kv;
    meta.created_by = std::string("strata version ") + version();
    meta.column_orders = std::vector<f::ColumnOrder>(static_cast<size_t>(descriptor_.num_columns()), f::TypeDefinedOrder{});
    write_footer(file_, meta);
    file_.commit();
  }

  int64_t buffered_rows() const { return pending_rows_; }

 private:
  ColumnWriteOptions options_for(int column) const {
    const std::string& name = schema_->field(column)->name();
    ColumnWriteOptions o;
    auto codec = options_.column_compression.find(name);
    o.compression = codec == options_.column_compression.end() ? options_.compression : codec->second;
    o.compression_level = options_.compression_level;
    o.dictionary = options_.use_dictionary &&
                   (options_.dictionary_columns.empty() ||
                    std::find(options_.dictionary_columns.begin(), options_.dictionary_columns.end(), name) !=
                        options_.dictionary_columns.end());
    o.dictionary_pagesize_limit = options_.dictionary_pagesize_limit;
    if (auto e = options_.column_encoding.find(name); e != options_.column_encoding.end()) o.encoding = e->second;
    o.data_page_size = options_.data_page_size;
    o.data_page_version = options_.data_page_version;
    o.statistics = options_.write_statistics;
    return o;
  }

  // Encode the buffered row group's columns in parallel; each encoded chunk is written to the file as soon as
  // it and every column before it are done (by whichever thread finishes the gap), so the file is written
  // while other columns are still encoding and few encoded chunks wait in memory. The bytes written are the
  // same for any thread count: chunks always go out in column order.
  void flush_row_group() {
    const int num_columns = schema_->num_fields();
    std::vector<std::optional<WrittenChunk>> chunks(static_cast<size_t>(num_columns));
    f::RowGroup rg;
    rg.num_rows = pending_rows_;
    rg.file_offset = file_.tell();
    rg.ordinal = static_cast<int16_t>(row_groups_.size());
    rg.total_compressed_size = 0;
    std::mutex mutex;
    size_t next_to_write = 0;
    parallel_for(num_columns, threads_, [&](int64_t c) {
      const size_t i = static_cast<size_t>(c);
      WrittenChunk chunk;
      {
        ChunkedArray values(std::move(pending_[i]), schema_->field(static_cast<int>(c))->type());
        pending_[i].clear();  // this column's input is released as soon as it is encoded
        chunk = write_column_chunk(std::move(values), descriptor_.column(static_cast<int>(c)),
                                   options_for(static_cast<int>(c)));
      }
      std::lock_guard<std::mutex> lock(mutex);
      chunks[i] = std::move(chunk);
      while (next_to_write < chunks.size() && chunks[next_to_write]) {
        write_chunk(*chunks[next_to_write], rg);
        chunks[next_to_write].reset();
        ++next_to_write;
      }
    });
    row_groups_.push_back(std::move(rg));
    for (auto& p : pending_) p.clear();
    pending_rows_ = 0;
  }

  // Append one encoded column chunk to the file and its metadata to the row group.
  void write_chunk(WrittenChunk& chunk, f::RowGroup& rg) {
    const int64_t base = file_.tell();
    file_.write(chunk.bytes);
    std::vector<uint8_t>().swap(chunk.bytes);
    f::ColumnChunk cc;
    cc.meta_data = std::move(chunk.meta);
    f::ColumnMetaData& m = *cc.meta_data;
    m.data_page_offset += base;
    if (m.dictionary_page_offset) *m.dictionary_page_offset += base;
    cc.file_offset = m.dictionary_page_offset.value_or(m.data_page_offset);
    for (auto& loc : chunk.offset_index.page_locations) loc.offset += base;
    rg.total_byte_size += m.total_uncompressed_size;
    rg.total_compressed_size = rg.total_compressed_size.value_or(0) + m.total_compressed_size;
    rg.columns.push_back(std::move(cc));
    offset_indexes_.push_back(std::move(chunk.offset_index));
    column_indexes_.push_back(chunk.has_column_index ? std::optional<f::ColumnIndex>(std::move(chunk.column_index))
                                                      : std::nullopt);
  }

  // ColumnIndex for every chunk, then OffsetIndex for every chunk, after the last row group (parquet-format
  // PageIndex.md: "the page index is stored after the row groups, before the footer").
  void write_page_index() {
    size_t k = 0;
    for (auto& rg : row_groups_) {
      for (auto& cc : rg.columns) {
        if (const auto& ci = column_indexes_[k]) {
          const std::vector<uint8_t> bytes = f::serialize(*ci);
          cc.column_index_offset = file_.tell();
          cc.column_index_length = static_cast<int32_t>(bytes.size());
          file_.write(bytes);
        }
        ++k;
      }
    }
    k = 0;
    for (auto& rg : row_groups_) {
      for (auto& cc : rg.columns) {
        const std::vector<uint8_t> bytes = f::serialize(offset_indexes_[k]);
        cc.offset_index_offset = file_.tell();
        cc.offset_index_length = static_cast<int32_t>(bytes.size());
        file_.write(bytes);
        ++k;
      }
    }
  }

  columnar::SchemaPtr schema_;
  WriterOptions options_;
  std::vector<f::SchemaElement> elements_;
  SchemaDescriptor descriptor_;
  io::AtomicFileWriter file_;
  std::vector<std::vector<columnar::Array>> pending_;
  int64_t pending_rows_ = 0;
  int threads_ = 1;
  std::vector<f::RowGroup> row_groups_;
  std::vector<f::OffsetIndex> offset_indexes_;
  std::vector<std::optional<f::ColumnIndex>> column_indexes_;
  bool closed_ = false;
};

}  // namespace internal

FileWriter::FileWriter(const std::filesystem::path& path, columnar::SchemaPtr schema, WriterOptions options)
    : state_(std::make_unique<internal::FileWriterState>(path, std::move(schema), std::move(options))) {}

FileWriter::~FileWriter() = default;

void FileWriter::write(const RecordBatch& batch) { state_->write(batch); }

void FileWriter::write(const columnar::Table& table) {
  for (const auto& batch : table.to_batches()) state_->write(batch);
}

void FileWriter::close() { state_->close(); }

int64_t FileWriter::buffered_rows() const { return state_->buffered_rows(); }

void write_table(const columnar::Table& table, const std::filesystem::path& path, const WriterOptions& options) {
  FileWriter writer(path, table.schema(), options);
  writer.write(table);
  writer.close();
}

}  // namespace strata::parquet
