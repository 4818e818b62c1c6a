// Reading the SQL that SQLAlchemy emitted (../shared/seed/expected/<name>.<dialect>.sql, written by
// ../shared/seed/queries/seed_queries.py) so tests can compare Strata's compiled SQL with it.
#pragma once

#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "strata/orm/compiler.h"
#include "support/test_support.h"

namespace strata::orm::testing {

struct Captured {
  std::string sql;     // PostgreSQL: pyformat %(name)s already turned into $n, one number per bind name
  std::string params;  // Python repr of the parameters as a tuple in placeholder order: "(0, 0)", "(2,)", "()"
};

inline std::string python_tuple(const std::vector<std::string>& items) {
  if (items.empty()) return "()";
  if (items.size() == 1) return "(" + items[0] + ",)";
  std::string out = "(";
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + items[i];
  return out + ")";
}

// The Python repr of our bound values (ints, strings without quotes inside, bools, floats).
inline std::string python_repr(const std::vector<Value>& values) {
  std::vector<std::string> items;
  for (const Value& v : values) {
    items.push_back(std::visit(
        [](const auto& x) -> std::string {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, std::monostate>) {
            return "None";
          } else if constexpr (std::is_same_v<X, bool>) {
            return x ? "True" : "False";
          } else if constexpr (std::is_same_v<X, std::string>) {
            return "'" + x + "'";
          } else if constexpr (std::is_same_v<X, int32_t> || std::is_same_v<X, int64_t> ||
                               std::is_same_v<X, double>) {
            return fmt::format("{}", x);
          } else {
            return "<temporal>";
          }
        },
        v));
  }
  return python_tuple(items);
}

// Every statement of a capture file, in order.
inline std::vector<Captured> read_capture(const std::string& name, Dialect dialect) {
  const bool pg = dialect == Dialect::kPostgresql;
  const std::string path =
      (strata::testing::shared_dir() / "seed/expected" / (name + (pg ? ".postgresql.sql" : ".sqlite.sql"))).string();
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<Captured> out;
  std::string line;
  std::string current;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("-- statement", 0) == 0) {
      inside = true;
      current.clear();
    } else if (inside && line == ";") {
      inside = false;
      out.push_back(Captured{current.substr(0, current.size() - 1), ""});
    } else if (inside) {
      current += line + "\n";
    } else if (line.rfind("-- parameters: ", 0) == 0 && !out.empty()) {
      std::string params = line.substr(15);
      if (!pg) {
        out.back().params = params;
        continue;
      }
      // {'round_1': 0, 'param_1': 'x'} and %(round_1)s: number the names in order of first appearance.
      std::map<std::string, std::string> by_name;
      static const std::regex kItem(R"('(\w+)': ('[^']*'|[^,}]+))");
      for (std::sregex_iterator it(params.begin(), params.end(), kItem), end; it != end; ++it) {
        by_name[(*it)[1]] = (*it)[2];
      }
      static const std::regex kPlaceholder(R"(%\((\w+)\)s)");
      std::map<std::string, int> numbers;
      std::vector<std::string> ordered;
      std::string sql;
      std::string& text = out.back().sql;
      auto last = text.cbegin();
      for (std::sregex_iterator it(text.begin(), text.end(), kPlaceholder), end; it != end; ++it) {
        sql.append(last, (*it)[0].first);
        const std::string bind = (*it)[1];
        if (numbers.count(bind) == 0) {
          ordered.push_back(by_name[bind]);
          numbers[bind] = static_cast<int>(ordered.size());
        }
        sql += fmt::format("${}", numbers[bind]);
        last = (*it)[0].second;
      }
      sql.append(last, text.cend());
      for (size_t pos = 0; (pos = sql.find("%%", pos)) != std::string::npos; ++pos) sql.erase(pos, 1);
      text = sql;
      out.back().params = python_tuple(ordered);
    }
  }
  return out;
}

}  // namespace strata::orm::testing
