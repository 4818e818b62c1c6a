#include "strata/parquet/metadata/footer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "strata/core/error.h"
#include "strata/io/file.h"
#include "strata/parquet/metadata/format_io.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

fs::path corpus() { return strata::testing::shared_dir() / "corpus"; }

// The manifest's `expect` column by path (relative to corpus/).
std::map<std::string, std::string> manifest_expectations() {
  std::map<std::string, std::string> out;
  std::ifstream in(corpus() / "manifest.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() >= 5 && cols[2] == "parquet") out[cols[0]] = cols[4];
  }
  return out;
}

// Column names from the first line of an expected dump: {"columns":["a","b"]}. Names in the corpus are plain
// (no escapes); a name with a backslash would be compared escaped, and fail loudly rather than silently.
std::vector<std::string> dump_columns(const std::string& first_line) {
  std::vector<std::string> names;
  size_t pos = first_line.find('[');
  while (pos != std::string::npos) {
    size_t open = first_line.find('"', pos + 1);
    if (open == std::string::npos) break;
    size_t close = first_line.find('"', open + 1);
    names.push_back(first_line.substr(open + 1, close - open - 1));
    pos = close;
  }
  return names;
}

std::vector<std::string> top_level_names(const format::FileMetaData& m) {
  // Walk the depth-first schema list, keeping the names of the root's direct children.
  std::vector<std::string> names;
  std::vector<int64_t> pending;
  for (size_t i = 1; i < m.schema.size(); ++i) {
    const auto& e = m.schema[i];
    if (pending.empty()) names.push_back(e.name);
    if (!pending.empty()) --pending.back();
    bool group = e.num_children && (*e.num_children > 0 || !e.type);
    if (group && *e.num_children > 0) pending.push_back(*e.num_children);
    while (!pending.empty() && pending.back() == 0) pending.pop_back();
  }
  return names;
}

Bytes file_bytes(const fs::path& p) { return io::read_whole_file(p); }

Bytes tiny_file(const format::FileMetaData& m) {
  io::BufferOutputStream out;
  out.write(std::string_view("PAR1"));
  write_footer(out, m);
  return out.release();
}

format::FileMetaData two_column_metadata() {
  format::FileMetaData m;
  m.version = 1;
  format::SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  format::SchemaElement a;
  a.name = "a";
  a.type = format::Type::kInt64;
  a.repetition_type = format::FieldRepetitionType::kRequired;
  format::SchemaElement b = a;
  b.name = "b";
  b.type = format::Type::kByteArray;
  m.schema = {root, a, b};
  m.num_rows = 0;
  return m;
}

TEST(Footer, WriteThenReadTinyFile) {
  format::FileMetaData m = two_column_metadata();
  Bytes bytes = tiny_file(m);
  int64_t length = static_cast<int64_t>(format::serialize(m).size());
  ASSERT_EQ(static_cast<int64_t>(bytes.size()), 4 + length + 8);
  EXPECT_EQ(std::string(bytes.end() - 4, bytes.end()), "PAR1");
  EXPECT_EQ(bytes[bytes.size() - 8], static_cast<uint8_t>(length));
  io::BufferReader reader(bytes, "tiny.parquet");
  Footer footer = read_footer(reader);
  EXPECT_EQ(footer.metadata_offset, 4);
  EXPECT_EQ(footer.metadata_length, length);
  EXPECT_TRUE(footer.metadata == m);
  EXPECT_EQ(leaf_column_count(footer.metadata), 2);
}

