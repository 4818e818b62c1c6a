// The two places where the SQL half meets the columnar half.
//
//   sql::bulk_load(conn, "employee", table);     // SQLite: one transaction of a re-bound prepared INSERT;
//                                                // PostgreSQL: COPY employee (...) FROM STDIN (FORMAT binary)
//   columnar::Table t = sql::to_table(conn.execute("SELECT * FROM employee"));
#pragma once

#include <cstdint>
#include <string_view>

#include "strata/columnar/table.h"
#include "strata/sql/connection.h"

namespace strata::sql {

// Append every row of `table` to the existing SQL table `sql_table` (columns matched by the table's field
// names). Supported column types: bool, int8..int64, uint8..uint32, float32/64, string/large_string,
// binary, date32, timestamp (any unit; stored as microseconds). Returns the number of rows loaded.
// Joins an open transaction when there is one, otherwise runs in its own.
int64_t bulk_load(Connection& connection, std::string_view sql_table, const columnar::Table& table);

// Read every remaining row of `result` into a columnar table, `batch_rows` rows per chunk. Column types come
// from the declared / returned types: integer -> int64, real -> float64, numeric -> float64, text -> utf8,
// blob -> binary, bool -> bool, date -> date32, timestamp -> timestamp[us]. PostgreSQL's narrower types keep
// their width, as pyarrow / ADBC read them: int2 -> int16, int4 -> int32, float4 -> float32 (int8 -> int64,
// float8 -> float64); SQLite has one integer and one real storage class, so INTEGER / INT columns are int64.
// A SQLite expression column with no declared type takes the type of its first non-null value in the first
// batch (utf8 when all null). Where the driver knows the row count (PostgreSQL), numeric columns are presized.
columnar::Table to_table(Result& result, int64_t batch_rows = 65536);
inline columnar::Table to_table(Result&& result, int64_t batch_rows = 65536) { return to_table(result, batch_rows); }

}  // namespace strata::sql
