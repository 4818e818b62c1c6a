// Figure and Axes: matplotlib-style charts drawn with cairo to PNG and SVG.
//
// A Figure has a size in inches and a resolution (dots per inch); sizes of lines and text are in points
// (1/72 inch), as in matplotlib, so a 13 x 5 inch figure at 100 dpi is a 1300 x 500 pixel PNG and a 0.8 pt
// spine is 1.11 px wide. Axes sit in a grid (subplots side by side or stacked) and hold line series,
// histograms and reference lines; limits follow the data with a 5% margin (histogram bars stay on 0), ticks
// come from Heckbert's nice numbers (ticks.h), text is DejaVu Sans (Debian's fonts-dejavu) through cairo.
//
//   plot::Figure fig(13, 5);                  // inches; 100 dpi
//   fig.subplots(1, 2);
//   plot::Axes& left = fig.axes(0);
//   left.plot(t, y, {.color = plot::Color::parse("steelblue"), .width = 0.4, .alpha = 0.4});
//   left.axhline(100, {.color = plot::Color::parse("black"), .width = 0.8, .alpha = 0.5,
//                      .dash = plot::Dash::dashed});
//   left.set_title("Monte Carlo GBM"); left.legend();
//   fig.save_png("gbm.png"); fig.save_svg("gbm.svg");
//
// SVG text is drawn as glyph outlines (as matplotlib's default svg.fonttype = 'path'); the titles and
// labels are also written into the SVG's <title> and <desc> so the file says what it shows.
// Not thread-safe: one thread builds and saves a figure; different figures are independent.
#pragma once

#include <deque>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "strata/plot/color.h"
#include "strata/plot/histogram.h"

namespace strata::plot {

enum class Dash { solid, dashed, dotted, dash_dot };

struct LineStyle {
  std::optional<Color> color;  // default: the next colour of the axes' tab10 cycle
  double width = 1.5;          // points
  double alpha = 1.0;
  Dash dash = Dash::solid;
  std::string label;  // shown in the legend when not empty
};

struct HistStyle {
  int bins = 10;
  bool density = false;
  std::optional<Color> color;  // default: the next cycle colour
  double alpha = 1.0;
  std::optional<Color> edge_color;  // bar outlines, none by default
  double edge_width = 1.0;          // points
  std::string label;
};

enum class LegendLocation { best, upper_right, upper_left, lower_left, lower_right };

// A rectangle in pixels, y down.
struct Rect {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

struct AxisLimits {
  double lo = 0;
  double hi = 1;
};

class Axes {
 public:
  // A line through (x[i], y[i]). REQUIRES: x.size() == y.size() (throws InvalidArgument otherwise).
  void plot(std::span<const double> x, std::span<const double> y, LineStyle style = {});
  // Bars of numpy.histogram(values, bins, density); returns the bins drawn.
  const Histogram& hist(std::span<const double> values, HistStyle style = {});
  // Lines across the whole axes at y (horizontal) or x (vertical); they take part in autoscaling.
  void axhline(double y, LineStyle style = {});
  void axvline(double x, LineStyle style = {});

  void set_title(std::string title) { title_ = std::move(title); }
  void set_xlabel(std::string label) { xlabel_ = std::move(label); }
  void set_ylabel(std::string label) { ylabel_ = std::move(label); }
  void set_xlim(double lo, double hi) { xlim_ = AxisLimits{lo, hi}; }
  void set_ylim(double lo, double hi) { ylim_ = AxisLimits{lo, hi}; }
  void legend(LegendLocation location = LegendLocation::best) { legend_ = location; }

  const std::string& title() const { return title_; }
  const std::string& xlabel() const { return xlabel_; }
  const std::string& ylabel() const { return ylabel_; }

  // Valid after Figure::layout() (which save_png and save_svg call).
  AxisLimits x_limits() const { return view_x_; }
  AxisLimits y_limits() const { return view_y_; }
  const std::vector<double>& x_ticks() const { return x_ticks_; }
  const std::vector<double>& y_ticks() const { return y_ticks_; }
  const std::vector<std::string>& x_tick_labels() const { return x_tick_labels_; }
  const std::vector<std::string>& y_tick_labels() const { return y_tick_labels_; }
  Rect plot_area() const { return area_; }
  // The legend box when one is drawn.
  std::optional<Rect> legend_box() const { return legend_box_; }
  double x_to_pixel(double x) const;
  double y_to_pixel(double y) const;

 private:
  friend class Figure;
  friend struct Renderer;

  struct Line {
    std::vector<double> x;
    std::vector<double> y;
    LineStyle style;
    Color color;
  };
  struct Bars {
    Histogram bins;
    HistStyle style;
    Color color;
  };
  struct RefLine {
    bool horizontal;
    double value;
    LineStyle style;
    Color color;
  };
  struct LegendEntry {
    std::string label;
    bool patch;  // a filled square (histogram) rather than a line sample
    Color color;
    double width;
    Dash dash;
    std::optional<Color> edge;
  };

  Color next_color() { return tab10(cycle_++); }
  std::vector<LegendEntry> legend_entries() const;
  void autoscale(double axis_width_pt, double axis_height_pt);

  std::deque<Line> lines_;
  std::deque<Bars> bars_;
  std::deque<RefLine> ref_lines_;
  std::vector<std::pair<int, size_t>> order_;  // (kind 0 line / 1 bars / 2 ref line, index), drawing order
  int cycle_ = 0;
  std::string title_, xlabel_, ylabel_;
  std::optional<AxisLimits> xlim_, ylim_;
  std::optional<LegendLocation> legend_;

  AxisLimits view_x_, view_y_;
  std::vector<double> x_ticks_, y_ticks_;
  std::vector<std::string> x_tick_labels_, y_tick_labels_;
  int x_digits_ = 0, y_digits_ = 0;
  Rect area_;
  std::optional<Rect> legend_box_;
};

class Figure {
 public:
  // Size in inches (matplotlib's figsize) and dots per inch.
  explicit Figure(double width_in = 6.4, double height_in = 4.8, double dpi = 100.0);

  // Replace the axes by a rows x cols grid, filled row by row. A new figure has one axes.
  void subplots(int rows, int cols);
  Axes& axes(int index);
  const Axes& axes(int index) const;
  int axes_count() const { return static_cast<int>(axes_.size()); }
  void suptitle(std::string title) { suptitle_ = std::move(title); }

  int width_px() const;
  int height_px() const;
  double dpi() const { return dpi_; }
  // Points to pixels at this figure's dpi.
  double px(double points) const { return points * dpi_ / 72.0; }

  // Compute limits, ticks and the placement of every axes (a tight layout: margins fit the labels).
  void layout();
  // Render to a PNG or SVG file. Throws IoError when cairo cannot write the file.
  void save_png(const std::filesystem::path& path);
  void save_svg(const std::filesystem::path& path);

 private:
  friend struct Renderer;
  double width_in_, height_in_, dpi_;
  int rows_ = 1, cols_ = 1;
  std::deque<Axes> axes_;
  std::string suptitle_;
};

}  // namespace strata::plot
