#include "converter.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "strata/columnar/builder.h"
#include "strata/core/error.h"
#include "value_parsers.h"

namespace strata::csv::internal {

using columnar::Array;
using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TimeUnit;
using columnar::TypeId;

Spellings::Spellings(const ReadOptions& o)
    : nulls_(o.null_values), trues_(o.true_values), falses_(o.false_values),
      strings_can_be_null_(o.strings_can_be_null) {
  for (const auto& s : nulls_) {
    if (s.size() < 64) null_lengths_ |= uint64_t{1} << s.size();
  }
}

namespace {

bool parses_as(Kind kind, std::string_view v, const Spellings& sp) {
  switch (kind) {
    case Kind::kNull: return sp.is_null(v);
    case Kind::kInt64: { int64_t x; return parse_int64(v, &x); }
    case Kind::kBool: return sp.boolean(v) >= 0;
    case Kind::kDate: { int32_t d; return parse_date(v, &d); }
    case Kind::kTimestamp: { ParsedTimestamp t; return parse_timestamp(v, &t); }
    case Kind::kFloat64: { double d; return parse_double(v, &d); }
    case Kind::kString: return true;
  }
  return true;
}

TimeUnit unit_for_digits(int digits) {
  if (digits == 0) return TimeUnit::kSecond;
  if (digits <= 3) return TimeUnit::kMilli;
  if (digits <= 6) return TimeUnit::kMicro;
  return TimeUnit::kNano;
}

// Validity collected while converting: a bitmap allocated up front, dropped when nothing was null.
class Validity {
 public:
  explicit Validity(int64_t n) : bits_(Buffer::allocate_zeroed(bit_util::bytes_for_bits(n))) {}
  void set_valid(int64_t i) { bit_util::set_bit(bits_->mutable_data(), i); }
  void set_null() { ++nulls_; }
  int64_t nulls() const { return nulls_; }
  BufferPtr finish() { return nulls_ == 0 ? nullptr : std::move(bits_); }

 private:
  BufferPtr bits_;
  int64_t nulls_ = 0;
};

template <typename T, typename Parse>
std::optional<Array> convert_fixed(const ColumnSlice& slice, const DataTypePtr& type, ConversionFailure* failure,
                                   Parse parse) {
  const int64_t n = slice.size();
  auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)));
  T* out = values->mutable_data_as<T>();
  Validity validity(n);
  std::string scratch;
  const Spellings& sp = *slice.spellings;
  for (int64_t row = 0; row < n; ++row) {
    std::string_view v = slice.value(row, &scratch);
    if (sp.is_null(v)) {
      out[row] = T{};
      validity.set_null();
      continue;
    }
    if (!parse(v, &out[row])) {
      failure->row = row;
      failure->reason = fmt::format("\"{}\" is not a valid {}", v.substr(0, 64), type->to_string());
      return std::nullopt;
    }
    validity.set_valid(row);
  }
  const int64_t nulls = validity.nulls();
  return Array(ArrayData::make(type, n, {validity.finish(), std::move(values)}, nulls));
}

std::optional<Array> convert_bool(const ColumnSlice& slice, const DataTypePtr& type, ConversionFailure* failure) {
  const int64_t n = slice.size();
  auto values = Buffer::allocate_zeroed(bit_util::bytes_for_bits(n));
  Validity validity(n);
  std::string scratch;
  const Spellings& sp = *slice.spellings;
  for (int64_t row = 0; row < n; ++row) {
    std::string_view v = slice.value(row, &scratch);
    const int b = sp.boolean(v);
    if (b < 0) {
      if (sp.is_null(v)) {
        validity.set_null();
        continue;
      }
      failure->row = row;
      failure->reason = fmt::format("\"{}\" is not a valid bool", v.substr(0, 64));
      return std::nullopt;
    }
    if (b) bit_util::set_bit(values->mutable_data(), row);
    validity.set_valid(row);
  }
  const int64_t nulls = validity.nulls();
  return Array(ArrayData::make(type, n, {validity.finish(), std::move(values)}, nulls));
}

