// Files Strata writes are read identically by DuckDB, arrow-rs (parquet-wasm) and hyparquet: each engine's
// canonical dump of Strata's file equals the canonical dump of the source CSV (both made by the interop
// harness, independently of Strata). Issue 3, "Interop".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "strata/columnar/canonical.h"
#include "strata/csv/reader.h"
#include "strata/parquet/reader.h"
#include "strata/parquet/writer.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;
using strata::testing::run_command;
using strata::testing::shell_quote;

constexpr int64_t kRows = 200000;

class ParquetInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::getenv("STRATA_SKIP_INTEROP")) return;
    harness_ = strata::testing::interop_dir();
    if (!fs::exists(harness_ / "node_modules")) return;
    data_dir_ = new strata::testing::TempDir();
    csv_ = data_dir_->path() / "transactions.csv";
    auto gen = run_command("/usr/bin/python3 " + shell_quote((strata::testing::shared_dir() / "seed" / "gen_transactions.py").string()) +
                               " " + std::to_string(kRows) + " " + shell_quote(csv_.string()),
                           true);
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    auto dump = run_command("node " + shell_quote((harness_ / "csvdump.mjs").string()) + " " + shell_quote(csv_.string()));
    ASSERT_EQ(dump.exit_code, 0);
    expected_ = new std::string(std::move(dump.output));
    csv::ReadOptions o;
    o.schema = columnar::schema({columnar::field("transaction_id", columnar::int64()),
                                 columnar::field("customer_id", columnar::int32()),
                                 columnar::field("amount", columnar::float64()),
                                 columnar::field("currency", columnar::utf8()),
                                 columnar::field("category", columnar::utf8()),
                                 columnar::field("timestamp", columnar::timestamp(columnar::TimeUnit::kMilli)),
                                 columnar::field("is_fraud", columnar::boolean())});
    table_ = new columnar::Table(csv::read_csv(csv_, o));
  }
  static void TearDownTestSuite() {
    delete table_;
    delete expected_;
    delete data_dir_;
  }
  void SetUp() override {
    if (std::getenv("STRATA_SKIP_INTEROP")) GTEST_SKIP() << "STRATA_SKIP_INTEROP is set";
    ASSERT_TRUE(fs::exists(harness_ / "node_modules"))
        << "the interop harness is not installed under build/interop: run scripts/install-deps";
    ASSERT_NE(table_, nullptr);
  }

  std::string dump(const fs::path& file, const std::string& engine) {
    auto r = run_command("node " + shell_quote((harness_ / "pqdump.mjs").string()) + " " + shell_quote(file.string()) +
                         " --engine " + engine);
    EXPECT_EQ(r.exit_code, 0) << engine << " failed on " << file;
    return r.output;
  }

  static inline fs::path harness_;
  static inline strata::testing::TempDir* data_dir_ = nullptr;
  static inline fs::path csv_;
  static inline std::string* expected_ = nullptr;
  static inline columnar::Table* table_ = nullptr;
};

struct Variant {
  io::CompressionType codec;
  int page_version;
  bool dictionary;
  std::vector<std::string> engines;
};

TEST_F(ParquetInterop, StrataFilesReadIdenticallyByDuckDbArrowRsAndHyparquet) {
  const std::vector<std::string> all = {"duckdb", "arrowrs", "hyparquet"};
  const std::vector<Variant> variants = {
      {io::CompressionType::kSnappy, 1, true, all},         {io::CompressionType::kSnappy, 2, false, all},
      {io::CompressionType::kUncompressed, 1, false, all},  {io::CompressionType::kGzip, 2, true, all},
      {io::CompressionType::kZstd, 1, true, all},           {io::CompressionType::kZstd, 2, false, all},
      {io::CompressionType::kLz4Raw, 1, true, all},         {io::CompressionType::kBrotli, 2, true, all},
  };
  for (const auto& v : variants) {
    const fs::path file = data_dir_->path() / "strata.parquet";
    WriterOptions o;
    o.compression = v.codec;
    o.data_page_version = v.page_version;
    o.use_dictionary = v.dictionary;
    o.row_group_size = 50000;
    write_table(*table_, file, o);
    for (const auto& engine : v.engines) {
      const std::string got = dump(file, engine);
      EXPECT_TRUE(got == *expected_) << engine << " reads Strata's " << io::compression_name(v.codec) << " v"
                                     << v.page_version << (v.dictionary ? " dictionary" : " plain")
                                     << " file differently (" << got.size() << " vs " << expected_->size() << " bytes)";
    }
  }
}

// Files DuckDB, arrow-rs and hyparquet-writer write from the same CSV are read identically by Strata.
TEST_F(ParquetInterop, OtherWritersFilesReadIdenticallyByStrata) {
  struct Case {
    std::string engine;
    std::string codec;
  };
  const std::vector<Case> cases = {{"duckdb", "snappy"}, {"duckdb", "zstd"},     {"duckdb", "gzip"},
                                   {"arrowrs", "snappy"}, {"arrowrs", "zstd"},   {"arrowrs", "none"},
                                   {"hyparquet", "snappy"}, {"hyparquet", "gzip"}};
  for (const auto& c : cases) {
    const fs::path file = data_dir_->path() / ("other-" + c.engine + "-" + c.codec + ".parquet");
    auto w = run_command("node " + shell_quote((harness_ / "pqwrite.mjs").string()) + " " + shell_quote(csv_.string()) +
                             " " + shell_quote(file.string()) + " --engine " + c.engine + " --codec " + c.codec +
                             " --row-group 50000",
                         true);
    ASSERT_EQ(w.exit_code, 0) << c.engine << " " << c.codec << ": " << w.output;
    for (int threads : {1, 2}) {
      ReadOptions o;
      o.threads = threads;
      const std::string got = columnar::to_canonical(read_table(file, o));
      EXPECT_TRUE(got == *expected_) << "Strata reads " << c.engine << "'s " << c.codec << " file differently ("
                                     << got.size() << " vs " << expected_->size() << " bytes)";
    }
  }
}

}  // namespace
}  // namespace strata::parquet
