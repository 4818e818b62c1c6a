// Reading the SQL that SQLAlchemy emitted (../shared/seed/expected/<name>.<dialect>.sql, written by
// ../shared/seed/queries/seed_queries.py) so tests can compare Strata's compiled SQL with it.
#pragma once

#include <fstream>
#include <map>
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
      // (Parsed by hand: std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizer build.)
      std::map<std::string, std::string> by_name;
      for (size_t pos = params.find('\''); pos != std::string::npos && pos < params.size();) {
        const size_t name_end = params.find('\'', pos + 1);
        const std::string bind = params.substr(pos + 1, name_end - pos - 1);
        size_t value_begin = name_end + 3;  // past "': "
        size_t value_end;
        if (params[value_begin] == '\'') {
          value_end = params.find('\'', value_begin + 1) + 1;
        } else {
          value_end = params.find_first_of(",}", value_begin);
        }
        by_name[bind] = params.substr(value_begin, value_end - value_begin);
        pos = params.find('\'', value_end);
      }
      std::map<std::string, int> numbers;
      std::vector<std::string> ordered;
      std::string sql;
      const std::string& text = out.back().sql;
      size_t last = 0;
      for (size_t at = text.find("%("); at != std::string::npos; at = text.find("%(", last)) {
        const size_t close = text.find(")s", at);
        sql.append(text, last, at - last);
        const std::string bind = text.substr(at + 2, close - at - 2);
        if (numbers.count(bind) == 0) {
          ordered.push_back(by_name[bind]);
          numbers[bind] = static_cast<int>(ordered.size());
        }
        sql += fmt::format("${}", numbers[bind]);
        last = close + 2;
      }
      sql.append(text, last, std::string::npos);
      for (size_t pos = 0; (pos = sql.find("%%", pos)) != std::string::npos; ++pos) sql.erase(pos, 1);
      out.back().sql = sql;
      out.back().params = python_tuple(ordered);
    }
  }
  return out;
}

}  // namespace strata::orm::testing
