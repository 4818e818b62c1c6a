#include "pushdown.h"

#include <cmath>

#include "strata/core/error.h"
#include "strata/core/text_format.h"

namespace strata::parquet::internal {

using columnar::TypeId;

namespace {

bool is_number(const Literal& v) { return std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v); }
double as_double(const Literal& v) {
  return std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v)) : std::get<double>(v);
}

// "YYYY-MM-DD[THH:MM:SS[.f]]" to ticks of `ticks_per_second` (naive, or UTC).
std::optional<int64_t> parse_time_literal(const std::string& s, int64_t ticks_per_second) {
  int y, m, d, hh = 0, mm = 0, ss = 0;
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &m, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
  int64_t fraction_ticks = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || std::sscanf(s.c_str() + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3) return std::nullopt;
    if (s.size() > 19) {
      if (s[19] != '.') return std::nullopt;
      int64_t scale = ticks_per_second;
      for (size_t i = 20; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        scale /= 10;
        fraction_ticks += (s[i] - '0') * scale;
      }
    }
  }
  const int64_t days = text::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return (days * 86400 + hh * 3600 + mm * 60 + ss) * ticks_per_second + fraction_ticks;
}

}  // namespace

int compare_literals(const Literal& a, const Literal& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (std::holds_alternative<int64_t>(a) && std::holds_alternative<int64_t>(b)) return cmp(std::get<int64_t>(a), std::get<int64_t>(b));
  if (is_number(a) && is_number(b)) return cmp(as_double(a), as_double(b));
  if (std::holds_alternative<std::string>(a) && std::holds_alternative<std::string>(b)) {
    const int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (std::holds_alternative<bool>(a) && std::holds_alternative<bool>(b)) return cmp(std::get<bool>(a), std::get<bool>(b));
  raise("filter compares values of different kinds");
}

Literal coerce_literal(const Literal& value, const columnar::DataType& type, const std::string& column) {
  if (std::holds_alternative<std::monostate>(value)) return value;
  const columnar::DataType& t = type.id() == TypeId::kDictionary ? *type.value_type() : type;
  auto mismatch = [&]() -> Literal {
    raise<InvalidArgument>("filter on column \"{}\" of type {} cannot compare it with {}", column, t.to_string(),
                           std::visit([](const auto& x) -> std::string {
                             using T = std::decay_t<decltype(x)>;
                             if constexpr (std::is_same_v<T, std::string>) return "'" + x + "'";
                             else if constexpr (std::is_same_v<T, bool>) return x ? "true" : "false";
                             else if constexpr (std::is_same_v<T, std::monostate>) return "null";
                             else return std::to_string(x);
                           }, value));
  };
  if (t.is_integer() || t.id() == TypeId::kDecimal128) {
    if (is_number(value)) return value;
    return mismatch();
  }
  if (t.is_floating()) {
    if (is_number(value)) return as_double(value);
    return mismatch();
  }
  if (t.id() == TypeId::kBool) {
    if (std::holds_alternative<bool>(value)) return value;
    return mismatch();
  }
  if (t.is_binary_like() || t.id() == TypeId::kFixedSizeBinary) {
    if (std::holds_alternative<std::string>(value)) return value;
    return mismatch();
  }
  if (t.id() == TypeId::kDate32 || t.id() == TypeId::kTimestamp) {
    if (std::holds_alternative<int64_t>(value)) return value;
    if (auto* s = std::get_if<std::string>(&value)) {
      if (t.id() == TypeId::kDate32) {
        auto ticks = parse_time_literal(*s, 1);
        if (ticks && s->size() == 10) return *ticks / 86400;
      } else if (auto ticks = parse_time_literal(*s, columnar::ticks_per_second(t.unit()))) {
        return *ticks;
      }
    }
    return mismatch();
  }
  return mismatch();
}

Filter bind_filter(const Filter& filter, const columnar::Schema& schema) {
  Filter out = filter;
  for (auto& conjunction : out.disjuncts) {
    for (auto& p : conjunction) {
      const int i = schema.require_field_index(p.column);
      for (auto& v : p.values) v = coerce_literal(v, *schema.field(i)->type(), p.column);
    }
  }
  return out;
}

namespace {

Truth evaluate_predicate(const Predicate& p, const std::optional<StatsView>& s) {
  if (!s) return Truth::kUnknown;
  const bool all_null = s->null_count && *s->null_count == s->num_values;
  const bool no_nulls = s->null_count && *s->null_count == 0;
  if (p.op == FilterOp::kIsNull) {
    if (no_nulls) return Truth::kAlwaysFalse;
    if (all_null) return Truth::kAlwaysTrue;
    return Truth::kUnknown;
  }
  if (p.op == FilterOp::kIsNotNull) {
    if (all_null) return Truth::kAlwaysFalse;
    if (no_nulls) return Truth::kAlwaysTrue;
    return Truth::kUnknown;
  }
  if (all_null) return Truth::kAlwaysFalse;
  for (const auto& v : p.values) {
    if (std::holds_alternative<std::monostate>(v) && p.op != FilterOp::kIn && p.op != FilterOp::kNotIn) {
      return Truth::kAlwaysFalse;  // a comparison with null is never true
    }
  }
  if (!s->min || !s->max) return Truth::kUnknown;
  const Literal& lo = *s->min;
  const Literal& hi = *s->max;
  auto cmp = [](const Literal& a, const Literal& b) { return compare_literals(a, b); };
  const bool single = cmp(lo, hi) == 0;
  switch (p.op) {
    case FilterOp::kEq: {
      const Literal& v = p.values[0];
      if (cmp(v, lo) < 0 || cmp(v, hi) > 0) return Truth::kAlwaysFalse;
      if (single && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    }
    case FilterOp::kNe: {
      const Literal& v = p.values[0];
      if (single && cmp(v, lo) == 0) return Truth::kAlwaysFalse;
      if ((cmp(v, lo) < 0 || cmp(v, hi) > 0) && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    }
    case FilterOp::kLt:
      if (cmp(lo, p.values[0]) >= 0) return Truth::kAlwaysFalse;
      if (cmp(hi, p.values[0]) < 0 && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    case FilterOp::kLe:
      if (cmp(lo, p.values[0]) > 0) return Truth::kAlwaysFalse;
      if (cmp(hi, p.values[0]) <= 0 && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    case FilterOp::kGt:
      if (cmp(hi, p.values[0]) <= 0) return Truth::kAlwaysFalse;
      if (cmp(lo, p.values[0]) > 0 && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    case FilterOp::kGe:
      if (cmp(hi, p.values[0]) < 0) return Truth::kAlwaysFalse;
      if (cmp(lo, p.values[0]) >= 0 && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    case FilterOp::kIn: {
      bool any_inside = false;
      for (const auto& v : p.values) {
        if (std::holds_alternative<std::monostate>(v)) continue;
        if (cmp(v, lo) >= 0 && cmp(v, hi) <= 0) any_inside = true;
      }
      if (!any_inside) return Truth::kAlwaysFalse;
      if (single && no_nulls) return Truth::kAlwaysTrue;
      return Truth::kUnknown;
    }
    case FilterOp::kNotIn: {
      if (single) {
        for (const auto& v : p.values) {
          if (!std::holds_alternative<std::monostate>(v) && cmp(v, lo) == 0) return Truth::kAlwaysFalse;
        }
      }
      return Truth::kUnknown;
    }
    default: return Truth::kUnknown;
  }
}

}  // namespace

Truth evaluate(const Filter& filter, const StatsLookup& stats) {
  if (filter.empty()) return Truth::kAlwaysTrue;
  bool all_false = true;
  bool any_true = false;
  for (const auto& conjunction : filter.disjuncts) {
    bool conj_false = false;
    bool conj_true = true;
    for (const auto& p : conjunction) {
      const Truth t = evaluate_predicate(p, stats(p.column));
      if (t == Truth::kAlwaysFalse) {
        conj_false = true;
        break;
      }
      if (t != Truth::kAlwaysTrue) conj_true = false;
    }
    if (!conj_false) all_false = false;
    if (!conj_false && conj_true) any_true = true;
  }
  if (all_false) return Truth::kAlwaysFalse;
  if (any_true) return Truth::kAlwaysTrue;
  return Truth::kUnknown;
}

}  // namespace strata::parquet::internal
