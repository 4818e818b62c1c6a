// Figure and Axes: the data model, autoscaling and the tight layout. Drawing is in render.cpp.
#include "strata/plot/figure.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plot/style_internal.h"
#include "strata/core/error.h"
#include "strata/plot/ticks.h"

namespace strata::plot {
namespace detail {

TextMeasurer::TextMeasurer()
    : surface_(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)), cr_(cairo_create(surface_)) {
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    raise<Error>("plot: cairo cannot create a measuring context: {}", cairo_status_to_string(cairo_status(cr_)));
  }
}

TextMeasurer::~TextMeasurer() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

TextExtents TextMeasurer::measure(const std::string& text, double size_px) {
  set_font(cr_, size_px);
  cairo_font_extents_t font;
  cairo_font_extents(cr_, &font);
  cairo_text_extents_t extents;
  cairo_text_extents(cr_, text.c_str(), &extents);
  return {extents.x_advance, font.ascent, font.descent};
}

void set_font(cairo_t* cr, double size_px) {
  cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size_px);
}

}  // namespace detail

using namespace detail;

// ---- Axes -------------------------------------------------------------------------------------------------

void Axes::plot(std::span<const double> x, std::span<const double> y, LineStyle style) {
  if (x.size() != y.size()) raise("Axes::plot: x has {} values but y has {}", x.size(), y.size());
  const Color color = style.color ? *style.color : next_color();
  lines_.push_back({{x.begin(), x.end()}, {y.begin(), y.end()}, std::move(style), color});
  order_.emplace_back(0, lines_.size() - 1);
}

const Histogram& Axes::hist(std::span<const double> values, HistStyle style) {
  Histogram bins = histogram(values, style.bins, style.density);
  const Color color = style.color ? *style.color : next_color();
  bars_.push_back({std::move(bins), std::move(style), color});
  order_.emplace_back(1, bars_.size() - 1);
  return bars_.back().bins;
}

void Axes::axhline(double y, LineStyle style) {
  const Color color = style.color ? *style.color : next_color();
  ref_lines_.push_back({true, y, std::move(style), color});
  order_.emplace_back(2, ref_lines_.size() - 1);
}

void Axes::axvline(double x, LineStyle style) {
  const Color color = style.color ? *style.color : next_color();
  ref_lines_.push_back({false, x, std::move(style), color});
  order_.emplace_back(2, ref_lines_.size() - 1);
}

double Axes::x_to_pixel(double x) const {
  return area_.x + (x - view_x_.lo) / (view_x_.hi - view_x_.lo) * area_.width;
}

double Axes::y_to_pixel(double y) const {
  return area_.bottom() - (y - view_y_.lo) / (view_y_.hi - view_y_.lo) * area_.height;
}

std::vector<Axes::LegendEntry> Axes::legend_entries() const {
  std::vector<LegendEntry> entries;
  for (const auto& [kind, index] : order_) {
    if (kind == 0 && !lines_[index].style.label.empty()) {
      const Line& l = lines_[index];
      entries.push_back({l.style.label, false, l.color.with_alpha(l.style.alpha), l.style.width, l.style.dash, {}});
    } else if (kind == 1 && !bars_[index].style.label.empty()) {
      const Bars& b = bars_[index];
      std::optional<Color> edge;
      if (b.style.edge_color) edge = b.style.edge_color->with_alpha(b.style.alpha);
      entries.push_back({b.style.label, true, b.color.with_alpha(b.style.alpha), b.style.edge_width, Dash::solid, edge});
    } else if (kind == 2 && !ref_lines_[index].style.label.empty()) {
      const RefLine& r = ref_lines_[index];
      entries.push_back({r.style.label, false, r.color.with_alpha(r.style.alpha), r.style.width, r.style.dash, {}});
    }
  }
  return entries;
}

namespace {

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  bool sticky_lo_zero = false;  // histogram bars rest on 0: no margin below it
  void add(double v) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  bool empty() const { return !(lo <= hi); }
};

AxisLimits with_margins(const Range& r) {
  if (r.empty()) return {0.0, 1.0};
  double lo = r.lo;
  double hi = r.hi;
  if (lo == hi) {
    // A single value: widen by 5% of its magnitude (0.05 around zero).
    const double half = lo == 0 ? 0.05 : std::abs(lo) * 0.05;
    return {lo - half, hi + half};
  }
  const double pad = (hi - lo) * kMargin;
  const double new_lo = (r.sticky_lo_zero && lo == 0.0) ? 0.0 : lo - pad;
  return {new_lo, hi + pad};
}

// matplotlib leaves room for a tick label every 3 font sizes along x and 2 along y, and never asks for more
// than 9 intervals; Heckbert rounds the range up before dividing it, so the same room as a target of up to
// 10 labels gives matplotlib-like spacing (a 280 pt axis over 65..175 gets steps of 20).
int tick_target(double length_pt, double points_per_tick) {
  return std::clamp(static_cast<int>(length_pt / points_per_tick), 3, 10);
}

}  // namespace

