#include "sql/postgresql_connection.h"

#include <poll.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace strata::sql {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// PostgreSQL's binary NUMERIC to its text form.
std::string numeric_to_text(const char* p, int length) {
  if (length < 8) return "NaN";
  const int ndigits = load_be<int16_t>(p);
  const int weight = load_be<int16_t>(p + 2);
  const uint16_t sign = load_be<uint16_t>(p + 4);
  const int dscale = load_be<int16_t>(p + 6);
  if (sign == 0xC000) return "NaN";
  if (sign == 0xD000) return "Infinity";
  if (sign == 0xF000) return "-Infinity";
  auto digit = [&](int d) -> int {
    return (d >= 0 && d < ndigits && 8 + 2 * d + 1 < length) ? load_be<int16_t>(p + 8 + 2 * d) : 0;
  };
  std::string out;
  if (sign == 0x4000) out.push_back('-');
  if (weight < 0) {
    out.push_back('0');
  } else {
    for (int d = 0; d <= weight; ++d) {
      if (d == 0) {
        out += std::to_string(digit(d));
      } else {
        fmt::format_to(std::back_inserter(out), "{:04}", digit(d));
      }
    }
  }
  if (dscale > 0) {
    out.push_back('.');
    const size_t start = out.size();
    for (int d = weight + 1; static_cast<int>(out.size() - start) < dscale; ++d) {
      fmt::format_to(std::back_inserter(out), "{:04}", digit(d));
    }
    out.resize(start + static_cast<size_t>(dscale));
  }
  return out;
}

// The highest $n placeholder outside string literals, quoted identifiers, comments and dollar quotes.
int highest_placeholder(std::string_view sql) {
  int highest = 0;
  size_t i = 0;
  const size_t n = sql.size();
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      for (++i; i < n; ++i) {
        if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
            ++i;
          } else {
            break;
          }
        }
      }
      ++i;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '$' && i + 1 < n && is_digit(sql[i + 1])) {
      int v = 0;
      for (++i; i < n && is_digit(sql[i]); ++i) v = v * 10 + (sql[i] - '0');
      highest = std::max(highest, v);
    } else if (c == '$' && (i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      // A dollar quote: $tag$ ... $tag$
      size_t j = i + 1;
      while (j < n && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const size_t end = sql.find(tag, j + 1);
        i = end == std::string_view::npos ? n : end + tag.size();
      } else {
        ++i;
      }
    } else {
      ++i;
    }
  }
  return highest;
}

[[noreturn]] void type_mismatch(const Value& value, Oid target) {
  raise<TypeError>("parameter {} cannot be sent as PostgreSQL type {}", to_string(value), pg_type_name(target));
}

}  // namespace

ColumnType pg_column_type(Oid oid) {
  switch (oid) {
    case pg_oid::kBool: return ColumnType::kBool;
    case pg_oid::kInt2:
    case pg_oid::kInt4:
    case pg_oid::kInt8:
    case pg_oid::kOid: return ColumnType::kInt64;
    case pg_oid::kFloat4:
    case pg_oid::kFloat8: return ColumnType::kDouble;
    case pg_oid::kNumeric: return ColumnType::kNumeric;
    case pg_oid::kText:
    case pg_oid::kVarchar:
    case pg_oid::kBpchar:
    case pg_oid::kName:
    case pg_oid::kJson:
    case pg_oid::kUnknown: return ColumnType::kText;
    case pg_oid::kBytea: return ColumnType::kBlob;
    case pg_oid::kDate: return ColumnType::kDate;
    case pg_oid::kTimestamp:
    case pg_oid::kTimestamptz: return ColumnType::kTimestamp;
    default: return ColumnType::kUnknown;
  }
}

