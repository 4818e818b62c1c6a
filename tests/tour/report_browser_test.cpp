// The tour's HTML report rendered by a real browser: headless Chromium (Debian's `chromium`, installed by
// scripts/install-deps) loads DIR/index.html from disk, takes a screenshot and dumps the DOM after the load
// event. A copy of the page gets a small script that writes, for every <img>, whether it decoded and its
// natural size; the screenshot is decoded with cairo and must not be blank.
#include <cairo.h>
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <sstream>

#include "strata/tour/tour.h"
#include "support/test_support.h"

namespace strata::tour {
namespace {

using strata::testing::shell_quote;

constexpr const char* kImageCheck = R"(<script>
window.addEventListener('load', () => {
  const out = document.createElement('pre');
  out.id = 'strata-image-check';
  out.textContent = [...document.images].map(i => (i.complete && i.naturalWidth > 0 ? 'ok ' : 'failed ') +
                                                   i.naturalWidth + 'x' + i.naturalHeight).join(';');
  document.body.appendChild(out);
});
</script>)";

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportInBrowser, RendersWithEveryImageLoaded) {
  const auto which = strata::testing::run_command("command -v chromium");
  ASSERT_EQ(which.exit_code, 0) << "chromium is not installed (scripts/install-deps installs Debian's chromium)";
  const std::string chromium = which.output.substr(0, which.output.find('\n'));

  strata::testing::TempDir dir;
  TourOptions o;
  o.out_dir = dir / "files";
  o.transaction_rows = 5000;
  o.report_dir = dir / "report";
  o.progress = false;
  std::ostringstream terminal;
  run_tour(o, terminal);
  const std::string html = strata::testing::read_file(dir / "report" / "index.html");
  const int images = count_of(html, "<img ");
  ASSERT_EQ(images, 1);  // the notebook's figure (paths and the distribution of final prices, side by side)
  // Nothing outside the page: no links, scripts, or URLs other than data: ones.
  for (const char* external : {"http://", "https://", "<link", "<script", "src=\"file:", "url("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }

  std::string checked = html;
  const size_t body_end = checked.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  checked.insert(body_end, kImageCheck);
  strata::testing::write_file(dir / "report" / "check.html", checked);
  const auto shot = dir / "shot.png";
  const std::string command =
      "timeout 90 " + shell_quote(chromium) +
      " --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run"
      " --user-data-dir=" + shell_quote((dir / "profile").string()) + " --window-size=1200,3000 --screenshot=" +
      shell_quote(shot.string()) + " --dump-dom " + shell_quote("file://" + (dir / "report" / "check.html").string()) +
      " 2>" + shell_quote((dir / "chromium.log").string());
  const auto run = strata::testing::run_command(command);
  ASSERT_EQ(run.exit_code, 0) << command << "\n" << strata::testing::read_file(dir / "chromium.log");

  // Every image decoded, at the figure's size: 13 x 5 inches at 100 dpi.
  // (No std::regex: GCC 12 warns inside <regex> under ASan, and warnings are errors.)
  const std::string open_tag = "<pre id=\"strata-image-check\">";
  const size_t begin = run.output.find(open_tag);
  ASSERT_NE(begin, std::string::npos) << run.output.substr(0, 2000);
  const size_t end = run.output.find("</pre>", begin);
  ASSERT_NE(end, std::string::npos) << run.output.substr(0, 2000);
  EXPECT_EQ(run.output.substr(begin + open_tag.size(), end - begin - open_tag.size()), "ok 1300x500");
  // The tables made it into the DOM as tables.
  EXPECT_EQ(count_of(run.output, "<table class=\"dataframe\">"), 5) << "3 queries, the transactions, the formats";
  EXPECT_NE(run.output.find("<td>Engineering</td>"), std::string::npos);

  // The screenshot: 1200 x 3000, not blank (many colours from the chart, a good share of non-white pixels).
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png(shot.c_str()), cairo_surface_destroy);
  ASSERT_EQ(cairo_surface_status(surface.get()), CAIRO_STATUS_SUCCESS) << shot;
  ASSERT_EQ(cairo_image_surface_get_format(surface.get()) == CAIRO_FORMAT_ARGB32 ||
                cairo_image_surface_get_format(surface.get()) == CAIRO_FORMAT_RGB24,
            true);
  const int width = cairo_image_surface_get_width(surface.get());
  const int height = cairo_image_surface_get_height(surface.get());
  EXPECT_EQ(width, 1200);
  EXPECT_EQ(height, 3000);
  const int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  std::set<uint32_t> colours;
  int64_t non_white = 0;
  for (int y = 0; y < height; ++y) {
    const auto* row = reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const uint32_t rgb = row[x] & 0xFFFFFFu;
      colours.insert(rgb);
      non_white += rgb != 0xFFFFFFu;
    }
  }
  EXPECT_GT(colours.size(), 200u);  // text antialiasing, table stripes and the chart's blended paths
  EXPECT_GT(static_cast<double>(non_white) / (static_cast<double>(width) * height), 0.03);
  // The chart's steelblue (70, 130, 180), blended over white at alpha 0.4 or 0.75, is on the screen.
  bool blue = false;
  for (uint32_t c : colours) {
    const int r = static_cast<int>((c >> 16) & 0xFF), g = static_cast<int>((c >> 8) & 0xFF), b = static_cast<int>(c & 0xFF);
    blue = blue || (b > r + 60 && b > g + 20 && r < 140);
  }
  EXPECT_TRUE(blue);
}

}  // namespace
}  // namespace strata::tour