void Axes::autoscale(double axis_width_pt, double axis_height_pt) {
  Range xr;
  Range yr;
  for (const Line& l : lines_) {
    for (double v : l.x) xr.add(v);
    for (double v : l.y) yr.add(v);
  }
  for (const Bars& b : bars_) {
    xr.add(b.bins.edges.front());
    xr.add(b.bins.edges.back());
    yr.add(0.0);
    yr.sticky_lo_zero = true;
    for (double h : b.bins.heights) yr.add(h);
  }
  for (const RefLine& r : ref_lines_) (r.horizontal ? yr : xr).add(r.value);
  view_x_ = xlim_ ? *xlim_ : with_margins(xr);
  view_y_ = ylim_ ? *ylim_ : with_margins(yr);
  if (view_x_.hi == view_x_.lo) view_x_.hi = view_x_.lo + 1;
  if (view_y_.hi == view_y_.lo) view_y_.hi = view_y_.lo + 1;

  const Ticks xt = nice_ticks(std::min(view_x_.lo, view_x_.hi), std::max(view_x_.lo, view_x_.hi),
                              tick_target(axis_width_pt, 3 * kFontSize));
  const Ticks yt = nice_ticks(std::min(view_y_.lo, view_y_.hi), std::max(view_y_.lo, view_y_.hi),
                              tick_target(axis_height_pt, 2 * kFontSize));
  x_ticks_ = ticks_within(xt, std::min(view_x_.lo, view_x_.hi), std::max(view_x_.lo, view_x_.hi));
  y_ticks_ = ticks_within(yt, std::min(view_y_.lo, view_y_.hi), std::max(view_y_.lo, view_y_.hi));
  x_digits_ = xt.fraction_digits;
  y_digits_ = yt.fraction_digits;
  x_tick_labels_.clear();
  y_tick_labels_.clear();
  for (double v : x_ticks_) x_tick_labels_.push_back(format_tick(v, x_digits_));
  for (double v : y_ticks_) y_tick_labels_.push_back(format_tick(v, y_digits_));
}

// ---- Figure -----------------------------------------------------------------------------------------------

Figure::Figure(double width_in, double height_in, double dpi) : width_in_(width_in), height_in_(height_in), dpi_(dpi) {
  if (!(width_in > 0) || !(height_in > 0) || !(dpi > 0) || width_in * dpi > 32767 || height_in * dpi > 32767) {
    raise("Figure: size {} x {} in at {} dpi is not a drawable size", width_in, height_in, dpi);
  }
  axes_.emplace_back();
}

void Figure::subplots(int rows, int cols) {
  if (rows < 1 || cols < 1 || rows * cols > 64) raise("Figure::subplots: {} x {} is not a usable grid", rows, cols);
  rows_ = rows;
  cols_ = cols;
  axes_.clear();
  for (int i = 0; i < rows * cols; ++i) axes_.emplace_back();
}

Axes& Figure::axes(int index) {
  if (index < 0 || index >= axes_count()) raise("Figure::axes: index {} out of range [0, {})", index, axes_count());
  return axes_[static_cast<size_t>(index)];
}

const Axes& Figure::axes(int index) const {
  if (index < 0 || index >= axes_count()) raise("Figure::axes: index {} out of range [0, {})", index, axes_count());
  return axes_[static_cast<size_t>(index)];
}

int Figure::width_px() const { return static_cast<int>(std::lround(width_in_ * dpi_)); }
int Figure::height_px() const { return static_cast<int>(std::lround(height_in_ * dpi_)); }

namespace {

// Where the legend box goes for a location, inside the plot area.
Rect legend_rect(const Rect& area, LegendLocation location, double width, double height, double pad) {
  switch (location) {
    case LegendLocation::upper_left: return {area.x + pad, area.y + pad, width, height};
    case LegendLocation::lower_left: return {area.x + pad, area.bottom() - pad - height, width, height};
    case LegendLocation::lower_right:
      return {area.right() - pad - width, area.bottom() - pad - height, width, height};
    case LegendLocation::upper_right:
    case LegendLocation::best: break;
  }
  return {area.right() - pad - width, area.y + pad, width, height};
}

bool inside(const Rect& r, double x, double y) { return x >= r.x && x <= r.right() && y >= r.y && y <= r.bottom(); }

// Whether segment (x0, y0)-(x1, y1) meets rectangle r (Liang-Barsky clipping).
bool segment_meets(const Rect& r, double x0, double y0, double x1, double y1) {
  double t0 = 0.0;
  double t1 = 1.0;
  const double dx = x1 - x0;
  const double dy = y1 - y0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0 - r.x, r.right() - x0, y0 - r.y, r.bottom() - y0};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0.0) {
      if (q[i] < 0.0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0.0) {
      t0 = std::max(t0, t);
    } else {
      t1 = std::min(t1, t);
    }
    if (t0 > t1) return false;
  }
  return true;
}

}  // namespace