std::string format_error(const Bytes& bytes) {
  io::BufferReader reader(bytes, "bad.parquet");
  try {
    read_footer(reader);
  } catch (const FormatError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Footer, OverviewExampleFromTheHeader) {
  fs::path path = corpus() / "parquet" / "parquet-testing" / "data" / "alltypes_plain.snappy.parquet";
  if (!fs::exists(path)) GTEST_SKIP() << "missing " << path;
  // As in footer.h's comment.
  strata::io::MemoryMappedFile file(path);
  strata::parquet::Footer footer = strata::parquet::read_footer(file);
  int64_t rows = 0;
  for (const auto& row_group : footer.metadata.row_groups) rows += row_group.num_rows;
  const auto& first = *footer.metadata.row_groups.at(0).columns.at(0).meta_data;
  std::string line = fmt::format("{} rows; first column {} in {}\n", rows, first.path_in_schema.at(0),
                                 format::to_string(first.codec));
  // The expected dump of this file has 2 rows; its first column is "id".
  EXPECT_EQ(line, "2 rows; first column id in SNAPPY\n");
}

TEST(Footer, BadTailsHaveExactMessages) {
  Bytes good = tiny_file(two_column_metadata());
  EXPECT_EQ(format_error(Bytes(good.begin(), good.begin() + 11)),
            "bad.parquet at byte 0: file of 11 bytes is too short for Parquet (at least 12: magic, footer length, "
            "magic)");
  Bytes wrong_tail = good;
  wrong_tail.back() = '2';
  EXPECT_EQ(format_error(wrong_tail),
            fmt::format("bad.parquet at byte {}: tail magic is \"PAR2\", not \"PAR1\": not a Parquet file, or "
                        "truncated",
                        good.size() - 4));
  Bytes wrong_head = good;
  wrong_head[0] = 0;
  EXPECT_EQ(format_error(wrong_head), "bad.parquet at byte 0: head magic is \"\\x00AR1\", not \"PAR1\"");
  Bytes long_length = good;
  long_length[good.size() - 8] = 0xff;
  long_length[good.size() - 7] = 0xff;
  EXPECT_EQ(format_error(long_length),
            fmt::format("bad.parquet at byte {}: footer length 65535 exceeds the {} bytes between the magics",
                        good.size() - 8, good.size() - 12));
  Bytes encrypted = good;
  encrypted.back() = 'E';
  io::BufferReader reader(encrypted, "enc.parquet");
  EXPECT_THROW(read_footer(reader), NotImplemented);
}

TEST(Footer, SchemaAndRowGroupShapesAreValidated) {
  auto m = two_column_metadata();
  m.schema[0].num_children = 3;
  EXPECT_NE(format_error(tiny_file(m)).find("schema ends after 3 elements but its num_children promise 1 more"),
            std::string::npos);
  m = two_column_metadata();
  m.schema[0].num_children = 1;
  EXPECT_NE(format_error(tiny_file(m)).find("schema tree covers 2 of its 3 elements"), std::string::npos);
  m = two_column_metadata();
  m.schema[1].type.reset();
  EXPECT_NE(format_error(tiny_file(m)).find("schema element 1 (\"a\") is a leaf without a physical type"),
            std::string::npos);
  m = two_column_metadata();
  m.row_groups.emplace_back();
  m.row_groups[0].num_rows = 5;
  m.row_groups[0].columns.resize(1);
  EXPECT_NE(format_error(tiny_file(m)).find("row group 0 has 1 column chunks for 2 leaf columns"), std::string::npos);
  m = two_column_metadata();
  m.num_rows = -1;
  EXPECT_NE(format_error(tiny_file(m)).find("FileMetaData.num_rows is negative (-1)"), std::string::npos);
  m = two_column_metadata();
  m.schema[1].num_children = -4;
  EXPECT_NE(format_error(tiny_file(m)).find("has num_children -4"), std::string::npos);
  // A hostile, very deep schema: each group has one child, 5000 levels.
  m = two_column_metadata();
  m.schema.resize(1);
  m.schema[0].num_children = 1;
  for (int i = 0; i < 5000; ++i) {
    format::SchemaElement g;
    g.name = "g";
    g.num_children = 1;
    m.schema.push_back(g);
  }
  EXPECT_NE(format_error(tiny_file(m)).find("schema nests deeper than 1000 levels"), std::string::npos);
}

TEST(Footer, CorpusFootersMatchExpectedRowsAndColumns) {
  if (!fs::exists(corpus() / "expected")) GTEST_SKIP() << "no corpus at " << corpus();
  int checked = 0;
  int identical_reencodings = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus() / "expected" / "parquet")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".jsonl") continue;
    fs::path relative = fs::relative(entry.path(), corpus() / "expected");
    fs::path data = corpus() / relative.parent_path() / relative.stem();  // strip .jsonl
    ASSERT_TRUE(fs::exists(data)) << data;
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    int64_t rows = 0;
    std::string line;
    while (std::getline(in, line)) ++rows;

    io::ReadableFile file(data);
    Footer footer;
    try {
      footer = read_footer(file);
    } catch (const Error& e) {
      ADD_FAILURE() << data << ": " << e.what();
      continue;
    }
    // parquet-rs 0.3.0 wrote FileMetaData.num_rows = 0 for this file; its row groups hold the 6 rows.
    if (data.filename() != "repeated_no_annotation.parquet") {
      EXPECT_EQ(footer.metadata.num_rows, rows) << data;
    } else {
      EXPECT_EQ(footer.metadata.num_rows, 0) << data;
    }
    int64_t group_rows = 0;
    for (const auto& rg : footer.metadata.row_groups) group_rows += rg.num_rows;
    EXPECT_EQ(group_rows, rows) << data;
    EXPECT_EQ(top_level_names(footer.metadata), dump_columns(first)) << data;

    // decode(encode(x)) == x, and encoding is stable.
    Bytes encoded = format::serialize(footer.metadata);
    auto again = format::deserialize<format::FileMetaData>(encoded);
    EXPECT_TRUE(again == footer.metadata) << data;
    EXPECT_EQ(format::serialize(again), encoded) << data;
    Bytes original = file.read_at(footer.metadata_offset, footer.metadata_length);
    if (original == encoded) ++identical_reencodings;

    // Sampled truncations of this footer (every offset is covered for one file below): always FormatError.
    for (int step = 0; step < 48; ++step) {
      int64_t keep = footer.metadata_length * step / 48;
      std::span<const uint8_t> part(original.data(), static_cast<size_t>(keep));
      EXPECT_THROW(format::deserialize<format::FileMetaData>(part, data.string(), footer.metadata_offset),
                   FormatError)
          << data << " cut to " << keep;
    }
    ++checked;
  }
  EXPECT_GE(checked, 100);
  std::cout << "footers checked against expected dumps: " << checked << "; re-encoded byte-identically: "
            << identical_reencodings << "\n";
}

