// Drawing a laid-out Figure with cairo, and saving it as PNG or SVG (atomically: a temporary file renamed
// into place).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <system_error>

#include <cairo-svg.h>
#include <cairo.h>

#include "plot/style_internal.h"
#include "strata/core/error.h"
#include "strata/core/xml_escape.h"
#include "strata/plot/figure.h"

namespace strata::plot {

using namespace detail;

struct Renderer {
  const Figure& fig;
  cairo_t* cr;

  double px(double points) const { return fig.px(points); }

  void set_color(const Color& c) const { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

  // matplotlib's dash patterns in units of the line width (lines.scale_dashes).
  void set_dash(Dash dash, double width_px) const {
    const double unit = std::max(width_px, px(1.0) * 0.5);
    switch (dash) {
      case Dash::solid: cairo_set_dash(cr, nullptr, 0, 0); return;
      case Dash::dashed: {
        const double d[] = {3.7 * unit, 1.6 * unit};
        cairo_set_dash(cr, d, 2, 0);
        return;
      }
      case Dash::dotted: {
        const double d[] = {1.0 * unit, 1.65 * unit};
        cairo_set_dash(cr, d, 2, 0);
        return;
      }
      case Dash::dash_dot: {
        const double d[] = {6.4 * unit, 1.6 * unit, 1.0 * unit, 1.6 * unit};
        cairo_set_dash(cr, d, 4, 0);
        return;
      }
    }
  }

  void stroke_style(const Color& c, double width_pt, Dash dash) const {
    set_color(c);
    const double w = px(width_pt);
    cairo_set_line_width(cr, w);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, dash == Dash::solid ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT);
    set_dash(dash, w);
  }

  // Text with its left end of the baseline at (x, y).
  void text(const std::string& s, double x, double y, double size_px, const Color& c = {0, 0, 0, 1}) const {
    set_font(cr, size_px);
    set_color(c);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, s.c_str());
  }

  // Snap a coordinate so that a line of width w covers whole pixels (crisp spines and ticks).
  static double snap(double v, double w) {
    const auto n = std::lround(w);
    return (n % 2 == 1) ? std::floor(v) + 0.5 : std::round(v);
  }

  void draw_axes(const Axes& a) const {
    TextMeasurer measure;
    const Rect r = a.area_;
    const double font_px = px(kFontSize);

    // Axes background.
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_fill(cr);

    // Data, clipped to the axes: bars (zorder 1) first, then lines and reference lines in the order given.
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.width, r.height);
    cairo_clip(cr);
    for (const auto& [kind, index] : a.order_) {
      if (kind != 1) continue;
      const Axes::Bars& b = a.bars_[index];
      const Color face = b.color.with_alpha(b.style.alpha);
      for (size_t k = 0; k < b.bins.heights.size(); ++k) {
        const double x0 = a.x_to_pixel(b.bins.edges[k]);
        const double x1 = a.x_to_pixel(b.bins.edges[k + 1]);
        const double y0 = a.y_to_pixel(0.0);
        const double y1 = a.y_to_pixel(b.bins.heights[k]);
        cairo_rectangle(cr, x0, y1, x1 - x0, y0 - y1);
        set_color(face);
        if (b.style.edge_color) {
          cairo_fill_preserve(cr);
          stroke_style(b.style.edge_color->with_alpha(b.style.alpha), b.style.edge_width, Dash::solid);
          cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
          cairo_stroke(cr);
        } else {
          cairo_fill(cr);
        }
      }
    }
    for (const auto& [kind, index] : a.order_) {
      if (kind == 0) {
        const Axes::Line& l = a.lines_[index];
        if (l.x.empty()) continue;
        stroke_style(l.color.with_alpha(l.style.alpha), l.style.width, l.style.dash);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        bool pen_down = false;
        for (size_t k = 0; k < l.x.size(); ++k) {
          const double x = a.x_to_pixel(l.x[k]);
          const double y = a.y_to_pixel(l.y[k]);
          if (!std::isfinite(x) || !std::isfinite(y)) {
            pen_down = false;
            continue;
          }
          pen_down ? cairo_line_to(cr, x, y) : cairo_move_to(cr, x, y);
          pen_down = true;
        }
        cairo_stroke(cr);
      } else if (kind == 2) {
        const Axes::RefLine& ref = a.ref_lines_[index];
        stroke_style(ref.color.with_alpha(ref.style.alpha), ref.style.width, ref.style.dash);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        if (ref.horizontal) {
          const double y = a.y_to_pixel(ref.value);
          cairo_move_to(cr, r.x, y);
          cairo_line_to(cr, r.right(), y);
        } else {
          const double x = a.x_to_pixel(ref.value);
          cairo_move_to(cr, x, r.bottom());
          cairo_line_to(cr, x, r.y);
        }
        cairo_stroke(cr);
      }
    }
    cairo_restore(cr);
    cairo_set_dash(cr, nullptr, 0, 0);

