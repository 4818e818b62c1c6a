// The fuzzing entry points: one function per reader, taking arbitrary bytes. Shared by the libFuzzer targets
// (fuzz/*_fuzz.cpp, built with clang and -fsanitize=fuzzer,address,undefined) and by the regression and
// mutation replay test (tests/reliability/fuzz_replay_test.cpp, built with the project's compiler), so both
// exercise the same code.
//
// Contract: an entry point either returns or throws strata::Error (bad input is an expected outcome). Anything
// else — another exception type, a crash, a sanitizer report, a hang, an allocation past the RSS limit — is a
// finding. Every entry point also touches every decoded value (the canonical dump of each value), so an array
// whose offsets point outside its buffers is caught here rather than in a later user of the table.
//
// Thread-safety: plain functions; readers run with threads = 1 so results and timings are reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "strata/columnar/canonical.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"
#include "strata/csv/reader.h"
#include "strata/io/file.h"
#include "strata/ipc/reader.h"
#include "strata/parquet/filter.h"
#include "strata/parquet/metadata/footer.h"
#include "strata/parquet/metadata/format_io.h"
#include "strata/parquet/reader.h"

namespace strata::fuzz {

// Format every value of every column (bounded memory: the text is dropped every 64 KiB).
inline void touch_values(const columnar::Table& table) {
  std::string out;
  for (const auto& column : table.columns()) {
    for (const auto& chunk : column.chunks()) {
      for (int64_t i = 0; i < chunk.length(); ++i) {
        columnar::append_canonical_value(out, chunk, i);
        if (out.size() > (64u << 10)) out.clear();
      }
    }
  }
}

// Thrift compact decoding of every top-level Parquet structure; the first byte picks which. A structure that
// decodes is re-encoded and decoded again (the writer must accept whatever the reader produced).
inline void fuzz_thrift(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::span<const uint8_t> bytes(data + 1, size - 1);
  auto round_trip = [&](auto tag) {
    using T = decltype(tag);
    T value = parquet::format::deserialize<T>(bytes, "<fuzz>");
    const std::vector<uint8_t> encoded = parquet::format::serialize(value);
    (void)parquet::format::deserialize<T>(encoded, "<fuzz re-encoded>");
    return value;
  };
  switch (data[0] % 6) {
    case 0: {
      auto metadata = round_trip(parquet::format::FileMetaData{});
      parquet::validate_file_metadata(metadata, "<fuzz>", 0);
      break;
    }
    case 1: round_trip(parquet::format::PageHeader{}); break;
    case 2: round_trip(parquet::format::ColumnIndex{}); break;
    case 3: round_trip(parquet::format::OffsetIndex{}); break;
    case 4: round_trip(parquet::format::BloomFilterHeader{}); break;
    default: round_trip(parquet::format::ColumnChunk{}); break;
  }
}

// A whole Parquet file in memory: footer, schema, every column of every row group, then a filtered read (the
// filter on the first column exercises statistics pruning, the page index and the row filter).
inline void fuzz_parquet(const uint8_t* data, size_t size) {
  auto input = std::make_shared<io::BufferReader>(std::span<const uint8_t>(data, size), nullptr, "<fuzz>");
  auto reader = parquet::FileReader::open(input);
  parquet::ReadOptions options;
  options.threads = 1;
  touch_values(reader.read(options));
  const auto& schema = reader.schema();
  if (schema != nullptr && schema->num_fields() > 0) {
    const std::string name = schema->field(0)->name();
    options.filter = parquet::Filter{{{parquet::Predicate{name, parquet::FilterOp::kIsNotNull, {}}}}};
    touch_values(reader.read(options));
  }
}

// The Arrow IPC file format (Feather v2): footer, schema, dictionaries, every record batch.
inline void fuzz_ipc_file(const uint8_t* data, size_t size) {
  auto reader = ipc::FileReader::open(std::span<const uint8_t>(data, size), nullptr, "<fuzz>");
  for (int i = 0; i < reader.num_record_batches(); ++i) {
    const columnar::RecordBatch batch = reader.read_record_batch(i);
    touch_values(columnar::Table::from_batches({batch}, batch.schema()));
  }
}

// The Arrow IPC stream format, message by message.
inline void fuzz_ipc_stream(const uint8_t* data, size_t size) {
  auto reader = ipc::StreamReader::open(std::span<const uint8_t>(data, size), nullptr, "<fuzz>");
  while (auto batch = reader.next()) touch_values(columnar::Table::from_batches({*batch}, batch->schema()));
}

// CSV text with inferred types. The first byte picks options: bits 0-1 the delimiter, bit 2 skip bad rows,
// bit 3 64-byte parse blocks (rows cut across blocks), bit 4 a backslash escape, bit 5 dictionary strings.
inline void fuzz_csv(const uint8_t* data, size_t size) {
  if (size == 0) return;
  csv::ReadOptions options;
  static constexpr char kDelimiters[] = {',', ';', '\t', '|'};
  options.delimiter = kDelimiters[data[0] & 3];
  if ((data[0] & 4) != 0) options.invalid_rows = csv::InvalidRowHandling::kSkip;
  if ((data[0] & 8) != 0) options.block_size = 64;
  if ((data[0] & 16) != 0) options.escape_char = '\\';
  if ((data[0] & 32) != 0) options.auto_dict_max_cardinality = 4;
  options.threads = 1;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  touch_values(csv::read_csv_text(text, options, nullptr, "<fuzz>"));
}

// The text form of `strata cat --filter`; a filter that parses must print and parse back to the same text.
inline void fuzz_filter(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const parquet::Filter filter = parquet::parse_filter(text);
  const std::string printed = filter.to_string();
  const std::string again = parquet::parse_filter(printed).to_string();
  if (again != printed) {
    // Not a strata::Error: a finding.
    throw std::logic_error("filter text does not round-trip: \"" + printed + "\" -> \"" + again + "\"");
  }
}

}  // namespace strata::fuzz
