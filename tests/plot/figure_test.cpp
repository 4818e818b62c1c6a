#include "strata/plot/figure.h"

#include <gtest/gtest.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "strata/core/error.h"
#include "strata/plot/gbm_figure.h"
#include "strata/sim/gbm.h"
#include "strata/sim/risk.h"
#include "support/test_support.h"

namespace strata::plot {
namespace {

using strata::testing::TempDir;

struct Rgb {
  int r, g, b;
};

// A PNG read back through cairo (which is the check that it is a valid PNG).
class Png {
 public:
  explicit Png(const std::filesystem::path& path)
      : surface_(cairo_image_surface_create_from_png(path.c_str()), cairo_surface_destroy) {}
  cairo_status_t status() const { return cairo_surface_status(surface_.get()); }
  int width() const { return cairo_image_surface_get_width(surface_.get()); }
  int height() const { return cairo_image_surface_get_height(surface_.get()); }
  Rgb at(double x, double y) const {
    const auto* data = cairo_image_surface_get_data(surface_.get());
    const int stride = cairo_image_surface_get_stride(surface_.get());
    const auto px = static_cast<int>(std::floor(x));
    const auto py = static_cast<int>(std::floor(y));
    uint32_t v;
    std::memcpy(&v, data + py * stride + px * 4, 4);
    // Opaque image (the figure paints a white background), so premultiplication changes nothing.
    return {static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff)};
  }
  int64_t count_not(Rgb background) const {
    int64_t n = 0;
    for (int y = 0; y < height(); ++y) {
      for (int x = 0; x < width(); ++x) {
        const Rgb c = at(x, y);
        n += c.r != background.r || c.g != background.g || c.b != background.b;
      }
    }
    return n;
  }

