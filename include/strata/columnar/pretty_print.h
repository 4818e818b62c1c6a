// Text rendering of a table the way pandas shows a DataFrame (`repr(df)` in a notebook):
//
//      id   ccy     amount                      ts
//   0   1   EUR  47.734791 2024-07-10 07:42:21.442
//   1  -2  None   3.500000                     NaT
//
// An index column (left-aligned row numbers, blank header); every value but floats and timestamps preceded by
// one space (the sign's place), then padded to the column width (header included) and right-aligned, as
// pandas 1.5 does for every column, strings included (checked against pandas' own output); set
// `left_align_strings` to left-align string and binary columns instead. Tables longer than `max_rows` show `head_rows` and `tail_rows` around a row of `...` and end with a
// footer "[200000 rows x 7 columns]"; wider than `max_columns` show the first and last halves around a `...`
// column. Floats follow pandas' column-wise rules: `precision` decimals, trailing zeros trimmed by the same
// amount over the whole column (at least one kept), scientific notation when a value is tiny (below
// 10^-precision) or when a value above 1e6 makes the column too wide. Nulls print as NaN in number columns
// (integers too: pandas would turn them into floats; we keep the digits), NaT in timestamp and duration
// columns, None elsewhere. Nested values print as pandas prints Python lists ("[x, None]"), list of tuples for
// maps ("[(x, 1)]") and dicts for structs ("{'a': 1, 'b': 'one'}"); binary as Python bytes (b'a\x00').
// Timestamps print as "2024-07-10 07:42:21.442": the date alone when every shown value is at midnight, else
// the fraction digits (0, 3, 6 or 9) the shown values need; zoned timestamps show the UTC instant with
// "+00:00" (no time zone database here). Only the shown rows are formatted, so printing is cheap for any size.
// Thread-safety: reentrant; the table is only read.
#pragma once

#include <cstdint>
#include <string>

#include "strata/columnar/table.h"

namespace strata::columnar {

struct PrettyPrintOptions {
  int64_t max_rows = 60;      // longer tables are truncated (pandas display.max_rows); 0 = never
  int64_t head_rows = 5;      // rows shown before the ellipsis row when truncated (pandas min_rows / 2)
  int64_t tail_rows = 5;      // rows shown after it
  int max_columns = 20;       // wider tables show the first and last max_columns / 2; 0 = never
  int precision = 6;          // float decimals (pandas display.precision)
  int max_colwidth = 50;      // longer strings are cut to max_colwidth - 3 characters plus "..."; 0 = never
  bool left_align_strings = false;
  bool show_footer = true;    // "[N rows x M columns]" after a table cut in rows or columns
};

std::string to_string(const Table& table, const PrettyPrintOptions& options = {});

}  // namespace strata::columnar
