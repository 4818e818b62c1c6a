// Comparisons, arithmetic, Kleene logic, null tests. Results are produced 64 slots at a time: each
// predicate fills one output word with shifts (no branches), validity is combined word by word.
#include "strata/compute/elementwise.h"

#include <cmath>
#include <utility>

#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"
#include "strata/compute/dictionary_encode.h"
#include "strata/compute/selection.h"

namespace strata::compute {

using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TypeId;
using internal::TypeTag;

namespace {

template <typename Pred>
BufferPtr make_bits(int64_t length, Pred pred) {
  auto buf = Buffer::allocate(bit_util::round_up(bit_util::bytes_for_bits(length), 8));
  uint8_t* out = buf->mutable_data();
  for (int64_t start = 0; start < length; start += 64) {
    const int64_t n = length - start < 64 ? length - start : 64;
    uint64_t w = 0;
    for (int64_t j = 0; j < n; ++j) w |= static_cast<uint64_t>(pred(start + j)) << j;
    std::memcpy(out + start / 8, &w, 8);
  }
  buf->resize(bit_util::bytes_for_bits(length));
  return buf;
}

Array bool_array(int64_t length, BufferPtr validity, BufferPtr values) {
  const int64_t nulls = internal::null_count_of(validity, length);
  return Array(ArrayData::make(columnar::boolean(), length, {nulls ? std::move(validity) : nullptr, std::move(values)},
                               nulls));
}

void check_lengths(const Array& a, const Array& b, const char* kernel) {
  if (a.length() != b.length()) raise("{}: arrays have different lengths ({} and {})", kernel, a.length(), b.length());
}

template <CompareOp kOp, typename A, typename B>
inline bool apply_cmp(const A& a, const B& b) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B> && !std::is_same_v<A, bool> &&
                !std::is_same_v<B, bool>) {
    if constexpr (kOp == CompareOp::kEqual) return std::cmp_equal(a, b);
    if constexpr (kOp == CompareOp::kNotEqual) return std::cmp_not_equal(a, b);
    if constexpr (kOp == CompareOp::kLess) return std::cmp_less(a, b);
    if constexpr (kOp == CompareOp::kLessEqual) return std::cmp_less_equal(a, b);
    if constexpr (kOp == CompareOp::kGreater) return std::cmp_greater(a, b);
    if constexpr (kOp == CompareOp::kGreaterEqual) return std::cmp_greater_equal(a, b);
  } else if constexpr (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) {
    using C = std::conditional_t<std::is_same_v<A, B>, A, double>;
    const C x = static_cast<C>(a), y = static_cast<C>(b);
    if constexpr (kOp == CompareOp::kEqual) return x == y;
    if constexpr (kOp == CompareOp::kNotEqual) return x != y;
    if constexpr (kOp == CompareOp::kLess) return x < y;
    if constexpr (kOp == CompareOp::kLessEqual) return x <= y;
    if constexpr (kOp == CompareOp::kGreater) return x > y;
    if constexpr (kOp == CompareOp::kGreaterEqual) return x >= y;
  } else {
    if constexpr (kOp == CompareOp::kEqual) return a == b;
    if constexpr (kOp == CompareOp::kNotEqual) return a != b;
    if constexpr (kOp == CompareOp::kLess) return a < b;
    if constexpr (kOp == CompareOp::kLessEqual) return a <= b;
    if constexpr (kOp == CompareOp::kGreater) return a > b;
    if constexpr (kOp == CompareOp::kGreaterEqual) return a >= b;
  }
  return false;
}

