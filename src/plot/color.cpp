#include "strata/plot/color.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

#include "strata/core/error.h"

namespace strata::plot {
namespace {

constexpr std::array<Color, 10> kTab10 = {
    Color::rgb8(0x1f, 0x77, 0xb4), Color::rgb8(0xff, 0x7f, 0x0e), Color::rgb8(0x2c, 0xa0, 0x2c),
    Color::rgb8(0xd6, 0x27, 0x28), Color::rgb8(0x94, 0x67, 0xbd), Color::rgb8(0x8c, 0x56, 0x4b),
    Color::rgb8(0xe3, 0x77, 0xc2), Color::rgb8(0x7f, 0x7f, 0x7f), Color::rgb8(0xbc, 0xbd, 0x22),
    Color::rgb8(0x17, 0xbe, 0xcf)};

constexpr std::array<std::string_view, 10> kTab10Names = {"blue", "orange", "green", "red",   "purple",
                                                          "brown", "pink", "gray",  "olive", "cyan"};

// CSS colour names a chart is likely to ask for (values from the CSS Color Module level 4 table).
constexpr std::pair<std::string_view, uint32_t> kNamed[] = {
    {"black", 0x000000},     {"white", 0xffffff},      {"red", 0xff0000},       {"darkred", 0x8b0000},
    {"green", 0x008000},     {"darkgreen", 0x006400},  {"lime", 0x00ff00},      {"blue", 0x0000ff},
    {"navy", 0x000080},      {"steelblue", 0x4682b4},  {"orange", 0xffa500},    {"purple", 0x800080},
    {"brown", 0xa52a2a},     {"pink", 0xffc0cb},       {"gray", 0x808080},      {"grey", 0x808080},
    {"lightgray", 0xd3d3d3}, {"lightgrey", 0xd3d3d3},  {"darkgray", 0xa9a9a9},  {"darkgrey", 0xa9a9a9},
    {"olive", 0x808000},     {"cyan", 0x00ffff},       {"magenta", 0xff00ff},   {"yellow", 0xffff00},
    {"gold", 0xffd700},      {"teal", 0x008080},       {"crimson", 0xdc143c},   {"tomato", 0xff6347},
    {"skyblue", 0x87ceeb},   {"silver", 0xc0c0c0},     {"indigo", 0x4b0082},    {"coral", 0xff7f50},
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Color tab10(int index) { return kTab10[static_cast<size_t>(((index % 10) + 10) % 10)]; }

Color Color::parse(std::string_view text) {
  if (!text.empty() && text[0] == '#' && (text.size() == 7 || text.size() == 9)) {
    uint8_t bytes[4] = {0, 0, 0, 255};
    bool ok = true;
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
      const int hi = hex_digit(text[i + 1]);
      const int lo = hex_digit(text[i + 2]);
      ok = ok && hi >= 0 && lo >= 0;
      if (ok) bytes[i / 2] = static_cast<uint8_t>(hi * 16 + lo);
    }
    if (ok) return {bytes[0] / 255.0, bytes[1] / 255.0, bytes[2] / 255.0, bytes[3] / 255.0};
  }
  if (text.size() == 2 && text[0] == 'C' && std::isdigit(static_cast<unsigned char>(text[1]))) {
    return tab10(text[1] - '0');
  }
  if (text.substr(0, 4) == "tab:") {
    for (size_t i = 0; i < kTab10Names.size(); ++i) {
      if (text.substr(4) == kTab10Names[i]) return kTab10[i];
    }
  }
  for (const auto& [name, rgb] : kNamed) {
    if (text == name) {
      return rgb8(static_cast<uint8_t>(rgb >> 16), static_cast<uint8_t>(rgb >> 8), static_cast<uint8_t>(rgb));
    }
  }
  raise("colour \"{}\" is not #rrggbb, #rrggbbaa, C0..C9, tab:<name> or a known CSS name", std::string(text));
}

}  // namespace strata::plot
