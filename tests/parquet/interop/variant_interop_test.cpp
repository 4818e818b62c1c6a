// Parquet VARIANT files written by DuckDB (through the interop harness, variant_duckdb.mjs) read by Strata
// exactly as DuckDB reads them back: the canonical dump of each equals DuckDB's (pqdump.mjs). Covers the
// primitive types DuckDB writes, containers, JavaScript key order, BC dates, infinities, and DuckDB's own
// shredding (typed_value objects with list fields) over a few thousand rows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "strata/columnar/canonical.h"
#include "strata/columnar/variant.h"
#include "strata/parquet/reader.h"
#include "support/test_support.h"

namespace strata::parquet {
namespace {

namespace fs = std::filesystem;
using strata::testing::run_command;
using strata::testing::shell_quote;

class VariantInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("STRATA_SKIP_INTEROP")) GTEST_SKIP() << "STRATA_SKIP_INTEROP is set";
    harness_ = strata::testing::interop_dir();
    if (!fs::exists(harness_ / "node_modules")) GTEST_SKIP() << "the interop harness is not installed under build/interop";
  }

  // DuckDB writes `query` (columns id, var) to a Parquet file; Strata's dump of it must equal DuckDB's.
  void check(const std::string& name, const std::string& query) {
    const fs::path file = dir_.path() / (name + ".parquet");
    const fs::path script = strata::testing::source_dir() / "tests" / "parquet" / "interop" / "variant_duckdb.mjs";
    const std::string copy = "COPY (" + query + ") TO '" + file.string() + "' (FORMAT parquet)";
    auto w = run_command("node " + shell_quote(script.string()) + " " + shell_quote(harness_.string()) + " " +
                             shell_quote(copy),
                         true);
    ASSERT_EQ(w.exit_code, 0) << w.output;
    auto d = run_command("node " + shell_quote((harness_ / "pqdump.mjs").string()) + " " + shell_quote(file.string()));
    ASSERT_EQ(d.exit_code, 0) << d.output;
    const columnar::Table table = read_table(file);
    EXPECT_TRUE(columnar::is_variant_field(*table.schema()->field(1))) << name;
    EXPECT_EQ(columnar::to_canonical(table), d.output) << name;
  }

  fs::path harness_;
  strata::testing::TempDir dir_;
};

TEST_F(VariantInterop, PrimitivesAndContainers) {
  check("primitives",
        "SELECT 1 AS id, 1::VARIANT AS var UNION ALL SELECT 2, 'it''s'::VARIANT "
        "UNION ALL SELECT 3, {'b': DATE '0001-01-01', 'a': [1.5::DOUBLE, NULL, 'x'::VARIANT]}::VARIANT "
        "UNION ALL SELECT 4, NULL::VARIANT UNION ALL SELECT 5, 'NaN'::DOUBLE::VARIANT "
        "UNION ALL SELECT 6, TIMESTAMP '1969-12-31 23:59:59.5'::VARIANT "
        "UNION ALL SELECT 7, {'10': 1, '2': 2, 'z': TIMESTAMPTZ '2020-01-01 00:00:00+00'}::VARIANT "
        "UNION ALL SELECT 8, 12.345::DECIMAL(10,3)::VARIANT UNION ALL SELECT 9, '\\x00\\xff'::BLOB::VARIANT "
        "UNION ALL SELECT 10, (-0.0)::FLOAT::VARIANT UNION ALL SELECT 11, TIME '23:00:00.5'::VARIANT "
        "UNION ALL SELECT 12, (DATE '0001-03-01' - 800)::VARIANT UNION ALL SELECT 13, 'null'::JSON::VARIANT "
        "UNION ALL SELECT 14, [1,2]::VARIANT UNION ALL SELECT 15, 1e300::DOUBLE::VARIANT "
        "UNION ALL SELECT 16, uuid '12345678-1234-1234-1234-123456789abc'::VARIANT "
        "UNION ALL SELECT 17, TIMESTAMP_NS '1957-11-07 12:33:54.123456789'::VARIANT "
        "UNION ALL SELECT 18, 'inf'::DOUBLE::VARIANT UNION ALL SELECT 19, 123456789012::BIGINT::VARIANT "
        "UNION ALL SELECT 20, 0.1::FLOAT::VARIANT UNION ALL SELECT 21, 'infinity'::TIMESTAMP::VARIANT "
        "UNION ALL SELECT 22, -1234567890123456.78::DECIMAL(18,2)::VARIANT "
        "UNION ALL SELECT 23, '{}'::JSON::VARIANT UNION ALL SELECT 24, []::INTEGER[]::VARIANT ORDER BY id");
}

TEST_F(VariantInterop, DuckDBShreddedObjects) {
  // Mostly objects of one shape (DuckDB shreds them into typed_value), some scalars, nulls and other shapes.
  check("shredded",
        "SELECT i AS id, CASE WHEN i % 11 = 0 THEN NULL WHEN i % 7 = 0 THEN (i * 1.5)::DOUBLE::VARIANT "
        "WHEN i % 13 = 0 THEN {'a': 'text ' || i, 'd': i % 2 = 0}::VARIANT "
        "ELSE {'a': i, 'b': 'n' || i, 'c': [i, i + 1]}::VARIANT END AS var FROM range(3000) t(i)");
}

}  // namespace
}  // namespace strata::parquet
