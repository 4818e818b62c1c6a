// Text for HTML/XML content and attribute values: & < > " written as entities (the SVG charts' titles, the
// tour's HTML report).
#pragma once

#include <string>
#include <string_view>

namespace strata::text {

inline std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace strata::text
