// Aggregates. Every kernel dispatches on the type once per call, then runs typed loops over each chunk's
// validity a 64-bit word at a time (all-valid runs take a tight loop with several independent
// accumulators the compiler can keep in vector registers; mixed words select with a mask, no branches).
#include "strata/compute/aggregate.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "compute/kernel_util.h"
#include "strata/columnar/builder.h"

namespace strata::compute {

using columnar::DataTypePtr;
using columnar::TypeId;
using internal::TypeTag;
using internal::visit_numeric;
using internal::visit_validity_blocks;

namespace {

std::vector<Array> chunks_of(const ChunkedArray& a) { return a.chunks(); }

// ---- sums -------------------------------------------------------------------------------------------

// Adds block sums in a binary-counter tree: pairwise summation over blocks, O(log n) partials.
class PairwiseSum {
 public:
  void add(double block) {
    int level = 0;
    while ((count_ >> level) & 1) {
      block += partial_[level];
      ++level;
    }
    partial_[level] = block;
    ++count_;
  }
  double total() const {
    double s = 0;
    for (int level = 0; level < 64; ++level) {
      if ((count_ >> level) & 1) s += partial_[level];
    }
    return s;
  }

 private:
  double partial_[64] = {};
  uint64_t count_ = 0;
};

constexpr int64_t kSumBlock = 1024;

template <typename T, typename Acc>
Acc dense_sum(const T* v, int64_t n) {
  Acc acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += static_cast<Acc>(v[i + j]);
  }
  Acc s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n; ++i) s += static_cast<Acc>(v[i]);
  return s;
}

template <typename T, typename Acc>
Acc masked_sum(const T* v, int64_t n, uint64_t word) {
  Acc s = 0;
  for (int64_t j = 0; j < n; ++j) s += ((word >> j) & 1) ? static_cast<Acc>(v[j]) : Acc{0};
  return s;
}

// Sum of the valid values of one array as Acc (double for floats, 64-bit integers otherwise), with the
// number of valid values.
template <typename T, typename Acc>
void sum_array(const Array& array, PairwiseSum* pairwise, Acc* int_total, int64_t* valid) {
  const T* v = array.data()->buffers[1]->data_as<T>() + array.offset();
  const uint8_t* bits = array.null_bitmap_data();
  *valid += array.length() - array.null_count();
  for (int64_t block = 0; block < array.length(); block += kSumBlock) {
    const int64_t n = std::min(kSumBlock, array.length() - block);
    Acc s = 0;
    visit_validity_blocks(
        bits, array.offset() + block, n, [&](int64_t start, int64_t len) { s += dense_sum<T, Acc>(v + block + start, len); },
        [&](int64_t start, int64_t len, uint64_t word) { s += masked_sum<T, Acc>(v + block + start, len, word); });
    if constexpr (std::is_floating_point_v<Acc>) {
      pairwise->add(s);
    } else {
      *int_total += s;  // unsigned wrap-around on overflow, as pyarrow's sum
    }
  }
}

struct SumResult {
  double float_sum = 0;
  uint64_t int_sum = 0;  // two's complement bits for signed inputs
  int64_t valid = 0;
};

template <typename T>
SumResult sum_chunks(const std::vector<Array>& chunks) {
  SumResult r;
  PairwiseSum pairwise;
  for (const auto& chunk : chunks) {
    if constexpr (std::is_floating_point_v<T>) {
      sum_array<T, double>(chunk, &pairwise, nullptr, &r.valid);
    } else {
      // Accumulate in the unsigned domain so overflow wraps instead of being undefined.
      uint64_t utotal = 0;
      PairwiseSum unused;
      sum_array<T, uint64_t>(chunk, &unused, &utotal, &r.valid);
      r.int_sum += utotal;
    }
  }
  r.float_sum = pairwise.total();
  return r;
}

