#include "statistics.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace strata::parquet::internal {

namespace f = format;

SortOrder sort_order_of(const f::SchemaElement& leaf) {
  const f::Type t = *leaf.type;
  if (leaf.logical_type) {
    const auto& lt = *leaf.logical_type;
    if (auto* i = std::get_if<f::IntType>(&lt)) return i->is_signed ? SortOrder::kSigned : SortOrder::kUnsigned;
    if (std::holds_alternative<f::DecimalType>(lt)) {
      return t == f::Type::kInt32 || t == f::Type::kInt64 ? SortOrder::kSigned : SortOrder::kDecimal;
    }
    if (std::holds_alternative<f::StringType>(lt) || std::holds_alternative<f::EnumType>(lt) ||
        std::holds_alternative<f::JsonType>(lt) || std::holds_alternative<f::BsonType>(lt) ||
        std::holds_alternative<f::UUIDType>(lt)) {
      return SortOrder::kUnsigned;
    }
    if (std::holds_alternative<f::Float16Type>(lt)) return SortOrder::kUnknown;
  } else if (leaf.converted_type) {
    switch (*leaf.converted_type) {
      case f::ConvertedType::kUint8:
      case f::ConvertedType::kUint16:
      case f::ConvertedType::kUint32:
      case f::ConvertedType::kUint64:
      case f::ConvertedType::kUtf8:
      case f::ConvertedType::kEnum:
      case f::ConvertedType::kJson:
      case f::ConvertedType::kBson: return SortOrder::kUnsigned;
      case f::ConvertedType::kDecimal:
        return t == f::Type::kInt32 || t == f::Type::kInt64 ? SortOrder::kSigned : SortOrder::kDecimal;
      case f::ConvertedType::kInterval: return SortOrder::kUnknown;
      default: break;
    }
  }
  switch (t) {
    case f::Type::kByteArray:
    case f::Type::kFixedLenByteArray: return SortOrder::kUnsigned;
    case f::Type::kInt96: return SortOrder::kUnknown;
    default: return SortOrder::kSigned;
  }
}

namespace {

template <typename T>
T load(std::string_view s) {
  T v{};
  std::memcpy(&v, s.data(), std::min(sizeof(T), s.size()));
  return v;
}

int compare_decimal_be(std::string_view a, std::string_view b) {
  // Signed big-endian two's complement of possibly different lengths: compare sign, then sign-extended bytes.
  const bool neg_a = !a.empty() && (static_cast<uint8_t>(a[0]) & 0x80);
  const bool neg_b = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80);
  if (neg_a != neg_b) return neg_a ? -1 : 1;
  const size_t n = std::max(a.size(), b.size());
  const uint8_t fill = neg_a ? 0xFF : 0x00;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t x = i + a.size() < n ? fill : static_cast<uint8_t>(a[i - (n - a.size())]);
    const uint8_t y = i + b.size() < n ? fill : static_cast<uint8_t>(b[i - (n - b.size())]);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace

int compare_encoded(f::Type physical, SortOrder order, std::string_view a, std::string_view b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (physical) {
    case f::Type::kBoolean: return cmp(load<uint8_t>(a) != 0, load<uint8_t>(b) != 0);
    case f::Type::kInt32:
      return order == SortOrder::kUnsigned ? cmp(load<uint32_t>(a), load<uint32_t>(b)) : cmp(load<int32_t>(a), load<int32_t>(b));
    case f::Type::kInt64:
      return order == SortOrder::kUnsigned ? cmp(load<uint64_t>(a), load<uint64_t>(b)) : cmp(load<int64_t>(a), load<int64_t>(b));
    case f::Type::kFloat: return cmp(load<float>(a), load<float>(b));
    case f::Type::kDouble: return cmp(load<double>(a), load<double>(b));
    default:
      if (order == SortOrder::kDecimal) return compare_decimal_be(a, b);
      {
        const int c = a.empty() || b.empty() ? 0 : std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
        if (c != 0) return c < 0 ? -1 : 1;
        return cmp(a.size(), b.size());
      }
  }
}

bool ColumnStatistics::less(std::string_view a, std::string_view b) const {
  return compare_encoded(physical_, order_, a, b) < 0;
}

void ColumnStatistics::offer(std::string_view encoded) {
  if (!has_min_max_) {
    min_.assign(encoded);
    max_.assign(encoded);
    has_min_max_ = true;
    return;
  }
  if (less(encoded, min_)) min_.assign(encoded);
  if (less(max_, encoded)) max_.assign(encoded);
}

template <typename T>
void ColumnStatistics::add_numbers(std::span<const T> values) {
  if (values.empty() || order_ == SortOrder::kUnknown) return;
  using U = std::make_unsigned_t<std::conditional_t<std::is_floating_point_v<T>, int, T>>;
  T lo{}, hi{};
  bool any = false;
  if constexpr (std::is_floating_point_v<T>) {
    for (T v : values) {
      if (std::isnan(v)) continue;
      if (!any) {
        lo = hi = v;
        any = true;
      } else {
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
    }
    if (!any) return;
    if (lo == 0) lo = -T(0);
    if (hi == 0) hi = T(0);
  } else if (order_ == SortOrder::kUnsigned) {
    U ulo = static_cast<U>(values[0]), uhi = ulo;
    for (T v : values) {
      const U u = static_cast<U>(v);
      ulo = u < ulo ? u : ulo;
      uhi = u > uhi ? u : uhi;
    }
    lo = static_cast<T>(ulo);
    hi = static_cast<T>(uhi);
  } else {
    lo = hi = values[0];
    for (T v : values) {
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
  }
  offer({reinterpret_cast<const char*>(&lo), sizeof(T)});
  offer({reinterpret_cast<const char*>(&hi), sizeof(T)});
}

void ColumnStatistics::add(std::span<const int32_t> v) { add_numbers(v); }
void ColumnStatistics::add(std::span<const int64_t> v) { add_numbers(v); }
void ColumnStatistics::add(std::span<const float> v) { add_numbers(v); }
void ColumnStatistics::add(std::span<const double> v) { add_numbers(v); }

void ColumnStatistics::add_bools(std::span<const uint8_t> values) {
  bool seen[2] = {false, false};
  for (uint8_t b : values) seen[b != 0] = true;
  for (int b = 0; b < 2; ++b) {
    if (seen[b]) {
      const char byte = static_cast<char>(b);
      offer({&byte, 1});
    }
  }
}

void ColumnStatistics::add_bytes(std::string_view value) {
  if (order_ == SortOrder::kUnknown) return;
  offer(value);
}

void ColumnStatistics::merge(const ColumnStatistics& other) {
  null_count_ += other.null_count_;
  if (other.has_min_max_) {
    offer(other.min_);
    offer(other.max_);
  }
}

f::Statistics ColumnStatistics::to_thrift() const {
  f::Statistics s;
  s.null_count = null_count_;
  if (has_min_max_) {
    s.min_value = min_;
    s.max_value = max_;
    if (order_ == SortOrder::kSigned && physical_ != f::Type::kByteArray && physical_ != f::Type::kFixedLenByteArray) {
      s.min = min_;
      s.max = max_;
    }
  }
  return s;
}

}  // namespace strata::parquet::internal
