// Colours for charts: RGBA in [0, 1], parsed from "#rrggbb", "#rrggbbaa", CSS names, matplotlib's "C0".."C9"
// and "tab:blue".."tab:cyan". Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace strata::plot {

struct Color {
  double r = 0;
  double g = 0;
  double b = 0;
  double a = 1;

  // Throws InvalidArgument naming the text when it is not a colour.
  static Color parse(std::string_view text);
  static constexpr Color rgb8(uint8_t r, uint8_t g, uint8_t b) { return {r / 255.0, g / 255.0, b / 255.0, 1.0}; }
  constexpr Color with_alpha(double alpha) const { return {r, g, b, a * alpha}; }
  friend constexpr bool operator==(const Color&, const Color&) = default;
};

// matplotlib's default colour cycle (the tab10 palette); index taken modulo 10.
Color tab10(int index);

}  // namespace strata::plot
