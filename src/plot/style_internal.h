// matplotlib's default sizes (its rcParams), in points, and the text measurer shared by layout and
// rendering. Private to plot/.
#pragma once

#include <memory>
#include <string>

#include <cairo.h>

namespace strata::plot::detail {

inline constexpr const char* kFontFamily = "DejaVu Sans";
inline constexpr double kFontSize = 10.0;        // font.size; tick labels, axis labels, legend
inline constexpr double kTitleSize = 12.0;       // axes.titlesize 'large'
inline constexpr double kSuptitleSize = 12.0;    // figure.titlesize 'large'
inline constexpr double kTickLength = 3.5;       // xtick.major.size
inline constexpr double kTickWidth = 0.8;        // xtick.major.width
inline constexpr double kTickPad = 3.5;          // xtick.major.pad
inline constexpr double kSpineWidth = 0.8;       // axes.linewidth
inline constexpr double kLabelPad = 4.0;         // axes.labelpad
inline constexpr double kTitlePad = 6.0;         // axes.titlepad
inline constexpr double kLayoutPad = 1.08 * kFontSize;  // tight_layout(pad=1.08) in font-size units
inline constexpr double kMargin = 0.05;          // axes.xmargin, axes.ymargin
// Legend, in font-size units: legend.borderpad, labelspacing, handlelength, handletextpad, borderaxespad.
inline constexpr double kLegendBorderPad = 0.4;
inline constexpr double kLegendLabelSpacing = 0.5;
inline constexpr double kLegendHandleLength = 2.0;
inline constexpr double kLegendHandleTextPad = 0.8;
inline constexpr double kLegendBorderAxesPad = 0.5;
inline constexpr double kLegendFrameAlpha = 0.8;

struct TextExtents {
  double width = 0;    // advance width, pixels
  double ascent = 0;   // font ascent, pixels
  double descent = 0;  // font descent, pixels
  double height() const { return ascent + descent; }
};

// Measures text with cairo's toy font API on a 1x1 scratch surface.
class TextMeasurer {
 public:
  TextMeasurer();
  ~TextMeasurer();
  TextMeasurer(const TextMeasurer&) = delete;
  TextMeasurer& operator=(const TextMeasurer&) = delete;
  TextExtents measure(const std::string& text, double size_px);

 private:
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

// Select DejaVu Sans at size_px on cr.
void set_font(cairo_t* cr, double size_px);

}  // namespace strata::plot::detail
