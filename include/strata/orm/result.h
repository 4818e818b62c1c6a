// Executing a compiled select and reading its rows as the select's C++ row type.
//
//   auto stmt = select(col(&Department::name), count(&Employee::id)).join<Employee>().group_by(&Department::id);
//   for (auto [name, headcount] : orm::execute(conn, stmt)) use(name, headcount);   // std::string, int64_t
//   auto rows = orm::execute(conn, stmt).all();          // std::vector<row_type>
//   int64_t n = orm::execute(conn, select(count()).select_from<Employee>()).scalar();
//   columnar::Table t = orm::execute(conn, stmt).to_table();
//
// Cells convert with the driver's typed getters: integers, reals (PostgreSQL NUMERIC, e.g. round(), reads as
// double), bool, text, Date, Timestamp; a std::optional element is empty for NULL. A non-optional element
// reading a NULL cell gets the getter's zero value (0, "", epoch), as the drivers define it. A whole model in
// the select list (select<M>()) decodes into an M by value here; the Session (session.h) maps it to objects.
//
// to_table() builds the columnar table typed from the select list (not from what the driver reports): int32_t ->
// int32, int64_t -> int64, double -> float64 (NUMERIC included), bool -> bool, std::string -> utf8, Date ->
// date32, Timestamp -> timestamp[us]; a whole model contributes one column per mapped column. Cells go straight
// from the driver's typed getters into the column builders (no sql::Value, no std::string per cell); a NULL
// cell is a null in the table whatever the element type. Batched results (execute_batched) convert batch by
// batch, one chunk per `batch_rows` rows.
//
// Memory: rows are decoded one at a time as the iteration advances. SQLite steps its statement row by row;
// the PostgreSQL driver holds the whole result of one statement (sql/connection.h), so for large PostgreSQL
// results use execute_batched(), which reads through a server-side cursor `batch_rows` rows at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/columnar/builder.h"
#include "strata/columnar/chunked_array.h"
#include "strata/columnar/table.h"
#include "strata/columnar/type.h"
#include "strata/core/error.h"
#include "strata/orm/compiler.h"
#include "strata/orm/mapping.h"
#include "strata/sql/bridge.h"
#include "strata/sql/connection.h"

