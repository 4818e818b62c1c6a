#include "tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "strata/core/error.h"
#include "strata/core/parallel.h"

namespace strata::csv::internal {

Dialect Dialect::from(const ReadOptions& o) {
  return Dialect{o.delimiter, o.quote_char, o.quoting, o.double_quote, o.escape_char.has_value(),
                 o.escape_char.value_or('\0'), o.ignore_empty_lines};
}

namespace {

// Bytes that end an unquoted field: the delimiter, line breaks and (when set) the escape character.
struct SpecialTable {
  std::array<bool, 256> special{};
  explicit SpecialTable(const Dialect& d) {
    special[static_cast<unsigned char>(d.delimiter)] = true;
    special['\n'] = true;
    special['\r'] = true;
    if (d.has_escape) special[static_cast<unsigned char>(d.escape)] = true;
  }
  bool operator[](char c) const { return special[static_cast<unsigned char>(c)]; }
};

}  // namespace

void tokenize_block(const char* data, int64_t begin, int64_t end, int num_columns, const Dialect& d,
                    bool stop_at_first_problem, BlockTokens* out) {
  const SpecialTable special(d);
  const char* const base = data + begin;
  const char* p = base;
  const char* const stop = data + end;
  out->file_offset = begin;
  out->fields.reserve(static_cast<size_t>(std::max<int64_t>(16, (end - begin) / 8)));
  if (end - begin > static_cast<int64_t>(FieldRef::kSizeMask)) {
    raise<FormatError>("a CSV block of {} bytes is too large (one row longer than 1 GiB?)", end - begin);
  }

  while (p < stop) {
    const char* row_start = p;
    if (d.ignore_empty_lines && (*p == '\n' || *p == '\r')) {
      if (*p == '\r' && p + 1 < stop && p[1] == '\n') ++p;
      ++p;
      continue;
    }
    const size_t row_first_field = out->fields.size();
    int column = 0;
    const char* problem = nullptr;
    std::string why;
    for (;;) {
      uint32_t flags = 0;
      const char* field_start;
      const char* field_end;
      if (d.quoting && p < stop && *p == d.quote) {
        ++p;
        field_start = p;
        flags = FieldRef::kQuoted;
        for (;;) {
          while (p < stop && *p != d.quote && !(d.has_escape && *p == d.escape)) ++p;
          if (p >= stop) {
            problem = row_start;
            why = "a quoted field is never closed";
            field_end = p;
            break;
          }
          if (d.has_escape && *p == d.escape) {
            flags |= FieldRef::kUnescape;
            p += 2;
            continue;
          }
          if (d.double_quote && p + 1 < stop && p[1] == d.quote) {
            flags |= FieldRef::kUnescape;
            p += 2;
            continue;
          }
          field_end = p;
          ++p;
          break;
        }
        if (problem == nullptr && p < stop && *p != d.delimiter && *p != '\n' && *p != '\r') {
          problem = row_start;
          why = fmt::format("unexpected character '{}' after the closing quote of field {}", *p, column + 1);
        }
      } else {
        field_start = p;
        for (;;) {
          while (p < stop && !special[*p]) ++p;
          if (d.has_escape && p < stop && *p == d.escape) {
            flags |= FieldRef::kUnescape;
            p = std::min(p + 2, stop);
            continue;
          }
          break;
        }
        field_end = p;
      }
      if (problem != nullptr) break;
      if (column < num_columns) {
        out->fields.push_back(FieldRef{static_cast<uint32_t>(field_start - base),
                                       static_cast<uint32_t>(field_end - field_start) | flags});
      }
      ++column;
      if (p < stop && *p == d.delimiter) {
        ++p;
        continue;
      }
      if (p < stop) {  // a line break
        if (*p == '\r' && p + 1 < stop && p[1] == '\n') ++p;
        ++p;
      }
      break;
    }
    if (problem == nullptr && column != num_columns) {
      problem = row_start;
      why = fmt::format("expected {} fields, found {}", num_columns, column);
    }
    if (problem != nullptr) {
      out->fields.resize(row_first_field);
      out->problems.push_back(RowProblem{problem - base, std::move(why)});
      if (stop_at_first_problem) return;
      // Resynchronise after an unclosed quote: nothing after it can be trusted, so stop the block.
      if (p >= stop) break;
      continue;
    }
    ++out->num_rows;
  }
}

int64_t parse_row(std::string_view data, int64_t pos, const Dialect& d, std::vector<std::string>* fields,
                  const std::string& name) {
  fields->clear();
  const int64_t size = static_cast<int64_t>(data.size());
  std::string value;
  for (;;) {
    value.clear();
    if (d.quoting && pos < size && data[static_cast<size_t>(pos)] == d.quote) {
      const int64_t open = pos++;
      for (;;) {
        if (pos >= size) raise<FormatError>("{}: the quoted field opened at byte {} is never closed", name, open);
        const char c = data[static_cast<size_t>(pos)];
        if (d.has_escape && c == d.escape && pos + 1 < size) {
          value += data[static_cast<size_t>(pos + 1)];
          pos += 2;
        } else if (c == d.quote) {
          if (d.double_quote && pos + 1 < size && data[static_cast<size_t>(pos + 1)] == d.quote) {
            value += d.quote;
            pos += 2;
          } else {
            ++pos;
            break;
          }
        } else {
          value += c;
          ++pos;
        }
      }
    }
    while (pos < size) {
      const char c = data[static_cast<size_t>(pos)];
      if (c == d.delimiter || c == '\n' || c == '\r') break;
      if (d.has_escape && c == d.escape && pos + 1 < size) {
        value += data[static_cast<size_t>(pos + 1)];
        pos += 2;
        continue;
      }
      value += c;
      ++pos;
    }
    fields->push_back(value);
    if (pos < size && data[static_cast<size_t>(pos)] == d.delimiter) {
      ++pos;
      continue;
    }
    if (pos < size && data[static_cast<size_t>(pos)] == '\r') ++pos;
    if (pos < size && data[static_cast<size_t>(pos)] == '\n') ++pos;
    return pos;
  }
}

int64_t skip_lines(std::string_view data, int64_t pos, int64_t count, const Dialect& d) {
  std::vector<std::string> ignored;
  for (int64_t i = 0; i < count && pos < static_cast<int64_t>(data.size()); ++i) {
    pos = parse_row(data, pos, d, &ignored, "<skip>");
  }
  return pos;
}

std::vector<int64_t> find_block_boundaries(std::string_view data, int64_t begin, int64_t block_size,
                                           const Dialect& d, int threads) {
  const int64_t size = static_cast<int64_t>(data.size());
  std::vector<int64_t> bounds = {begin};
  if (begin >= size) {
    bounds.push_back(size);
    return bounds;
  }
  block_size = std::max<int64_t>(block_size, 1024);
  const int64_t segments = (size - begin + block_size - 1) / block_size;
  // Quote parity at the start of each segment: count quotes per segment in parallel, then a prefix sum.
  // An escape character breaks this counting, so then blocks are found by parsing rows in order.
  const bool track_quotes = d.quoting && !d.has_escape;
  std::vector<int64_t> quote_counts(static_cast<size_t>(segments), 0);
  if (track_quotes) {
    parallel_for(segments, threads, [&](int64_t s) {
      const int64_t a = begin + s * block_size;
      const int64_t b = std::min(size, a + block_size);
      int64_t n = 0;
      for (int64_t i = a; i < b; ++i) n += data[static_cast<size_t>(i)] == d.quote;
      quote_counts[static_cast<size_t>(s)] = n;
    });
  }
  int64_t parity_before = 0;  // quotes in [begin, segment start)
  for (int64_t s = 1; s < segments; ++s) {
    parity_before += quote_counts[static_cast<size_t>(s - 1)];
    const int64_t target = begin + s * block_size;
    if (target <= bounds.back()) continue;
    int64_t pos = target;
    if (track_quotes) {
      // Walk forward from the segment start to the first line break outside quotes.
      int64_t parity = parity_before;
      while (pos < size) {
        const char c = data[static_cast<size_t>(pos)];
        if (c == d.quote) {
          ++parity;
        } else if (c == '\n' && (parity & 1) == 0) {
          ++pos;
          break;
        }
        ++pos;
      }
      // `parity_before` counted quotes up to `target`; quotes between target and pos belong to the next
      // segment's count already, so it stays as it is.
    } else if (!d.quoting) {
      while (pos < size && data[static_cast<size_t>(pos)] != '\n') ++pos;
      if (pos < size) ++pos;
    } else {
      // Escapes: parse rows from the last boundary until past the target.
      int64_t row = bounds.back();
      std::vector<std::string> ignored;
      while (row < size && row < target) row = parse_row(data, row, d, &ignored, "<block>");
      pos = row;
    }
    if (pos > bounds.back() && pos < size) bounds.push_back(pos);
  }
  bounds.push_back(size);
  return bounds;
}

void unescape(std::string_view raw, const Dialect& d, std::string* out) {
  out->clear();
  out->reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (d.has_escape && c == d.escape && i + 1 < raw.size()) {
      *out += raw[++i];
    } else if (d.double_quote && c == d.quote && i + 1 < raw.size() && raw[i + 1] == d.quote) {
      *out += c;
      ++i;
    } else {
      *out += c;
    }
  }
}

int64_t line_number_at(std::string_view data, int64_t offset) {
  offset = std::min<int64_t>(offset, static_cast<int64_t>(data.size()));
  return 1 + std::count(data.begin(), data.begin() + offset, '\n');
}

}  // namespace strata::csv::internal