std::string_view pg_type_name(Oid oid) {
  switch (oid) {
    case 0: return "unknown";
    case pg_oid::kBool: return "bool";
    case pg_oid::kBytea: return "bytea";
    case pg_oid::kName: return "name";
    case pg_oid::kInt8: return "int8";
    case pg_oid::kInt2: return "int2";
    case pg_oid::kInt4: return "int4";
    case pg_oid::kText: return "text";
    case pg_oid::kOid: return "oid";
    case pg_oid::kJson: return "json";
    case pg_oid::kFloat4: return "float4";
    case pg_oid::kFloat8: return "float8";
    case pg_oid::kUnknown: return "unknown";
    case pg_oid::kBpchar: return "bpchar";
    case pg_oid::kVarchar: return "varchar";
    case pg_oid::kDate: return "date";
    case pg_oid::kTimestamp: return "timestamp";
    case pg_oid::kTimestamptz: return "timestamptz";
    case pg_oid::kNumeric: return "numeric";
    default: return "other";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parameters

void PgParams::clear() {
  bytes.clear();
  offsets.clear();
  values.clear();
  lengths.clear();
  formats.clear();
  types.clear();
}

void PgParams::add(const Value& value, Oid target) {
  const size_t start = bytes.size();
  Oid oid = target;
  int format = 1;
  bool null = false;
  auto as_int = [&](int64_t v) {
    switch (oid) {
      case pg_oid::kInt2:
        if (v < INT16_MIN || v > INT16_MAX) throw DataError(ErrorInfo{fmt::format("{} is out of range for int2", v)});
        append_be<int16_t>(bytes, static_cast<int16_t>(v));
        break;
      case pg_oid::kInt4:
        if (v < INT32_MIN || v > INT32_MAX) throw DataError(ErrorInfo{fmt::format("{} is out of range for int4", v)});
        append_be<int32_t>(bytes, static_cast<int32_t>(v));
        break;
      case pg_oid::kInt8: append_be<int64_t>(bytes, v); break;
      case pg_oid::kFloat8: append_be<uint64_t>(bytes, std::bit_cast<uint64_t>(static_cast<double>(v))); break;
      case pg_oid::kFloat4: append_be<uint32_t>(bytes, std::bit_cast<uint32_t>(static_cast<float>(v))); break;
      case pg_oid::kBool: bytes.push_back(v != 0 ? 1 : 0); break;
      case pg_oid::kNumeric:
        format = 0;
        bytes += std::to_string(v);
        bytes.push_back('\0');
        break;
      default: type_mismatch(value, oid);
    }
  };
  switch (value.index()) {
    case 0:
      null = true;
      break;
    case 1:
      if (oid == 0) oid = pg_oid::kBool;
      as_int(std::get<bool>(value) ? 1 : 0);
      break;
    case 2:
      if (oid == 0) oid = pg_oid::kInt4;
      as_int(std::get<int32_t>(value));
      break;
    case 3:
      if (oid == 0) oid = pg_oid::kInt8;
      as_int(std::get<int64_t>(value));
      break;
    case 4: {
      if (oid == 0) oid = pg_oid::kFloat8;
      const double d = std::get<double>(value);
      if (oid == pg_oid::kFloat8) {
        append_be<uint64_t>(bytes, std::bit_cast<uint64_t>(d));
      } else if (oid == pg_oid::kFloat4) {
        append_be<uint32_t>(bytes, std::bit_cast<uint32_t>(static_cast<float>(d)));
      } else if (oid == pg_oid::kNumeric) {
        format = 0;
        bytes += fmt::format("{}", d);
        bytes.push_back('\0');
      } else {
        type_mismatch(value, oid);
      }
      break;
    }
    case 5: {
      if (oid == 0) oid = pg_oid::kText;
      const std::string& s = std::get<std::string>(value);
      if (oid == pg_oid::kNumeric) {
        format = 0;
        bytes += s;
        bytes.push_back('\0');
      } else if (pg_column_type(oid) == ColumnType::kText || oid == pg_oid::kBytea) {
        bytes += s;
      } else {
        type_mismatch(value, oid);
      }
      break;
    }
    case 6:
      if (oid == 0) oid = pg_oid::kDate;
      if (oid == pg_oid::kDate) {
        append_be<int32_t>(bytes, std::get<Date>(value).days - kPgEpochDays);
      } else if (oid == pg_oid::kTimestamp || oid == pg_oid::kTimestamptz) {
        append_be<int64_t>(bytes, int64_t{std::get<Date>(value).days} * 86'400'000'000 - kPgEpochMicros);
      } else {
        type_mismatch(value, oid);
      }
      break;
    case 7:
      if (oid == 0) oid = pg_oid::kTimestamp;
      if (oid != pg_oid::kTimestamp && oid != pg_oid::kTimestamptz) type_mismatch(value, oid);
      append_be<int64_t>(bytes, std::get<Timestamp>(value).micros - kPgEpochMicros);
      break;
    case 8: {
      if (oid == 0) oid = pg_oid::kBytea;
      if (oid != pg_oid::kBytea) type_mismatch(value, oid);
      const auto& b = std::get<Blob>(value).bytes;
      bytes.append(reinterpret_cast<const char*>(b.data()), b.size());
      break;
    }
    case 9:
      if (oid == 0) oid = pg_oid::kNumeric;
      if (oid != pg_oid::kNumeric && pg_column_type(oid) != ColumnType::kText) type_mismatch(value, oid);
      format = 0;
      bytes += std::get<Numeric>(value).text;
      bytes.push_back('\0');
      break;
    default: break;
  }
  offsets.push_back(null ? SIZE_MAX : start);
  lengths.push_back(null ? 0 : static_cast<int>(bytes.size() - start - (format == 0 ? 1 : 0)));
  formats.push_back(format);
  types.push_back(oid);
}

void PgParams::finish() {
  values.resize(offsets.size());
  for (size_t i = 0; i < offsets.size(); ++i) values[i] = offsets[i] == SIZE_MAX ? nullptr : bytes.data() + offsets[i];
}

// ---------------------------------------------------------------------------------------------------------
// Connection

namespace {

void quiet_notices(void*, const char*) {}

}  // namespace

PgConnection::PgConnection(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    ErrorInfo info;
    info.message = fmt::format("cannot connect to PostgreSQL at \"{}\": {}", url,
                               conn_ ? trim(PQerrorMessage(conn_)) : std::string("out of memory"));
    info.sqlstate = "08001";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw OperationalError(std::move(info));
  }
  PQsetNoticeProcessor(conn_, quiet_notices, nullptr);
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

std::unique_ptr<Connection> open_postgresql(const std::string& url) { return std::make_unique<PgConnection>(url); }

void PgConnection::throw_result_error(PGresult* result, std::string_view sql) {
  ErrorInfo info;
  info.sql = std::string(sql);
  if (result) {
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
    const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    info.sqlstate = state ? state : "";
    info.message = primary ? primary : trim(PQresultErrorMessage(result));
    if (detail) info.message += fmt::format(" ({})", detail);
    info.constraint = constraint ? constraint : "";
    PQclear(result);
  }
  if (info.message.empty()) info.message = trim(PQerrorMessage(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) {
    if (info.sqlstate.empty() || info.sqlstate.starts_with("08") == false) {
      info.message += " (connection to the server lost)";
    }
    if (info.sqlstate.empty()) info.sqlstate = "08006";
    throw OperationalError(std::move(info));
  }
  if (info.sqlstate.empty()) throw OperationalError(std::move(info));
  throw_for_sqlstate(std::move(info));
}

const std::string& PgConnection::prepare(std::string_view sql, const std::vector<Oid>& types) {
  key_scratch_.assign(sql);
  key_scratch_.push_back('\0');
  for (Oid t : types) fmt::format_to(std::back_inserter(key_scratch_), "{},", t);
  auto it = prepared_.find(key_scratch_);
  if (it != prepared_.end()) return it->second;
  std::string name = fmt::format("strata_{}", ++statement_counter_);
  const std::string text(sql);
  PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(types.size()), types.data());
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) throw_result_error(r, sql);
  PQclear(r);
  // The server accepts more declared parameter types than placeholders (it ignores the rest); a count mismatch
  // is the caller's bug.
  const int used = highest_placeholder(sql);
  if (used != static_cast<int>(types.size())) {
    r = PQexec(conn_, fmt::format("DEALLOCATE {}", name).c_str());
    PQclear(r);
    ErrorInfo info;
    info.message = fmt::format("the statement has {} parameter(s) but {} value(s) were given", used, types.size());
    info.sql = std::string(sql);
    throw ProgrammingError(std::move(info));
  }
  return prepared_.emplace(key_scratch_, std::move(name)).first->second;
}

std::vector<Oid> PgConnection::describe_columns(std::string_view sql) {
  const std::string& name = prepare(sql, {});
  PGresult* r = PQdescribePrepared(conn_, name.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) throw_result_error(r, sql);
  std::vector<Oid> oids(static_cast<size_t>(PQnfields(r)));
  for (int i = 0; i < PQnfields(r); ++i) oids[static_cast<size_t>(i)] = PQftype(r, i);
  PQclear(r);
  return oids;
}

// ---------------------------------------------------------------------------------------------------------
// Results (binary format)

namespace {

// The inline decoder of a column of binary cells (connection.h); kVirtual for types Result does not decode
// itself (numeric, oid, types the driver reads as text through its scratch strings).
detail::CellCodec pg_cell_codec(Oid oid) {
  using detail::CellCodec;
  switch (oid) {
    case pg_oid::kInt8: return CellCodec::kBeInt64;
    case pg_oid::kInt4: return CellCodec::kBeInt32;
    case pg_oid::kInt2: return CellCodec::kBeInt16;
    case pg_oid::kFloat8: return CellCodec::kBeFloat64;
    case pg_oid::kFloat4: return CellCodec::kBeFloat32;
    case pg_oid::kBool: return CellCodec::kBool;
    case pg_oid::kDate: return CellCodec::kPgDate;
    case pg_oid::kTimestamp:
    case pg_oid::kTimestamptz: return CellCodec::kPgTimestamp;
    default: break;
  }
  switch (pg_column_type(oid)) {
    case ColumnType::kText:
    case ColumnType::kBlob:
    case ColumnType::kUnknown: return CellCodec::kBytes;
    default: return CellCodec::kVirtual;
  }
}

// What a NULL cell points at: zero bytes, so fixed-width decodes of it read 0 (the getters' NULL reading).
alignas(8) constexpr char kZeroCell[16] = {};

class PgResult final : public ResultImpl {
 public:
  explicit PgResult(PGresult* r) : r_(r), rows_(PQntuples(r)), cols_(PQnfields(r)) {
    oids_.resize(static_cast<size_t>(cols_));
    codecs_.resize(static_cast<size_t>(cols_));
    cells_.resize(static_cast<size_t>(cols_));
    for (int i = 0; i < cols_; ++i) {
      oids_[static_cast<size_t>(i)] = PQftype(r, i);
      codecs_[static_cast<size_t>(i)] = pg_cell_codec(PQftype(r, i));
    }
    scratch_.resize(static_cast<size_t>(cols_));
    fast_.cells = cells_.data();
    fast_.codecs = codecs_.data();
    for (detail::CellRef& c : cells_) c = {kZeroCell, 0, true};  // before the first next(): reads as NULL
    const char* tuples = PQcmdTuples(r);
    if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), affected_);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && std::strncmp(PQcmdStatus(r), "SELECT", 6) == 0) affected_ = 0;
  }
  ~PgResult() override { PQclear(r_); }

  // Each cell of the new row read once: PQgetlength, then PQgetvalue (PQgetisnull only for a zero length: a
  // NULL, an empty string or an empty bytea).
  bool next() override {
    if (row_ + 1 >= rows_) {
      row_ = rows_;
      return false;
    }
    ++row_;
    detail::CellRef* out = cells_.data();
    for (int i = 0; i < cols_; ++i, ++out) {
      const int n = PQgetlength(r_, row_, i);
      if (n == 0 && PQgetisnull(r_, row_, i)) {
        *out = {kZeroCell, 0, true};
      } else {
        *out = {PQgetvalue(r_, row_, i), n, false};
      }
    }
    return true;
  }
  int64_t row_count_hint() const override { return rows_; }
  Dialect dialect() const override { return Dialect::kPostgresql; }
  int num_columns() const override { return cols_; }
  std::string_view column_name(int i) const override { return PQfname(r_, i); }
  std::string_view column_decl_type(int i) const override { return pg_type_name(oid(i)); }
  ColumnType column_type(int i) const override { return pg_column_type(oid(i)); }
  bool is_null(int i) const override { return cell(i).null; }

  int64_t get_int64(int i) const override {
    const char* p = cell(i).data;
    if (cell(i).null) return 0;
    switch (oid(i)) {
      case pg_oid::kInt8: return load_be<int64_t>(p);
      case pg_oid::kInt4: return load_be<int32_t>(p);
      case pg_oid::kInt2: return load_be<int16_t>(p);
      case pg_oid::kOid: return load_be<uint32_t>(p);
      case pg_oid::kBool: return *p != 0;
      case pg_oid::kFloat8:
      case pg_oid::kFloat4: return static_cast<int64_t>(get_double(i));
      case pg_oid::kDate: return get_date(i).days;
      case pg_oid::kTimestamp:
      case pg_oid::kTimestamptz: return get_timestamp(i).micros;
      default: {
        const std::string_view text = get_text(i);
        int64_t v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc()) raise<TypeError>("column {} (\"{}\"): \"{}\" is not an integer", i, column_name(i), text);
        return v;
      }
    }
  }
  double get_double(int i) const override {
    const char* p = cell(i).data;
    if (cell(i).null) return 0;
    switch (oid(i)) {
      case pg_oid::kFloat8: return std::bit_cast<double>(load_be<uint64_t>(p));
      case pg_oid::kFloat4: return std::bit_cast<float>(load_be<uint32_t>(p));
      case pg_oid::kInt8:
      case pg_oid::kInt4:
      case pg_oid::kInt2:
      case pg_oid::kOid:
      case pg_oid::kBool: return static_cast<double>(get_int64(i));
      default: {
        const std::string_view text = get_text(i);
        double v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc()) raise<TypeError>("column {} (\"{}\"): \"{}\" is not a number", i, column_name(i), text);
        return v;
      }
    }
  }
  bool get_bool(int i) const override { return get_int64(i) != 0; }
  std::string_view get_text(int i) const override {
    if (cell(i).null) return {};
    const char* p = cell(i).data;
    const int n = cell(i).size;
    const ColumnType type = pg_column_type(oid(i));
    if (type == ColumnType::kText || type == ColumnType::kBlob || type == ColumnType::kUnknown) {
      return std::string_view(p, static_cast<size_t>(n));
    }
    std::string& s = scratch_[static_cast<size_t>(i)];
    switch (type) {
      case ColumnType::kNumeric: s = numeric_to_text(p, n); break;
      case ColumnType::kInt64: s = std::to_string(get_int64(i)); break;
      case ColumnType::kDouble: s = fmt::format("{}", get_double(i)); break;
      case ColumnType::kBool: s = *p ? "true" : "false"; break;
      case ColumnType::kDate: s = format_date(get_date(i)); break;
      case ColumnType::kTimestamp: s = format_timestamp(get_timestamp(i)); break;
      default: break;
    }
    return s;
  }
  std::span<const std::byte> get_blob(int i) const override {
    const auto* p = reinterpret_cast<const std::byte*>(cell(i).data);
    return {p, static_cast<size_t>(cell(i).size)};
  }
  Date get_date(int i) const override {
    if (cell(i).null) return {};
    const char* p = cell(i).data;
    if (oid(i) == pg_oid::kDate) return Date{load_be<int32_t>(p) + kPgEpochDays};
    if (oid(i) == pg_oid::kTimestamp || oid(i) == pg_oid::kTimestamptz) {
      int64_t micros = get_timestamp(i).micros;
      int64_t days = micros / 86'400'000'000;
      if (micros % 86'400'000'000 < 0) --days;
      return Date{static_cast<int32_t>(days)};
    }
    raise<TypeError>("column {} (\"{}\") of type {} is not a date", i, column_name(i), pg_type_name(oid(i)));
  }
  Timestamp get_timestamp(int i) const override {
    if (cell(i).null) return {};
    const char* p = cell(i).data;
    if (oid(i) == pg_oid::kTimestamp || oid(i) == pg_oid::kTimestamptz) return Timestamp{load_be<int64_t>(p) + kPgEpochMicros};
    if (oid(i) == pg_oid::kDate) return Timestamp{int64_t{get_date(i).days} * 86'400'000'000};
    raise<TypeError>("column {} (\"{}\") of type {} is not a timestamp", i, column_name(i), pg_type_name(oid(i)));
  }
  Value get(int i) const override {
    if (cell(i).null) return std::monostate{};
    switch (pg_column_type(oid(i))) {
      case ColumnType::kBool: return get_bool(i);
      case ColumnType::kInt64: return get_int64(i);
      case ColumnType::kDouble: return get_double(i);
      case ColumnType::kNumeric: return Numeric{std::string(get_text(i))};
      case ColumnType::kDate: return get_date(i);
      case ColumnType::kTimestamp: return get_timestamp(i);
      case ColumnType::kBlob: {
        auto b = get_blob(i);
        return Blob{std::vector<std::byte>(b.begin(), b.end())};
      }
      default: return std::string(get_text(i));
    }
  }
  int64_t rows_affected() const override { return affected_; }

 private:
  Oid oid(int i) const { return oids_[static_cast<size_t>(i)]; }
  const detail::CellRef& cell(int i) const { return cells_[static_cast<size_t>(i)]; }

  PGresult* r_;
  int rows_;
  int cols_;
  int row_ = -1;
  int64_t affected_ = 0;
  std::vector<Oid> oids_;
  std::vector<detail::CellCodec> codecs_;
  std::vector<detail::CellRef> cells_;  // the current row (Result reads it inline)
  mutable std::vector<std::string> scratch_;
};

}  // namespace