namespace strata::orm {

// Read cell `i` of the current row as T.
template <typename T>
T read_cell(const sql::Result& r, int i) {
  if constexpr (is_optional_v<T>) {
    if (r.is_null(i)) return std::nullopt;
    return T(read_cell<typename T::value_type>(r, i));
  } else if constexpr (std::is_same_v<T, bool>) {
    return r.get_bool(i);
  } else if constexpr (std::is_same_v<T, int32_t>) {
    return static_cast<int32_t>(r.get_int64(i));
  } else if constexpr (std::is_same_v<T, int64_t>) {
    return r.get_int64(i);
  } else if constexpr (std::is_same_v<T, double>) {
    return r.get_double(i);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::string(r.get_text(i));
  } else if constexpr (std::is_same_v<T, Date>) {
    return r.get_date(i);
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    return r.get_timestamp(i);
  } else {
    static_assert(sizeof(T) == 0, "read_cell: not a SQL value type");
  }
}

// Convert a bound/driver Value to T (numbers convert between integer and real; NULL -> empty optional).
template <typename T>
T value_to(const Value& v) {
  if constexpr (is_optional_v<T>) {
    if (sql::is_null(v)) return std::nullopt;
    return T(value_to<typename T::value_type>(v));
  } else if constexpr (std::is_arithmetic_v<T>) {
    if (auto* p = std::get_if<int32_t>(&v)) return static_cast<T>(*p);
    if (auto* p = std::get_if<int64_t>(&v)) return static_cast<T>(*p);
    if (auto* p = std::get_if<double>(&v)) return static_cast<T>(*p);
    if (auto* p = std::get_if<bool>(&v)) return static_cast<T>(*p);
    if (sql::is_null(v)) return T{};
    raise<TypeError>("orm: value {} is not a number", sql::to_string(v));
  } else {
    if (sql::is_null(v)) return T{};
    if (auto* p = std::get_if<T>(&v)) return *p;
    raise<TypeError>("orm: value {} has the wrong type for this member", sql::to_string(v));
  }
}

// The number of result columns one row element takes: a mapped model takes all its columns.
template <typename E>
constexpr int element_width() {
  if constexpr (Mapped<E>) {
    int n = 0;
    for_each_column<E>([&](const auto&) { ++n; });
    return n;
  } else {
    return 1;
  }
}

// Set every mapped column of `m` from columns offset, offset+1, ... of the current row.
template <Mapped M>
void hydrate(M& m, const sql::Result& r, int offset) {
  int i = offset;
  for_each_column<M>([&](const auto& def) {
    using T = typename std::remove_cvref_t<decltype(def)>::value_type;
    m.*(def.member) = read_cell<T>(r, i++);
  });
}

namespace detail {
template <typename E>
E read_element(const sql::Result& r, int& column) {
  if constexpr (Mapped<E>) {
    E m{};
    hydrate(m, r, column);
    column += element_width<E>();
    return m;
  } else {
    return read_cell<E>(r, column++);
  }
}

// --- to_table: one typed column sink per result column (sinks take base_t<V>: the type without std::optional).

template <typename V>
struct ColumnSink {
  static auto make_builder() {
    if constexpr (std::is_same_v<V, bool>) {
      return columnar::BooleanBuilder();
    } else if constexpr (std::is_same_v<V, int32_t>) {
      return columnar::Int32Builder();
    } else if constexpr (std::is_same_v<V, int64_t>) {
      return columnar::Int64Builder();
    } else if constexpr (std::is_same_v<V, double>) {
      return columnar::DoubleBuilder();
    } else if constexpr (std::is_same_v<V, std::string>) {
      return columnar::StringBuilder();
    } else if constexpr (std::is_same_v<V, Date>) {
      return columnar::Int32Builder(columnar::date32());
    } else if constexpr (std::is_same_v<V, Timestamp>) {
      return columnar::Int64Builder(columnar::timestamp(columnar::TimeUnit::kMicro));
    } else {
      static_assert(sizeof(V) == 0, "to_table: not a SQL value type");
    }
  }
  static columnar::DataTypePtr type() {
    if constexpr (std::is_same_v<V, bool>) {
      return columnar::boolean();
    } else if constexpr (std::is_same_v<V, int32_t>) {
      return columnar::int32();
    } else if constexpr (std::is_same_v<V, int64_t>) {
      return columnar::int64();
    } else if constexpr (std::is_same_v<V, double>) {
      return columnar::float64();
    } else if constexpr (std::is_same_v<V, std::string>) {
      return columnar::utf8();
    } else if constexpr (std::is_same_v<V, Date>) {
      return columnar::date32();
    } else {
      return columnar::timestamp(columnar::TimeUnit::kMicro);
    }
  }

  decltype(make_builder()) builder = make_builder();