template <typename T>
Scalar sum_typed(const std::vector<Array>& chunks) {
  const SumResult r = sum_chunks<T>(chunks);
  if constexpr (std::is_floating_point_v<T>) {
    if (r.valid == 0) return Scalar::null(columnar::float64());
    return {columnar::float64(), r.float_sum};
  } else if constexpr (std::is_signed_v<T>) {
    if (r.valid == 0) return Scalar::null(columnar::int64());
    return {columnar::int64(), static_cast<int64_t>(r.int_sum)};
  } else {
    if (r.valid == 0) return Scalar::null(columnar::uint64());
    return {columnar::uint64(), r.int_sum};
  }
}

Scalar sum_impl(const std::vector<Array>& chunks, const DataTypePtr& type) {
  if (type->id() == TypeId::kBool) {
    int64_t valid = 0, trues = 0;
    for (const auto& c : chunks) {
      valid += c.length() - c.null_count();
      trues += columnar::BooleanArray(c).true_count();
    }
    if (valid == 0) return Scalar::null(columnar::uint64());
    return {columnar::uint64(), static_cast<uint64_t>(trues)};
  }
  return internal::visit_number(*type, "sum", [&](auto tag) {
    using T = typename decltype(tag)::type;
    return sum_typed<T>(chunks);
  });
}

// ---- min / max --------------------------------------------------------------------------------------

template <typename T>
struct MinMax {
  T min = std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity() : std::numeric_limits<T>::max();
  T max = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::lowest();
  int64_t valid = 0;
};

// NaN compares false both ways, so `v < m ? v : m` leaves NaN out of the running minimum.
template <typename T, bool kMin, bool kMax>
void dense_min_max(const T* v, int64_t n, MinMax<T>* r) {
  T lo[8], hi[8];
  for (int j = 0; j < 8; ++j) {
    lo[j] = r->min;
    hi[j] = r->max;
  }
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) {
      if constexpr (kMin) lo[j] = v[i + j] < lo[j] ? v[i + j] : lo[j];
      if constexpr (kMax) hi[j] = v[i + j] > hi[j] ? v[i + j] : hi[j];
    }
  }
  for (; i < n; ++i) {
    if constexpr (kMin) lo[0] = v[i] < lo[0] ? v[i] : lo[0];
    if constexpr (kMax) hi[0] = v[i] > hi[0] ? v[i] : hi[0];
  }
  for (int j = 0; j < 8; ++j) {
    if constexpr (kMin) r->min = lo[j] < r->min ? lo[j] : r->min;
    if constexpr (kMax) r->max = hi[j] > r->max ? hi[j] : r->max;
  }
}

template <typename T, bool kMin, bool kMax>
void min_max_array(const Array& array, MinMax<T>* r) {
  const T* v = array.data()->buffers[1]->data_as<T>() + array.offset();
  r->valid += array.length() - array.null_count();
  visit_validity_blocks(
      array.null_bitmap_data(), array.offset(), array.length(),
      [&](int64_t start, int64_t len) { dense_min_max<T, kMin, kMax>(v + start, len, r); },
      [&](int64_t start, int64_t len, uint64_t word) {
        for (int64_t j = 0; j < len; ++j) {
          const bool ok = (word >> j) & 1;
          const T x = v[start + j];
          if constexpr (kMin) r->min = ok && x < r->min ? x : r->min;
          if constexpr (kMax) r->max = ok && x > r->max ? x : r->max;
        }
      });
}

template <typename T>
Scalar to_scalar(const DataTypePtr& type, T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return {type, static_cast<double>(v)};
  } else if constexpr (std::is_signed_v<T>) {
    return {type, static_cast<int64_t>(v)};
  } else {
    return {type, static_cast<uint64_t>(v)};
  }
}