TEST(Footer, EveryCorpusFileEitherReadsOrFailsCleanly) {
  if (!fs::exists(corpus() / "parquet")) GTEST_SKIP() << "no corpus at " << corpus();
  auto expectations = manifest_expectations();
  int read = 0, failed = 0;
  for (const fs::path& root : {corpus() / "parquet", corpus() / "fuzz"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      std::string name = entry.path().filename().string();
      bool parquet_like = name.find(".parquet") != std::string::npos || root.filename() == "fuzz";
      if (!parquet_like) continue;
      std::string relative = fs::relative(entry.path(), corpus()).string();
      auto expect = expectations.find(relative);
      io::ReadableFile file(entry.path());
      try {
        read_footer(file);
        ++read;
      } catch (const FormatError& e) {
        ++failed;
        EXPECT_EQ(e.file(), entry.path().string());
        if (expect != expectations.end() && expect->second == "read") {
          ADD_FAILURE() << relative << " should read: " << e.what();
        }
      } catch (const NotImplemented& e) {
        ++failed;
        EXPECT_NE(std::string(e.what()).find("encrypted footer"), std::string::npos) << e.what();
      }
    }
  }
  EXPECT_GE(read, 100);
  std::cout << "corpus footers read: " << read << ", clean errors: " << failed << "\n";
}

// Cut a real footer at every byte: as a file (tail magic gone) and as a shorter but well-framed footer.
TEST(Footer, TruncatedCorpusFooterAtEveryOffsetIsFormatError) {
  fs::path path = corpus() / "parquet" / "parquet-testing" / "data" / "alltypes_plain.parquet";
  if (!fs::exists(path)) GTEST_SKIP() << "missing " << path;
  Bytes bytes = file_bytes(path);
  io::BufferReader whole(bytes, "alltypes_plain.parquet");
  Footer footer = read_footer(whole);
  const int64_t start = footer.metadata_offset;
  const int64_t length = footer.metadata_length;

  for (int64_t cut = start; cut < static_cast<int64_t>(bytes.size()); ++cut) {
    Bytes truncated(bytes.begin(), bytes.begin() + cut);
    io::BufferReader reader(std::move(truncated), "cut.parquet");
    EXPECT_THROW(read_footer(reader), FormatError) << "file cut at " << cut;
  }
  for (int64_t keep = 0; keep < length; ++keep) {
    Bytes framed(bytes.begin(), bytes.begin() + start + keep);
    auto n = static_cast<uint32_t>(keep);
    for (int i = 0; i < 4; ++i) framed.push_back(static_cast<uint8_t>(n >> (8 * i)));
    framed.insert(framed.end(), {'P', 'A', 'R', '1'});
    io::BufferReader reader(std::move(framed), "short.parquet");
    try {
      read_footer(reader);
      ADD_FAILURE() << "footer of " << keep << " bytes parsed";
    } catch (const FormatError& e) {
      ASSERT_TRUE(e.offset().has_value());
      EXPECT_GE(*e.offset(), start) << e.what();
      EXPECT_LE(*e.offset(), start + keep) << e.what();
    }
  }
}

TEST(Footer, FlippedFooterBytesNeverCrash) {
  fs::path path = corpus() / "parquet" / "parquet-testing" / "data" / "alltypes_tiny_pages.parquet";
  if (!fs::exists(path)) GTEST_SKIP() << "missing " << path;
  Bytes bytes = file_bytes(path);
  io::BufferReader whole(bytes, "f");
  Footer footer = read_footer(whole);
  std::mt19937 rng(11);
  int errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    Bytes corrupt = bytes;
    auto pos = static_cast<size_t>(footer.metadata_offset) + rng() % static_cast<size_t>(footer.metadata_length);
    corrupt[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
    io::BufferReader reader(std::move(corrupt), "flipped.parquet");
    try {
      read_footer(reader);
    } catch (const FormatError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 0);
}

}  // namespace
}  // namespace strata::parquet
