// Values and types at the seam between the ORM and the drivers: the SQL dialect, the bound parameter value and
// the date and timestamp types are the sql/ layer's (strata/sql/value.h), so a CompiledSql goes straight to
// sql::Connection::execute(sql, params). This header adds the SQL column type and the one traits table mapping
// C++ member types to SQL types. Plain values; safe to share between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "strata/sql/value.h"

namespace strata::orm {

// SQL dialects the compiler renders for.
using sql::Dialect;
using sql::dialect_name;
// A calendar date: days since 1970-01-01. A timestamp without time zone: microseconds since the epoch.
using sql::Date;
using sql::Timestamp;
// A bound parameter value; the alternative says which type a driver binds it as (int32 -> int4, int64 -> int8,
// double -> float8, string -> text, ...); std::monostate is SQL NULL.
using sql::Value;

// The SQL type of a column or expression, independent of dialect.
enum class TypeKind : uint8_t { kBool, kInt32, kInt64, kDouble, kText, kDate, kTimestamp, kNumeric };

struct SqlType {
  TypeKind kind = TypeKind::kText;
  int length = 0;     // VARCHAR(length) when > 0 (kText)
  int precision = 0;  // NUMERIC(precision, scale) when > 0 (kNumeric)
  int scale = 0;
  friend bool operator==(const SqlType&, const SqlType&) = default;
};

// Spell a column type for `dialect` ("VARCHAR(100)", "FLOAT", "TIMESTAMP WITHOUT TIME ZONE", ...).
std::string sql_type_name(const SqlType& type, Dialect dialect);

// ---------------------------------------------------------------------------------------------------------
// C++ type <-> SQL type: the one traits table. `sql_traits<T>::kind` names the SQL type of a member of type T;
// `category` groups types that compare with each other (integers and reals are both numeric).
enum class Category { kBool, kNumeric, kText, kDate, kTimestamp };

template <typename T>
struct sql_traits;  // undefined: T is not a mapped value type

template <>
struct sql_traits<bool> {
  static constexpr TypeKind kind = TypeKind::kBool;
  static constexpr Category category = Category::kBool;
};
template <>
struct sql_traits<int32_t> {
  static constexpr TypeKind kind = TypeKind::kInt32;
  static constexpr Category category = Category::kNumeric;
};
template <>
struct sql_traits<int64_t> {
  static constexpr TypeKind kind = TypeKind::kInt64;
  static constexpr Category category = Category::kNumeric;
};
template <>
struct sql_traits<double> {
  static constexpr TypeKind kind = TypeKind::kDouble;
  static constexpr Category category = Category::kNumeric;
};
template <>
struct sql_traits<std::string> {
  static constexpr TypeKind kind = TypeKind::kText;
  static constexpr Category category = Category::kText;
};
template <>
struct sql_traits<Date> {
  static constexpr TypeKind kind = TypeKind::kDate;
  static constexpr Category category = Category::kDate;
};
template <>
struct sql_traits<Timestamp> {
  static constexpr TypeKind kind = TypeKind::kTimestamp;
  static constexpr Category category = Category::kTimestamp;
};

template <typename T>
struct is_optional : std::false_type {};
template <typename T>
struct is_optional<std::optional<T>> : std::true_type {};
template <typename T>
inline constexpr bool is_optional_v = is_optional<T>::value;

// The value type without std::optional: base_t<std::optional<double>> is double.
template <typename T>
struct base_type {
  using type = T;
};
template <typename T>
struct base_type<std::optional<T>> {
  using type = T;
};
template <typename T>
using base_t = typename base_type<T>::type;

// A type that can be a mapped member or an expression's value: one of the traits table's types, or an optional
// of one.
template <typename T>
concept SqlValueType = requires { sql_traits<base_t<T>>::kind; };

template <typename T>
inline constexpr Category category_v = sql_traits<base_t<T>>::category;

template <typename T>
concept NumericValue = SqlValueType<T> && category_v<T> == Category::kNumeric;
template <typename T>
concept TextValue = SqlValueType<T> && category_v<T> == Category::kText;
template <typename T>
concept BoolValue = SqlValueType<T> && category_v<T> == Category::kBool;
template <typename T>
concept TemporalValue =
    SqlValueType<T> && (category_v<T> == Category::kDate || category_v<T> == Category::kTimestamp);

// Values of A and B can be compared in SQL (same category; integers and reals mix).
template <typename A, typename B>
concept Comparable = SqlValueType<A> && SqlValueType<B> && category_v<A> == category_v<B>;

// The Value of a C++ literal: int -> int32, int64_t -> int64, double, bool, text, Date, Timestamp; an empty
// optional is NULL.
template <typename V>
Value make_value(const V& v) {
  if constexpr (is_optional_v<V>) {
    return v ? make_value(*v) : Value{};
  } else if constexpr (std::is_same_v<V, bool>) {
    return Value{v};
  } else if constexpr (std::is_integral_v<V> && sizeof(V) <= 4) {
    return Value{static_cast<int32_t>(v)};
  } else if constexpr (std::is_integral_v<V>) {
    return Value{static_cast<int64_t>(v)};
  } else if constexpr (std::is_floating_point_v<V>) {
    return Value{static_cast<double>(v)};
  } else if constexpr (std::is_convertible_v<const V&, std::string_view>) {
    return Value{std::string(std::string_view(v))};
  } else {
    return Value{v};
  }
}

// The expression value type of a C++ literal (int -> int32_t, long -> int64_t, const char* -> std::string).
template <typename V>
struct literal_type {
  using type = V;
};
template <typename V>
  requires(std::is_integral_v<V> && !std::is_same_v<V, bool>)
struct literal_type<V> {
  using type = std::conditional_t<(sizeof(V) <= 4), int32_t, int64_t>;
};
template <typename V>
  requires std::is_floating_point_v<V>
struct literal_type<V> {
  using type = double;
};
template <typename V>
  requires(std::is_convertible_v<const V&, std::string_view> && !std::is_same_v<V, std::string>)
struct literal_type<V> {
  using type = std::string;
};
template <typename V>
using literal_t = typename literal_type<std::remove_cvref_t<std::decay_t<V>>>::type;

// std::optional<T> when `nullable`, else T.
template <typename T, bool nullable>
using nullable_if = std::conditional_t<nullable, std::optional<base_t<T>>, base_t<T>>;

}  // namespace strata::orm
