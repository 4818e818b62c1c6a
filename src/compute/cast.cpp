// Casts. Numeric casts run one conversion loop that also folds a "fits" flag (no branch per value);
// only when it reports a misfit is the input scanned again to name the first bad value and its row.
#include "strata/compute/cast.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/core/text_format.h"

namespace strata::compute {

using columnar::Array;
using columnar::ArrayData;
using columnar::Buffer;
using columnar::DataTypePtr;
using columnar::TypeId;

namespace {

[[noreturn]] void unsupported_cast(const columnar::DataType& from, const columnar::DataType& to) {
  raise<TypeError>("cast: unsupported cast from {} to {}", from.to_string(), to.to_string());
}

template <typename D, typename S>
bool fits(S v) {
  if constexpr (std::is_floating_point_v<D>) {
    return true;  // float targets round (float64 -> float32 may overflow to inf, as in C and numpy)
  } else if constexpr (std::is_floating_point_v<S>) {
    // [min, 2^digits) is exactly representable in double; no fractional part allowed.
    const double x = static_cast<double>(v);
    const double lo = static_cast<double>(std::numeric_limits<D>::min());
    const double hi = std::ldexp(1.0, std::numeric_limits<D>::digits);
    return std::isfinite(x) && x >= lo && x < hi && std::trunc(x) == x;
  } else {
    return std::in_range<D>(v);
  }
}

template <typename D, typename S>
Array numeric_cast(const Array& array, const DataTypePtr& to) {
  const int64_t n = array.length();
  const S* src = array.values<S>().data();
  auto out = Buffer::allocate(n * static_cast<int64_t>(sizeof(D)));
  D* dst = out->mutable_data_as<D>();
  bool ok = true;
  const uint8_t* bits = array.null_bitmap_data();
  const int64_t off = array.offset();
  for (int64_t i = 0; i < n; ++i) {
    const S v = src[i];
    const bool good = fits<D>(v);
    ok &= good || (bits != nullptr && !bit_util::get_bit(bits, off + i));
    dst[i] = good ? static_cast<D>(v) : D{0};
  }
  if (!ok) {
    for (int64_t i = 0; i < n; ++i) {
      if (array.is_valid(i) && !fits<D>(src[i])) {
        raise("cast: value {} at row {} does not fit in {}{}", src[i], i, to->to_string(),
              std::is_floating_point_v<S> && std::isfinite(src[i]) && std::trunc(src[i]) != src[i]
                  ? " (it has a fractional part)"
                  : "");
      }
    }
  }
  return Array(ArrayData::make(to, n, {internal::copy_validity(bits, off, n), out}, array.null_count()));
}

template <typename Builder>
Array to_strings(const Array& array, Builder b) {
  const int64_t n = array.length();
  const auto& type = *array.type();
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    if (array.is_null(i)) {
      b.append_null();
      continue;
    }
    text.clear();
    switch (type.id()) {
      case TypeId::kBool: text = columnar::BooleanArray(array).value(i) ? "true" : "false"; break;
      case TypeId::kFloat32: text::append_float_js(text, array.values<float>()[static_cast<size_t>(i)]); break;
      case TypeId::kFloat64: text::append_double_js(text, array.values<double>()[static_cast<size_t>(i)]); break;
      case TypeId::kDate32: text::append_date(text, array.values<int32_t>()[static_cast<size_t>(i)]); break;
      case TypeId::kTimestamp:
        text::append_timestamp(text, array.values<int64_t>()[static_cast<size_t>(i)], columnar::ticks_per_second(type.unit()));
        break;
      case TypeId::kString:
      case TypeId::kLargeString: text = columnar::value_to_string(array, i); break;
      default:
        internal::visit_numeric(type, "cast", [&](auto tag) {
          using T = typename decltype(tag)::type;
          if constexpr (std::is_integral_v<T>) text = fmt::format("{}", array.values<T>()[static_cast<size_t>(i)]);
          return 0;
        });
    }
    b.append(text);
  }
  return b.finish();
}

template <typename Offset, typename D>
Array parse_strings(const Array& array, const DataTypePtr& to) {
  columnar::BaseBinaryArray<Offset> s(array);
  columnar::NumericBuilder<D> b(to);
  b.reserve(array.length());
  for (int64_t i = 0; i < array.length(); ++i) {
    if (array.is_null(i)) {
      b.append_null();
      continue;
    }
    const std::string_view text = s.value(i);
    D v{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      raise("cast: cannot parse \"{}\" at row {} as {}{}", text, i, to->to_string(),
            ec == std::errc::result_out_of_range ? " (out of range)" : "");
    }
    b.append(v);
  }
  return b.finish();
}

template <typename Offset>
Array parse_bools(const Array& array) {
  columnar::BaseBinaryArray<Offset> s(array);
  columnar::BooleanBuilder b;
  for (int64_t i = 0; i < array.length(); ++i) {
    if (array.is_null(i)) {
      b.append_null();
      continue;
    }
    const std::string_view t = s.value(i);
    if (t == "true" || t == "1") {
      b.append(true);
    } else if (t == "false" || t == "0") {
      b.append(false);
    } else {
      raise("cast: cannot parse \"{}\" at row {} as bool", t, i);
    }
  }
  return b.finish();
}

}  // namespace