Result PgConnection::execute(std::string_view sql, std::span<const Value> params) {
  params_.clear();
  for (const Value& v : params) params_.add(v, 0);
  params_.finish();
  for (int attempt = 0;; ++attempt) {
    const std::string& name = prepare(sql, params_.types);
    PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), params_.values.data(),
                                 params_.lengths.data(), params_.formats.data(), 1);
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) return Result(std::make_unique<PgResult>(r));
    // A table re-created with other column types since this statement was prepared: the server refuses the
    // old plan ("cached plan must not change result type"). Forget the statement; outside a transaction,
    // prepare it again and retry once.
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (state != nullptr && std::string_view(state) == "0A000" &&
        std::string_view(PQresultErrorMessage(r)).find("cached plan") != std::string_view::npos) {
      PGresult* d = PQexec(conn_, fmt::format("DEALLOCATE {}", name).c_str());
      PQclear(d);
      prepared_.erase(key_scratch_);
      if (attempt == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
        PQclear(r);
        continue;
      }
    }
    throw_result_error(r, sql);
  }
}

void PgConnection::execute_script(std::string_view sql) {
  const std::string text(sql);
  PGresult* r = PQexec(conn_, text.c_str());
  const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) throw_result_error(r, sql);
  PQclear(r);
}

std::vector<int64_t> PgConnection::execute_batch(std::string_view sql, std::span<const std::vector<Value>> rows) {
  std::vector<int64_t> counts;
  if (rows.empty()) return counts;
  counts.reserve(rows.size());
  // One parameter type per column: the first non-null value's; every row is encoded as that type.
  const size_t ncols = rows.front().size();
  std::vector<Oid> types(ncols, 0);
  for (const auto& row : rows) {
    if (row.size() != ncols) {
      raise<InvalidArgument>("execute_batch: row of {} values in a batch of {}-value rows", row.size(), ncols);
    }
    for (size_t c = 0; c < ncols; ++c) {
      if (types[c] == 0 && !is_null(row[c])) {
        PgParams one;
        one.add(row[c], 0);
        types[c] = one.types[0];
      }
    }
  }
  const std::string name = prepare(sql, types);
  if (PQenterPipelineMode(conn_) != 1) throw_result_error(nullptr, sql);
  constexpr size_t kChunk = 1000;  // results of one chunk fit in the socket buffers: no send/receive deadlock
  ErrorInfo first_error;
  bool failed = false;
  PGresult* failed_result = nullptr;
  for (size_t begin = 0; begin < rows.size() && !failed; begin += kChunk) {
    const size_t end = std::min(rows.size(), begin + kChunk);
    for (size_t k = begin; k < end; ++k) {
      params_.clear();
      for (size_t c = 0; c < ncols; ++c) params_.add(rows[k][c], types[c]);
      params_.finish();
      if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(ncols), params_.values.data(), params_.lengths.data(),
                              params_.formats.data(), 1) != 1) {
        PQexitPipelineMode(conn_);
        throw_result_error(nullptr, sql);
      }
    }
    if (PQpipelineSync(conn_) != 1) throw_result_error(nullptr, sql);
    // Read one result (then its terminating null) per query, then the sync point.
    for (;;) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) {
        if (PQstatus(conn_) != CONNECTION_OK) throw_result_error(nullptr, sql);
        continue;  // end of one query's results
      }
      const ExecStatusType status = PQresultStatus(r);
      if (status == PGRES_PIPELINE_SYNC) {
        PQclear(r);
        break;
      }
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        const char* tuples = PQcmdTuples(r);
        int64_t n = 0;
        if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), n);
        counts.push_back(n);
        PQclear(r);
      } else if (status == PGRES_PIPELINE_ABORTED) {
        PQclear(r);
      } else {
        if (!failed) {
          failed = true;
          failed_result = r;
        } else {
          PQclear(r);
        }
      }
    }
  }
  if (PQexitPipelineMode(conn_) != 1 && !failed) throw_result_error(nullptr, sql);
  if (failed) throw_result_error(failed_result, sql);
  (void)first_error;
  return counts;
}

