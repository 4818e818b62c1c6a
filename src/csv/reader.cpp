#include "strata/csv/reader.h"

#include <algorithm>
#include <mutex>

#include "converter.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/core/error.h"
#include "strata/core/parallel.h"
#include "strata/io/file.h"
#include "tokenizer.h"
#include "value_parsers.h"

namespace strata::csv {

using columnar::Array;
using columnar::ChunkedArray;
using columnar::DataTypePtr;
using columnar::FieldPtr;
using columnar::Table;
using internal::BlockTokens;
using internal::ColumnSlice;
using internal::ConversionFailure;
using internal::Dialect;
using internal::InferredColumn;
using internal::Kind;

namespace {

struct Input {
  std::string_view text;
  const std::string& name;
};

[[noreturn]] void throw_at(const Input& in, int64_t offset, const std::string& why) {
  throw FormatError(in.name, offset, fmt::format("line {}: {}", internal::line_number_at(in.text, offset), why));
}

std::vector<std::string> read_header(const Input& in, const ReadOptions& options, const Dialect& d, int64_t* pos) {
  std::vector<std::string> names;
  if (options.header) {
    if (*pos >= static_cast<int64_t>(in.text.size())) {
      if (options.column_names.empty()) throw FormatError(in.name, *pos, "the CSV input is empty: no header row");
    } else {
      *pos = internal::parse_row(in.text, *pos, d, &names, in.name);
    }
  }
  if (!options.column_names.empty()) {
    if (options.header && names.size() != options.column_names.size()) {
      throw FormatError(in.name, 0, fmt::format("the header has {} columns but {} column names were given",
                                                names.size(), options.column_names.size()));
    }
    names = options.column_names;
  } else if (!options.header) {
    std::vector<std::string> first;
    internal::parse_row(in.text, *pos, d, &first, in.name);
    for (size_t i = 0; i < first.size(); ++i) names.push_back(fmt::format("f{}", i));
  }
  if (names.empty()) throw FormatError(in.name, 0, "the CSV input has no columns");
  return names;
}

}  // namespace

columnar::DataTypePtr infer_value_type(std::string_view value, const ReadOptions& options) {
  const internal::Spellings spellings(options);
  if (spellings.is_null(value)) return columnar::null();
  InferredColumn c;
  c.kind = internal::next_kind_for(Kind::kNull, value, spellings);
  if (c.kind == Kind::kTimestamp) {
    internal::ParsedTimestamp t;
    internal::parse_timestamp(value, &t);
    c.fraction_digits = t.fraction_digits;
    c.has_zone = t.has_zone;
  }
  return internal::type_of(c);
}

namespace {

// ReadOptions::on_progress for read_csv_text: the header counts as done at once; each block's bytes count once
// when tokenized and once per selected column when converted, so the work done is
// header + (sum of done units' bytes) / (1 + columns), reported under a mutex so counts never go back.
class ProgressTracker {
 public:
  ProgressTracker(const std::function<void(int64_t, int64_t)>& callback, int64_t header_bytes, int64_t total,
                  const std::vector<int64_t>& bounds, int columns)
      : callback_(callback), header_bytes_(header_bytes), total_(total), bounds_(bounds),
        passes_(1 + static_cast<int64_t>(columns)) {}

  void block_done(int64_t block) {
    if (!callback_) return;
    const int64_t bytes = bounds_[static_cast<size_t>(block) + 1] - bounds_[static_cast<size_t>(block)];
    std::lock_guard<std::mutex> lock(mutex_);
    units_ += bytes;
    // Retried conversions (a column whose type moved on) count no further: the total stays the bound.
    const int64_t data_bytes = total_ - header_bytes_;
    const int64_t done = header_bytes_ + std::min(data_bytes, units_ / passes_);
    report(done);
  }