template <typename F>
decltype(auto) visit_op(CompareOp op, F&& f) {
  switch (op) {
    case CompareOp::kEqual: return f(std::integral_constant<CompareOp, CompareOp::kEqual>{});
    case CompareOp::kNotEqual: return f(std::integral_constant<CompareOp, CompareOp::kNotEqual>{});
    case CompareOp::kLess: return f(std::integral_constant<CompareOp, CompareOp::kLess>{});
    case CompareOp::kLessEqual: return f(std::integral_constant<CompareOp, CompareOp::kLessEqual>{});
    case CompareOp::kGreater: return f(std::integral_constant<CompareOp, CompareOp::kGreater>{});
    case CompareOp::kGreaterEqual: return f(std::integral_constant<CompareOp, CompareOp::kGreaterEqual>{});
  }
  raise("compare: unknown operator");
}

// Call f(getter) where getter(i) returns element i of `array` as a plain value (number, bool or
// string_view). Getters are inlined lambdas: one type switch per array.
template <typename F>
decltype(auto) visit_values(const Array& array, const char* kernel, F&& f) {
  const auto& type = *array.type();
  switch (type.id()) {
    case TypeId::kBool: {
      const uint8_t* bits = array.data()->buffers[1]->data();
      const int64_t off = array.offset();
      return f([bits, off](int64_t i) { return bit_util::get_bit(bits, off + i); });
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      columnar::StringArray s(array);
      return f([s](int64_t i) { return s.value(i); });
    }
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: {
      columnar::LargeStringArray s(array);
      return f([s](int64_t i) { return s.value(i); });
    }
    default:
      return internal::visit_numeric(type, kernel, [&](auto tag) -> decltype(auto) {
        using T = typename decltype(tag)::type;
        const T* v = array.values<T>().data();
        return f([v](int64_t i) { return v[i]; });
      });
  }
}

template <typename F>
decltype(auto) visit_scalar_value(const Scalar& s, F&& f) {
  return std::visit(
      [&](const auto& v) -> decltype(auto) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return f(int64_t{0});
        } else if constexpr (std::is_same_v<V, std::string>) {
          return f(std::string_view(v));
        } else {
          return f(v);
        }
      },
      s.value);
}

template <typename A, typename B>
constexpr bool kComparable = (std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) ||
                             (std::is_same_v<A, std::string_view> && std::is_same_v<B, std::string_view>);

}  // namespace

Array compare(const Array& left, CompareOp op, const Scalar& right) {
  if (left.type_id() == TypeId::kDictionary) {
    // Compare the (small) dictionary once, then gather the answers by index.
    columnar::DictionaryArray dict(left);
    return take(compare(dict.dictionary(), op, right), dict.indices());
  }
  const int64_t n = left.length();
  if (right.is_null()) return columnar::make_null_array(columnar::boolean(), n);
  BufferPtr values = visit_values(left, "compare", [&](auto get) {
    return visit_scalar_value(right, [&](auto rv) -> BufferPtr {
      using A = decltype(get(0));
      using B = decltype(rv);
      if constexpr (kComparable<A, B>) {
        return visit_op(op, [&](auto kop) {
          return make_bits(n, [&](int64_t i) { return apply_cmp<decltype(kop)::value>(get(i), rv); });
        });
      } else {
        raise<TypeError>("compare: cannot compare {} with scalar {}", left.type()->to_string(),
                         right.type ? right.type->to_string() : "?");
      }
    });
  });
  return bool_array(n, internal::copy_validity(left.null_bitmap_data(), left.offset(), n), std::move(values));
}

Array compare(const Array& left, CompareOp op, const Array& right) {
  check_lengths(left, right, "compare");
  if (left.type_id() == TypeId::kDictionary) return compare(dictionary_decode(left), op, right);
  if (right.type_id() == TypeId::kDictionary) return compare(left, op, dictionary_decode(right));
  const int64_t n = left.length();
  BufferPtr values = visit_values(left, "compare", [&](auto lget) {
    return visit_values(right, "compare", [&](auto rget) -> BufferPtr {
      using A = decltype(lget(0));
      using B = decltype(rget(0));
      if constexpr (kComparable<A, B>) {
        return visit_op(op, [&](auto kop) {
          return make_bits(n, [&](int64_t i) { return apply_cmp<decltype(kop)::value>(lget(i), rget(i)); });
        });
      } else {
        raise<TypeError>("compare: cannot compare {} with {}", left.type()->to_string(), right.type()->to_string());
      }
    });
  });
  return bool_array(n,
                    internal::and_validity(left.null_bitmap_data(), left.offset(), right.null_bitmap_data(),
                                           right.offset(), n),
                    std::move(values));
}