template <typename OffsetT>
std::optional<Array> convert_string(const ColumnSlice& slice, const DataTypePtr& type) {
  const int64_t n = slice.size();
  const Spellings& sp = *slice.spellings;
  int64_t total = 0;
  for (int64_t row = 0; row < n; ++row) total += slice.ref(row).size();
  if constexpr (sizeof(OffsetT) == 4) {
    if (total > INT32_MAX) raise("a CSV block holds more than 2 GiB of text in one column");
  }
  auto offsets = Buffer::allocate((n + 1) * static_cast<int64_t>(sizeof(OffsetT)));
  auto data = Buffer::allocate(total);
  OffsetT* off = offsets->mutable_data_as<OffsetT>();
  uint8_t* dst = data->mutable_data();
  OffsetT pos = 0;
  Validity validity(n);
  std::string scratch;
  for (int64_t row = 0; row < n; ++row) {
    off[row] = pos;
    std::string_view v = slice.value(row, &scratch);
    if (sp.strings_can_be_null() && sp.is_null(v)) {
      validity.set_null();
      continue;
    }
    std::memcpy(dst + pos, v.data(), v.size());
    pos = static_cast<OffsetT>(pos + static_cast<OffsetT>(v.size()));
    validity.set_valid(row);
  }
  off[n] = pos;
  data->resize(pos);
  const int64_t nulls = validity.nulls();
  return Array(ArrayData::make(type, n, {validity.finish(), std::move(offsets), std::move(data)}, nulls));
}

std::optional<Array> convert_timestamp(const ColumnSlice& slice, const DataTypePtr& type,
                                       ConversionFailure* failure) {
  const int64_t divisor = 1000000000 / columnar::ticks_per_second(type->unit());
  const bool want_zone = !type->timezone().empty();
  return convert_fixed<int64_t>(slice, type, failure, [&](std::string_view v, int64_t* out) {
    ParsedTimestamp t;
    if (!parse_timestamp(v, &t)) return false;
    // Naive text read into a zoned column (or the reverse) is taken as UTC, as pyarrow does for explicit types.
    (void)want_zone;
    *out = t.nanos >= 0 ? t.nanos / divisor : -((-t.nanos + divisor - 1) / divisor);
    return true;
  });
}

template <typename T>
bool parse_ranged(std::string_view v, T* out) {
  if constexpr (std::is_signed_v<T>) {
    int64_t x;
    if (!parse_int64(v, &x) || x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) return false;
    *out = static_cast<T>(x);
  } else {
    uint64_t x;
    if (!parse_uint64(v, &x) || x > std::numeric_limits<T>::max()) return false;
    *out = static_cast<T>(x);
  }
  return true;
}

// Timestamps at nanosecond precision, recording the fraction digits used and the zone; fails on a value
// that is not a timestamp or whose zone-ness differs from the first value's.
std::optional<Array> convert_timestamp_inferring(const ColumnSlice& slice, InferredColumn* info,
                                                 ConversionFailure* failure) {
  bool zone_known = false;
  auto array = convert_fixed<int64_t>(slice, columnar::timestamp(TimeUnit::kNano), failure,
                                      [&](std::string_view v, int64_t* out) {
                                        ParsedTimestamp t;
                                        if (!parse_timestamp(v, &t)) return false;
                                        if (zone_known && t.has_zone != info->has_zone) return false;
                                        zone_known = true;
                                        info->has_zone = t.has_zone;
                                        info->fraction_digits = std::max(info->fraction_digits, t.fraction_digits);
                                        *out = t.nanos;
                                        return true;
                                      });
  if (!array) failure->reason = "timestamps mixing zoned and naive values";
  return array;
}

}  // namespace

InferredBlock infer_and_convert(const ColumnSlice& slice) {
  const Spellings& sp = *slice.spellings;
  std::string scratch;
  // Guess from the first value that is not null, then convert; a value that does not fit moves the guess to
  // the first later kind that parses it, and the block is converted again (at most a few times).
  Kind kind = Kind::kNull;
  for (int64_t row = 0; row < slice.size(); ++row) {
    std::string_view v = slice.value(row, &scratch);
    if (!sp.is_null(v)) {
      kind = next_kind_for(Kind::kNull, v, sp);
      break;
    }
  }
  for (;;) {
    InferredBlock out;
    out.info.kind = kind;
    ConversionFailure failure{-1, {}};
    std::optional<Array> array;
    if (kind == Kind::kTimestamp) {
      array = convert_timestamp_inferring(slice, &out.info, &failure);
    } else {
      array = convert_column(slice, type_of(out.info), &failure);
    }
    if (array) {
      out.array = std::move(*array);
      return out;
    }
    std::string_view v = slice.value(failure.row, &scratch);
    kind = next_kind_for(kind, v, sp);
  }
}