void Figure::layout() {
  TextMeasurer measure;
  const double font_px = px(kFontSize);
  const double title_px = px(kTitleSize);
  const double pad = px(kLayoutPad);
  const double top_extra = suptitle_.empty() ? 0.0 : measure.measure(suptitle_, px(kSuptitleSize)).height() + pad / 2;
  const double cell_w = (width_px() - pad) / cols_;
  const double cell_h = (height_px() - pad - top_extra) / rows_;

  for (int i = 0; i < axes_count(); ++i) {
    Axes& a = axes_[static_cast<size_t>(i)];
    const int row = i / cols_;
    const int col = i % cols_;
    const Rect cell{pad + col * cell_w, pad + top_extra + row * cell_h, cell_w - pad, cell_h - pad};
    // Two passes: the tick count depends on the axis length, the margins on the tick labels.
    a.autoscale(cell.width * 0.8 / px(1.0), cell.height * 0.8 / px(1.0));
    for (int pass = 0; pass < 2; ++pass) {
      double ytick_w = 0;
      for (const auto& label : a.y_tick_labels_) ytick_w = std::max(ytick_w, measure.measure(label, font_px).width);
      const double text_h = measure.measure("0", font_px).height();
      const double tick_space = px(kTickLength) + px(kTickPad);
      const double left = ytick_w + tick_space + (a.ylabel_.empty() ? 0 : text_h + px(kLabelPad));
      const double bottom = tick_space + text_h + (a.xlabel_.empty() ? 0 : text_h + px(kLabelPad));
      const double top = a.title_.empty() ? 0 : measure.measure(a.title_, title_px).height() + px(kTitlePad);
      double right = 0;
      if (!a.x_tick_labels_.empty()) right = measure.measure(a.x_tick_labels_.back(), font_px).width / 2;
      a.area_ = {cell.x + left, cell.y + top, std::max(1.0, cell.width - left - right),
                 std::max(1.0, cell.height - top - bottom)};
      a.autoscale(a.area_.width / px(1.0), a.area_.height / px(1.0));
    }

    // Legend size and place.
    a.legend_box_.reset();
    const auto entries = a.legend_entries();
    if (a.legend_ && !entries.empty()) {
      double label_w = 0;
      for (const auto& e : entries) label_w = std::max(label_w, measure.measure(e.label, font_px).width);
      const double row_h = measure.measure("Mg", font_px).height();
      const double width = font_px * (2 * kLegendBorderPad + kLegendHandleLength + kLegendHandleTextPad) + label_w;
      const double height = font_px * 2 * kLegendBorderPad + row_h * static_cast<double>(entries.size()) +
                            font_px * kLegendLabelSpacing * static_cast<double>(entries.size() - 1);
      const double axes_pad = font_px * kLegendBorderAxesPad;
      LegendLocation location = *a.legend_;
      if (location == LegendLocation::best) {
        // matplotlib's 'best': the first of its candidate corners that covers the fewest data.
        const LegendLocation candidates[] = {LegendLocation::upper_right, LegendLocation::upper_left,
                                             LegendLocation::lower_left, LegendLocation::lower_right};
        double best_badness = std::numeric_limits<double>::infinity();
        for (LegendLocation candidate : candidates) {
          const Rect box = legend_rect(a.area_, candidate, width, height, axes_pad);
          double badness = 0;
          // As matplotlib: data vertices inside the box, plus one for every line that crosses it.
          for (const auto& line : a.lines_) {
            bool crosses = false;
            for (size_t k = 0; k < line.x.size(); ++k) {
              const double x = a.x_to_pixel(line.x[k]);
              const double y = a.y_to_pixel(line.y[k]);
              badness += inside(box, x, y);
              if (!crosses && k > 0) {
                crosses = segment_meets(box, a.x_to_pixel(line.x[k - 1]), a.y_to_pixel(line.y[k - 1]), x, y);
              }
            }
            badness += crosses;
          }
          for (const auto& bars : a.bars_) {
            for (size_t k = 0; k < bars.bins.heights.size(); ++k) {
              const double x0 = a.x_to_pixel(bars.bins.edges[k]);
              const double x1 = a.x_to_pixel(bars.bins.edges[k + 1]);
              const double top = a.y_to_pixel(bars.bins.heights[k]);
              const double overlap_w = std::max(0.0, std::min(x1, box.right()) - std::max(x0, box.x));
              const double overlap_h = std::max(0.0, box.bottom() - std::max(top, box.y));
              badness += overlap_w * overlap_h / std::max(1.0, box.width * box.height) * 100.0;
            }
          }
          for (const auto& ref : a.ref_lines_) {
            const double p = ref.horizontal ? a.y_to_pixel(ref.value) : a.x_to_pixel(ref.value);
            badness += ref.horizontal ? (p >= box.y && p <= box.bottom()) : (p >= box.x && p <= box.right());
          }
          if (badness < best_badness) {
            best_badness = badness;
            location = candidate;
          }
        }
      }
      a.legend_box_ = legend_rect(a.area_, location, width, height, axes_pad);
    }
  }
}

}  // namespace strata::plot