// ---- arithmetic -------------------------------------------------------------------------------------

namespace {

DataTypePtr arithmetic_result_type(const columnar::DataType& a, const columnar::DataType& b) {
  if (!a.is_numeric() || a.id() == TypeId::kFloat16) internal::throw_unsupported("arithmetic", a);
  if (!b.is_numeric() || b.id() == TypeId::kFloat16) internal::throw_unsupported("arithmetic", b);
  if (a.id() == TypeId::kFloat32 && b.id() == TypeId::kFloat32) return columnar::float32();
  if (a.is_floating() || b.is_floating()) return columnar::float64();
  if (a.is_unsigned_integer() && b.is_unsigned_integer()) return columnar::uint64();
  return columnar::int64();
}

const char* op_name(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd: return "add";
    case ArithmeticOp::kSubtract: return "subtract";
    case ArithmeticOp::kMultiply: return "multiply";
    case ArithmeticOp::kDivide: return "divide";
  }
  return "?";
}

// R: result C type. LGet/RGet: element getters. valid(i): whether slot i is valid (for the integer
// checks, which must not fire on null slots' garbage).
template <typename R, typename LGet, typename RGet, typename Valid>
BufferPtr arithmetic_loop(int64_t n, ArithmeticOp op, LGet lget, RGet rget, Valid valid) {
  auto buf = Buffer::allocate(n * static_cast<int64_t>(sizeof(R)));
  R* out = buf->mutable_data_as<R>();
  if constexpr (std::is_floating_point_v<R>) {
    switch (op) {
      case ArithmeticOp::kAdd: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<R>(lget(i)) + static_cast<R>(rget(i)); break;
      case ArithmeticOp::kSubtract: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<R>(lget(i)) - static_cast<R>(rget(i)); break;
      case ArithmeticOp::kMultiply: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<R>(lget(i)) * static_cast<R>(rget(i)); break;
      case ArithmeticOp::kDivide: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<R>(lget(i)) / static_cast<R>(rget(i)); break;
    }
  } else {
    bool overflow = false;
    int64_t bad = -1;
    switch (op) {
      case ArithmeticOp::kAdd:
        for (int64_t i = 0; i < n; ++i) overflow |= __builtin_add_overflow(lget(i), rget(i), &out[i]) && valid(i);
        break;
      case ArithmeticOp::kSubtract:
        for (int64_t i = 0; i < n; ++i) overflow |= __builtin_sub_overflow(lget(i), rget(i), &out[i]) && valid(i);
        break;
      case ArithmeticOp::kMultiply:
        for (int64_t i = 0; i < n; ++i) overflow |= __builtin_mul_overflow(lget(i), rget(i), &out[i]) && valid(i);
        break;
      case ArithmeticOp::kDivide:
        for (int64_t i = 0; i < n; ++i) {
          R a = 0, b = 0;
          const bool conv = __builtin_add_overflow(lget(i), 0, &a) | __builtin_add_overflow(rget(i), 0, &b);
          if (!valid(i)) {
            out[i] = 0;
            continue;
          }
          if (b == 0) {
            bad = i;
            break;
          }
          if constexpr (std::is_signed_v<R>) {
            if (a == std::numeric_limits<R>::min() && b == -1) {
              overflow = true;
              break;
            }
          }
          overflow |= conv;
          out[i] = a / b;
        }
        if (bad >= 0) raise("divide: integer division by zero at index {}", bad);
        break;
    }
    if (overflow) raise("{}: integer overflow in the {} result", op_name(op), sizeof(R) == 8 && std::is_signed_v<R> ? "int64" : "uint64");
  }
  return buf;
}

