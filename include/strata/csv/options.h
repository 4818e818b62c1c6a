// Options of the CSV reader and writer, named and defaulted as pyarrow.csv names them
// (ReadOptions/ParseOptions/ConvertOptions folded into one struct, since C++ has designated initialisers).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "strata/columnar/type.h"

namespace strata::csv {

enum class InvalidRowHandling : uint8_t {
  kError,  // throw FormatError naming the line and column
  kSkip,   // drop the row and report it in ReadReport::skipped
};

struct ReadOptions {
  // Parsing.
  char delimiter = ',';
  char quote_char = '"';
  bool quoting = true;             // false: quote characters are ordinary
  bool double_quote = true;        // "" inside a quoted field is one quote
  std::optional<char> escape_char;  // e.g. '\\'; none by default
  bool newlines_in_values = true;  // quoted fields may hold line breaks
  bool ignore_empty_lines = true;
  InvalidRowHandling invalid_rows = InvalidRowHandling::kError;

  // The header: names from the first row, or given, or generated ("f0", "f1", ...).
  bool header = true;
  std::vector<std::string> column_names;  // when set, the first row is data unless `header` stays true
  int64_t skip_rows = 0;                   // lines skipped before the header

  // Conversion.
  // Explicit column types by name; columns not named here are inferred (or all, when empty).
  columnar::SchemaPtr schema;
  std::vector<std::string> include_columns;  // subset and order of the result; empty = all
  std::vector<std::string> null_values = {"",     "#N/A", "#N/A N/A", "#NA",  "-1.#IND", "-1.#QNAN", "-NaN",
                                          "-nan", "1.#IND", "1.#QNAN", "N/A", "NA",      "NULL",     "NaN",
                                          "n/a",  "nan",  "null"};
  std::vector<std::string> true_values = {"1", "True", "TRUE", "true"};
  std::vector<std::string> false_values = {"0", "False", "FALSE", "false"};
  bool strings_can_be_null = false;  // as pyarrow: an empty string stays "" in a string column
  // Dictionary-encode string columns with at most this many distinct values per block (0 = never).
  int64_t auto_dict_max_cardinality = 0;

  // Execution.
  int threads = 0;                    // 0 = hardware concurrency; results never depend on it
  int64_t block_size = 1 << 20;       // bytes per parse block (one chunk of every column per block)
  // Progress of read_csv / read_csv_text, e.g. for a progress bar: called with (bytes done, total bytes) as
  // blocks are tokenized and their columns converted (a block counts its bytes once tokenized and once per
  // column, the whole weighed so the last call is (total, total)). Calls come from the reading threads one at a
  // time, with non-decreasing counts. Empty: no calls.
  std::function<void(int64_t bytes_done, int64_t bytes_total)> on_progress;
};

struct WriteOptions {
  bool include_header = true;
  char delimiter = ',';
  std::string null_string;          // how nulls are written ("" by default, as pyarrow)
  std::string line_terminator = "\n";
  char timestamp_separator = 'T';   // ISO 8601
  int64_t batch_rows = 1 << 14;
  bool sync = false;                // fsync the file on close (it is replaced atomically anyway)
};

}  // namespace strata::csv