  // Numbers, booleans and text read first and ask is_null only when the value is the drivers' NULL reading (0,
  // false, ""): one driver call per cell instead of two. Dates and timestamps ask first (a NULL does not parse).
  void append(const sql::Result& r, int i) {
    if constexpr (std::is_same_v<V, bool>) {
      const bool v = r.get_bool(i);
      if (!v && r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(v);
      }
    } else if constexpr (std::is_same_v<V, int32_t> || std::is_same_v<V, int64_t>) {
      const int64_t v = r.get_int64(i);
      if (v == 0 && r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(static_cast<V>(v));
      }
    } else if constexpr (std::is_same_v<V, double>) {
      const double v = r.get_double(i);
      if (v == 0 && r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(v);
      }
    } else if constexpr (std::is_same_v<V, std::string>) {
      const std::string_view v = r.get_text(i);
      if (v.empty() && r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(v);
      }
    } else if constexpr (std::is_same_v<V, Date>) {
      if (r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(r.get_date(i).days);
      }
    } else {
      if (r.is_null(i)) {
        builder.append_null();
      } else {
        builder.append(r.get_timestamp(i).micros);
      }
    }
  }
};

// The sinks of one row element: a tuple of one sink, or one per mapped column of a model.
template <typename Item>
constexpr auto sink_of_item() {
  if constexpr (is_column_def_v<Item>) {
    return std::tuple<ColumnSink<base_t<typename Item::value_type>>>();
  } else {
    return std::tuple<>();
  }
}
template <typename E>
constexpr auto sinks_of_element() {
  if constexpr (Mapped<E>) {
    return std::apply([](const auto&... items) { return std::tuple_cat(sink_of_item<std::remove_cvref_t<decltype(items)>>()...); },
                      mapping<E>.items);
  } else {
    return std::tuple<ColumnSink<base_t<E>>>();
  }
}
template <typename Row>
struct row_sinks;
template <typename... Es>
struct row_sinks<std::tuple<Es...>> {
  using type = decltype(std::tuple_cat(sinks_of_element<Es>()...));
};

template <typename Row>
struct row_reader;
template <typename... Es>
struct row_reader<std::tuple<Es...>> {
  static std::tuple<Es...> read(const sql::Result& r) {
    int column = 0;
    return std::tuple<Es...>{read_element<Es>(r, column)...};  // braced init: left to right
  }
};
}  // namespace detail

// Decode the current row of `r` as Row.
template <typename Row>
Row read_row(const sql::Result& r) {
  return detail::row_reader<Row>::read(r);
}

// The rows of one executed select, typed as Row; read forward once.
template <typename Row>
class TypedResult {
 public:
  explicit TypedResult(sql::Result result) : result_(std::move(result)) {}
  // For a batched PostgreSQL cursor: `refill` replaces the exhausted result with the next batch (false at end).
  TypedResult(sql::Result result, std::function<bool(sql::Result&)> refill)
      : result_(std::move(result)), refill_(std::move(refill)) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using reference = const Row&;
    using pointer = const Row*;
    iterator() = default;
    explicit iterator(TypedResult* owner) : owner_(owner) { advance(); }
    const Row& operator*() const { return *current_; }
    const Row* operator->() const { return &*current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    void operator++(int) { advance(); }
    friend bool operator==(const iterator& a, const iterator& b) { return a.owner_ == b.owner_; }

   private:
    void advance() {
      if (owner_ != nullptr && owner_->next()) {
        current_ = read_row<Row>(owner_->result_);
      } else {
        owner_ = nullptr;
        current_.reset();
      }
    }
    TypedResult* owner_ = nullptr;
    std::optional<Row> current_;
  };

  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

  // Every remaining row.
  std::vector<Row> all() {
    std::vector<Row> rows;
    // The driver's total when it knows it (PostgreSQL), as hand-written code presizes from PQntuples.
    if (const auto n = result_.row_count_hint()) rows.reserve(static_cast<size_t>(*n));
    while (next()) rows.push_back(read_row<Row>(result_));
    return rows;
  }
  // The only row; throws InvalidArgument when there is none or more than one.
  Row one() {
    if (!next()) raise<InvalidArgument>("one(): the query returned no row");
    Row row = read_row<Row>(result_);
    if (next()) raise<InvalidArgument>("one(): the query returned more than one row");
    return row;
  }
  // The first row, or nothing.
  std::optional<Row> first() {
    if (!next()) return std::nullopt;
    return read_row<Row>(result_);
  }
  // The first column of the first row; throws InvalidArgument when there is no row.
  std::tuple_element_t<0, Row> scalar() {
    if (!next()) raise<InvalidArgument>("scalar(): the query returned no row");
    int column = 0;
    return detail::read_element<std::tuple_element_t<0, Row>>(result_, column);
  }
  // The remaining rows as a columnar table typed from the select list (see the top of this file), one chunk per
  // `batch_rows` rows; columns are named as the result names them (the select list's labels).
  columnar::Table to_table(int64_t batch_rows = 65536) {
    if (batch_rows <= 0) raise<InvalidArgument>("to_table: batch_rows must be positive, got {}", batch_rows);
    using Sinks = typename detail::row_sinks<Row>::type;
    constexpr size_t kColumns = std::tuple_size_v<Sinks>;
    if (result_.num_columns() != static_cast<int>(kColumns)) {
      raise<SchemaError>("to_table: the result has {} columns, the select list {}", result_.num_columns(), kColumns);
    }
    std::vector<std::vector<columnar::Array>> chunks(kColumns);
    const std::vector<std::string> names = result_.column_names();
    Sinks sinks;
    for (bool more = true; more;) {
      int64_t rows = 0;
      while (rows < batch_rows && (more = next())) {
        append_row(sinks, std::make_index_sequence<kColumns>());
        ++rows;
      }
      if (rows == 0 && !chunks[0].empty()) break;
      finish_chunk(sinks, chunks, std::make_index_sequence<kColumns>());
    }
    std::vector<columnar::FieldPtr> fields;
    std::vector<columnar::ChunkedArray> columns;
    fields.reserve(kColumns);
    columns.reserve(kColumns);
    column_types(sinks, names, fields, std::make_index_sequence<kColumns>());
    for (size_t i = 0; i < kColumns; ++i) columns.emplace_back(std::move(chunks[i]), fields[i]->type());
    return columnar::Table(columnar::schema(std::move(fields)), std::move(columns));
  }
  sql::Result& raw() { return result_; }