Array rescale_timestamps(const Array& nanos, const DataTypePtr& type) {
  const int64_t divisor = 1000000000 / columnar::ticks_per_second(type->unit());
  const int64_t n = nanos.length();
  auto values = Buffer::allocate(n * 8);
  const int64_t* in = nanos.values<int64_t>().data();
  int64_t* out = values->mutable_data_as<int64_t>();
  for (int64_t i = 0; i < n; ++i) out[i] = in[i] / divisor;
  auto data = ArrayData::make(type, n, {nanos.data()->buffers[0], std::move(values)}, nanos.null_count(),
                              nanos.offset());
  if (nanos.offset() != 0) raise("rescale_timestamps: REQUIRES an unsliced array");
  return Array(std::move(data));
}

Kind next_kind_for(Kind from, std::string_view v, const Spellings& sp) {
  for (int k = static_cast<int>(from) + 1; k <= static_cast<int>(Kind::kString); ++k) {
    if (parses_as(static_cast<Kind>(k), v, sp)) return static_cast<Kind>(k);
  }
  return Kind::kString;
}

DataTypePtr type_of(const InferredColumn& c) {
  switch (c.kind) {
    case Kind::kNull: return columnar::null();
    case Kind::kInt64: return columnar::int64();
    case Kind::kBool: return columnar::boolean();
    case Kind::kDate: return columnar::date32();
    case Kind::kTimestamp: return columnar::timestamp(unit_for_digits(c.fraction_digits), c.has_zone ? "UTC" : "");
    case Kind::kFloat64: return columnar::float64();
    case Kind::kString: return columnar::utf8();
  }
  return columnar::utf8();
}

std::optional<Array> convert_column(const ColumnSlice& slice, const DataTypePtr& type, ConversionFailure* failure) {
  switch (type->id()) {
    case TypeId::kNull: {
      std::string scratch;
      for (int64_t row = 0; row < slice.size(); ++row) {
        std::string_view v = slice.value(row, &scratch);
        if (!slice.spellings->is_null(v)) {
          failure->row = row;
          failure->reason = fmt::format("\"{}\" is not null", v.substr(0, 64));
          return std::nullopt;
        }
      }
      return columnar::NullArray(slice.size());
    }
    case TypeId::kBool: return convert_bool(slice, type, failure);
    case TypeId::kInt8: return convert_fixed<int8_t>(slice, type, failure, parse_ranged<int8_t>);
    case TypeId::kInt16: return convert_fixed<int16_t>(slice, type, failure, parse_ranged<int16_t>);
    case TypeId::kInt32: return convert_fixed<int32_t>(slice, type, failure, parse_ranged<int32_t>);
    case TypeId::kInt64: return convert_fixed<int64_t>(slice, type, failure, parse_int64);
    case TypeId::kUInt8: return convert_fixed<uint8_t>(slice, type, failure, parse_ranged<uint8_t>);
    case TypeId::kUInt16: return convert_fixed<uint16_t>(slice, type, failure, parse_ranged<uint16_t>);
    case TypeId::kUInt32: return convert_fixed<uint32_t>(slice, type, failure, parse_ranged<uint32_t>);
    case TypeId::kUInt64: return convert_fixed<uint64_t>(slice, type, failure, parse_uint64);
    case TypeId::kFloat32: return convert_fixed<float>(slice, type, failure, parse_float);
    case TypeId::kFloat64: return convert_fixed<double>(slice, type, failure, parse_double);
    case TypeId::kDate32: return convert_fixed<int32_t>(slice, type, failure, parse_date);
    case TypeId::kTimestamp: return convert_timestamp(slice, type, failure);
    case TypeId::kString:
    case TypeId::kBinary: return convert_string<int32_t>(slice, type);
    case TypeId::kLargeString:
    case TypeId::kLargeBinary: return convert_string<int64_t>(slice, type);
    case TypeId::kDecimal128: {
      const int64_t n = slice.size();
      columnar::FixedSizeBinaryBuilder builder(type);
      builder.reserve(n);
      std::string scratch;
      for (int64_t row = 0; row < n; ++row) {
        std::string_view v = slice.value(row, &scratch);
        if (slice.spellings->is_null(v)) {
          builder.append_null();
          continue;
        }
        try {
          builder.append(columnar::Decimal128::parse(v, type->scale()));
        } catch (const InvalidArgument& e) {
          failure->row = row;
          failure->reason = e.what();
          return std::nullopt;
        }
      }
      return builder.finish();
    }
    default:
      raise<NotImplemented>("reading CSV columns of type {}", type->to_string());
  }
}

}  // namespace strata::csv::internal