    // Ticks and tick labels.
    const Color black{0, 0, 0, 1};
    const double tick_w = px(kTickWidth);
    const double tick_len = px(kTickLength);
    const double tick_pad = px(kTickPad);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_width(cr, tick_w);
    set_color(black);
    const TextExtents digit = measure.measure("0", font_px);
    for (size_t k = 0; k < a.x_ticks_.size(); ++k) {
      const double x = snap(a.x_to_pixel(a.x_ticks_[k]), tick_w);
      cairo_move_to(cr, x, r.bottom());
      cairo_line_to(cr, x, r.bottom() + tick_len);
      cairo_stroke(cr);
      const TextExtents e = measure.measure(a.x_tick_labels_[k], font_px);
      text(a.x_tick_labels_[k], x - e.width / 2, r.bottom() + tick_len + tick_pad + digit.ascent, font_px);
    }
    for (size_t k = 0; k < a.y_ticks_.size(); ++k) {
      const double y = snap(a.y_to_pixel(a.y_ticks_[k]), tick_w);
      set_color(black);
      cairo_move_to(cr, r.x, y);
      cairo_line_to(cr, r.x - tick_len, y);
      cairo_stroke(cr);
      const TextExtents e = measure.measure(a.y_tick_labels_[k], font_px);
      // Centred on the tick: baseline at tick + (ascent - descent) / 2.
      text(a.y_tick_labels_[k], r.x - tick_len - tick_pad - e.width, y + (e.ascent - e.descent) / 2, font_px);
    }

    // Spines.
    set_color(black);
    const double sw = px(kSpineWidth);
    cairo_set_line_width(cr, sw);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_rectangle(cr, snap(r.x, sw), snap(r.y, sw), snap(r.right(), sw) - snap(r.x, sw),
                    snap(r.bottom(), sw) - snap(r.y, sw));
    cairo_stroke(cr);

    // Axis labels and title.
    if (!a.xlabel_.empty()) {
      const TextExtents e = measure.measure(a.xlabel_, font_px);
      const double y = r.bottom() + tick_len + tick_pad + digit.height() + px(kLabelPad) + e.ascent;
      text(a.xlabel_, r.x + (r.width - e.width) / 2, y, font_px);
    }
    if (!a.ylabel_.empty()) {
      double ytick_w = 0;
      for (const auto& label : a.y_tick_labels_) ytick_w = std::max(ytick_w, measure.measure(label, font_px).width);
      const TextExtents e = measure.measure(a.ylabel_, font_px);
      const double x = r.x - tick_len - tick_pad - ytick_w - px(kLabelPad) - e.descent;
      cairo_save(cr);
      cairo_translate(cr, x, r.y + (r.height + e.width) / 2);
      cairo_rotate(cr, -std::numbers::pi / 2);
      text(a.ylabel_, 0, 0, font_px);
      cairo_restore(cr);
    }
    if (!a.title_.empty()) {
      const double title_px = px(kTitleSize);
      const TextExtents e = measure.measure(a.title_, title_px);
      text(a.title_, r.x + (r.width - e.width) / 2, r.y - px(kTitlePad) - e.descent, title_px);
    }