 private:
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
};

// Expected 8-bit colour of `c` at `alpha` over white.
Rgb over_white(const Color& c, double alpha) {
  auto mix = [alpha](double v) { return static_cast<int>(std::lround((v * alpha + (1 - alpha)) * 255)); };
  return {mix(c.r), mix(c.g), mix(c.b)};
}

void expect_near(Rgb actual, Rgb expected, int tolerance, const std::string& where) {
  EXPECT_NEAR(actual.r, expected.r, tolerance) << where;
  EXPECT_NEAR(actual.g, expected.g, tolerance) << where;
  EXPECT_NEAR(actual.b, expected.b, tolerance) << where;
}

// Well-formed XML, checked by Python's parser when Python is there.
void expect_well_formed_xml(const std::filesystem::path& path) {
  const std::string command = "/usr/bin/python3 -c \"import sys, xml.etree.ElementTree as E; "
                              "E.parse(sys.argv[1])\" '" + path.string() + "' 2>&1";
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3 to parse the SVG";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  EXPECT_EQ(pclose(pipe), 0) << output;
}

TEST(ColorTest, Parse) {
  EXPECT_EQ(Color::parse("steelblue"), Color::rgb8(70, 130, 180));
  EXPECT_EQ(Color::parse("#8b0000"), Color::parse("darkred"));
  EXPECT_EQ(Color::parse("C1"), Color::rgb8(0xff, 0x7f, 0x0e));
  EXPECT_EQ(Color::parse("tab:green"), tab10(2));
  EXPECT_EQ(tab10(10), tab10(0));
  EXPECT_DOUBLE_EQ(Color::parse("#ffffff80").a, 128 / 255.0);
  EXPECT_THROW(Color::parse("#12345"), InvalidArgument);
  EXPECT_THROW(Color::parse("steel blue"), InvalidArgument);
}

TEST(FigureTest, PngSizePixelsAndLayout) {
  TempDir dir;
  Figure fig(6, 4, 100);
  Axes& ax = fig.axes(0);
  const std::vector<double> x = {0, 1, 2, 3, 4};
  const std::vector<double> y = {0, 10, 5, 10, 0};
  ax.plot(x, y, {.width = 1.0, .label = "zigzag"});  // first cycle colour
  const Color orange = Color::parse("orange");
  ax.axhline(7.0, {.color = orange, .width = 6.0, .label = "level"});
  ax.set_title("Lines");
  ax.set_xlabel("x");
  ax.set_ylabel("y");
  ax.legend(LegendLocation::lower_right);
  fig.save_png(dir / "lines.png");

  const Png png(dir / "lines.png");
  ASSERT_EQ(png.status(), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(png.width(), 600);
  EXPECT_EQ(png.height(), 400);
  EXPECT_GT(png.count_not({255, 255, 255}), 5000);

  // Limits: x 0..4 and y 0..10 with 5% margins; ticks at nice numbers inside them.
  EXPECT_DOUBLE_EQ(ax.x_limits().lo, -0.2);
  EXPECT_DOUBLE_EQ(ax.x_limits().hi, 4.2);
  EXPECT_DOUBLE_EQ(ax.y_limits().lo, -0.5);
  EXPECT_DOUBLE_EQ(ax.y_limits().hi, 10.5);
  EXPECT_EQ(ax.x_tick_labels(), (std::vector<std::string>{"0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0",
                                                          "3.5", "4.0"}));
  EXPECT_EQ(ax.y_tick_labels(), (std::vector<std::string>{"0", "2", "4", "6", "8", "10"}));

  // The 6 pt (8.3 px) orange line: its centre pixel, away from the zigzag, is exactly orange.
  const Rect area = ax.plot_area();
  expect_near(png.at(ax.x_to_pixel(0.1), ax.y_to_pixel(7.0)), over_white(orange, 1.0), 0, "axhline centre");
  // Inside the axes, far from any line: white. Outside the axes, left of the spine: white figure background.
  expect_near(png.at(ax.x_to_pixel(0.5), ax.y_to_pixel(2.0)), {255, 255, 255}, 0, "empty axes");
  // The spine (0.8 pt, black) on the left edge of the plot area.
  const Rgb spine = png.at(area.x, area.y + area.height / 2);
  EXPECT_LT(spine.r + spine.g + spine.b, 3 * 120) << "left spine is dark";
  // The legend sits in the lower right corner and covers the corner of the plot area.
  ASSERT_TRUE(ax.legend_box().has_value());
  EXPECT_GT(ax.legend_box()->x, area.x + area.width / 2);
  EXPECT_GT(ax.legend_box()->y, area.y + area.height / 2);
  EXPECT_LT(ax.legend_box()->right(), area.right());
}

TEST(FigureTest, HistogramBarsAndSubplots) {
  TempDir dir;
  Figure fig(10, 4, 100);
  fig.subplots(1, 2);
  // Left: 4 bars of heights 1, 3, 2, 4 (values 0.5, 1.5 x3, 2.5 x2, 3.5 x4 in bins over 0.5..3.5).
  const std::vector<double> values = {0.5, 1.5, 1.5, 1.5, 2.5, 2.5, 3.5, 3.5, 3.5, 3.5};
  const Color bar = Color::parse("steelblue");
  const Histogram& h = fig.axes(0).hist(values, {.bins = 4, .color = bar, .alpha = 0.75,
                                                 .edge_color = Color::parse("white")});
  EXPECT_EQ(h.counts, (std::vector<int64_t>{1, 3, 2, 4}));
  const Color red = Color::parse("red");
  fig.axes(0).axvline(2.0, {.color = red, .width = 4.0});
  fig.axes(0).set_title("Counts");
  // Right: density histogram with the default colour.
  fig.axes(1).hist(values, {.bins = 4, .density = true});
  fig.axes(1).set_title("Density");
  fig.save_png(dir / "hist.png");

  const Png png(dir / "hist.png");
  ASSERT_EQ(png.status(), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(png.width(), 1000);
  EXPECT_EQ(png.height(), 400);
  const Axes& left = fig.axes(0);
  const Axes& right = fig.axes(1);
  // Side by side, left one first, both with room for labels.
  EXPECT_LT(left.plot_area().right(), right.plot_area().x);
  EXPECT_GT(left.plot_area().x, 20);
  // Bars rest on 0 (no margin below), 5% above the tallest.
  EXPECT_EQ(left.y_limits().lo, 0.0);
  EXPECT_DOUBLE_EQ(left.y_limits().hi, 4.2);
  // Centre of the last bar (3.125..3.5, height 4): steelblue at 75% over white.
  const double cx = left.x_to_pixel((h.edges[3] + h.edges[4]) / 2);
  expect_near(png.at(cx, left.y_to_pixel(2.0)), over_white(bar, 0.75), 1, "bar centre");
  // Above the shortest bar (height 1) at y = 2: background.
  expect_near(png.at(left.x_to_pixel((h.edges[0] + h.edges[1]) / 2), left.y_to_pixel(2.0)), {255, 255, 255}, 0,
              "above a bar");
  // The red line through bar 2 is drawn over it.
  expect_near(png.at(left.x_to_pixel(2.0), left.y_to_pixel(1.0)), over_white(red, 1.0), 0, "vline over bar");
  // Density bars: heights count / (10 * 0.75); the tallest is 4 / 7.5.
  expect_near(png.at(right.x_to_pixel(3.3), right.y_to_pixel(0.5)), over_white(tab10(0), 1.0), 1,
              "density bar");
  EXPECT_DOUBLE_EQ(right.y_limits().hi, 4 / 7.5 * 1.05);
}

TEST(FigureTest, ColourCycleStackedSubplotsAndSuptitle) {
  TempDir dir;
  Figure fig(5, 6, 80);
  fig.subplots(2, 1);
  fig.suptitle("Two rows");
  Axes& top = fig.axes(0);
  // Three flat thick lines without colours take tab10's first three; a dotted one is drawn in parts.
  for (int k = 0; k < 3; ++k) {
    const std::vector<double> x = {0, 10};
    const std::vector<double> y = {k * 1.0, k * 1.0};
    top.plot(x, y, {.width = 5.0});
  }
  fig.axes(1).axvline(0.5, {.color = Color::parse("black"), .width = 3.0, .dash = Dash::dotted});
  fig.save_png(dir / "rows.png");
  const Png png(dir / "rows.png");
  ASSERT_EQ(png.status(), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(png.width(), 400);
  EXPECT_EQ(png.height(), 480);
  for (int k = 0; k < 3; ++k) {
    expect_near(png.at(top.x_to_pixel(5.0), top.y_to_pixel(k)), over_white(tab10(k), 1.0), 0,
                "cycle colour " + std::to_string(k));
  }
  // Stacked: the second axes is below the first, and the suptitle leaves room above the first.
  const Axes& bottom = fig.axes(1);
  EXPECT_GT(bottom.plot_area().y, top.plot_area().bottom());
  EXPECT_GT(top.plot_area().y, 25.0);
  // Dotted: along the line some pixels are black and some are white.
  int dark = 0;
  int light = 0;
  const double x = bottom.x_to_pixel(0.5);
  for (double y = bottom.plot_area().y + 2; y < bottom.plot_area().bottom() - 2; y += 1) {
    const Rgb c = png.at(x, y);
    dark += c.r < 40;
    light += c.r > 215;
  }
  EXPECT_GT(dark, 10);
  EXPECT_GT(light, 10);
}

TEST(FigureTest, SvgIsWellFormedAndNamesItsText) {
  TempDir dir;
  Figure fig(13, 5, 100);
  fig.subplots(1, 2);
  const std::vector<double> x = {0, 1};
  fig.axes(0).plot(x, x, {.label = "rising & <safe>"});
  fig.axes(0).set_title("Left title");
  fig.axes(0).legend();
  fig.axes(1).hist(x, {.bins = 2});
  fig.axes(1).set_title("Right title");
  fig.save_svg(dir / "fig.svg");
  const std::string svg = strata::testing::read_file(dir / "fig.svg");
  EXPECT_NE(svg.find("<title>Left title | Right title</title>"), std::string::npos);
  EXPECT_NE(svg.find("rising &amp; &lt;safe&gt;"), std::string::npos);
  EXPECT_NE(svg.find("width=\"936pt\" height=\"360pt\""), std::string::npos) << svg.substr(0, 300);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  expect_well_formed_xml(dir / "fig.svg");
  // No temporary left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1);
}

TEST(FigureTest, ErrorsNameTheProblem) {
  Figure fig;
  const std::vector<double> two = {1, 2};
  const std::vector<double> three = {1, 2, 3};
  EXPECT_THROW(fig.axes(0).plot(two, three), InvalidArgument);
  EXPECT_THROW(fig.axes(1), InvalidArgument);
  EXPECT_THROW(fig.subplots(0, 2), InvalidArgument);
  EXPECT_THROW(Figure(0, 4), InvalidArgument);
  EXPECT_THROW(fig.save_png("/nonexistent-dir/x.png"), IoError);
}

TEST(GbmFigureTest, TheNotebooksFigure) {
  TempDir dir;
  sim::GbmParams params;  // the notebook: 500 paths x 252 steps, S0 = 100
  const sim::PathMatrix paths = sim::simulate_gbm(params);
  Figure fig = gbm_figure(paths, 100.0);
  fig.save_png(dir / "gbm.png");
  fig.save_svg(dir / "gbm.svg");

  const Png png(dir / "gbm.png");
  ASSERT_EQ(png.status(), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(png.width(), 1300);
  EXPECT_EQ(png.height(), 500);
  EXPECT_GT(png.count_not({255, 255, 255}), 60000);

  const Axes& left = fig.axes(0);
  const Axes& right = fig.axes(1);
  EXPECT_EQ(left.title(), "Monte Carlo GBM \u2014 500 paths");
  EXPECT_EQ(right.title(), "Distribution of Final Prices");
  // The x axis is the notebook's linspace(0, 1, 252) with 5% margins.
  EXPECT_DOUBLE_EQ(left.x_limits().lo, -0.05);
  EXPECT_DOUBLE_EQ(left.x_limits().hi, 1.05);

  // The mean path (red, 2.5 pt = 3.5 px) at mid-time: its centre pixel is red.
  const std::vector<double> mean_path = sim::column_means(paths);
  const std::vector<double> t = sim::linspace(0, 1, 252);
  expect_near(png.at(left.x_to_pixel(t[125]), left.y_to_pixel(mean_path[125])), {255, 0, 0}, 8, "mean path");

  // The Mean line on the right (green, 2 pt), halfway up: drawn over the bars, pure green.
  const std::vector<double> final_prices = paths.column(251);
  const sim::RiskSummary risk = sim::summarize_risk(final_prices);
  const double mid_y = right.plot_area().y + right.plot_area().height * 0.6;
  expect_near(png.at(right.x_to_pixel(risk.mean), mid_y), {0, 128, 0}, 0, "mean line");
  // VaR 95% is red, VaR 99% dark red: sample where the dashes are drawn by scanning a short column.
  auto any_pixel_near = [&](double x, Rgb colour) {
    for (double y = mid_y; y < mid_y + 12; y += 1) {
      const Rgb c = png.at(x, y);
      if (std::abs(c.r - colour.r) <= 2 && std::abs(c.g - colour.g) <= 2 && std::abs(c.b - colour.b) <= 2) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(any_pixel_near(right.x_to_pixel(risk.var_95), {255, 0, 0}));
  EXPECT_TRUE(any_pixel_near(right.x_to_pixel(risk.var_99), {139, 0, 0}));

  // The tallest histogram bar that no reference line crosses: its centre is steelblue at alpha 0.75.
  const Histogram h = histogram(final_prices, 40, true);
  int best = -1;
  for (int k = 0; k < 40; ++k) {
    bool crossed = false;
    for (double v : {risk.var_95, risk.var_99, risk.mean}) crossed |= v >= h.edges[k] - 1 && v <= h.edges[k + 1] + 1;
    if (!crossed && (best < 0 || h.heights[k] > h.heights[best])) best = k;
  }
  ASSERT_GE(best, 0);
  const double bar_x = right.x_to_pixel((h.edges[best] + h.edges[best + 1]) / 2);
  expect_near(png.at(bar_x, right.y_to_pixel(h.heights[best] / 2)), over_white(Color::parse("steelblue"), 0.75), 1,
              "histogram bar centre");

  const std::string svg = strata::testing::read_file(dir / "gbm.svg");
  EXPECT_NE(svg.find("<title>Monte Carlo GBM \u2014 500 paths | Distribution of Final Prices</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("VaR 95%"), std::string::npos);
  expect_well_formed_xml(dir / "gbm.svg");
}

// Release cairo's and fontconfig's process-wide caches at exit, so LeakSanitizer reports only our leaks.
class FontCacheRelease : public ::testing::Environment {
 public:
  void TearDown() override {
    cairo_debug_reset_static_data();
    FcFini();
  }
};
const auto* const kFontCacheRelease = ::testing::AddGlobalTestEnvironment(new FontCacheRelease);

}  // namespace
}  // namespace strata::plot
