#include "strata/parquet/filter.h"

#include <gtest/gtest.h>

#include "pushdown.h"
#include "strata/columnar/builder.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"

namespace strata::parquet {
namespace {

using internal::StatsView;

TEST(Filter, ParsesPyarrowShapes) {
  Filter f = parse_filter("is_fraud = true");
  ASSERT_EQ(f.disjuncts.size(), 1u);
  EXPECT_EQ(f.disjuncts[0][0].column, "is_fraud");
  EXPECT_EQ(f.disjuncts[0][0].op, FilterOp::kEq);
  EXPECT_EQ(std::get<bool>(f.disjuncts[0][0].values[0]), true);
  Filter g = parse_filter("amount >= 100.5 AND category in ('Dining', \"Travel\") or customer_id is not null");
  EXPECT_EQ(g.to_string(), "amount >= 100.5 and category in ('Dining', 'Travel') or customer_id is not null");
  EXPECT_EQ(g.columns(), (std::vector<std::string>{"amount", "category", "customer_id"}));
  EXPECT_EQ(parse_filter("x not in (1, -2) and `odd name` <> 'it''s'").to_string(),
            "x not in (1, -2) and `odd name` != 'it''s'");
  // What to_string prints parses back to the same filter.
  const Filter f2 = parse_filter("`odd name` = 'it''s' or y in ('a''b', '')");
  EXPECT_EQ(parse_filter(f2.to_string()).to_string(), f2.to_string());
}

TEST(Filter, SyntaxErrorsSayWhere) {
  try {
    parse_filter("amount >> 3");
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "filter \"amount >> 3\": at character 9: expected a value (a number, true, false, null or a quoted string)");
  }
  EXPECT_THROW(parse_filter("a = 'open"), InvalidArgument);
  EXPECT_THROW(parse_filter("a in (1, 2"), InvalidArgument);
  EXPECT_THROW(parse_filter("a = 1 b = 2"), InvalidArgument);
}

TEST(Pushdown, CoercesLiteralsToColumnTypes) {
  auto s = columnar::schema({columnar::field("d", columnar::date32()),
                             columnar::field("t", columnar::timestamp(columnar::TimeUnit::kMilli)),
                             columnar::field("x", columnar::float64()), columnar::field("n", columnar::utf8())});
  Filter f = internal::bind_filter(parse_filter("d >= '2024-01-02' and t < '1970-01-01T00:00:01.5' and x > 3"), *s);
  EXPECT_EQ(std::get<int64_t>(f.disjuncts[0][0].values[0]), 19724);
  EXPECT_EQ(std::get<int64_t>(f.disjuncts[0][1].values[0]), 1500);
  EXPECT_EQ(std::get<double>(f.disjuncts[0][2].values[0]), 3.0);
  EXPECT_THROW(internal::bind_filter(parse_filter("n = 3"), *s), InvalidArgument);
  EXPECT_THROW(internal::bind_filter(parse_filter("missing = 3"), *s), SchemaError);
}

Truth eval(const std::string& text, StatsView stats) {
  return internal::evaluate(parse_filter(text), [&](const std::string&) { return stats; });
}

TEST(Pushdown, ThreeAnswers) {
  StatsView s{int64_t{10}, int64_t{20}, int64_t{0}, 100};
  EXPECT_EQ(eval("a = 5", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a = 15", s), Truth::kUnknown);
  EXPECT_EQ(eval("a > 20", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a >= 20", s), Truth::kUnknown);
  EXPECT_EQ(eval("a >= 10", s), Truth::kAlwaysTrue);
  EXPECT_EQ(eval("a < 10", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a <= 20", s), Truth::kAlwaysTrue);
  EXPECT_EQ(eval("a in (1, 2, 30)", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a in (1, 12)", s), Truth::kUnknown);
  EXPECT_EQ(eval("a is null", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a = 5 or a = 25", s), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a = 5 or a > 0", s), Truth::kAlwaysTrue);
  EXPECT_EQ(eval("a > 0 and a = 5", s), Truth::kAlwaysFalse);
  // With nulls, "always true" is no longer provable, and a fully null range matches nothing but is null.
  StatsView some_nulls{int64_t{10}, int64_t{20}, int64_t{3}, 100};
  EXPECT_EQ(eval("a >= 10", some_nulls), Truth::kUnknown);
  StatsView all_null{std::nullopt, std::nullopt, int64_t{100}, 100};
  EXPECT_EQ(eval("a = 1", all_null), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("a is null", all_null), Truth::kAlwaysTrue);
  // Constant booleans: the notebook's is_fraud filter on a row group without fraud.
  StatsView no_fraud{false, false, int64_t{0}, 50000};
  EXPECT_EQ(eval("f = true", no_fraud), Truth::kAlwaysFalse);
  EXPECT_EQ(eval("f = false", no_fraud), Truth::kAlwaysTrue);
  // Unknown statistics prove nothing.
  EXPECT_EQ(internal::evaluate(parse_filter("a = 1"), [](const std::string&) { return std::optional<StatsView>(); }),
            Truth::kUnknown);
}

// Filtering a table in memory (as `strata cat --filter` does on Feather and CSV): chunk by chunk, flat columns
// gathered, nested ones concatenated from the runs of passing rows.
TEST(ApplyFilter, ChunkedTableWithNestedColumn) {
  using namespace columnar;
  auto make_batch = [](std::vector<int64_t> xs, std::vector<std::string> ss) {
    Int64Builder x, items;
    StringBuilder s;
    ListBuilder lists(list(int64()));
    for (size_t i = 0; i < xs.size(); ++i) {
      x.append(xs[i]);
      s.append(ss[i]);
      for (int64_t j = 0; j < xs[i]; ++j) items.append(xs[i] * 10 + j);
      lists.append(xs[i]);
    }
    const auto schema = columnar::schema({field("x", int64()), field("s", utf8()), field("l", list(int64()))});
    return RecordBatch(schema, {x.finish(), s.finish(), lists.finish(items.finish())});
  };
  const auto b1 = make_batch({1, 2, 3, 0}, {"a", "b", "c", "d"});
  const auto b2 = make_batch({4, 1, 2}, {"e", "f", "g"});
  const Table table = Table::from_batches({b1, b2}, b1.schema());
  const Table f = apply_filter(table, parse_filter("x >= 2 or s = 'f'"));
  ASSERT_EQ(f.num_rows(), 5);
  EXPECT_EQ(f.column(0).combine().to_string(), "[2, 3, 4, 1, 2]");
  EXPECT_EQ(f.column(1).combine().to_string(), "[\"b\", \"c\", \"e\", \"f\", \"g\"]");
  EXPECT_EQ(f.column(2).combine().to_string(), "[[20, 21], [30, 31, 32], [40, 41, 42, 43], [10], [20, 21]]");
  EXPECT_EQ(apply_filter(table, parse_filter("x > 100")).num_rows(), 0);
  EXPECT_THROW(apply_filter(table, parse_filter("nope = 1")), SchemaError);
}

}  // namespace
}  // namespace strata::parquet