template <bool kMin, bool kMax>
std::pair<Scalar, Scalar> min_max_impl(const std::vector<Array>& chunks, const DataTypePtr& type,
                                       const char* kernel) {
  if (type->id() == TypeId::kBool) {
    int64_t valid = 0, trues = 0;
    for (const auto& c : chunks) {
      valid += c.length() - c.null_count();
      trues += columnar::BooleanArray(c).true_count();
    }
    if (valid == 0) return {Scalar::null(type), Scalar::null(type)};
    return {Scalar{type, trues == valid}, Scalar{type, trues > 0}};
  }
  return visit_numeric(*type, kernel, [&](auto tag) -> std::pair<Scalar, Scalar> {
    using T = typename decltype(tag)::type;
    MinMax<T> r;
    for (const auto& c : chunks) min_max_array<T, kMin, kMax>(c, &r);
    if (r.valid == 0) return {Scalar::null(type), Scalar::null(type)};
    if constexpr (std::is_floating_point_v<T>) {
      // Never updated although values exist: every value was NaN.
      if (kMin && r.min == std::numeric_limits<T>::infinity() && r.max == -std::numeric_limits<T>::infinity()) {
        bool all_nan = true;
        for (const auto& c : chunks) {
          for (int64_t i = 0; i < c.length() && all_nan; ++i) {
            if (c.is_valid(i) && !std::isnan(c.values<T>()[i])) all_nan = false;
          }
        }
        if (all_nan) r.min = r.max = std::numeric_limits<T>::quiet_NaN();
      } else if (!kMin && r.max == -std::numeric_limits<T>::infinity()) {
        bool all_nan = true;
        for (const auto& c : chunks) {
          for (int64_t i = 0; i < c.length() && all_nan; ++i) {
            if (c.is_valid(i) && !std::isnan(c.values<T>()[i])) all_nan = false;
          }
        }
        if (all_nan) r.max = std::numeric_limits<T>::quiet_NaN();
      }
    }
    return {to_scalar(type, r.min), to_scalar(type, r.max)};
  });
}

// ---- moments ----------------------------------------------------------------------------------------

struct Moments {
  int64_t n = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from mean

  void merge(const Moments& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double total = static_cast<double>(n + o.n);
    const double delta = o.mean - mean;
    mean += delta * static_cast<double>(o.n) / total;
    m2 += o.m2 + delta * delta * static_cast<double>(n) * static_cast<double>(o.n) / total;
    n += o.n;
  }
};

template <typename T>
Moments moments_of(const Array& array) {
  Moments m;
  SumResult s = sum_chunks<T>({array});
  m.n = s.valid;
  if (m.n == 0) return m;
  if constexpr (std::is_floating_point_v<T>) {
    m.mean = s.float_sum / static_cast<double>(m.n);
  } else if constexpr (std::is_signed_v<T>) {
    m.mean = static_cast<double>(static_cast<int64_t>(s.int_sum)) / static_cast<double>(m.n);
  } else {
    m.mean = static_cast<double>(s.int_sum) / static_cast<double>(m.n);
  }
  const T* v = array.values<T>().data();
  const double mean = m.mean;
  PairwiseSum pairwise;
  for (int64_t block = 0; block < array.length(); block += kSumBlock) {
    const int64_t n = std::min(kSumBlock, array.length() - block);
    double acc = 0;
    visit_validity_blocks(
        array.null_bitmap_data(), array.offset() + block, n,
        [&](int64_t start, int64_t len) {
          double a[4] = {};
          int64_t i = 0;
          for (; i + 4 <= len; i += 4) {
            for (int j = 0; j < 4; ++j) {
              const double d = static_cast<double>(v[block + start + i + j]) - mean;
              a[j] += d * d;
            }
          }
          for (; i < len; ++i) {
            const double d = static_cast<double>(v[block + start + i]) - mean;
            a[0] += d * d;
          }
          acc += (a[0] + a[1]) + (a[2] + a[3]);
        },
        [&](int64_t start, int64_t len, uint64_t word) {
          for (int64_t j = 0; j < len; ++j) {
            const double d = static_cast<double>(v[block + start + j]) - mean;
            acc += ((word >> j) & 1) ? d * d : 0.0;
          }
        });
    pairwise.add(acc);
  }
  m.m2 = pairwise.total();
  return m;
}

