#include "strata/columnar/pretty_print.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ostream>

#include "strata/core/text_format.h"

namespace strata::columnar {

namespace {

// One shown cell: the array holding it and the index within that array (dictionaries already resolved).
struct CellRef {
  Array array;
  int64_t index;
  bool null;
};

// Characters on screen for UTF-8 text (code points; wide characters are not special-cased).
int64_t display_width(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cut(std::string s, int max_width) {
  if (max_width <= 3 || display_width(s) <= max_width) return s;
  // Keep max_width - 3 code points.
  int64_t kept = 0;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && kept++ == max_width - 3) break;
  }
  s.resize(i);
  return s + "...";
}

template <typename T>
T load(const Array& a, int64_t i) {
  T v;
  std::memcpy(&v, a.data()->buffers[1]->data() + (a.offset() + i) * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

// IEEE half to double (exact).
double half_to_double(uint16_t h) {
  const int exp = (h >> 10) & 0x1f;
  const int frac = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(frac, -24);
  } else if (exp == 0x1f) {
    v = frac != 0 ? std::nan("") : HUGE_VAL;
  } else {
    v = std::ldexp(1024 + frac, exp - 25);
  }
  return (h & 0x8000) != 0 ? -v : v;
}

double load_float(const Array& a, int64_t i) {
  switch (a.type_id()) {
    case TypeId::kFloat16: return half_to_double(load<uint16_t>(a, i));
    case TypeId::kFloat32: return static_cast<double>(load<float>(a, i));
    default: return load<double>(a, i);
  }
}

bool is_decimal_number(const std::string& s) {
  // ^\s*[+-]?[0-9]+\.[0-9]*$ as pandas' _trim_zeros_float checks.
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t digits_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits_start || i >= s.size() || s[i] != '.') return false;
  ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i == s.size();
}

// pandas FloatArrayFormatter with float_format None.
std::vector<std::string> format_floats(const std::vector<CellRef>& cells, int precision) {
  std::vector<std::string> out(cells.size());
  auto fixed = [&](double v) {
    if (std::isnan(v)) return std::string("NaN");
    if (std::isinf(v)) return std::string(v > 0 ? " inf" : "-inf");
    return fmt::format("{: .{}f}", v, precision);
  };
  bool has_large = false, has_small = false;
  for (size_t k = 0; k < cells.size(); ++k) {
    if (cells[k].null) {
      out[k] = "NaN";
      continue;
    }
    const double v = load_float(cells[k].array, cells[k].index);
    out[k] = fixed(v);
    const double a = std::fabs(v);
    if (std::isfinite(a)) {
      has_large |= a > 1e6;
      has_small |= a > 0 && a < std::pow(10.0, -precision);
    }
  }
  // Trim trailing zeros by the same amount everywhere, keeping one decimal.
  for (;;) {
    bool any = false, all_zero = true;
    for (const auto& s : out) {
      if (!is_decimal_number(s)) continue;
      any = true;
      all_zero &= s.back() == '0';
    }
    if (!any || !all_zero) break;
    for (auto& s : out) {
      if (is_decimal_number(s)) s.pop_back();
    }
  }
  size_t max_len = 0;
  for (auto& s : out) {
    if (is_decimal_number(s) && s.back() == '.') s += '0';
    max_len = std::max(max_len, s.size());
  }
  const bool too_long = static_cast<int>(max_len) > precision + 6;
  if (has_small || (too_long && has_large)) {
    for (size_t k = 0; k < cells.size(); ++k) {
      if (cells[k].null) continue;
      const double v = load_float(cells[k].array, cells[k].index);
      if (std::isfinite(v)) out[k] = fmt::format("{: .{}e}", v, precision);
    }
  }
  return out;
}

std::vector<std::string> format_timestamps(const std::vector<CellRef>& cells, const DataType& type) {
  const int64_t tps = ticks_per_second(type.unit());
  const int64_t ticks_per_day = tps * 86400;
  const bool zoned = !type.timezone().empty();
  // Fraction digits the shown values need (0, 3, 6, 9), and whether all are midnights.
  int digits = 0;
  bool dates_only = !zoned;
  for (const auto& c : cells) {
    if (c.null) continue;
    const int64_t v = load<int64_t>(c.array, c.index);
    int64_t frac = v % tps;
    if (frac < 0) frac += tps;
    if (v % ticks_per_day != 0) dates_only = false;
    for (int d = digits; d < 9 && frac != 0; d += 3) {
      // Ticks per unit of the last shown digit at `d` digits.
      int64_t per = tps;
      for (int k = 0; k < d; ++k) per /= 10;
      if (per > 0 && frac % per == 0) break;
      digits = d + 3;
    }
  }
  std::vector<std::string> out;
  for (const auto& c : cells) {
    if (c.null) {
      out.emplace_back("NaT");
      continue;
    }
    const int64_t v = load<int64_t>(c.array, c.index);
    std::string s;
    if (dates_only) {
      text::append_date(s, v / ticks_per_day - (v % ticks_per_day < 0));
    } else {
      int64_t days = v / ticks_per_day;
      int64_t within = v % ticks_per_day;
      if (within < 0) {
        within += ticks_per_day;
        --days;
      }
      text::append_date(s, days);
      s += ' ';
      const int64_t seconds = within / tps;
      s += fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
      if (digits > 0) {
        // The fraction scaled to `digits` digits (tps is a power of ten up to 1e9).
        const int64_t frac = within % tps;
        int64_t scaled = frac;
        int64_t p = tps;
        int tps_digits = 0;
        while (p > 1) p /= 10, ++tps_digits;
        for (int k = tps_digits; k < digits; ++k) scaled *= 10;
        for (int k = digits; k < tps_digits; ++k) scaled /= 10;
        s += fmt::format(".{:0{}}", scaled, digits);
      }
    }
    if (zoned) s += "+00:00";
    out.push_back(std::move(s));
  }
  return out;
}

// Python's repr of bytes: b'...' (or b"..." when the bytes hold ' but no ").
std::string bytes_repr(std::string_view raw) {
  const bool double_quotes = raw.find('\'') != std::string_view::npos && raw.find('"') == std::string_view::npos;
  const char quote = double_quotes ? '"' : '\'';
  std::string s = "b";
  s += quote;
  for (unsigned char ch : raw) {
    if (ch == static_cast<unsigned char>(quote) || ch == '\\') {
      s += '\\';
      s += static_cast<char>(ch);
    } else if (ch == '\t') {
      s += "\\t";
    } else if (ch == '\n') {
      s += "\\n";
    } else if (ch == '\r') {
      s += "\\r";
    } else if (ch >= 0x20 && ch < 0x7f) {
      s += static_cast<char>(ch);
    } else {
      s += fmt::format("\\x{:02x}", ch);
    }
  }
  s += quote;
  return s;
}

// Nested values as pandas prints Python lists, tuples and dicts: strings inside lists and map tuples
// unquoted ("[x, None]"), inside dicts quoted ("{'a': 1, 'b': 'one'}").
std::string python_repr(const Array& a, int64_t i, bool quote) {
  if (a.is_null(i)) return "None";
  const DataType& t = *a.type();
  if (t.is_string_like()) return quote ? "'" + value_to_string(a, i) + "'" : value_to_string(a, i);
  if (t.id() == TypeId::kBool) return BooleanArray(a).value(i) ? "True" : "False";
  auto list = [quote](const Array& items) {
    std::string s = "[";
    for (int64_t k = 0; k < items.length(); ++k) {
      if (k) s += ", ";
      s += python_repr(items, k, quote);
    }
    return s + "]";
  };
  switch (t.id()) {
    case TypeId::kBinary: return bytes_repr(BinaryArray(a).value(i));
    case TypeId::kLargeBinary: return bytes_repr(LargeBinaryArray(a).value(i));
    case TypeId::kFixedSizeBinary: return bytes_repr(FixedSizeBinaryArray(a).value(i));
    case TypeId::kList: return list(ListArray(a).value_slice(i));
    case TypeId::kLargeList: return list(LargeListArray(a).value_slice(i));
    case TypeId::kFixedSizeList: return list(FixedSizeListArray(a).value_slice(i));
    case TypeId::kMap: {
      StructArray entries(ListArray(a).value_slice(i));
      std::string s = "[";
      for (int64_t k = 0; k < entries.length(); ++k) {
        if (k) s += ", ";
        s += "(" + python_repr(entries.field(0), k, quote) + ", " + python_repr(entries.field(1), k, quote) + ")";
      }
      return s + "]";
    }
    case TypeId::kStruct: {
      StructArray st(a);
      std::string s = "{";
      for (int f = 0; f < st.num_fields(); ++f) {
        if (f) s += ", ";
        s += "'" + t.fields()[static_cast<size_t>(f)]->name() + "': " + python_repr(st.field(f), i, true);
      }
      return s + "}";
    }
    case TypeId::kDictionary: {
      DictionaryArray d(a);
      return python_repr(d.dictionary(), d.index(i), quote);
    }
    default: return value_to_string(a, i);
  }
}

struct Column {
  std::string header;
  std::vector<std::string> cells;  // without the leading space
  bool right = true;
};

// Format the shown cells of one column (all of one type).
Column format_column(const std::string& name, const DataType& type, bool has_nulls, std::vector<CellRef> cells,
                     const PrettyPrintOptions& o) {
  Column col;
  col.header = name;
  // pandas puts a space before the header of a numeric column (is_numeric_dtype: numbers, and bool unless
  // nulls made the column object; a categorical is not numeric), so the header is as wide as a value of the
  // same length with its sign's place.
  if (type.is_numeric() || (type.id() == TypeId::kBool && !has_nulls)) col.header.insert(col.header.begin(), ' ');
  const DataType* value_type = &type;
  std::string null_text = "None";
  if (type.id() == TypeId::kDictionary) {
    // Categorical: decoded values, NaN for nulls.
    for (auto& c : cells) {
      if (c.null) continue;
      DictionaryArray d(c.array);
      const int64_t k = d.index(c.index);
      c.array = d.dictionary();
      c.index = k;
      c.null = c.array.is_null(k);
    }
    value_type = type.value_type().get();
    null_text = "NaN";
  }
  const DataType& t = *value_type;
  if (t.is_floating()) {
    col.cells = format_floats(cells, o.precision);
    return col;
  }
  if (t.id() == TypeId::kTimestamp) {
    col.cells = format_timestamps(cells, t);
    return col;
  }
  if (t.is_integer()) null_text = "NaN";
  if (t.id() == TypeId::kDuration) null_text = "NaT";
  const bool text = t.is_binary_like() || t.id() == TypeId::kFixedSizeBinary;
  col.right = !(text && o.left_align_strings);
  for (const auto& c : cells) {
    if (c.null) {
      col.cells.push_back(null_text == "NaT" ? null_text : " " + null_text);
      continue;
    }
    std::string s;
    switch (t.id()) {
      case TypeId::kBool: s = BooleanArray(c.array).value(c.index) ? "True" : "False"; break;
      case TypeId::kString:
      case TypeId::kLargeString: s = value_to_string(c.array, c.index); break;
      case TypeId::kBinary:
      case TypeId::kLargeBinary:
      case TypeId::kFixedSizeBinary: s = python_repr(c.array, c.index, false); break;
      case TypeId::kDate64: text::append_date(s, load<int64_t>(c.array, c.index) / 86400000); break;
      case TypeId::kList:
      case TypeId::kLargeList:
      case TypeId::kFixedSizeList:
      case TypeId::kStruct:
      case TypeId::kMap: s = python_repr(c.array, c.index, false); break;
      default: s = value_to_string(c.array, c.index); break;
    }
    s = cut(std::move(s), o.max_colwidth - 1);  // pandas counts the leading space
    // pandas' leading space (the sign's place in numbers: "{: d}").
    // Decimals are Python objects in pandas, so they keep the space before a minus.
    const bool sign_slot = t.is_integer();
    if (!(sign_slot && s[0] == '-')) s.insert(s.begin(), ' ');
    col.cells.push_back(std::move(s));
  }
  return col;
}

}  // namespace

