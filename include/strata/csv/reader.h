// The CSV reader: RFC 4180 text (with the quoting, escaping and null options of csv/options.h) into a
// columnar Table, parsing blocks in parallel.
//
//   auto table = strata::csv::read_csv("transactions.csv");                // types inferred
//   auto typed = strata::csv::read_csv("t.csv", {.schema = my_schema});    // explicit types
//
// How it works (src/csv/): the file is memory-mapped; the bytes are cut into blocks at row boundaries
// (quote parity is tracked so a quoted line break never splits a row); every block is tokenized into field
// positions in parallel; each column of each block is converted to the narrowest type that holds all its
// values (null < bool < int64 < float64 < string; date < timestamp < string); the blocks' types are joined
// and any block converted to a narrower type is converted again. Results never depend on the thread count.
//
// Errors: malformed input (a row with the wrong number of fields, an unbalanced quote, a value that does not
// parse under an explicit schema) throws FormatError naming the file, line and column, unless
// `invalid_rows = kSkip`, which drops the row and reports it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "strata/columnar/table.h"
#include "strata/csv/options.h"

namespace strata::csv {

struct SkippedRow {
  int64_t line;        // 1-based line number in the file
  std::string reason;
};

struct ReadReport {
  std::vector<SkippedRow> skipped;
};

// Read a whole CSV file. Throws IoError (cannot open) or FormatError (malformed input).
columnar::Table read_csv(const std::filesystem::path& path, const ReadOptions& options = {},
                         ReadReport* report = nullptr);
// Read CSV text held in memory; `name` appears in error messages.
columnar::Table read_csv_text(std::string_view text, const ReadOptions& options = {},
                              ReadReport* report = nullptr, const std::string& name = "<memory>");

// Reads a CSV file a block at a time, for files larger than memory. Column types are inferred from the first
// block (or given by `schema`), as pyarrow's open_csv does: a later value that does not fit its column's type
// raises FormatError with the line and column (or skips the row with `invalid_rows = kSkip`, reporting it).
// Memory holds one block (about `block_size` bytes of text and its columns). Single-threaded.
class StreamingReader {
 public:
  // Map `path`, read the header and the first block. Throws IoError or FormatError.
  static StreamingReader open(const std::filesystem::path& path, const ReadOptions& options = {});
  StreamingReader(StreamingReader&&) noexcept;
  StreamingReader& operator=(StreamingReader&&) noexcept;
  ~StreamingReader();

  const columnar::SchemaPtr& schema() const;
  // The next block's rows, or nullopt at the end of the file.
  std::optional<columnar::RecordBatch> next();
  // Rows skipped so far (invalid_rows = kSkip).
  const ReadReport& report() const;

 private:
  struct State;
  explicit StreamingReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The type the reader infers for a single value (for tests and `strata schema`).
columnar::DataTypePtr infer_value_type(std::string_view value, const ReadOptions& options = {});

}  // namespace strata::csv
