// bulk_load (columnar -> SQL) and to_table (SQL -> columnar).
#include "strata/sql/bridge.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "sql/postgresql_connection.h"
#include "sql/sqlite_connection.h"
#include "strata/columnar/array.h"
#include "strata/columnar/builder.h"
#include "strata/columnar/record_batch.h"
#include "strata/sql/transaction.h"

namespace strata::sql {

using columnar::Array;
using columnar::TimeUnit;
using columnar::TypeId;

namespace {

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// sql_table may be schema-qualified ("public.t"): quote each part.
std::string quote_table(std::string_view name) {
  std::string out;
  size_t start = 0;
  for (;;) {
    const size_t dot = name.find('.', start);
    out += quote_identifier(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    out.push_back('.');
    start = dot + 1;
  }
  return out;
}

int64_t to_micros(int64_t v, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond: return v * 1'000'000;
    case TimeUnit::kMilli: return v * 1'000;
    case TimeUnit::kMicro: return v;
    case TimeUnit::kNano: return v >= 0 ? v / 1000 : -((-v + 999) / 1000);
  }
  return v;
}

template <typename T>
T raw(const Array& a, int64_t row) {
  return a.data()->buffers[1]->data_as<T>()[a.offset() + row];
}

// An integer-like cell as int64 (ints, date32 days, timestamps in micros, bool).
std::optional<int64_t> integer_cell(const Array& a, int64_t row) {
  switch (a.type()->id()) {
    case TypeId::kInt8: return raw<int8_t>(a, row);
    case TypeId::kInt16: return raw<int16_t>(a, row);
    case TypeId::kInt32: return raw<int32_t>(a, row);
    case TypeId::kInt64: return raw<int64_t>(a, row);
    case TypeId::kUInt8: return raw<uint8_t>(a, row);
    case TypeId::kUInt16: return raw<uint16_t>(a, row);
    case TypeId::kUInt32: return raw<uint32_t>(a, row);
    case TypeId::kBool: return columnar::BooleanArray(a).value(row) ? 1 : 0;
    default: return std::nullopt;
  }
}

void check_supported(const columnar::Field& field) {
  switch (field.type()->id()) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kString:
    case TypeId::kLargeString:
    case TypeId::kBinary:
    case TypeId::kLargeBinary:
    case TypeId::kDate32:
    case TypeId::kTimestamp: return;
    default:
      raise<NotImplemented>("bulk_load: column \"{}\" of type {} is not supported", field.name(),
                            field.type()->to_string());
  }
}

std::string_view binary_cell(const Array& a, int64_t row) {
  if (a.type()->id() == TypeId::kLargeString || a.type()->id() == TypeId::kLargeBinary) {
    return columnar::LargeBinaryArray(a).value(row);
  }
  return columnar::BinaryArray(a).value(row);
}

// ---------------------------------------------------------------------------------------------------------
// SQLite: one prepared INSERT, re-bound per row, inside one transaction.

int64_t bulk_load_sqlite(SqliteConnection& conn, std::string_view sql_table, const columnar::Table& table) {
  const auto& schema = *table.schema();
  std::string sql = fmt::format("INSERT INTO {} (", quote_table(sql_table));
  for (int c = 0; c < schema.num_fields(); ++c) sql += (c ? ", " : "") + quote_identifier(schema.field(c)->name());
  sql += ") VALUES (";
  for (int c = 0; c < schema.num_fields(); ++c) sql += c ? ", ?" : "?";
  sql += ")";

  Transaction tx(conn);
  bool owned = false;
  SqliteStatement* st = conn.acquire_statement(sql, &owned);
  struct Release {
    SqliteConnection& c;
    SqliteStatement* s;
    bool o;
    ~Release() { c.release_statement(s, o); }
  } release{conn, st, owned};
  sqlite3_stmt* stmt = st->stmt;
  std::string scratch;
  int64_t loaded = 0;
  for (const columnar::RecordBatch& batch : table.to_batches()) {
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      for (int c = 0; c < batch.num_columns(); ++c) {
        const Array& a = batch.column(c);
        const int idx = c + 1;
        int rc = SQLITE_OK;
        if (a.is_null(row)) {
          rc = sqlite3_bind_null(stmt, idx);
        } else {
          switch (a.type()->id()) {
            case TypeId::kFloat32: rc = sqlite3_bind_double(stmt, idx, raw<float>(a, row)); break;
            case TypeId::kFloat64: rc = sqlite3_bind_double(stmt, idx, raw<double>(a, row)); break;
            case TypeId::kString:
            case TypeId::kLargeString: {
              const std::string_view s = binary_cell(a, row);
              rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
              break;
            }
            case TypeId::kBinary:
            case TypeId::kLargeBinary: {
              const std::string_view s = binary_cell(a, row);
              rc = sqlite3_bind_blob64(stmt, idx, s.empty() ? "" : s.data(), s.size(), SQLITE_STATIC);
              break;
            }
            case TypeId::kDate32:
              scratch = format_date(Date{raw<int32_t>(a, row)});
              rc = sqlite3_bind_text64(stmt, idx, scratch.data(), scratch.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
              break;
            case TypeId::kTimestamp:
              scratch = format_timestamp(Timestamp{to_micros(raw<int64_t>(a, row), a.type()->unit())});
              rc = sqlite3_bind_text64(stmt, idx, scratch.data(), scratch.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
              break;
            default: {
              const auto v = integer_cell(a, row);
              if (!v) check_supported(*schema.field(c));
              rc = sqlite3_bind_int64(stmt, idx, *v);
            }
          }
        }
        if (rc != SQLITE_OK) conn.throw_error(rc, sql);
      }
      const int rc = sqlite3_step(stmt);
      if (rc != SQLITE_DONE) {
        ErrorInfo info = conn.error_info(rc, sql);
        info.message += fmt::format(" (bulk_load row {})", loaded);
        sqlite3_reset(stmt);
        conn.throw_error(rc, sql);
      }
      sqlite3_reset(stmt);
      ++loaded;
    }
  }
  tx.commit();
  return loaded;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL: COPY ... FROM STDIN (FORMAT binary), each value encoded as the target column's type.

// A double as PostgreSQL's binary NUMERIC (length prefix included): its shortest round-trip decimal form in
// base-10000 digits. The server rounds it to the column's scale.
void append_numeric(std::string& out, double d) {
  if (std::isnan(d) || std::isinf(d)) {
    append_be<int32_t>(out, 8);
    append_be<int16_t>(out, 0);
    append_be<int16_t>(out, 0);
    append_be<uint16_t>(out, std::isnan(d) ? 0xC000 : (d > 0 ? 0xD000 : 0xF000));
    append_be<int16_t>(out, 0);
    return;
  }
  char buf[400];
  const auto res = std::to_chars(buf, buf + sizeof(buf), std::fabs(d), std::chars_format::fixed);
  std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
  const size_t dot = text.find('.');
  std::string int_part(text.substr(0, dot));
  std::string frac_part(dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1));
  const int dscale = static_cast<int>(frac_part.size());
  int_part.insert(0, (4 - int_part.size() % 4) % 4, '0');
  frac_part.append((4 - frac_part.size() % 4) % 4, '0');
  std::vector<int16_t> digits;
  auto group = [](std::string_view g) { return static_cast<int16_t>((g[0] - '0') * 1000 + (g[1] - '0') * 100 + (g[2] - '0') * 10 + (g[3] - '0')); };
  for (size_t i = 0; i < int_part.size(); i += 4) digits.push_back(group(std::string_view(int_part).substr(i, 4)));
  for (size_t i = 0; i < frac_part.size(); i += 4) digits.push_back(group(std::string_view(frac_part).substr(i, 4)));
  int weight = static_cast<int>(int_part.size() / 4) - 1;
  size_t first = 0;
  while (first < digits.size() && digits[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = digits.size();
  while (last > first && digits[last - 1] == 0) --last;
  if (first == last) weight = 0;
  const int ndigits = static_cast<int>(last - first);
  append_be<int32_t>(out, 8 + 2 * ndigits);
  append_be<int16_t>(out, static_cast<int16_t>(ndigits));
  append_be<int16_t>(out, static_cast<int16_t>(weight));
  append_be<uint16_t>(out, (d < 0 && ndigits > 0) ? 0x4000 : 0x0000);
  append_be<int16_t>(out, static_cast<int16_t>(dscale));
  for (size_t i = first; i < last; ++i) append_be<int16_t>(out, digits[i]);
}

void encode_copy_cell(const Array& a, int64_t row, Oid target, const columnar::Field& field, std::string& out) {
  if (a.is_null(row)) {
    append_be<int32_t>(out, -1);
    return;
  }
  const TypeId id = a.type()->id();
  auto fail = [&]() {
    raise<TypeError>("bulk_load: column \"{}\" of type {} cannot be copied into a PostgreSQL {} column", field.name(),
                     field.type()->to_string(), pg_type_name(target));
  };
  auto put_text = [&](std::string_view s) {
    append_be<int32_t>(out, static_cast<int32_t>(s.size()));
    out.append(s);
  };
  switch (target) {
    case pg_oid::kInt2:
    case pg_oid::kInt4:
    case pg_oid::kInt8: {
      if (id == TypeId::kDate32 || id == TypeId::kTimestamp || id == TypeId::kBool) fail();
      const auto v = integer_cell(a, row);
      if (!v) fail();
      if (target == pg_oid::kInt8) {
        append_be<int32_t>(out, 8);
        append_be<int64_t>(out, *v);
      } else if (target == pg_oid::kInt4) {
        if (*v < INT32_MIN || *v > INT32_MAX) {
          throw DataError(ErrorInfo{fmt::format("bulk_load: column \"{}\" row {}: {} is out of range for int4", field.name(), row, *v)});
        }
        append_be<int32_t>(out, 4);
        append_be<int32_t>(out, static_cast<int32_t>(*v));
      } else {
        if (*v < INT16_MIN || *v > INT16_MAX) {
          throw DataError(ErrorInfo{fmt::format("bulk_load: column \"{}\" row {}: {} is out of range for int2", field.name(), row, *v)});
        }
        append_be<int32_t>(out, 2);
        append_be<int16_t>(out, static_cast<int16_t>(*v));
      }
      return;
    }
    case pg_oid::kFloat4:
    case pg_oid::kFloat8:
    case pg_oid::kNumeric: {
      double d;
      if (id == TypeId::kFloat64) {
        d = raw<double>(a, row);
      } else if (id == TypeId::kFloat32) {
        d = raw<float>(a, row);
      } else if (auto v = integer_cell(a, row); v && id != TypeId::kBool) {
        d = static_cast<double>(*v);
      } else {
        fail();
      }
      if (target == pg_oid::kFloat8) {
        append_be<int32_t>(out, 8);
        append_be<uint64_t>(out, std::bit_cast<uint64_t>(d));
      } else if (target == pg_oid::kFloat4) {
        append_be<int32_t>(out, 4);
        append_be<uint32_t>(out, std::bit_cast<uint32_t>(static_cast<float>(d)));
      } else {
        append_numeric(out, d);
      }
      return;
    }
    case pg_oid::kBool:
      if (id != TypeId::kBool) fail();
      append_be<int32_t>(out, 1);
      out.push_back(columnar::BooleanArray(a).value(row) ? 1 : 0);
      return;
    case pg_oid::kText:
    case pg_oid::kVarchar:
    case pg_oid::kBpchar:
    case pg_oid::kName:
      if (id != TypeId::kString && id != TypeId::kLargeString) fail();
      put_text(binary_cell(a, row));
      return;
    case pg_oid::kBytea:
      if (!a.type()->is_binary_like()) fail();
      put_text(binary_cell(a, row));
      return;
    case pg_oid::kDate:
      if (id != TypeId::kDate32) fail();
      append_be<int32_t>(out, 4);
      append_be<int32_t>(out, raw<int32_t>(a, row) - kPgEpochDays);
      return;
    case pg_oid::kTimestamp:
    case pg_oid::kTimestamptz:
      append_be<int32_t>(out, 8);
      if (id == TypeId::kTimestamp) {
        append_be<int64_t>(out, to_micros(raw<int64_t>(a, row), a.type()->unit()) - kPgEpochMicros);
      } else if (id == TypeId::kDate32) {
        append_be<int64_t>(out, int64_t{raw<int32_t>(a, row)} * 86'400'000'000 - kPgEpochMicros);
      } else {
        fail();
      }
      return;
    default: fail();
  }
}

int64_t bulk_load_postgresql(PgConnection& conn, std::string_view sql_table, const columnar::Table& table) {
  const auto& schema = *table.schema();
  std::string columns;
  for (int c = 0; c < schema.num_fields(); ++c) columns += (c ? ", " : "") + quote_identifier(schema.field(c)->name());
  const std::vector<Oid> targets =
      conn.describe_columns(fmt::format("SELECT {} FROM {} LIMIT 0", columns, quote_table(sql_table)));
  const std::string copy_sql = fmt::format("COPY {} ({}) FROM STDIN (FORMAT binary)", quote_table(sql_table), columns);

  std::string buf;
  constexpr size_t kFlushBytes = 1 << 20;
  static constexpr char kSignature[] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\xff', '\r', '\n', '\0'};
  buf.append(kSignature, sizeof(kSignature));
  append_be<int32_t>(buf, 0);  // flags
  append_be<int32_t>(buf, 0);  // header extension length
  conn.copy_begin(copy_sql);
  try {
    for (const columnar::RecordBatch& batch : table.to_batches()) {
      for (int64_t row = 0; row < batch.num_rows(); ++row) {
        append_be<int16_t>(buf, static_cast<int16_t>(batch.num_columns()));
        for (int c = 0; c < batch.num_columns(); ++c) {
          encode_copy_cell(batch.column(c), row, targets[static_cast<size_t>(c)], *schema.field(c), buf);
        }
        if (buf.size() >= kFlushBytes) {
          conn.copy_send(buf);
          buf.clear();
        }
      }
    }
    append_be<int16_t>(buf, -1);
    conn.copy_send(buf);
  } catch (const Error& e) {
    conn.copy_abort(e.what());
    throw;
  }
  return conn.copy_end();
}

// ---------------------------------------------------------------------------------------------------------
// to_table

// The columnar type of one result column. From the driver's ColumnType, narrowed for PostgreSQL by the type
// OID's width as pyarrow / ADBC do: int2 -> int16, int4 -> int32, float4 -> float32 (SQLite has one integer
// and one real storage class: int64 and float64).
enum class Kind { kUnknown, kBool, kInt16, kInt32, kInt64, kFloat32, kFloat64, kDate, kTimestamp, kBlob, kText };

Kind kind_of(const Result& result, int i) {
  const ColumnType type = result.column_type(i);
  if (result.dialect() == Dialect::kPostgresql) {
    const std::string_view decl = result.column_decl_type(i);
    if (decl == "int2") return Kind::kInt16;
    if (decl == "int4") return Kind::kInt32;
    if (decl == "float4") return Kind::kFloat32;
  }
  switch (type) {
    case ColumnType::kBool: return Kind::kBool;
    case ColumnType::kInt64: return Kind::kInt64;
    case ColumnType::kDouble:
    case ColumnType::kNumeric: return Kind::kFloat64;
    case ColumnType::kDate: return Kind::kDate;
    case ColumnType::kTimestamp: return Kind::kTimestamp;
    case ColumnType::kBlob: return Kind::kBlob;
    case ColumnType::kText: return Kind::kText;
    case ColumnType::kUnknown: return Kind::kUnknown;
  }
  return Kind::kUnknown;
}

class ColumnBuilder {
 public:
  explicit ColumnBuilder(Kind kind) : kind_(kind) {}

  Kind kind() const { return kind_; }
  bool decided() const { return kind_ != Kind::kUnknown; }

  // Room for `rows` more values (numbers; strings grow as they come).
  void reserve(int64_t rows) {
    switch (kind_) {
      case Kind::kInt16: int16s_.reserve(rows); break;
      case Kind::kInt32: int32s_.reserve(rows); break;
      case Kind::kInt64: ints_.reserve(rows); break;
      case Kind::kFloat32: floats_.reserve(rows); break;
      case Kind::kFloat64: doubles_.reserve(rows); break;
      case Kind::kDate: dates_.reserve(rows); break;
      case Kind::kTimestamp: timestamps_.reserve(rows); break;
      default: break;
    }
  }

  void append(const Result& r, int i) {
    // Numbers and text: read first, ask is_null only for the getters' NULL reading (0, ""), one driver call per
    // cell instead of two on SQLite.
    switch (kind_) {
      case Kind::kInt64: {
        const int64_t v = r.get_int64(i);
        if (v == 0 && r.is_null(i)) {
          ints_.append_null();
        } else {
          ints_.append(v);
        }
        return;
      }
      case Kind::kFloat64: {
        const double v = r.get_double(i);
        if (v == 0 && r.is_null(i)) {
          doubles_.append_null();
        } else {
          doubles_.append(v);
        }
        return;
      }
      case Kind::kText: {
        const std::string_view v = r.get_text(i);
        if (v.empty() && r.is_null(i)) {
          strings_.append_null();
        } else {
          strings_.append(v);
        }
        return;
      }
      default: break;
    }
    if (r.is_null(i)) {
      if (!decided()) {
        ++pending_nulls_;
        return;
      }
      append_null();
      return;
    }
    if (!decided()) {
      const Value v = r.get(i);
      switch (v.index()) {
        case 1: kind_ = Kind::kBool; break;
        case 2:
        case 3: kind_ = Kind::kInt64; break;
        case 4: kind_ = Kind::kFloat64; break;
        case 6: kind_ = Kind::kDate; break;
        case 7: kind_ = Kind::kTimestamp; break;
        case 8: kind_ = Kind::kBlob; break;
        case 9: kind_ = Kind::kFloat64; break;
        default: kind_ = Kind::kText; break;
      }
      flush_pending();
    }
    switch (kind_) {
      case Kind::kBool: bools_.append(r.get_bool(i)); break;
      case Kind::kInt16: int16s_.append(static_cast<int16_t>(r.get_int64(i))); break;
      case Kind::kInt32: int32s_.append(static_cast<int32_t>(r.get_int64(i))); break;
      case Kind::kInt64: ints_.append(r.get_int64(i)); break;
      case Kind::kFloat32: floats_.append(static_cast<float>(r.get_double(i))); break;
      case Kind::kFloat64: doubles_.append(r.get_double(i)); break;
      case Kind::kDate: dates_.append(r.get_date(i).days); break;
      case Kind::kTimestamp: timestamps_.append(r.get_timestamp(i).micros); break;
      case Kind::kBlob: {
        auto b = r.get_blob(i);
        blobs_.append(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
        break;
      }
      default: strings_.append(r.get_text(i)); break;
    }
  }

  Array finish() {
    if (!decided()) {
      kind_ = Kind::kText;
      flush_pending();
    }
    switch (kind_) {
      case Kind::kBool: return bools_.finish();
      case Kind::kInt16: return int16s_.finish();
      case Kind::kInt32: return int32s_.finish();
      case Kind::kInt64: return ints_.finish();
      case Kind::kFloat32: return floats_.finish();
      case Kind::kFloat64: return doubles_.finish();
      case Kind::kDate: return dates_.finish();
      case Kind::kTimestamp: return timestamps_.finish();
      case Kind::kBlob: return blobs_.finish();
      default: return strings_.finish();
    }
  }

 private:
  void append_null() {
    switch (kind_) {
      case Kind::kBool: bools_.append_null(); break;
      case Kind::kInt16: int16s_.append_null(); break;
      case Kind::kInt32: int32s_.append_null(); break;
      case Kind::kInt64: ints_.append_null(); break;
      case Kind::kFloat32: floats_.append_null(); break;
      case Kind::kFloat64: doubles_.append_null(); break;
      case Kind::kDate: dates_.append_null(); break;
      case Kind::kTimestamp: timestamps_.append_null(); break;
      case Kind::kBlob: blobs_.append_null(); break;
      default: strings_.append_null(); break;
    }
  }
  void flush_pending() {
    for (; pending_nulls_ > 0; --pending_nulls_) append_null();
  }

  Kind kind_;
  int64_t pending_nulls_ = 0;
  columnar::BooleanBuilder bools_;
  columnar::Int16Builder int16s_;
  columnar::Int32Builder int32s_;
  columnar::Int64Builder ints_;
  columnar::FloatBuilder floats_;
  columnar::DoubleBuilder doubles_;
  columnar::Int32Builder dates_{columnar::date32()};
  columnar::Int64Builder timestamps_{columnar::timestamp(TimeUnit::kMicro)};
  columnar::BinaryBuilder blobs_;
  columnar::StringBuilder strings_;
};

}  // namespace

int64_t bulk_load(Connection& connection, std::string_view sql_table, const columnar::Table& table) {
  for (int c = 0; c < table.schema()->num_fields(); ++c) check_supported(*table.schema()->field(c));
  if (table.num_columns() == 0) raise<InvalidArgument>("bulk_load into {}: the table has no columns", sql_table);
  if (auto* sqlite = dynamic_cast<SqliteConnection*>(&connection)) return bulk_load_sqlite(*sqlite, sql_table, table);
  if (auto* pg = dynamic_cast<PgConnection*>(&connection)) return bulk_load_postgresql(*pg, sql_table, table);
  raise<NotImplemented>("bulk_load: unknown connection type");
}

columnar::Table to_table(Result& result, int64_t batch_rows) {
  if (batch_rows <= 0) raise<InvalidArgument>("to_table: batch_rows must be positive, got {}", batch_rows);
  const int n = result.num_columns();
  std::vector<std::string> names = result.column_names();
  std::vector<Kind> kinds(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) kinds[static_cast<size_t>(i)] = kind_of(result, i);
  // PostgreSQL knows the row count up front: presize each batch's numeric columns.
  const std::optional<int64_t> total = result.row_count_hint();
  int64_t left = total ? *total : -1;

  std::vector<std::vector<Array>> chunks(static_cast<size_t>(n));
  bool more = true;
  bool first = true;
  while (more) {
    std::vector<ColumnBuilder> builders;
    builders.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) builders.emplace_back(kinds[static_cast<size_t>(i)]);
    if (left > 0) {
      for (ColumnBuilder& b : builders) b.reserve(std::min(left, batch_rows));
    }
    int64_t rows = 0;
    while (rows < batch_rows && (more = result.next())) {
      for (int i = 0; i < n; ++i) builders[static_cast<size_t>(i)].append(result, i);
      ++rows;
    }
    if (rows == 0 && !first) break;
    for (int i = 0; i < n; ++i) {
      chunks[static_cast<size_t>(i)].push_back(builders[static_cast<size_t>(i)].finish());
      kinds[static_cast<size_t>(i)] = builders[static_cast<size_t>(i)].kind();  // fixed after the first batch
    }
    if (left > 0) left -= rows;
    first = false;
  }
  std::vector<columnar::FieldPtr> fields;
  std::vector<columnar::ChunkedArray> columns;
  for (int i = 0; i < n; ++i) {
    auto& c = chunks[static_cast<size_t>(i)];
    columnar::DataTypePtr type = c.front().type();
    fields.push_back(columnar::field(names[static_cast<size_t>(i)], type));
    columns.emplace_back(std::move(c), type);
  }
  return columnar::Table(columnar::schema(std::move(fields)), std::move(columns));
}

}  // namespace strata::sql