Array cast(const Array& array, const DataTypePtr& to) {
  const auto& from = *array.type();
  if (from.equals(*to)) return array;
  if (from.id() == TypeId::kDictionary) return cast(dictionary_decode(array), to);
  const bool from_number = from.is_numeric() || from.is_temporal();
  const bool to_number = to->is_numeric() || to->is_temporal();
  if (from.id() == TypeId::kFloat16 || to->id() == TypeId::kFloat16) unsupported_cast(from, *to);
  if (to->id() == TypeId::kString) return to_strings(array, columnar::StringBuilder());
  if (to->id() == TypeId::kLargeString) return to_strings(array, columnar::LargeStringBuilder());
  if (from_number && to_number) {
    return internal::visit_numeric(from, "cast", [&](auto stag) {
      using S = typename decltype(stag)::type;
      return internal::visit_numeric(*to, "cast", [&](auto dtag) {
        using D = typename decltype(dtag)::type;
        return numeric_cast<D, S>(array, to);
      });
    });
  }
  if (from.id() == TypeId::kBool && to_number) {
    const Array as_u8 = [&] {
      columnar::UInt8Builder b;
      columnar::BooleanArray ba(array);
      for (int64_t i = 0; i < array.length(); ++i) {
        if (array.is_null(i)) {
          b.append_null();
        } else {
          b.append(ba.value(i) ? 1 : 0);
        }
      }
      return b.finish();
    }();
    return cast(as_u8, to);
  }
  if (from_number && to->id() == TypeId::kBool) {
    return internal::visit_number(from, "cast", [&](auto tag) {
      using S = typename decltype(tag)::type;
      columnar::BooleanBuilder b;
      const S* v = array.values<S>().data();
      for (int64_t i = 0; i < array.length(); ++i) {
        if (array.is_null(i)) {
          b.append_null();
        } else {
          b.append(v[i] != S{0});
        }
      }
      return b.finish();
    });
  }
  if (from.is_string_like() && to->id() == TypeId::kBool) {
    return from.is_large_binary_like() ? parse_bools<int64_t>(array) : parse_bools<int32_t>(array);
  }
  if (from.is_string_like() && to->is_numeric()) {
    return internal::visit_number(*to, "cast", [&](auto tag) {
      using D = typename decltype(tag)::type;
      return from.is_large_binary_like() ? parse_strings<int64_t, D>(array, to) : parse_strings<int32_t, D>(array, to);
    });
  }
  unsupported_cast(from, *to);
}

columnar::ChunkedArray cast(const columnar::ChunkedArray& array, const DataTypePtr& to) {
  std::vector<Array> chunks;
  for (const auto& c : array.chunks()) chunks.push_back(cast(c, to));
  return columnar::ChunkedArray(std::move(chunks), to);
}

}  // namespace strata::compute