std::string to_string(const Table& table, const PrettyPrintOptions& o) {
  const int64_t rows = table.num_rows();
  const int ncols = table.num_columns();
  if (rows == 0 || ncols == 0) {
    std::string s = "Empty DataFrame\nColumns: [";
    for (int c = 0; c < ncols; ++c) {
      if (c) s += ", ";
      s += table.schema()->field(c)->name();
    }
    return s + fmt::format("]\nIndex: []{}", rows > 0 ? fmt::format("\n[{} rows x 0 columns]", rows) : "");
  }
  // Shown rows (-1 marks the ellipsis row) and columns (-1 marks the ellipsis column).
  std::vector<int64_t> shown_rows;
  const bool cut_rows = o.max_rows > 0 && rows > o.max_rows;
  if (cut_rows) {
    for (int64_t r = 0; r < std::min(o.head_rows, rows); ++r) shown_rows.push_back(r);
    shown_rows.push_back(-1);
    for (int64_t r = std::max(rows - o.tail_rows, o.head_rows); r < rows; ++r) shown_rows.push_back(r);
  } else {
    for (int64_t r = 0; r < rows; ++r) shown_rows.push_back(r);
  }
  std::vector<int> shown_cols;
  const bool cut_cols = o.max_columns > 0 && ncols > o.max_columns;
  if (cut_cols) {
    const int head = (o.max_columns + 1) / 2, tail = o.max_columns / 2;
    for (int c = 0; c < head; ++c) shown_cols.push_back(c);
    shown_cols.push_back(-1);
    for (int c = ncols - tail; c < ncols; ++c) shown_cols.push_back(c);
  } else {
    for (int c = 0; c < ncols; ++c) shown_cols.push_back(c);
  }

  std::vector<Column> columns;
  Column index;
  index.right = false;
  for (int64_t r : shown_rows) {
    if (r >= 0) index.cells.push_back(std::to_string(r));
  }
  for (int c : shown_cols) {
    if (c < 0) {
      Column e;
      e.header = " ...";  // pandas' horizontal dot column
      e.cells.assign(shown_rows.size() - (cut_rows ? 1 : 0), " ...");
      columns.push_back(std::move(e));
      continue;
    }
    const ChunkedArray& data = table.column(c);
    std::vector<CellRef> cells;
    for (int64_t r : shown_rows) {
      if (r < 0) continue;
      auto [chunk, k] = data.locate(r);
      const Array& a = data.chunk(chunk);
      cells.push_back({a, k, a.is_null(k)});
    }
    columns.push_back(
        format_column(table.schema()->field(c)->name(), *data.type(), data.null_count() > 0, std::move(cells), o));
  }

  // Cells already carry pandas' leading space; columns are joined by one more space.
  // The ellipsis row, as pandas inserts it: "..." in columns wider than 3, else "..".
  auto insert_dots = [&](Column& col, int64_t& width) {
    if (!cut_rows) return;
    const std::string dots = width > 3 || col.header == " ..." ? "..." : "..";
    width = std::max<int64_t>(width, static_cast<int64_t>(dots.size()));
    const auto at = static_cast<std::ptrdiff_t>(std::min(o.head_rows, rows));
    col.cells.insert(col.cells.begin() + at, dots);
  };
  int64_t index_width = 0;
  for (const auto& c : index.cells) index_width = std::max(index_width, display_width(c));
  insert_dots(index, index_width);
  std::vector<int64_t> widths;
  for (auto& col : columns) {
    if (!col.right) col.header.insert(col.header.begin(), ' ');
    int64_t w = display_width(col.header);
    for (const auto& c : col.cells) w = std::max(w, display_width(c));
    insert_dots(col, w);
    widths.push_back(w);
  }
  auto pad = [](std::string& out, const std::string& text, int64_t width, bool right) {
    const int64_t fill = width - display_width(text);
    if (right && fill > 0) out.append(static_cast<size_t>(fill), ' ');
    out += text;
    if (!right && fill > 0) out.append(static_cast<size_t>(fill), ' ');
  };
  std::string out;
  out.append(static_cast<size_t>(index_width), ' ');
  for (size_t c = 0; c < columns.size(); ++c) {
    out += ' ';
    pad(out, columns[c].header, widths[c], columns[c].right);
  }
  for (size_t r = 0; r < shown_rows.size(); ++r) {
    out += '\n';
    pad(out, index.cells[r], index_width, false);
    for (size_t c = 0; c < columns.size(); ++c) {
      out += ' ';
      pad(out, columns[c].cells[r], widths[c], columns[c].right);
    }
  }
  if (o.show_footer && (cut_rows || cut_cols)) out += fmt::format("\n\n[{} rows x {} columns]", rows, ncols);
  return out;
}

std::string Table::to_string() const { return columnar::to_string(*this, PrettyPrintOptions{}); }

std::string Table::to_string(const PrettyPrintOptions& options) const { return columnar::to_string(*this, options); }

std::ostream& operator<<(std::ostream& out, const Table& table) { return out << columnar::to_string(table); }

}  // namespace strata::columnar
