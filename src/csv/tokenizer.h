// The CSV tokenizer (internal): finds row boundaries for parallel blocks and the position of every field.
// A field is recorded as a FieldRef into the block's bytes; quotes are stripped and unescaping is deferred
// to conversion, and only done for the fields flagged as needing it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "strata/csv/options.h"

namespace strata::csv::internal {

struct FieldRef {
  static constexpr uint32_t kQuoted = 1u << 31;    // the field was quoted (quotes already stripped)
  static constexpr uint32_t kUnescape = 1u << 30;  // holds doubled quotes or escapes to collapse
  static constexpr uint32_t kSizeMask = kUnescape - 1;

  uint32_t start;       // offset from the block's first byte
  uint32_t size_flags;  // size in bytes | flags

  uint32_t size() const { return size_flags & kSizeMask; }
  bool quoted() const { return (size_flags & kQuoted) != 0; }
  bool needs_unescape() const { return (size_flags & kUnescape) != 0; }
};

struct Dialect {
  char delimiter;
  char quote;
  bool quoting;
  bool double_quote;
  bool has_escape;
  char escape;
  bool ignore_empty_lines;

  static Dialect from(const ReadOptions& options);
};

// A problem row found while tokenizing: where it starts (offset from the block start) and why.
struct RowProblem {
  int64_t offset;
  std::string reason;
};

struct BlockTokens {
  int64_t file_offset = 0;       // where the block starts in the input
  int64_t num_rows = 0;
  std::vector<FieldRef> fields;  // row-major: num_rows × num_columns
  std::vector<RowProblem> problems;  // rows dropped (kSkip) or, with kError, the first bad row
};

// Tokenize whole rows in bytes [begin, end) of `data`. Rows with a field count other than `num_columns` are
// recorded in `problems` and dropped; with `stop_at_first_problem`, tokenizing stops there.
void tokenize_block(const char* data, int64_t begin, int64_t end, int num_columns, const Dialect& dialect,
                    bool stop_at_first_problem, BlockTokens* out);

// Parse one row starting at `pos` into strings (for the header); returns the position after the row.
// Throws FormatError on an unbalanced quote.
int64_t parse_row(std::string_view data, int64_t pos, const Dialect& dialect, std::vector<std::string>* fields,
                  const std::string& name);

// Skip `count` lines (respecting quotes) from `pos`; returns the new position.
int64_t skip_lines(std::string_view data, int64_t pos, int64_t count, const Dialect& dialect);

// Cut [begin, size) into blocks of about `block_size` bytes that start and end on row boundaries, using
// quote parity so a quoted line break never splits a row. Returns the block start offsets plus `size`.
std::vector<int64_t> find_block_boundaries(std::string_view data, int64_t begin, int64_t block_size,
                                           const Dialect& dialect, int threads);

// Collapse doubled quotes and escapes of a field's content into `out` (replacing its contents).
void unescape(std::string_view raw, const Dialect& dialect, std::string* out);

// 1-based line number of byte `offset` (counts line breaks before it; cold path for error messages).
int64_t line_number_at(std::string_view data, int64_t offset);

}  // namespace strata::csv::internal