Moments moments_impl(const std::vector<Array>& chunks, const DataTypePtr& type, const char* kernel) {
  return internal::visit_number(*type, kernel, [&](auto tag) {
    using T = typename decltype(tag)::type;
    Moments total;
    for (const auto& c : chunks) total.merge(moments_of<T>(c));
    return total;
  });
}

Scalar variance_impl(const std::vector<Array>& chunks, const DataTypePtr& type, int ddof, const char* kernel) {
  if (ddof < 0) raise("{}: ddof must be >= 0, got {}", kernel, ddof);
  const Moments m = moments_impl(chunks, type, kernel);
  if (m.n <= ddof) return Scalar::null(columnar::float64());
  return {columnar::float64(), m.m2 / static_cast<double>(m.n - ddof)};
}

// ---- booleans ---------------------------------------------------------------------------------------

// Counting set bits word by word; popcnt when the CPU has it (chosen once per call).
__attribute__((target("popcnt"))) int64_t count_and_popcnt(const uint8_t* values, int64_t v_off,
                                                           const uint8_t* valid, int64_t m_off, int64_t length) {
  int64_t total = 0;
  int64_t start = 0;
  if (v_off % 8 == 0 && (valid == nullptr || m_off % 8 == 0)) {
    const uint8_t* vp = values + v_off / 8;
    const uint8_t* mp = valid ? valid + m_off / 8 : nullptr;
    int64_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    if (mp == nullptr) {
      for (; start + 256 <= length; start += 256) {
        const int64_t b = start / 8;
        c0 += __builtin_popcountll(bit_util::load_u64(vp + b));
        c1 += __builtin_popcountll(bit_util::load_u64(vp + b + 8));
        c2 += __builtin_popcountll(bit_util::load_u64(vp + b + 16));
        c3 += __builtin_popcountll(bit_util::load_u64(vp + b + 24));
      }
    } else {
      for (; start + 256 <= length; start += 256) {
        const int64_t b = start / 8;
        c0 += __builtin_popcountll(bit_util::load_u64(vp + b) & bit_util::load_u64(mp + b));
        c1 += __builtin_popcountll(bit_util::load_u64(vp + b + 8) & bit_util::load_u64(mp + b + 8));
        c2 += __builtin_popcountll(bit_util::load_u64(vp + b + 16) & bit_util::load_u64(mp + b + 16));
        c3 += __builtin_popcountll(bit_util::load_u64(vp + b + 24) & bit_util::load_u64(mp + b + 24));
      }
    }
    total = c0 + c1 + c2 + c3;
  }
  for (; start < length; start += 64) {
    const int64_t n = std::min<int64_t>(64, length - start);
    uint64_t w = bit_util::load_word_checked(values, v_off + start, n);
    if (valid) w &= bit_util::load_word_checked(valid, m_off + start, n);
    total += __builtin_popcountll(w);
  }
  return total;
}

int64_t count_and_generic(const uint8_t* values, int64_t v_off, const uint8_t* valid, int64_t m_off,
                          int64_t length) {
  int64_t total = 0;
  for (int64_t start = 0; start < length; start += 64) {
    const int64_t n = std::min<int64_t>(64, length - start);
    uint64_t w = bit_util::load_word_checked(values, v_off + start, n);
    if (valid) w &= bit_util::load_word_checked(valid, m_off + start, n);
    total += __builtin_popcountll(w);
  }
  return total;
}