    if (a.legend_box_) draw_legend(a, *a.legend_box_, measure);
  }

  void draw_legend(const Axes& a, const Rect& box, TextMeasurer& measure) const {
    const double font_px = px(kFontSize);
    // Frame: white at 80% opacity, light grey edge, rounded corners (legend.fancybox).
    const double radius = 0.2 * font_px;
    cairo_new_sub_path(cr);
    cairo_arc(cr, box.right() - radius, box.y + radius, radius, -std::numbers::pi / 2, 0);
    cairo_arc(cr, box.right() - radius, box.bottom() - radius, radius, 0, std::numbers::pi / 2);
    cairo_arc(cr, box.x + radius, box.bottom() - radius, radius, std::numbers::pi / 2, std::numbers::pi);
    cairo_arc(cr, box.x + radius, box.y + radius, radius, std::numbers::pi, 3 * std::numbers::pi / 2);
    cairo_close_path(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, kLegendFrameAlpha);
    cairo_fill_preserve(cr);
    cairo_set_source_rgba(cr, 0.8, 0.8, 0.8, kLegendFrameAlpha);
    cairo_set_line_width(cr, px(1.0));
    cairo_stroke(cr);

    const double row_h = measure.measure("Mg", font_px).height();
    const double spacing = font_px * kLegendLabelSpacing;
    double y = box.y + font_px * kLegendBorderPad;
    const double handle_x = box.x + font_px * kLegendBorderPad;
    const double handle_w = font_px * kLegendHandleLength;
    for (const auto& e : a.legend_entries()) {
      const double mid = y + row_h / 2;
      if (e.patch) {
        cairo_rectangle(cr, handle_x, y + row_h * 0.15, handle_w, row_h * 0.7);
        set_color(e.color);
        cairo_fill_preserve(cr);
        if (e.edge) {
          stroke_style(*e.edge, e.width, Dash::solid);
          cairo_stroke(cr);
        } else {
          cairo_new_path(cr);
        }
      } else {
        stroke_style(e.color, e.width, e.dash);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_move_to(cr, handle_x, mid);
        cairo_line_to(cr, handle_x + handle_w, mid);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
      }
      const TextExtents t = measure.measure(e.label, font_px);
      text(e.label, handle_x + handle_w + font_px * kLegendHandleTextPad, y + t.ascent, font_px);
      y += row_h + spacing;
    }
  }

  void draw() const {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    if (!fig.suptitle_.empty()) {
      TextMeasurer measure;
      const double size = px(kSuptitleSize);
      const TextExtents e = measure.measure(fig.suptitle_, size);
      text(fig.suptitle_, (fig.width_px() - e.width) / 2, px(kLayoutPad) + e.ascent, size);
    }
    for (const Axes& a : fig.axes_) draw_axes(a);
  }
};

namespace {

std::filesystem::path temporary_sibling(const std::filesystem::path& path) {
  std::random_device device;
  return path.string() + ".tmp-" + std::to_string(device());
}

void commit_file(const std::filesystem::path& tmp, const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    raise<IoError>("plot: cannot rename the finished image to \"{}\": {}", path.string(), ec.message());
  }
}

void check_cairo(cairo_status_t status, const std::filesystem::path& tmp, const std::filesystem::path& path,
                 const char* what) {
  if (status == CAIRO_STATUS_SUCCESS) return;
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  raise<IoError>("plot: cannot write {} \"{}\": cairo: {}", what, path.string(), cairo_status_to_string(status));
}

}  // namespace

void Figure::save_png(const std::filesystem::path& path) {
  layout();
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_px(), height_px());
  cairo_t* cr = cairo_create(surface);
  Renderer{*this, cr}.draw();
  const cairo_status_t draw_status = cairo_status(cr);
  cairo_destroy(cr);
  const auto tmp = temporary_sibling(path);
  const cairo_status_t write_status =
      draw_status != CAIRO_STATUS_SUCCESS ? draw_status : cairo_surface_write_to_png(surface, tmp.c_str());
  cairo_surface_destroy(surface);
  check_cairo(write_status, tmp, path, "PNG");
  commit_file(tmp, path);
}

void Figure::save_svg(const std::filesystem::path& path) {
  layout();
  const auto tmp = temporary_sibling(path);
  // Sized in points like matplotlib's SVG (72 per inch), drawn in the PNG's pixel coordinates.
  cairo_surface_t* surface = cairo_svg_surface_create(tmp.c_str(), width_in_ * 72.0, height_in_ * 72.0);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, 72.0 / dpi_, 72.0 / dpi_);
  Renderer{*this, cr}.draw();
  const cairo_status_t draw_status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  check_cairo(draw_status != CAIRO_STATUS_SUCCESS ? draw_status : surface_status, tmp, path, "SVG");

  // Glyphs are outlines; say in words what the figure shows: <title> and <desc> after the <svg> tag.
  std::string svg;
  {
    std::ifstream in(tmp, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    svg = buffer.str();
  }
  const size_t svg_tag = svg.find("<svg");
  const size_t tag_end = svg_tag == std::string::npos ? std::string::npos : svg.find('>', svg_tag);
  if (tag_end == std::string::npos) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw FormatError(tmp.string(), std::nullopt, "cairo wrote no <svg> element");
  }
  std::string title = suptitle_;
  std::string desc;
  for (const Axes& a : axes_) {
    if (!a.title().empty()) title += (title.empty() ? "" : " | ") + a.title();
    for (const std::string* s : {&a.title(), &a.xlabel(), &a.ylabel()}) {
      if (!s->empty()) desc += (desc.empty() ? "" : "; ") + *s;
    }
    for (const auto& e : a.legend_entries()) desc += (desc.empty() ? "" : "; ") + e.label;
  }
  svg.insert(tag_end + 1,
             "\n<title>" + text::xml_escape(title) + "</title>\n<desc>" + text::xml_escape(desc) + "</desc>");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << svg;
    out.close();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      raise<IoError>("plot: cannot write SVG \"{}\"", tmp.string());
    }
  }
  commit_file(tmp, path);
}

}  // namespace strata::plot