bool PgConnection::is_healthy() {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) return false;
  if (PQtransactionStatus(conn_) == PQTRANS_ACTIVE) return true;  // a query is running: cannot peek
  // An idle connection has nothing to read unless the server sent a notice, a notification or its last
  // words before closing (terminated backend, shutdown). Read it; libpq marks the connection bad on EOF.
  for (int attempt = 0; attempt < 2; ++attempt) {
    pollfd pfd{PQsocket(conn_), POLLIN, 0};
    if (pfd.fd < 0) return false;
    const int ready = ::poll(&pfd, 1, attempt == 0 ? 0 : 10);
    if (ready <= 0) break;
    if (PQconsumeInput(conn_) == 0) return false;
    while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
  }
  return PQstatus(conn_) == CONNECTION_OK;
}

int64_t PgConnection::last_insert_id() {
  raise<NotImplemented>("last_insert_id(): PostgreSQL has no connection-wide rowid; use INSERT ... RETURNING");
}

// ---------------------------------------------------------------------------------------------------------
// COPY

void PgConnection::copy_begin(std::string_view copy_sql) {
  copy_sql_ = std::string(copy_sql);
  PGresult* r = PQexec(conn_, copy_sql_.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) throw_result_error(r, copy_sql);
  PQclear(r);
}

void PgConnection::copy_send(std::string_view data) {
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) throw_result_error(nullptr, copy_sql_);
}

int64_t PgConnection::copy_end() {
  if (PQputCopyEnd(conn_, nullptr) != 1) throw_result_error(nullptr, copy_sql_);
  PGresult* r = PQgetResult(conn_);
  if (r == nullptr || PQresultStatus(r) != PGRES_COMMAND_OK) {
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    throw_result_error(r, copy_sql_);
  }
  int64_t n = 0;
  const char* tuples = PQcmdTuples(r);
  if (tuples && *tuples) std::from_chars(tuples, tuples + std::strlen(tuples), n);
  PQclear(r);
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
  return n;
}

void PgConnection::copy_abort(std::string_view why) {
  const std::string reason(why);
  if (PQputCopyEnd(conn_, reason.c_str()) == 1) {
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  }
}

}  // namespace strata::sql