// Set bits of (values & valid) over whole 32-byte blocks with the nibble-lookup method (Mula et al.,
// "Faster population counts using AVX2 instructions"): popcnt issues one 8-byte word per cycle, which
// measured below half of memcpy's in-cache bandwidth; this counts 32 bytes in a few cycles. Returns the
// number of bytes consumed (a multiple of 32).
__attribute__((target("avx2"))) int64_t count_and_avx2(const uint8_t* values, const uint8_t* valid, int64_t bytes,
                                                       int64_t* total) {
  const __m256i lookup = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2,
                                          2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  __m256i acc = zero;
  int64_t i = 0;
  while (i + 32 <= bytes) {
    __m256i local = zero;  // per-byte counts: at most 8 blocks x 8 bits, no overflow
    for (int k = 0; k < 8 && i + 32 <= bytes; ++k, i += 32) {
      __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values + i));
      if (valid != nullptr) x = _mm256_and_si256(x, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(valid + i)));
      const __m256i lo = _mm256_and_si256(x, low);
      const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(x, 4), low);
      local = _mm256_add_epi8(local, _mm256_add_epi8(_mm256_shuffle_epi8(lookup, lo), _mm256_shuffle_epi8(lookup, hi)));
    }
    acc = _mm256_add_epi64(acc, _mm256_sad_epu8(local, zero));
  }
  alignas(32) int64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
  *total += lanes[0] + lanes[1] + lanes[2] + lanes[3];
  return i;
}

int64_t count_true_array(const Array& array) {
  if (array.type_id() != TypeId::kBool) internal::throw_unsupported("count_true", *array.type());
  if (array.length() == 0) return 0;
  static const bool has_popcnt = __builtin_cpu_supports("popcnt");
  static const bool has_avx2 = __builtin_cpu_supports("avx2");
  const uint8_t* values = array.data()->buffers[1]->data();
  const uint8_t* valid = array.null_bitmap_data();
  int64_t offset = array.offset();
  int64_t length = array.length();
  int64_t total = 0;
  if (has_avx2 && offset % 8 == 0) {
    const int64_t done = count_and_avx2(values + offset / 8, valid ? valid + offset / 8 : nullptr, length / 8, &total);
    offset += done * 8;
    length -= done * 8;
  }
  return total + (has_popcnt ? count_and_popcnt(values, offset, valid, offset, length)
                             : count_and_generic(values, offset, valid, offset, length));
}

void require_bool(const DataTypePtr& type, const char* kernel) {
  if (type->id() != TypeId::kBool) internal::throw_unsupported(kernel, *type);
}

int64_t valid_count(const std::vector<Array>& chunks) {
  int64_t n = 0;
  for (const auto& c : chunks) n += c.length() - c.null_count();
  return n;
}

// ---- quantiles --------------------------------------------------------------------------------------

Array quantile_impl(const std::vector<Array>& chunks, const DataTypePtr& type, const std::vector<double>& qs) {
  for (double q : qs) {
    if (!(q >= 0.0 && q <= 1.0)) raise("quantile: q must be in [0, 1], got {}", q);
  }
  std::vector<double> values;
  values.reserve(static_cast<size_t>(valid_count(chunks)));
  internal::visit_number(*type, "quantile", [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (const auto& c : chunks) {
      const T* v = c.values<T>().data();
      for (int64_t i = 0; i < c.length(); ++i) {
        if (c.is_valid(i) && !std::isnan(static_cast<double>(v[i]))) values.push_back(static_cast<double>(v[i]));
      }
    }
    return 0;
  });
  std::sort(values.begin(), values.end());
  columnar::DoubleBuilder out;
  for (double q : qs) {
    if (values.empty()) {
      out.append_null();
      continue;
    }
    // numpy's "linear" method: virtual index q*(n-1), lerp between its neighbours; the lerp is written
    // as numpy's _lerp does (from the upper end when t >= 0.5) so results agree to the last bit.
    const double index = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(index));
    const size_t hi = std::min(lo + 1, values.size() - 1);
    const double t = index - static_cast<double>(lo);
    const double a = values[lo], b = values[hi];
    const double diff = b - a;
    out.append(t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t);
  }
  return out.finish();
}

}  // namespace

