// Seed inputs Strata writes itself, for the fuzzers (fuzz/make_seeds.cpp puts them in a corpus folder) and for
// the replay test (tests/reliability/fuzz_replay_test.cpp mutates them). Small on purpose (a hundred rows,
// pages of a few hundred bytes): a fuzzer mutates small inputs many times faster, and small pages still reach
// every page type, encoding and codec the writers produce.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"
#include "strata/csv/writer.h"
#include "strata/io/file.h"
#include "strata/io/output_stream.h"
#include "strata/ipc/writer.h"
#include "strata/parquet/metadata/footer.h"
#include "strata/parquet/writer.h"

namespace strata::fuzz {

struct SeedInput {
  std::string target;  // "parquet", "ipc_file", "ipc_stream", "csv", "thrift", "filter"
  std::string name;
  std::vector<uint8_t> bytes;
};

// `rows` rows of int64 (with nulls), float64, utf8 (few distinct values, some null), bool, timestamp[ms, UTC]
// and date32, from a fixed linear congruential sequence.
inline columnar::Table seed_table(int64_t rows, uint32_t seed) {
  uint64_t state = seed * 2654435761u + 1;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state >> 33;
  };
  columnar::Int64Builder ids;
  columnar::DoubleBuilder amounts;
  columnar::StringBuilder names;
  columnar::BooleanBuilder flags;
  columnar::Int64Builder times(columnar::timestamp(columnar::TimeUnit::kMilli, "UTC"));
  columnar::Int32Builder days(columnar::date32());
  static const char* const kNames[] = {"Dining", "Travel", "Grocery", "a \"quoted\", value", "", "line\nbreak"};
  for (int64_t i = 0; i < rows; ++i) {
    const uint64_t r = next();
    if (r % 7 == 0) ids.append_null(); else ids.append(static_cast<int64_t>(r % 100000) - 5000);
    amounts.append(static_cast<double>(r % 1000003) / 100.0);
    if (r % 11 == 0) names.append_null(); else names.append(kNames[r % 6]);
    flags.append(r % 3 == 0);
    times.append(1700000000000 + static_cast<int64_t>(r % 86400000));
    days.append(19000 + static_cast<int32_t>(r % 400));
  }
  return columnar::Table::from_arrays({"id", "amount", "name", "flag", "time", "day"},
                                      {ids.finish(), amounts.finish(), names.finish(), flags.finish(),
                                       times.finish(), days.finish()});
}

