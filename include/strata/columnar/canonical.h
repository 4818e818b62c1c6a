// The canonical dump: a table as JSON Lines in the one text form every Strata reader and every reference
// implementation agree on (../shared/interop/CANONICAL.md, reference code ../shared/interop/lib/canon.mjs).
// Line 1 is {"columns":[...]}; then one JSON array per row with no whitespace; every line ends in '\n'.
// `strata cat` prints this for every format, so two readings of a file compare byte for byte.
//
// Value forms: integers exact; float64 / float32 (float16 as float32) as the shortest round-trip decimal in
// ECMAScript layout; NaN and infinities as the strings "NaN", "Infinity", "-Infinity"; strings as JSON
// strings; binary and fixed_size_binary as {"hex":"..."}; timestamps as "YYYY-MM-DDTHH:MM:SS[.frac]" in UTC
// whatever the zone; dates "YYYY-MM-DD"; times of day "HH:MM:SS[.frac]"; decimals as strings keeping the
// scale; dictionaries decoded; list / fixed_size_list as arrays, struct as objects in field order, map as
// [[key,value],...]. Durations print as integers of their unit (CANONICAL.md does not cover them).
//
// CanonicalWriter appends rows into one std::string and hands it to the stream in chunks of about 1 MiB.
// Thread-safety: the free functions are reentrant; a CanonicalWriter is single-threaded.
#pragma once

#include <ostream>
#include <string>

#include "strata/columnar/array.h"
#include "strata/columnar/record_batch.h"
#include "strata/columnar/table.h"

namespace strata::columnar {

// Append the canonical form of element i of `array` (any type, nulls included).
void append_canonical_value(std::string& out, const Array& array, int64_t i);
// Append `{"columns":[...]}\n` for the schema's field names.
void append_canonical_header(std::string& out, const Schema& schema);
// Append one line per row of the batch.
void append_canonical_rows(std::string& out, const RecordBatch& batch);

// Streams a header and then batches to `out`. Write errors surface as IoError naming `what`.
class CanonicalWriter {
 public:
  explicit CanonicalWriter(std::ostream& out, std::string what = "output");
  // Destruction only frees the buffer: rows not yet handed to the stream are dropped unless finish() ran
  // (writing can fail, so it belongs in finish(), not in a destructor).
  ~CanonicalWriter();
  CanonicalWriter(const CanonicalWriter&) = delete;
  CanonicalWriter& operator=(const CanonicalWriter&) = delete;

  void write_header(const Schema& schema);
  void write(const RecordBatch& batch);
  void write(const Table& table);  // rows only; call write_header first
  // Flush the buffer and the stream; throws IoError when the stream failed.
  void finish();

 private:
  void maybe_flush();
  void flush();

  std::ostream& out_;
  std::string what_;
  std::string buffer_;
};

// The whole table, header first, as one string (for tests and small tables).
std::string to_canonical(const Table& table);
// The whole table to a stream.
void write_canonical(const Table& table, std::ostream& out);

}  // namespace strata::columnar