Scalar sum(const Array& array) { return sum_impl({array}, array.type()); }
Scalar sum(const ChunkedArray& array) { return sum_impl(chunks_of(array), array.type()); }
Scalar min(const Array& array) { return min_max_impl<true, false>({array}, array.type(), "min").first; }
Scalar min(const ChunkedArray& array) {
  return min_max_impl<true, false>(chunks_of(array), array.type(), "min").first;
}
Scalar max(const Array& array) { return min_max_impl<false, true>({array}, array.type(), "max").second; }
Scalar max(const ChunkedArray& array) {
  return min_max_impl<false, true>(chunks_of(array), array.type(), "max").second;
}
std::pair<Scalar, Scalar> min_max(const Array& array) {
  return min_max_impl<true, true>({array}, array.type(), "min_max");
}
std::pair<Scalar, Scalar> min_max(const ChunkedArray& array) {
  return min_max_impl<true, true>(chunks_of(array), array.type(), "min_max");
}

Scalar mean(const Array& array) { return mean(ChunkedArray(std::vector<Array>{array}, array.type())); }
Scalar mean(const ChunkedArray& array) {
  if (array.type()->id() == TypeId::kBool) internal::throw_unsupported("mean", *array.type());
  const Scalar s = sum(array);
  if (s.is_null()) return Scalar::null(columnar::float64());
  const int64_t n = count(array);
  return {columnar::float64(), s.to_double() / static_cast<double>(n)};
}

int64_t count(const Array& array, CountMode mode) {
  const int64_t nulls = array.type_id() == TypeId::kNull ? array.length() : array.null_count();
  switch (mode) {
    case CountMode::kOnlyValid: return array.length() - nulls;
    case CountMode::kOnlyNull: return nulls;
    case CountMode::kAll: return array.length();
  }
  return 0;
}
int64_t count(const ChunkedArray& array, CountMode mode) {
  int64_t n = 0;
  for (const auto& c : array.chunks()) n += count(c, mode);
  return n;
}

int64_t count_true(const Array& array) { return count_true_array(array); }
int64_t count_true(const ChunkedArray& array) {
  require_bool(array.type(), "count_true");
  int64_t n = 0;
  for (const auto& c : array.chunks()) n += count_true_array(c);
  return n;
}
bool any(const Array& array) {
  require_bool(array.type(), "any");
  return count_true_array(array) > 0;
}
bool any(const ChunkedArray& array) {
  require_bool(array.type(), "any");
  return count_true(array) > 0;
}
bool all(const Array& array) {
  require_bool(array.type(), "all");
  return count_true_array(array) == array.length() - array.null_count();
}
bool all(const ChunkedArray& array) {
  require_bool(array.type(), "all");
  return count_true(array) == array.length() - array.null_count();
}

Scalar variance(const Array& array, int ddof) { return variance_impl({array}, array.type(), ddof, "variance"); }
Scalar variance(const ChunkedArray& array, int ddof) {
  return variance_impl(chunks_of(array), array.type(), ddof, "variance");
}
Scalar stddev(const Array& array, int ddof) {
  Scalar v = variance_impl({array}, array.type(), ddof, "stddev");
  if (v.is_valid()) v.value = std::sqrt(v.as<double>());
  return v;
}
Scalar stddev(const ChunkedArray& array, int ddof) {
  Scalar v = variance_impl(chunks_of(array), array.type(), ddof, "stddev");
  if (v.is_valid()) v.value = std::sqrt(v.as<double>());
  return v;
}

Array quantile(const Array& array, const std::vector<double>& q) { return quantile_impl({array}, array.type(), q); }
Array quantile(const ChunkedArray& array, const std::vector<double>& q) {
  return quantile_impl(chunks_of(array), array.type(), q);
}

}  // namespace strata::compute