  void finish() {
    if (!callback_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    report(total_);
  }

 private:
  void report(int64_t done) {
    if (done <= last_) return;
    last_ = done;
    callback_(done, total_);
  }

  const std::function<void(int64_t, int64_t)>& callback_;
  int64_t header_bytes_;
  int64_t total_;
  const std::vector<int64_t>& bounds_;
  int64_t passes_;
  std::mutex mutex_;
  int64_t units_ = 0;
  int64_t last_ = -1;
};

}  // namespace

Table read_csv_text(std::string_view text, const ReadOptions& options, ReadReport* report, const std::string& name) {
  const Input in{text, name};
  const Dialect d = Dialect::from(options);
  const internal::Spellings spellings(options);
  const int threads = options.threads > 0 ? options.threads : default_thread_count();

  int64_t pos = internal::skip_lines(text, 0, options.skip_rows, d);
  // A UTF-8 byte order mark is not part of the first column's name.
  if (pos == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  const std::vector<std::string> names = read_header(in, options, d, &pos);
  const int num_columns = static_cast<int>(names.size());

  // Tokenize blocks in parallel.
  const std::vector<int64_t> bounds = internal::find_block_boundaries(text, pos, options.block_size, d, threads);
  const int64_t num_blocks = static_cast<int64_t>(bounds.size()) - 1;
  std::vector<BlockTokens> blocks(static_cast<size_t>(num_blocks));
  const bool strict = options.invalid_rows == InvalidRowHandling::kError;
  const int num_selected = options.include_columns.empty() ? num_columns
                                                           : static_cast<int>(options.include_columns.size());
  ProgressTracker progress(options.on_progress, pos, static_cast<int64_t>(text.size()), bounds, num_selected);
  parallel_for(num_blocks, threads, [&](int64_t b) {
    internal::tokenize_block(text.data(), bounds[static_cast<size_t>(b)], bounds[static_cast<size_t>(b) + 1],
                             num_columns, d, strict, &blocks[static_cast<size_t>(b)]);
    progress.block_done(b);
  });
  for (const auto& block : blocks) {
    for (const auto& problem : block.problems) {
      const int64_t offset = block.file_offset + problem.offset;
      if (strict) throw_at(in, offset, problem.reason);
      if (report != nullptr) report->skipped.push_back({internal::line_number_at(text, offset), problem.reason});
    }
  }

  // Which columns, in which order.
  std::vector<int> selected;
  if (options.include_columns.empty()) {
    for (int c = 0; c < num_columns; ++c) selected.push_back(c);
  } else {
    for (const auto& want : options.include_columns) {
      auto it = std::find(names.begin(), names.end(), want);
      if (it == names.end()) {
        raise<SchemaError>("{}: include_columns names \"{}\", which is not a column of the file", name, want);
      }
      selected.push_back(static_cast<int>(it - names.begin()));
    }
  }

  auto slice_of = [&](int64_t b, int column) {
    return ColumnSlice{text.data() + blocks[static_cast<size_t>(b)].file_offset, &blocks[static_cast<size_t>(b)],
                       column, num_columns, &d, &spellings};
  };

  std::vector<FieldPtr> fields;
  std::vector<ChunkedArray> columns;
  for (int column : selected) {
    const std::string& column_name = names[static_cast<size_t>(column)];
    DataTypePtr type;
    DataTypePtr dictionary_type;  // an explicit dictionary<int32, string>: parse the values, then encode
    bool explicit_type = false;
    if (options.schema) {
      if (auto i = options.schema->field_index(column_name)) {
        type = options.schema->field(*i)->type();
        explicit_type = true;
        if (type->id() == columnar::TypeId::kDictionary) {
          dictionary_type = type;
          type = type->value_type();
        }
      }
    }
    std::vector<std::optional<Array>> chunks(static_cast<size_t>(num_blocks));
    if (!explicit_type) {
      std::vector<internal::InferredBlock> inferred(static_cast<size_t>(num_blocks));
      parallel_for(num_blocks, threads, [&](int64_t b) {
        inferred[static_cast<size_t>(b)] = internal::infer_and_convert(slice_of(b, column));
        progress.block_done(b);
      });
      InferredColumn joined;
      bool zone_seen = false;
      bool zone_mixed = false;
      for (const auto& block : inferred) {
        const InferredColumn& c = block.info;
        joined.kind = std::max(joined.kind, c.kind);
        if (c.kind == Kind::kTimestamp) {
          joined.fraction_digits = std::max(joined.fraction_digits, c.fraction_digits);
          if (zone_seen && c.has_zone != joined.has_zone) zone_mixed = true;
          joined.has_zone = c.has_zone;
          zone_seen = true;
        }
      }
      if (zone_mixed) joined.kind = Kind::kString;
      if (joined.kind != Kind::kTimestamp) joined.fraction_digits = 0;
      type = internal::type_of(joined);
      // Blocks inferred at the joined kind keep their arrays (timestamps rescaled to the column's unit);
      // the others are converted again. A value no kind so far can hold moves the whole column on.
      for (int64_t b = 0; b < num_blocks; ++b) {
        auto& block = inferred[static_cast<size_t>(b)];
        if (block.info.kind != joined.kind) continue;
        chunks[static_cast<size_t>(b)] =
            joined.kind == Kind::kTimestamp ? internal::rescale_timestamps(block.array, type) : block.array;
      }
      for (;;) {
        std::vector<ConversionFailure> failures(static_cast<size_t>(num_blocks), ConversionFailure{-1, {}});
        parallel_for(num_blocks, threads, [&](int64_t b) {
          if (chunks[static_cast<size_t>(b)]) return;
          chunks[static_cast<size_t>(b)] =
              internal::convert_column(slice_of(b, column), type, &failures[static_cast<size_t>(b)]);
        });
        auto failed = std::find_if(failures.begin(), failures.end(), [](const auto& f) { return f.row >= 0; });
        if (failed == failures.end()) break;
        const int64_t b = failed - failures.begin();
        std::string scratch;
        const std::string value(slice_of(b, column).value(failed->row, &scratch));
        joined.kind = internal::next_kind_for(joined.kind, value, spellings);
        type = internal::type_of(joined);
        for (auto& chunk : chunks) chunk.reset();
      }
    } else {
      std::vector<ConversionFailure> failures(static_cast<size_t>(num_blocks), ConversionFailure{-1, {}});
      parallel_for(num_blocks, threads, [&](int64_t b) {
        chunks[static_cast<size_t>(b)] =
            internal::convert_column(slice_of(b, column), type, &failures[static_cast<size_t>(b)]);
        progress.block_done(b);
      });
      for (int64_t b = 0; b < num_blocks; ++b) {
        const auto& f = failures[static_cast<size_t>(b)];
        if (f.row < 0) continue;
        const auto& ref = slice_of(b, column).ref(f.row);
        throw_at(in, blocks[static_cast<size_t>(b)].file_offset + ref.start - (ref.quoted() ? 1 : 0),
                 fmt::format("column \"{}\": {}", column_name, f.reason));
      }
    }
    std::vector<Array> arrays;
    for (auto& chunk : chunks) {
      if (chunk->length() > 0 || arrays.empty()) arrays.push_back(std::move(*chunk));
    }
    if (arrays.size() > 1 && arrays[0].length() == 0) arrays.erase(arrays.begin());
    ChunkedArray column_values(std::move(arrays), type);
    const bool auto_dict = !explicit_type && options.auto_dict_max_cardinality > 0 && type->is_string_like();
    if (dictionary_type || auto_dict) {
      ChunkedArray encoded = compute::dictionary_encode(column_values);
      bool small = true;
      for (const auto& chunk : encoded.chunks()) {
        small = small && columnar::DictionaryArray(chunk).dictionary().length() <= options.auto_dict_max_cardinality;
      }
      if (dictionary_type || small) {
        column_values = std::move(encoded);
        type = column_values.type();
      }
    }
    fields.push_back(columnar::field(column_name, type));
    columns.emplace_back(std::move(column_values));
  }
  int64_t rows = 0;
  for (const auto& block : blocks) rows += block.num_rows;
  progress.finish();
  return Table(columnar::schema(std::move(fields)), std::move(columns), rows);
}

struct StreamingReader::State {
  std::shared_ptr<io::MemoryMappedFile> file;
  std::string_view text;
  std::string name;
  ReadOptions options;
  Dialect dialect;
  internal::Spellings spellings;
  std::vector<std::string> names;
  std::vector<int> selected;
  columnar::SchemaPtr schema;
  int64_t position = 0;
  ReadReport report;
  std::optional<columnar::RecordBatch> pending;  // the first block, read at open to fix the types

  State(const ReadOptions& o) : options(o), dialect(Dialect::from(o)), spellings(o) {}

  // The end of the block starting at `position`: about block_size bytes, then the end of the row (quotes
  // tracked from the block start, which is a row boundary).
  int64_t block_end() const {
    const int64_t size = static_cast<int64_t>(text.size());
    int64_t pos = std::min(size, position + std::max<int64_t>(options.block_size, 1024));
    if (pos >= size) return size;
    bool in_quotes = false;
    if (dialect.quoting) {
      for (int64_t i = position; i < pos; ++i) in_quotes ^= text[static_cast<size_t>(i)] == dialect.quote;
    }
    while (pos < size) {
      const char c = text[static_cast<size_t>(pos++)];
      if (dialect.quoting && c == dialect.quote) in_quotes = !in_quotes;
      if (c == '\n' && !in_quotes) break;
    }
    return pos;
  }

  std::optional<columnar::RecordBatch> read_block() {
    if (position >= static_cast<int64_t>(text.size())) return std::nullopt;
    const int64_t end = block_end();
    BlockTokens block;
    const bool strict = options.invalid_rows == InvalidRowHandling::kError;
    internal::tokenize_block(text.data(), position, end, static_cast<int>(names.size()), dialect, strict, &block);
    position = end;
    const Input in{text, name};
    for (const auto& problem : block.problems) {
      const int64_t offset = block.file_offset + problem.offset;
      if (strict) throw_at(in, offset, problem.reason);
      report.skipped.push_back({internal::line_number_at(text, offset), problem.reason});
    }
    std::vector<Array> columns;
    std::vector<FieldPtr> fields;
    for (size_t k = 0; k < selected.size(); ++k) {
      const int column = selected[k];
      ColumnSlice slice{text.data() + block.file_offset, &block, column, static_cast<int>(names.size()), &dialect,
                        &spellings};
      if (!schema) {
        // First block: infer, or take the explicit type.
        DataTypePtr type;
        if (options.schema) {
          if (auto i = options.schema->field_index(names[static_cast<size_t>(column)])) type = options.schema->field(*i)->type();
        }
        if (!type) {
          auto inferred = internal::infer_and_convert(slice);
          type = internal::type_of(inferred.info);
          columns.push_back(inferred.info.kind == Kind::kTimestamp ? internal::rescale_timestamps(inferred.array, type)
                                                                    : inferred.array);
          fields.push_back(columnar::field(names[static_cast<size_t>(column)], type));
          continue;
        }
        fields.push_back(columnar::field(names[static_cast<size_t>(column)], type));
      }
      const DataTypePtr& type = schema ? schema->field(static_cast<int>(k))->type() : fields.back()->type();
      ConversionFailure failure{-1, {}};
      auto array = internal::convert_column(slice, type, &failure);
      if (!array) {
        const auto& ref = slice.ref(failure.row);
        throw_at(in, block.file_offset + ref.start - (ref.quoted() ? 1 : 0),
                 fmt::format("column \"{}\": {} (the type was inferred from the first block; give a schema to "
                             "read it otherwise)", names[static_cast<size_t>(column)], failure.reason));
      }
      columns.push_back(std::move(*array));
    }
    if (!schema) schema = columnar::schema(std::move(fields));
    return columnar::RecordBatch(schema, std::move(columns), block.num_rows);
  }
};

StreamingReader::StreamingReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
StreamingReader::StreamingReader(StreamingReader&&) noexcept = default;
StreamingReader& StreamingReader::operator=(StreamingReader&&) noexcept = default;
StreamingReader::~StreamingReader() = default;

StreamingReader StreamingReader::open(const std::filesystem::path& path, const ReadOptions& options) {
  auto s = std::make_unique<State>(options);
  s->file = std::make_shared<io::MemoryMappedFile>(path);
  s->text = std::string_view(reinterpret_cast<const char*>(s->file->data()), static_cast<size_t>(s->file->size()));
  s->name = path.string();
  const Input in{s->text, s->name};
  int64_t pos = internal::skip_lines(s->text, 0, options.skip_rows, s->dialect);
  if (pos == 0 && s->text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  s->names = read_header(in, options, s->dialect, &pos);
  s->position = pos;
  if (options.include_columns.empty()) {
    for (int c = 0; c < static_cast<int>(s->names.size()); ++c) s->selected.push_back(c);
  } else {
    for (const auto& want : options.include_columns) {
      auto it = std::find(s->names.begin(), s->names.end(), want);
      if (it == s->names.end()) raise<SchemaError>("{}: include_columns names \"{}\", which is not a column", s->name, want);
      s->selected.push_back(static_cast<int>(it - s->names.begin()));
    }
  }
  s->pending = s->read_block();
  if (!s->schema) {  // an empty file body: types from the schema, else strings
    std::vector<FieldPtr> fields;
    for (int c : s->selected) fields.push_back(columnar::field(s->names[static_cast<size_t>(c)], columnar::utf8()));
    s->schema = columnar::schema(std::move(fields));
  }
  return StreamingReader(std::move(s));
}

const columnar::SchemaPtr& StreamingReader::schema() const { return state_->schema; }
const ReadReport& StreamingReader::report() const { return state_->report; }

std::optional<columnar::RecordBatch> StreamingReader::next() {
  if (state_->pending) {
    auto batch = std::move(state_->pending);
    state_->pending.reset();
    return batch;
  }
  return state_->read_block();
}

Table read_csv(const std::filesystem::path& path, const ReadOptions& options, ReadReport* report) {
  io::MemoryMappedFile file(path);
  std::string_view text(reinterpret_cast<const char*>(file.data()), static_cast<size_t>(file.size()));
  return read_csv_text(text, options, report, path.string());
}

}  // namespace strata::csv