// Parquet files under every writer option that changes bytes, Feather files and IPC streams (plain and
// compressed), CSV text, Thrift structures cut out of the Parquet files (footer, first page header, page
// index), and filter expressions. `scratch` is a writable folder for the writers that only write files.
inline std::vector<SeedInput> strata_seeds(const std::filesystem::path& scratch) {
  std::vector<SeedInput> seeds;
  const columnar::Table table = seed_table(100, 1);
  const columnar::Table tiny = seed_table(3, 2);

  struct ParquetVariant {
    const char* name;
    io::CompressionType compression;
    int page_version;
    bool dictionary;
    bool delta;
  };
  const ParquetVariant variants[] = {
      {"plain_v1", io::CompressionType::kUncompressed, 1, false, false},
      {"dict_v1", io::CompressionType::kUncompressed, 1, true, false},
      {"dict_v2_snappy", io::CompressionType::kSnappy, 2, true, false},
      {"delta_v2", io::CompressionType::kUncompressed, 2, false, true},
      {"delta_v1_zstd", io::CompressionType::kZstd, 1, false, true},
      {"dict_v1_gzip", io::CompressionType::kGzip, 1, true, false},
      {"plain_v2_lz4raw", io::CompressionType::kLz4Raw, 2, false, false},
      {"dict_v1_brotli", io::CompressionType::kBrotli, 1, true, false},
  };
  for (const auto& v : variants) {
    parquet::WriterOptions o;
    o.compression = v.compression;
    o.data_page_version = v.page_version;
    o.use_dictionary = v.dictionary;
    o.row_group_size = 40;
    o.data_page_size = 256;
    o.threads = 1;
    if (v.delta) {
      o.column_encoding["id"] = parquet::format::Encoding::kDeltaBinaryPacked;
      o.column_encoding["day"] = parquet::format::Encoding::kDeltaBinaryPacked;
    }
    const auto path = scratch / (std::string(v.name) + ".parquet");
    parquet::write_table(table, path, o);
    seeds.push_back({"parquet", std::string("strata_") + v.name + ".parquet", io::read_whole_file(path)});
  }
  {
    parquet::WriterOptions o;
    o.threads = 1;
    const auto path = scratch / "tiny.parquet";
    parquet::write_table(tiny, path, o);
    seeds.push_back({"parquet", "strata_tiny.parquet", io::read_whole_file(path)});
  }

  // Thrift structures out of the Parquet files; the first byte selects the structure (fuzz_thrift).
  for (const auto& seed : std::vector<SeedInput>(seeds)) {
    const auto& b = seed.bytes;
    if (b.size() < 12) continue;
    const uint32_t length = static_cast<uint32_t>(b[b.size() - 8]) | static_cast<uint32_t>(b[b.size() - 7]) << 8 |
                            static_cast<uint32_t>(b[b.size() - 6]) << 16 |
                            static_cast<uint32_t>(b[b.size() - 5]) << 24;
    if (length + 12 > b.size()) continue;
    std::vector<uint8_t> footer{0};
    footer.insert(footer.end(), b.end() - 8 - length, b.end() - 8);
    seeds.push_back({"thrift", seed.name + ".footer", std::move(footer)});
    std::vector<uint8_t> page_header{1};
    page_header.insert(page_header.end(), b.begin() + 4, b.begin() + std::min<size_t>(b.size(), 4 + 64));
    seeds.push_back({"thrift", seed.name + ".page_header", std::move(page_header)});
  }

  for (int compressed = 0; compressed < 3; ++compressed) {
    ipc::WriteOptions o;
    if (compressed == 1) o.compression = io::CompressionType::kLz4Frame;
    if (compressed == 2) o.compression = io::CompressionType::kZstd;
    o.max_batch_rows = 40;
    const std::string suffix = compressed == 0 ? "" : compressed == 1 ? "_lz4" : "_zstd";
    const auto path = scratch / ("t" + suffix + ".arrow");
    ipc::write_feather(table, path, o);
    seeds.push_back({"ipc_file", "strata" + suffix + ".arrow", io::read_whole_file(path)});
    io::BufferOutputStream stream;
    ipc::write_ipc_stream(table, stream, o);
    seeds.push_back({"ipc_stream", "strata" + suffix + ".stream", stream.release()});
  }
  {
    const auto path = scratch / "tiny.arrow";
    ipc::write_feather(tiny, path);
    seeds.push_back({"ipc_file", "strata_tiny.arrow", io::read_whole_file(path)});
  }

  // CSV: the first byte selects delimiter and invalid-row handling (fuzz_csv); 0 = ',' and errors.
  for (const char delimiter : {',', ';', '\t', '|'}) {
    csv::WriteOptions o;
    o.delimiter = delimiter;
    io::BufferOutputStream out;
    const uint8_t selector = delimiter == ',' ? 0 : delimiter == ';' ? 1 : delimiter == '\t' ? 2 : 3;
    out.write(&selector, 1);
    csv::write_csv(seed_table(20, 3), out, o);
    seeds.push_back({"csv", std::string("strata_") + std::to_string(selector) + ".csv", out.release()});
  }
  const char* const kCsvText[] = {
      "\x00a,b,c\n1,2,3\n4,,6\n",
      "\x04x,y\n\"q\"\"uoted\",2\n\"multi\nline\",3\nbad row\n",
      "\x00when,day\n2024-01-31T10:00:00,2024-01-31\n2024-02-01 11:30:00.123,2024-02-01\n",
      "\x00n,f\n-0,1e308\n9223372036854775807,-inf\n9223372036854775808,nan\n",
  };
  for (size_t i = 0; i < std::size(kCsvText); ++i) {
    const std::string text(kCsvText[i], 1 + std::char_traits<char>::length(kCsvText[i] + 1));
    seeds.push_back({"csv", "text_" + std::to_string(i) + ".csv", {text.begin(), text.end()}});
  }

  const char* const kFilters[] = {
      "is_fraud = true",
      "amount > 100 and category in ('Dining', 'Travel') or customer_id is null",
      "x not in (1, -2) and `odd name` <> 'it''s'",
      "a >= 1.5e3 and b != \"s\" or c is not null and d <= -7",
      "t < '2024-01-31T10:00:00' and d == '2024-01-31'",
  };
  for (size_t i = 0; i < std::size(kFilters); ++i) {
    const std::string text = kFilters[i];
    seeds.push_back({"filter", "filter_" + std::to_string(i), {text.begin(), text.end()}});
  }
  return seeds;
}

}  // namespace strata::fuzz