 private:
  template <typename Sinks, size_t... I>
  void append_row(Sinks& sinks, std::index_sequence<I...>) {
    (std::get<I>(sinks).append(result_, static_cast<int>(I)), ...);
  }
  template <typename Sinks, size_t... I>
  static void finish_chunk(Sinks& sinks, std::vector<std::vector<columnar::Array>>& chunks, std::index_sequence<I...>) {
    (chunks[I].push_back(std::get<I>(sinks).builder.finish()), ...);
  }
  template <typename Sinks, size_t... I>
  static void column_types(const Sinks&, const std::vector<std::string>& names,
                           std::vector<columnar::FieldPtr>& fields, std::index_sequence<I...>) {
    (fields.push_back(columnar::field(names[I], std::tuple_element_t<I, Sinks>::type())), ...);
  }

  bool next() {
    if (result_.next()) {
      ++batch_rows_;
      return true;
    }
    // A batch that ended after delivering rows may have a successor; an empty batch ends the cursor.
    if (!refill_ || batch_rows_ == 0) return false;
    batch_rows_ = 0;
    if (!refill_(result_) || !result_.next()) return false;
    ++batch_rows_;
    return true;
  }
  sql::Result result_;
  std::function<bool(sql::Result&)> refill_;
  int64_t batch_rows_ = 0;
};

// Run a compiled select on `conn`.
template <typename Statement>
TypedResult<typename Statement::row_type> execute(sql::Connection& conn, const Statement& stmt) {
  CompiledSql q = to_sql(stmt, conn.dialect());
  return TypedResult<typename Statement::row_type>(conn.execute(q.sql, q.params));
}

// Run a compiled select reading at most `batch_rows` rows into memory at a time: on PostgreSQL through a
// server-side cursor (DECLARE ... NO SCROLL CURSOR, FETCH n; needs an open transaction, begun here when none
// is; the cursor closes at the end of the transaction); on SQLite the statement is stepped row by row anyway.
template <typename Statement>
TypedResult<typename Statement::row_type> execute_batched(sql::Connection& conn, const Statement& stmt,
                                                          int64_t batch_rows = 1000) {
  CompiledSql q = to_sql(stmt, conn.dialect());
  using R = TypedResult<typename Statement::row_type>;
  if (conn.dialect() == Dialect::kSqlite) return R(conn.execute(q.sql, q.params));
  if (!conn.in_transaction()) conn.begin();
  static std::atomic<int> counter{0};
  std::string name = "strata_cursor_" + std::to_string(++counter);
  conn.execute("DECLARE " + name + " NO SCROLL CURSOR FOR " + q.sql, q.params);
  std::string fetch = "FETCH " + std::to_string(batch_rows) + " FROM " + name;
  sql::Result first = conn.execute(fetch);
  return R(std::move(first), [&conn, fetch](sql::Result& r) {
    r = conn.execute(fetch);
    return true;
  });
}

}  // namespace strata::orm
