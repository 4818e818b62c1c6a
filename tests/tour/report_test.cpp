#include "strata/tour/report.h"

#include <gtest/gtest.h>

#include "strata/columnar/builder.h"
#include "strata/core/base64.h"
#include "support/test_support.h"

namespace strata::tour {
namespace {

using namespace strata::columnar;

using Rows = std::vector<std::vector<std::string>>;

TEST(Report, TableCellsAreWhatPandasPrints) {
  StringBuilder name;
  DoubleBuilder amount;
  Int64Builder n;
  for (const char* s : {"a", "San Francisco", "ccc"}) name.append(s);
  for (double v : {1.5, -2.25, 10.0}) amount.append(v);
  for (int64_t v : {1, 20, 300}) n.append(v);
  const Table t = Table::from_arrays({"name", "amount", "n"}, {name.finish(), amount.finish(), n.finish()});
  const ReportTable r = report_table(t, "Example");
  EXPECT_EQ(r.caption, "Example");
  EXPECT_EQ(r.header, (std::vector<std::string>{"", "name", "amount", "n"}));
  // pandas: the float column keeps two decimals for all (1.50, -2.25, 10.00); strings keep their spaces.
  EXPECT_EQ(r.rows, (Rows{{"0", "a", "1.50", "1"}, {"1", "San Francisco", "-2.25", "20"}, {"2", "ccc", "10.00", "300"}}));
  EXPECT_EQ(r.numeric, (std::vector<bool>{false, false, true, true}));
  EXPECT_EQ(r.footer, "");
}

TEST(Report, LongTablesShowHeadEllipsisTailAndFooter) {
  Int64Builder v;
  for (int64_t i = 0; i < 100; ++i) v.append(i * 3);
  const ReportTable r = report_table(Table::from_arrays({"v"}, {v.finish()}), "");
  ASSERT_EQ(r.rows.size(), 11u);  // 5 + "..." + 5 (pandas' max_rows 60, min_rows 10)
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"0", "0"}));
  EXPECT_EQ(r.rows[4], (std::vector<std::string>{"4", "12"}));
  EXPECT_EQ(r.rows[5], (std::vector<std::string>{"...", "..."}));
  EXPECT_EQ(r.rows[10], (std::vector<std::string>{"99", "297"}));
  EXPECT_EQ(r.footer, "[100 rows x 1 columns]");
  // An empty table: the header only.
  Int64Builder none;
  const ReportTable empty = report_table(Table::from_arrays({"x"}, {none.finish()}), "");
  EXPECT_EQ(empty.header, (std::vector<std::string>{"", "x"}));
  EXPECT_TRUE(empty.rows.empty());
}

TEST(Report, HtmlIsSelfContainedAndEscaped) {
  TourReport report;
  report.title = "T <&>";
  report.settings = {{"Database", "sqlite://:memory:"}};
  ReportSection s{"Part \"one\"", 12.0, {}};
  s.blocks.push_back({ReportBlock::Kind::kText, "a < b", {}, {}});
  s.blocks.push_back({ReportBlock::Kind::kTable, {}, figures_table("Figures", {{"Total", "$1,234.50"}}), {}});
  const std::string png_bytes("\x89PNG\r\n\x1a\n\x00\x01\x02", 11);
  s.blocks.push_back({ReportBlock::Kind::kImage, {}, {}, {"Chart", "chart.png", "image/png", png_bytes}});
  report.sections.push_back(s);
  const std::string html = render_html(report);
  EXPECT_NE(html.find("<title>T &lt;&amp;&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<p>a &lt; b</p>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Part &quot;one&quot;<span class=\"time\">12 ms</span></h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>Total</td><td class=\"num\">$1,234.50</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"#s1-part-one\">"), std::string::npos) << html;
  // The image travels inside the page: its data: URI decodes to the same bytes.
  const std::string prefix = "src=\"data:image/png;base64,";
  const size_t at = html.find(prefix);
  ASSERT_NE(at, std::string::npos);
  const size_t end = html.find('"', at + prefix.size());
  const auto decoded = base64_decode(std::string_view(html).substr(at + prefix.size(), end - at - prefix.size()));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(std::string(decoded->begin(), decoded->end()), png_bytes);
  for (const char* external : {"http://", "https://", "<link", "<script", "url("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
}

TEST(Report, WritesIndexHtml) {
  strata::testing::TempDir dir;
  TourReport report;
  const auto path = write_html_report(report, dir / "nested" / "report");
  EXPECT_EQ(path, dir / "nested" / "report" / "index.html");
  EXPECT_EQ(strata::testing::read_file(path), render_html(report));
}

}  // namespace
}  // namespace strata::tour