template <typename L, typename Rt, typename LGet, typename RGet, typename Valid>
BufferPtr dispatch_result(const columnar::DataType& type, int64_t n, ArithmeticOp op, LGet lget, RGet rget,
                          Valid valid) {
  if constexpr (std::is_floating_point_v<L> || std::is_floating_point_v<Rt>) {
    if (type.id() == TypeId::kFloat32) return arithmetic_loop<float>(n, op, lget, rget, valid);
    return arithmetic_loop<double>(n, op, lget, rget, valid);
  } else {
    if (type.id() == TypeId::kUInt64) return arithmetic_loop<uint64_t>(n, op, lget, rget, valid);
    return arithmetic_loop<int64_t>(n, op, lget, rget, valid);
  }
}

}  // namespace

Array arithmetic(const Array& left, ArithmeticOp op, const Array& right) {
  check_lengths(left, right, op_name(op));
  const DataTypePtr type = arithmetic_result_type(*left.type(), *right.type());
  const int64_t n = left.length();
  BufferPtr validity =
      internal::and_validity(left.null_bitmap_data(), left.offset(), right.null_bitmap_data(), right.offset(), n);
  const uint8_t* vbits = validity ? validity->data() : nullptr;
  auto valid = [vbits](int64_t i) { return vbits == nullptr || bit_util::get_bit(vbits, i); };
  BufferPtr values = internal::visit_number(*left.type(), op_name(op), [&](auto ltag) {
    using L = typename decltype(ltag)::type;
    const L* lv = left.values<L>().data();
    return internal::visit_number(*right.type(), op_name(op), [&](auto rtag) {
      using Rt = typename decltype(rtag)::type;
      const Rt* rv = right.values<Rt>().data();
      auto lget = [lv](int64_t i) { return lv[i]; };
      auto rget = [rv](int64_t i) { return rv[i]; };
      return dispatch_result<L, Rt>(*type, n, op, lget, rget, valid);
    });
  });
  const int64_t nulls = internal::null_count_of(validity, n);
  return Array(ArrayData::make(type, n, {nulls ? validity : nullptr, values}, nulls));
}

Array arithmetic(const Array& left, ArithmeticOp op, const Scalar& right) {
  const int64_t n = left.length();
  if (!right.type) raise<TypeError>("{}: scalar has no type", op_name(op));
  const DataTypePtr type = arithmetic_result_type(*left.type(), *right.type);
  if (right.is_null()) return columnar::make_null_array(type, n);
  BufferPtr validity = internal::copy_validity(left.null_bitmap_data(), left.offset(), n);
  const uint8_t* vbits = validity ? validity->data() : nullptr;
  auto valid = [vbits](int64_t i) { return vbits == nullptr || bit_util::get_bit(vbits, i); };
  BufferPtr values = internal::visit_number(*left.type(), op_name(op), [&](auto ltag) {
    using L = typename decltype(ltag)::type;
    const L* lv = left.values<L>().data();
    return visit_scalar_value(right, [&](auto rvalue) -> BufferPtr {
      using Rt = decltype(rvalue);
      if constexpr (std::is_arithmetic_v<Rt> && !std::is_same_v<Rt, bool>) {
        auto lget = [lv](int64_t i) { return lv[i]; };
        auto rget = [rvalue](int64_t) { return rvalue; };
        return dispatch_result<L, Rt>(*type, n, op, lget, rget, valid);
      } else {
        raise<TypeError>("{}: scalar is not a number", op_name(op));
      }
    });
  });
  const int64_t nulls = internal::null_count_of(validity, n);
  return Array(ArrayData::make(type, n, {nulls ? validity : nullptr, values}, nulls));
}

// ---- Kleene logic -----------------------------------------------------------------------------------

