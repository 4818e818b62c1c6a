// PostgreSQL driver (internal): a Connection over one PGconn, talking to the server through libpq directly.
// Parameters go in binary with explicit type OIDs (numeric as text), results come back in binary, statements
// are prepared once per (SQL text, parameter types) under generated names, execute_batch uses pipeline mode and
// the bridge loads tables with COPY ... FROM STDIN (FORMAT binary).
#pragma once

#include <libpq-fe.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "strata/sql/connection.h"

namespace strata::sql {

// Type OIDs (pg_type.dat) the driver knows.
namespace pg_oid {
constexpr Oid kBool = 16, kBytea = 17, kName = 19, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kOid = 26,
              kJson = 114, kFloat4 = 700, kFloat8 = 701, kUnknown = 705, kBpchar = 1042, kVarchar = 1043,
              kDate = 1082, kTimestamp = 1114, kTimestamptz = 1184, kNumeric = 1700;
}

// Microseconds / days between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
constexpr int64_t kPgEpochMicros = detail::kPgEpochMicros;
constexpr int32_t kPgEpochDays = detail::kPgEpochDays;

// Big-endian (network order) loads and appends, as PostgreSQL's binary formats are.
template <typename T>
T byteswap_if_little(T v) {
  if constexpr (std::endian::native == std::endian::little && sizeof(T) > 1) {
    if constexpr (sizeof(T) == 2) return std::bit_cast<T>(__builtin_bswap16(std::bit_cast<uint16_t>(v)));
    if constexpr (sizeof(T) == 4) return std::bit_cast<T>(__builtin_bswap32(std::bit_cast<uint32_t>(v)));
    if constexpr (sizeof(T) == 8) return std::bit_cast<T>(__builtin_bswap64(std::bit_cast<uint64_t>(v)));
  }
  return v;
}
template <typename T>
T load_be(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return byteswap_if_little(v);
}
template <typename T>
void append_be(std::string& out, T v) {
  v = byteswap_if_little(v);
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

ColumnType pg_column_type(Oid oid);
std::string_view pg_type_name(Oid oid);

// Encoded parameters: bytes of all values in one buffer, then the arrays libpq wants.
struct PgParams {
  std::string bytes;
  std::vector<size_t> offsets;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<Oid> types;
  void clear();
  // Append `value` encoded as `target` (0: the value's own type). Throws TypeError when it does not convert.
  void add(const Value& value, Oid target);
  void finish();  // fill `values` from `offsets` (after the last add)
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url);
  ~PgConnection() override;

  Dialect dialect() const override { return Dialect::kPostgresql; }
  Result execute(std::string_view sql, std::span<const Value> params = {}) override;
  using Connection::execute;
  void execute_script(std::string_view sql) override;
  std::vector<int64_t> execute_batch(std::string_view sql, std::span<const std::vector<Value>> rows) override;
  bool is_healthy() override;
  int64_t last_insert_id() override;

  PGconn* handle() const { return conn_; }
  // The name of the statement prepared for `sql` with parameter types `types` (prepared on first use), and the
  // types of its result columns.
  const std::string& prepare(std::string_view sql, const std::vector<Oid>& types);
  // The type OIDs of the result columns of `sql` (described without running it).
  std::vector<Oid> describe_columns(std::string_view sql);

  // COPY ... FROM STDIN: start, send data in pieces, finish (returns the rows copied).
  void copy_begin(std::string_view copy_sql);
  void copy_send(std::string_view data);
  int64_t copy_end();
  // Abort a COPY in progress after a client-side error (the server discards the rows).
  void copy_abort(std::string_view why);

  // Throw the typed error for `result` (may be null: then the connection's message). Clears the result.
  [[noreturn]] void throw_result_error(PGresult* result, std::string_view sql);

 private:
  PGconn* conn_ = nullptr;
  std::string copy_sql_;
  struct PreparedKeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::string, PreparedKeyHash, std::equal_to<>> prepared_;  // key -> name
  std::string key_scratch_;
  int64_t statement_counter_ = 0;  // names are never re-used, even after DEALLOCATE
  PgParams params_;
};

std::unique_ptr<Connection> open_postgresql(const std::string& url);

}  // namespace strata::sql
