#include "strata/parquet/filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::parquet {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Filter parse() {
    Filter f;
    f.disjuncts.push_back(parse_conjunction());
    while (keyword("or")) f.disjuncts.push_back(parse_conjunction());
    skip_space();
    if (pos_ != text_.size()) fail("expected 'and', 'or' or the end");
    return f;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    raise<InvalidArgument>("filter \"{}\": at character {}: {}", text_, pos_ + 1, why);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool keyword(std::string_view word) {
    skip_space();
    if (text_.size() - pos_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + i])) != word[i]) return false;
    }
    const size_t end = pos_ + word.size();
    if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_')) return false;
    pos_ = end;
    return true;
  }

  bool symbol(std::string_view s) {
    skip_space();
    if (text_.substr(pos_, s.size()) == s) {
      pos_ += s.size();
      return true;
    }
    return false;
  }

  std::string identifier() {
    skip_space();
    if (pos_ < text_.size() && (text_[pos_] == '`' || text_[pos_] == '"')) {
      const char quote = text_[pos_++];
      const size_t end = text_.find(quote, pos_);
      if (end == std::string_view::npos) fail("unclosed quoted column name");
      std::string name(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return name;
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                                   text_[pos_] == '.')) {
      ++pos_;
    }
    if (start == pos_) fail("expected a column name");
    return std::string(text_.substr(start, pos_ - start));
  }

  Literal literal() {
    skip_space();
    if (pos_ >= text_.size()) fail("expected a value");
    const char c = text_[pos_];
    if (c == '\'' || c == '"') {
      ++pos_;
      std::string s;
      while (true) {
        if (pos_ >= text_.size()) fail("unclosed string");
        if (text_[pos_] == c) {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == c) {  // doubled quote
            s += c;
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        s += text_[pos_++];
      }
      return s;
    }
    if (keyword("true")) return true;
    if (keyword("false")) return false;
    if (keyword("null")) return std::monostate{};
    const size_t start = pos_;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '-' ||
                                   text_[pos_] == '+' || text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
    }
    std::string_view number = text_.substr(start, pos_ - start);
    if (number.empty()) fail("expected a value (a number, true, false, null or a quoted string)");
    int64_t i;
    auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), i);
    if (ec == std::errc() && p == number.data() + number.size()) return i;
    double d;
    auto [q, ec2] = std::from_chars(number.data(), number.data() + number.size(), d);
    if (ec2 == std::errc() && q == number.data() + number.size()) return d;
    pos_ = start;
    fail(fmt::format("\"{}\" is not a number", number));
  }

  Predicate predicate() {
    Predicate p;
    p.column = identifier();
    if (keyword("is")) {
      const bool negated = keyword("not");
      if (!keyword("null")) fail("expected 'null' after 'is'");
      p.op = negated ? FilterOp::kIsNotNull : FilterOp::kIsNull;
      return p;
    }
    bool negated_in = false;
    if (keyword("not")) {
      negated_in = true;
      if (!keyword("in")) fail("expected 'in' after 'not'");
    }
    if (negated_in || keyword("in")) {
      p.op = negated_in ? FilterOp::kNotIn : FilterOp::kIn;
      if (!symbol("(")) fail("expected '(' after 'in'");
      if (!symbol(")")) {
        do {
          p.values.push_back(literal());
        } while (symbol(","));
        if (!symbol(")")) fail("expected ',' or ')'");
      }
      return p;
    }
    if (symbol("==") || symbol("=")) {
      p.op = FilterOp::kEq;
    } else if (symbol("!=") || symbol("<>")) {
      p.op = FilterOp::kNe;
    } else if (symbol("<=")) {
      p.op = FilterOp::kLe;
    } else if (symbol(">=")) {
      p.op = FilterOp::kGe;
    } else if (symbol("<")) {
      p.op = FilterOp::kLt;
    } else if (symbol(">")) {
      p.op = FilterOp::kGt;
    } else {
      fail("expected an operator (= != < <= > >= in, not in, is null)");
    }
    p.values.push_back(literal());
    return p;
  }

  Conjunction parse_conjunction() {
    Conjunction c;
    c.push_back(predicate());
    while (keyword("and")) c.push_back(predicate());
    return c;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::string literal_text(const Literal& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          std::string quoted = "'";
          for (char c : x) {
            quoted += c;
            if (c == '\'') quoted += '\'';  // doubled, as parse_filter reads it back
          }
          return quoted + "'";
        } else if constexpr (std::is_same_v<T, double>) {
          // -0.0 prints as "-0", which parses back as the integer 0: keep it a float.
          if (x == 0 && std::signbit(x)) return "-0.0";
          return fmt::format("{}", x);
        } else {
          return fmt::format("{}", x);
        }
      },
      v);
}

const char* op_text(FilterOp op) {
  switch (op) {
    case FilterOp::kEq: return "=";
    case FilterOp::kNe: return "!=";
    case FilterOp::kLt: return "<";
    case FilterOp::kLe: return "<=";
    case FilterOp::kGt: return ">";
    case FilterOp::kGe: return ">=";
    case FilterOp::kIn: return "in";
    case FilterOp::kNotIn: return "not in";
    case FilterOp::kIsNull: return "is null";
    case FilterOp::kIsNotNull: return "is not null";
  }
  return "?";
}

}  // namespace

Filter parse_filter(std::string_view text) {
  Parser parser(text);
  return parser.parse();
}

std::vector<std::string> Filter::columns() const {
  std::vector<std::string> out;
  for (const auto& c : disjuncts) {
    for (const auto& p : c) {
      if (std::find(out.begin(), out.end(), p.column) == out.end()) out.push_back(p.column);
    }
  }
  return out;
}

std::string Filter::to_string() const {
  std::string out;
  for (size_t d = 0; d < disjuncts.size(); ++d) {
    if (d) out += " or ";
    for (size_t i = 0; i < disjuncts[d].size(); ++i) {
      const auto& p = disjuncts[d][i];
      if (i) out += " and ";
      bool plain = !p.column.empty();
      for (char c : p.column) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
      out += plain ? p.column : "`" + p.column + "`";
      out += ' ';
      out += op_text(p.op);
      if (p.op == FilterOp::kIn || p.op == FilterOp::kNotIn) {
        out += " (";
        for (size_t k = 0; k < p.values.size(); ++k) {
          if (k) out += ", ";
          out += literal_text(p.values[k]);
        }
        out += ')';
      } else if (!p.values.empty()) {
        out += ' ';
        out += literal_text(p.values[0]);
      }
    }
  }
  return out;
}

}  // namespace strata::parquet