namespace {

template <typename Combine>
Array kleene(const Array& a, const Array& b, const char* kernel, Combine combine) {
  if (a.type_id() != TypeId::kBool) internal::throw_unsupported(kernel, *a.type());
  if (b.type_id() != TypeId::kBool) internal::throw_unsupported(kernel, *b.type());
  check_lengths(a, b, kernel);
  const int64_t n = a.length();
  auto values = Buffer::allocate(bit_util::round_up(bit_util::bytes_for_bits(n), 8));
  auto validity = Buffer::allocate(bit_util::round_up(bit_util::bytes_for_bits(n), 8));
  const uint8_t* ad = a.data()->buffers[1]->data();
  const uint8_t* bd = b.data()->buffers[1]->data();
  const uint8_t* am = a.null_bitmap_data();
  const uint8_t* bm = b.null_bitmap_data();
  for (int64_t start = 0; start < n; start += 64) {
    const int64_t len = n - start < 64 ? n - start : 64;
    const uint64_t full = len == 64 ? ~uint64_t{0} : (uint64_t{1} << len) - 1;
    const uint64_t av = am ? bit_util::load_word_checked(am, a.offset() + start, len) : full;
    const uint64_t bv = bm ? bit_util::load_word_checked(bm, b.offset() + start, len) : full;
    const uint64_t ax = bit_util::load_word_checked(ad, a.offset() + start, len) & av;
    const uint64_t bx = bit_util::load_word_checked(bd, b.offset() + start, len) & bv;
    uint64_t out_valid = 0, out_value = 0;
    combine(av, ax, bv, bx, &out_valid, &out_value);
    out_valid &= full;
    out_value &= out_valid;
    std::memcpy(values->mutable_data() + start / 8, &out_value, 8);
    std::memcpy(validity->mutable_data() + start / 8, &out_valid, 8);
  }
  values->resize(bit_util::bytes_for_bits(n));
  validity->resize(bit_util::bytes_for_bits(n));
  return bool_array(n, validity, values);
}

}  // namespace

Array and_kleene(const Array& left, const Array& right) {
  // Known when both are known, or either is a known false.
  return kleene(left, right, "and_kleene", [](uint64_t av, uint64_t ax, uint64_t bv, uint64_t bx, uint64_t* v, uint64_t* x) {
    *v = (av & bv) | (av & ~ax) | (bv & ~bx);
    *x = ax & bx;
  });
}

Array or_kleene(const Array& left, const Array& right) {
  // Known when both are known, or either is a known true.
  return kleene(left, right, "or_kleene", [](uint64_t av, uint64_t ax, uint64_t bv, uint64_t bx, uint64_t* v, uint64_t* x) {
    *v = (av & bv) | ax | bx;
    *x = ax | bx;
  });
}

Array invert(const Array& array) {
  if (array.type_id() != TypeId::kBool) internal::throw_unsupported("invert", *array.type());
  const int64_t n = array.length();
  const uint8_t* bits = array.data()->buffers[1]->data();
  const int64_t off = array.offset();
  BufferPtr values = make_bits(n, [&](int64_t i) { return !bit_util::get_bit(bits, off + i); });
  return bool_array(n, internal::copy_validity(array.null_bitmap_data(), off, n), std::move(values));
}

Array is_null(const Array& array) {
  const int64_t n = array.length();
  if (array.type_id() == TypeId::kNull) {
    return bool_array(n, nullptr, make_bits(n, [](int64_t) { return true; }));
  }
  const uint8_t* bits = array.null_bitmap_data();
  const int64_t off = array.offset();
  if (bits == nullptr) return bool_array(n, nullptr, make_bits(n, [](int64_t) { return false; }));
  return bool_array(n, nullptr, make_bits(n, [&](int64_t i) { return !bit_util::get_bit(bits, off + i); }));
}

Array is_valid(const Array& array) { return invert(is_null(array)); }

}  // namespace strata::compute
