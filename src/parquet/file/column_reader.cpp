#include "column_reader.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "page.h"
#include "strata/columnar/builder.h"
#include "strata/core/error.h"
#include "strata/parquet/encoding/byte_stream_split.h"
#include "strata/parquet/encoding/delta_binary_packed.h"
#include "strata/parquet/encoding/delta_byte_array.h"
#include "strata/parquet/encoding/dictionary.h"
#include "strata/parquet/encoding/plain.h"
#include "strata/parquet/encoding/rle.h"

namespace strata::parquet::internal {

namespace f = format;
using columnar::Array;
using columnar::ArrayData;
using columnar::Buffer;
using columnar::BufferPtr;
using columnar::DataTypePtr;
using columnar::TimeUnit;
using columnar::TypeId;
using encoding::Int96;

namespace {

__extension__ typedef __int128 Int128;

// Fixed-width values accumulated in a growing 64-byte-aligned buffer, which becomes the array's values
// buffer without a copy when no conversion is needed.
template <typename T>
class GrowBuffer {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T* data() const { return buffer_ ? buffer_->template data_as<T>() : nullptr; }
  const T& operator[](size_t i) const { return data()[i]; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  void reserve(size_t n) {
    ensure(n);
  }
  // Room for `n` more values at the end; returns them for the caller to fill.
  std::span<T> grow(size_t n) {
    ensure(size_ + n);
    T* at = buffer_->template mutable_data_as<T>() + size_;
    size_ += n;
    return {at, n};
  }
  void push_back(T v) { grow(1)[0] = v; }
  template <typename It>
  void insert(const T*, It first, It last) {
    const auto n = static_cast<size_t>(last - first);
    if (n == 0) return;
    std::memcpy(grow(n).data(), &*first, n * sizeof(T));
  }
  void clear() { size_ = 0; }
  // The values as a buffer of exactly size() elements. The accumulator is left empty.
  BufferPtr take() {
    if (!buffer_) buffer_ = Buffer::allocate(0);
    buffer_->resize(static_cast<int64_t>(size_ * sizeof(T)));
    size_ = 0;
    return std::move(buffer_);
  }

 private:
  void ensure(size_t n) {
    if (!buffer_) buffer_ = Buffer::allocate(0);
    if (static_cast<int64_t>(n * sizeof(T)) > buffer_->capacity()) buffer_->reserve(static_cast<int64_t>(n * sizeof(T)));
  }
  BufferPtr buffer_;
  size_t size_ = 0;
};

// Booleans accumulated as bits (LSB first, as Arrow and PLAIN pages both lay them out).
class BitBuilder {
 public:
  int64_t size() const { return size_; }
  void reserve(int64_t bits) { ensure(bits); }
  void append(bool v) {
    ensure(size_ + 1);
    uint8_t* d = buffer_->mutable_data();
    const int64_t at = size_ >> 3;
    if ((size_ & 7) == 0) d[at] = 0;
    d[at] = static_cast<uint8_t>(d[at] | (static_cast<uint8_t>(v) << (size_ & 7)));
    ++size_;
  }
  // `n` bits of `src` from bit 0 (the caller has checked that `src` holds them).
  void append_bits(const uint8_t* src, int64_t n) {
    if (n <= 0) return;
    if ((size_ & 7) != 0) {
      for (int64_t i = 0; i < n; ++i) append(((src[i >> 3] >> (i & 7)) & 1) != 0);
      return;
    }
    ensure(size_ + n);
    uint8_t* d = buffer_->mutable_data() + (size_ >> 3);
    std::memcpy(d, src, static_cast<size_t>(bit_util::bytes_for_bits(n)));
    if ((n & 7) != 0) d[n >> 3] = static_cast<uint8_t>(d[n >> 3] & ((1u << (n & 7)) - 1));
    size_ += n;
  }
  BufferPtr take() {
    ensure(size_);
    buffer_->resize(bit_util::bytes_for_bits(size_));
    size_ = 0;
    return std::move(buffer_);
  }

 private:
  void ensure(int64_t bits) {
    const int64_t bytes = bit_util::bytes_for_bits(bits) + 8;
    if (!buffer_) buffer_ = Buffer::allocate(0);
    if (bytes > buffer_->capacity()) buffer_->reserve(bytes);
  }
  BufferPtr buffer_;
  int64_t size_ = 0;
};

template <typename T>
struct FixedOutput {
  GrowBuffer<T> values;
};

struct BytesOutput {
  std::vector<int64_t> offsets{0};
  std::string data;
};

class ChunkDecoder {
 public:
  // `slot_level` < 0: a flat column (one value per row). Otherwise a leaf of a nested field: every level
  // whose definition level is >= slot_level gets a slot in the result (null unless it equals the maximum),
  // and the levels themselves are kept for the assembly of the field.
  ChunkDecoder(const ColumnChunkInput& input, const ColumnDescriptor& column, const DataTypePtr& type,
               int16_t slot_level = -1)
      : input_(input), column_(column), type_(type), physical_(column.physical_type()),
        pages_(input.bytes, input.offset, input.meta->codec, input.file, column.dotted_path(),
               input.v2_pages_always_compressed),
        nested_(slot_level >= 0), slot_level_(slot_level) {
    if (!nested_ && (column.max_repetition_level > 0 || column.max_definition_level > 1)) {
      raise<NotImplemented>("reading nested column \"{}\"", column.dotted_path());
    }
    if (physical_ == f::Type::kFixedLenByteArray && column.type_length() < 0) {
      fail(input.offset, "negative type_length");
    }
    // dictionary<int32, string> results keep the chunk's dictionary when its pages are dictionary-encoded.
    dict_mode_ = type->id() == TypeId::kDictionary && physical_ == f::Type::kByteArray &&
                 type->index_type()->id() == TypeId::kInt32 && type->value_type()->is_binary_like() &&
                 !type->value_type()->is_large_binary_like();
  }

  ColumnReadResult run(const RowRanges* ranges) {
    if (nested_) return run_nested();
    ranges_ = ranges;
    const int64_t expected_rows = input_.meta->num_values;
    if (expected_rows != input_.row_group_rows) {
      fail(input_.offset, fmt::format("column chunk has {} values in a row group of {} rows", expected_rows,
                                      input_.row_group_rows));
    }
    reserve(ranges ? total(*ranges) : expected_rows);
    Page page;
    int64_t row = 0;
    ColumnReadResult result;
    while (row < expected_rows && pages_.next(&page)) {
      if (page.header.type == f::PageType::kDictionaryPage) {
        if (row > 0) fail(page.offset, "dictionary page after data pages");
        load_dictionary(page);
        continue;
      }
      const int64_t n = page.header.type == f::PageType::kDataPage ? page.header.data_page_header->num_values
                                                                   : page.header.data_page_header_v2->num_rows;
      if (n > expected_rows - row) fail(page.offset, fmt::format("page of {} rows runs past the chunk's {} rows", n, expected_rows));
      ++result.pages;
      if (!ranges || overlaps(row, row + n)) {
        ++result.pages_read;
        decode_page(page, row, n);
      }
      row += n;
    }
    if (row != expected_rows) {
      fail(input_.offset, fmt::format("column chunk ends after {} of its {} rows", row, expected_rows));
    }
    result.array = finish();
    return result;
  }

  // The levels of the whole chunk (nested mode), filled by run().
  std::vector<int16_t> chunk_defs;
  std::vector<int16_t> chunk_reps;

 private:
  // A leaf of a nested field: every page decoded; a page's num_values counts levels, rows start at rep 0.
  ColumnReadResult run_nested() {
    const int64_t expected_levels = input_.meta->num_values;
    if (expected_levels < 0) fail(input_.offset, "negative num_values");
    Page page;
    int64_t levels = 0;
    int64_t rows = 0;
    ColumnReadResult result;
    while (levels < expected_levels && pages_.next(&page)) {
      if (page.header.type == f::PageType::kDictionaryPage) {
        if (levels > 0) fail(page.offset, "dictionary page after data pages");
        load_dictionary(page);
        continue;
      }
      const int64_t n = page.header.type == f::PageType::kDataPage ? page.header.data_page_header->num_values
                                                                   : page.header.data_page_header_v2->num_values;
      if (n < 0 || n > expected_levels - levels) {
        fail(page.offset, fmt::format("page of {} values runs past the chunk's {} values", n, expected_levels));
      }
      ++result.pages;
      ++result.pages_read;
      const size_t before = chunk_reps.size();
      decode_page(page, levels, n);
      for (size_t i = before; i < chunk_reps.size(); ++i) rows += chunk_reps[i] == 0;
      levels += n;
    }
    if (levels != expected_levels) {
      fail(input_.offset, fmt::format("column chunk ends after {} of its {} values", levels, expected_levels));
    }
    if (rows != input_.row_group_rows) {
      fail(input_.offset, fmt::format("column chunk holds {} rows in a row group of {} rows", rows, input_.row_group_rows));
    }
    result.array = finish();
    return result;
  }

  static int level_bit_width(int16_t max_level) {
    int w = 0;
    while ((1 << w) <= max_level) ++w;
    return w;
  }

  // Nested mode: the page's levels appended to the chunk's; defs_ becomes one flag per slot (1: a value).
  // Returns the number of slots.
  int64_t nested_levels(const Page& page, int64_t n, std::span<const uint8_t>& body) {
    const size_t at = chunk_defs.size();
    chunk_defs.resize(at + static_cast<size_t>(n), 0);
    chunk_reps.resize(at + static_cast<size_t>(n), 0);
    std::span<int16_t> defs(chunk_defs.data() + at, static_cast<size_t>(n));
    std::span<int16_t> reps(chunk_reps.data() + at, static_cast<size_t>(n));
    const int16_t max_def = column_.max_definition_level;
    const int16_t max_rep = column_.max_repetition_level;
    if (page.header.type == f::PageType::kDataPage) {
      const auto& h = *page.header.data_page_header;
      if (max_rep > 0) {
        if (h.repetition_level_encoding != f::Encoding::kRle) {
          fail(page.offset, fmt::format("repetition levels encoded {}", f::to_string(h.repetition_level_encoding)));
        }
        auto d = encoding::RleDecoder::length_prefixed(body, level_bit_width(max_rep));
        d.decode<int16_t>(reps);
        body = body.subspan(static_cast<size_t>(d.prefixed_size()));
      }
      if (max_def > 0) {
        if (h.definition_level_encoding != f::Encoding::kRle) {
          fail(page.offset, fmt::format("definition levels encoded {}", f::to_string(h.definition_level_encoding)));
        }
        auto d = encoding::RleDecoder::length_prefixed(body, level_bit_width(max_def));
        d.decode<int16_t>(defs);
        body = body.subspan(static_cast<size_t>(d.prefixed_size()));
      }
    } else {
      if (max_rep > 0) encoding::RleDecoder(page.rep_levels, level_bit_width(max_rep)).decode<int16_t>(reps);
      if (max_def > 0) encoding::RleDecoder(page.def_levels, level_bit_width(max_def)).decode<int16_t>(defs);
    }
    if (n > 0 && reps[0] != 0 && at == 0) fail(page.offset, "the chunk's first repetition level is not 0");
    defs_.clear();
    for (int64_t i = 0; i < n; ++i) {
      const int16_t d = defs[static_cast<size_t>(i)];
      const int16_t r = reps[static_cast<size_t>(i)];
      if (d > max_def || d < 0) fail(page.offset, fmt::format("definition level {} above the maximum {}", d, max_def));
      if (r > max_rep || r < 0) fail(page.offset, fmt::format("repetition level {} above the maximum {}", r, max_rep));
      if (d >= slot_level_) defs_.push_back(d == max_def);
    }
    return static_cast<int64_t>(defs_.size());
  }

  [[noreturn]] void fail(int64_t offset, const std::string& why) const {
    throw FormatError(input_.file, offset,
                      fmt::format("column \"{}\", row group {}: {}", column_.dotted_path(), input_.row_group, why));
  }

  static int64_t total(const RowRanges& r) {
    int64_t n = 0;
    for (auto [a, b] : r) n += b - a;
    return n;
  }

  bool overlaps(int64_t begin, int64_t end) const {
    auto it = std::lower_bound(ranges_->begin(), ranges_->end(), std::make_pair(begin, int64_t{-1}),
                               [](const auto& x, const auto& y) { return x.second <= y.first; });
    return it != ranges_->end() && it->first < end;
  }

  void reserve(int64_t rows) {
    validity_.reserve(static_cast<size_t>(rows));
    switch (physical_) {
      case f::Type::kBoolean: bits_.reserve(rows); break;
      case f::Type::kInt32: i32_.values.reserve(static_cast<size_t>(rows)); break;
      case f::Type::kInt64:
      case f::Type::kInt96: i64_.values.reserve(static_cast<size_t>(rows)); break;
      case f::Type::kFloat: f32_.values.reserve(static_cast<size_t>(rows)); break;
      case f::Type::kDouble: f64_.values.reserve(static_cast<size_t>(rows)); break;
      default: bytes_.offsets.reserve(static_cast<size_t>(rows) + 1);
    }
  }

  void load_dictionary(const Page& page) {
    const int32_t n = page.header.dictionary_page_header->num_values;
    const auto enc = page.header.dictionary_page_header->encoding;
    if (enc != f::Encoding::kPlain && enc != f::Encoding::kPlainDictionary) {
      fail(page.offset, fmt::format("dictionary page encoded {}", f::to_string(enc)));
    }
    dictionary_storage_.assign(page.body.begin(), page.body.end());
    // Each value takes at least one byte (a bit for booleans), so a count past the page size is corrupt.
    if (physical_ != f::Type::kBoolean && n > static_cast<int64_t>(dictionary_storage_.size()) + 1) {
      fail(page.offset, fmt::format("dictionary page claims {} values in {} bytes", n, dictionary_storage_.size()));
    }
    encoding::PlainDecoder d(dictionary_storage_);
    try {
      switch (physical_) {
        case f::Type::kInt32: dict_i32_.resize(static_cast<size_t>(n)); d.decode<int32_t>(dict_i32_); break;
        case f::Type::kInt64: dict_i64_.resize(static_cast<size_t>(n)); d.decode<int64_t>(dict_i64_); break;
        case f::Type::kInt96: dict_i96_.resize(static_cast<size_t>(n)); d.decode<Int96>(dict_i96_); break;
        case f::Type::kFloat: dict_f32_.resize(static_cast<size_t>(n)); d.decode<float>(dict_f32_); break;
        case f::Type::kDouble: dict_f64_.resize(static_cast<size_t>(n)); d.decode<double>(dict_f64_); break;
        case f::Type::kByteArray: dict_bytes_.resize(static_cast<size_t>(n)); d.decode_byte_arrays(dict_bytes_); break;
        case f::Type::kFixedLenByteArray:
          dict_bytes_.resize(static_cast<size_t>(n));
          d.decode_fixed_len_byte_arrays(dict_bytes_, column_.type_length());
          break;
        default: fail(page.offset, "dictionary page for a BOOLEAN column");
      }
    } catch (const FormatError& e) {
      fail(page.offset, fmt::format("dictionary page: {}", e.what()));
    }
    has_dictionary_ = true;
  }

  // Decode the valid values of one page into the staging vector for its physical type.
  template <typename T>
  void decode_values(const Page& page, f::Encoding enc, std::span<const uint8_t> body, int64_t count,
                     const std::vector<T>& dictionary, std::vector<T>& out) {
    out.resize(static_cast<size_t>(count));
    decode_values_into<T>(page, enc, body, dictionary, std::span<T>(out));
  }

  template <typename T>
  void decode_values_into(const Page& page, f::Encoding enc, std::span<const uint8_t> body,
                          const std::vector<T>& dictionary, std::span<T> out) {
    const auto count = static_cast<int64_t>(out.size());
    switch (enc) {
      case f::Encoding::kPlain: {
        encoding::PlainDecoder d(body);
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (physical_ == f::Type::kByteArray) {
            d.decode_byte_arrays(out);
          } else {
            d.decode_fixed_len_byte_arrays(out, column_.type_length());
          }
        } else {
          d.decode<T>(out);
        }
        return;
      }
      case f::Encoding::kPlainDictionary:
      case f::Encoding::kRleDictionary: {
        if (!has_dictionary_) fail(page.offset, "dictionary-encoded page without a dictionary page");
        auto d = encoding::dictionary_index_decoder(body);
        d.decode_gather<T>(dictionary, out);
        return;
      }
      case f::Encoding::kDeltaBinaryPacked:
        if constexpr (std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>) {
          encoding::DeltaBinaryPackedDecoder<T> d(body);
          d.decode(out);
          return;
        }
        break;
      case f::Encoding::kByteStreamSplit:
        if constexpr (std::is_same_v<T, std::string_view>) {
          if (physical_ == f::Type::kFixedLenByteArray) {
            const int w = column_.type_length();
            encoding::ByteStreamSplitDecoder d(body, w);
            scratch_bytes_.resize(static_cast<size_t>(count * w));
            d.decode_bytes(scratch_bytes_);
            for (int64_t i = 0; i < count; ++i) {
              out[static_cast<size_t>(i)] = {reinterpret_cast<const char*>(scratch_bytes_.data()) + i * w, static_cast<size_t>(w)};
            }
            return;
          }
        } else if constexpr (!std::is_same_v<T, Int96>) {
          encoding::ByteStreamSplitDecoder d(body, sizeof(T));
          d.decode<T>(out);
          return;
        }
        break;
      case f::Encoding::kDeltaLengthByteArray:
        if constexpr (std::is_same_v<T, std::string_view>) {
          encoding::DeltaLengthByteArrayDecoder d(body);
          d.decode(out);
          return;
        }
        break;
      case f::Encoding::kDeltaByteArray:
        if constexpr (std::is_same_v<T, std::string_view>) {
          delta_byte_array_ = std::make_unique<encoding::DeltaByteArrayDecoder>(body);
          delta_byte_array_->decode(out);  // views into the decoder, valid until emit copies them
          return;
        }
        break;
      default: break;
    }
    fail(page.offset, fmt::format("{} encoding for a {} column", f::to_string(enc), f::to_string(physical_)));
  }

  void decode_page(const Page& page, int64_t first_row, int64_t n) {
    std::span<const uint8_t> body = page.body;
    f::Encoding enc;
    int64_t valid = n;
    defs_.clear();
    try {
      if (nested_) {
        enc = page.header.type == f::PageType::kDataPage ? page.header.data_page_header->encoding
                                                         : page.header.data_page_header_v2->encoding;
        n = nested_levels(page, n, body);
        valid = 0;
        for (uint8_t d : defs_) valid += d;
        // A required leaf without nullable ancestors has every slot valid: the dense paths apply.
        if (valid == n) defs_.clear();
      } else if (page.header.type == f::PageType::kDataPage) {
        const auto& h = *page.header.data_page_header;
        enc = h.encoding;
        if (column_.max_definition_level > 0) {
          if (h.definition_level_encoding != f::Encoding::kRle) {
            fail(page.offset, fmt::format("definition levels encoded {}", f::to_string(h.definition_level_encoding)));
          }
          auto levels = encoding::RleDecoder::length_prefixed(body, 1);
          defs_.resize(static_cast<size_t>(n));
          levels.decode<uint8_t>(defs_);
          body = body.subspan(static_cast<size_t>(levels.prefixed_size()));
        }
      } else {
        const auto& h = *page.header.data_page_header_v2;
        enc = h.encoding;
        if (h.num_values != n) fail(page.offset, "a flat column's v2 page with num_values != num_rows");
        if (column_.max_definition_level > 0) {
          encoding::RleDecoder levels(page.def_levels, 1);
          defs_.resize(static_cast<size_t>(n));
          levels.decode<uint8_t>(defs_);
        }
      }
      if (!defs_.empty()) {
        valid = 0;
        for (uint8_t d : defs_) valid += d;
        if (valid == n) defs_.clear();  // no nulls in this page: the dense paths apply
      }
      switch (physical_) {
        case f::Type::kBoolean: {
          if (enc == f::Encoding::kPlain && defs_.empty() && (!ranges_ || covered(first_row, first_row + n))) {
            // The page's bits are the array's bits.
            if (static_cast<int64_t>(body.size()) * 8 < n) {
              fail(page.offset, fmt::format("PLAIN BOOLEAN truncated: need {} values, {} bits left", n, body.size() * 8));
            }
            bits_.append_bits(body.data(), n);
            validity_.insert(validity_.end(), static_cast<size_t>(n), 1);
            break;
          }
          bools_.resize(static_cast<size_t>(valid));
          if (enc == f::Encoding::kPlain) {
            encoding::PlainDecoder d(body);
            d.decode_booleans(bools_);
          } else if (enc == f::Encoding::kRle) {
            encoding::RleDecoder::length_prefixed(body, 1).decode<uint8_t>(bools_);
          } else {
            fail(page.offset, fmt::format("{} encoding for a BOOLEAN column", f::to_string(enc)));
          }
          emit_bools(first_row, n);
          break;
        }
        case f::Type::kInt32: decode_fixed<int32_t>(page, enc, body, valid, first_row, n, dict_i32_, s32_, i32_.values); break;
        case f::Type::kInt64: decode_fixed<int64_t>(page, enc, body, valid, first_row, n, dict_i64_, s64_, i64_.values); break;
        case f::Type::kInt96: {
          decode_values<Int96>(page, enc, body, valid, dict_i96_, s96_);
          s64_.resize(s96_.size());
          for (size_t i = 0; i < s96_.size(); ++i) {
            // INT96 timestamps: 8 bytes of nanoseconds in the day, then a 4-byte Julian day (Impala, Spark).
            int64_t nanos;
            int32_t julian;
            std::memcpy(&nanos, s96_[i].bytes, 8);
            std::memcpy(&julian, s96_[i].bytes + 8, 4);
            // Out-of-range days wrap (two's complement), as parquet-cpp's int64 arithmetic does in practice.
            const uint64_t days = static_cast<uint64_t>(static_cast<int64_t>(julian) - 2440588);
            s64_[i] = static_cast<int64_t>(days * 86400000000000ULL + static_cast<uint64_t>(nanos));
          }
          emit(first_row, n, s64_, i64_.values);
          break;
        }
        case f::Type::kFloat: decode_fixed<float>(page, enc, body, valid, first_row, n, dict_f32_, sf32_, f32_.values); break;
        case f::Type::kDouble: decode_fixed<double>(page, enc, body, valid, first_row, n, dict_f64_, sf64_, f64_.values); break;
        default:
          if (dict_mode_ && (enc == f::Encoding::kRleDictionary || enc == f::Encoding::kPlainDictionary)) {
            if (!has_dictionary_) fail(page.offset, "dictionary-encoded page without a dictionary page");
            auto d = encoding::dictionary_index_decoder(body);
            s32_.resize(static_cast<size_t>(valid));
            d.decode<int32_t>(s32_);
            const auto size = static_cast<uint32_t>(dict_bytes_.size());
            for (int32_t k : s32_) {
              if (static_cast<uint32_t>(k) >= size) {
                fail(page.offset, fmt::format("dictionary index {} outside a dictionary of {} values", k, size));
              }
            }
            emit(first_row, n, s32_, i32_.values);
            break;
          }
          if (dict_mode_) leave_dictionary_mode();
          if (defs_.empty() && ranges_ && !covered(first_row, first_row + n) &&
              (enc == f::Encoding::kRleDictionary || enc == f::Encoding::kPlainDictionary)) {
            // Late materialisation: only the selected rows' strings, looked up by index.
            decode_indices(page, body, n, dict_bytes_.size());
            for (auto [a, b] : page_selection(first_row, n)) {
              for (int64_t i = a; i < b; ++i) {
                bytes_.data.append(dict_bytes_[indices_[static_cast<size_t>(i)]]);
                bytes_.offsets.push_back(static_cast<int64_t>(bytes_.data.size()));
                validity_.push_back(1);
              }
            }
            break;
          }
          decode_values<std::string_view>(page, enc, body, valid, dict_bytes_, sbytes_);
          emit_bytes(first_row, n);
          break;
      }
    } catch (const FormatError& e) {
      if (std::string_view(e.what()).find(input_.file) != std::string_view::npos && !input_.file.empty()) throw;
      fail(page.offset, e.what());
    }
  }

  // Fixed-width values: straight into the output when the whole page is wanted and has no nulls, else
  // through the staging vector.
  template <typename T>
  void decode_fixed(const Page& page, f::Encoding enc, std::span<const uint8_t> body, int64_t valid, int64_t first_row,
                    int64_t n, const std::vector<T>& dictionary, std::vector<T>& staging, GrowBuffer<T>& out) {
    if (defs_.empty() && (!ranges_ || covered(first_row, first_row + n))) {
      decode_values_into<T>(page, enc, body, dictionary, out.grow(static_cast<size_t>(valid)));
      validity_.insert(validity_.end(), static_cast<size_t>(n), 1);
      return;
    }
    if (defs_.empty() && ranges_ && gather_selected<T>(page, enc, body, first_row, n, dictionary, out)) return;
    decode_values<T>(page, enc, body, valid, dictionary, staging);
    emit(first_row, n, staging, out);
  }

  // The selected rows' part of each range that meets the page [first_row, first_row + n), relative to the page.
  const std::vector<std::pair<int64_t, int64_t>>& page_selection(int64_t first_row, int64_t n) {
    selection_.clear();
    auto it = std::lower_bound(ranges_->begin(), ranges_->end(), std::make_pair(first_row, int64_t{-1}),
                               [](const auto& x, const auto& y) { return x.second <= y.first; });
    for (; it != ranges_->end() && it->first < first_row + n; ++it) {
      const int64_t a = std::max(it->first, first_row) - first_row;
      const int64_t b = std::min(it->second, first_row + n) - first_row;
      if (a < b) selection_.emplace_back(a, b);
    }
    return selection_;
  }

  // Dictionary indices of a page without nulls, all checked against the dictionary's size.
  void decode_indices(const Page& page, std::span<const uint8_t> body, int64_t n, size_t dictionary_size) {
    if (!has_dictionary_) fail(page.offset, "dictionary-encoded page without a dictionary page");
    auto d = encoding::dictionary_index_decoder(body);
    indices_.resize(static_cast<size_t>(n));
    d.decode<uint32_t>(indices_);
    uint32_t max = 0;
    for (uint32_t k : indices_) max = std::max(max, k);
    if (n > 0 && max >= dictionary_size) {
      fail(page.offset, fmt::format("dictionary index {} outside a dictionary of {} values", max, dictionary_size));
    }
  }

  // Late materialisation of a page without nulls: only the selected rows' values are copied, straight from
  // PLAIN bytes or through the dictionary. False for other encodings (the caller decodes the whole page).
  template <typename T>
  bool gather_selected(const Page& page, f::Encoding enc, std::span<const uint8_t> body, int64_t first_row, int64_t n,
                       const std::vector<T>& dictionary, GrowBuffer<T>& out) {
    const bool plain = enc == f::Encoding::kPlain;
    if (!plain && enc != f::Encoding::kPlainDictionary && enc != f::Encoding::kRleDictionary) return false;
    const auto& sel = page_selection(first_row, n);
    int64_t count = 0;
    for (auto [a, b] : sel) count += b - a;
    if (plain) {
      const auto need = static_cast<uint64_t>(n) * sizeof(T);
      if (body.size() < need) {
        fail(page.offset, fmt::format("PLAIN {} truncated: need {} bytes, {} left", f::to_string(physical_), need, body.size()));
      }
      T* dst = out.grow(static_cast<size_t>(count)).data();
      for (auto [a, b] : sel) {
        std::memcpy(dst, body.data() + a * static_cast<int64_t>(sizeof(T)), static_cast<size_t>(b - a) * sizeof(T));
        dst += b - a;
      }
    } else {
      decode_indices(page, body, n, dictionary.size());
      T* dst = out.grow(static_cast<size_t>(count)).data();
      for (auto [a, b] : sel) {
        for (int64_t i = a; i < b; ++i) *dst++ = dictionary[indices_[static_cast<size_t>(i)]];
      }
    }
    validity_.insert(validity_.end(), static_cast<size_t>(count), 1);
    return true;
  }

  // Append the rows of a page that are selected: valid rows take the next staged value.
  template <typename S, typename T>
  void emit(int64_t first_row, int64_t n, const std::vector<S>& staged, GrowBuffer<T>& out) {
    const bool all_rows = !ranges_ || (covered(first_row, first_row + n));
    if (all_rows && defs_.empty()) {
      if constexpr (std::is_same_v<S, T>) {
        out.insert(out.end(), staged.begin(), staged.end());
      } else {
        auto dst = out.grow(staged.size());
        for (size_t i = 0; i < staged.size(); ++i) dst[i] = static_cast<T>(staged[i]);
      }
      validity_.insert(validity_.end(), static_cast<size_t>(n), 1);
      return;
    }
    size_t v = 0;
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = defs_.empty() || defs_[static_cast<size_t>(i)] != 0;
      if (all_rows || selected(first_row + i)) {
        out.push_back(valid ? static_cast<T>(staged[v]) : T{});
        validity_.push_back(valid);
        nulls_ += !valid;
      }
      v += valid;
    }
  }

  void emit_bools(int64_t first_row, int64_t n) {
    const bool all_rows = !ranges_ || covered(first_row, first_row + n);
    size_t v = 0;
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = defs_.empty() || defs_[static_cast<size_t>(i)] != 0;
      if (all_rows || selected(first_row + i)) {
        bits_.append(valid && bools_[v] != 0);
        validity_.push_back(valid);
        nulls_ += !valid;
      }
      v += valid;
    }
  }

  void emit_bytes(int64_t first_row, int64_t n) {
    const bool all_rows = !ranges_ || covered(first_row, first_row + n);
    if (all_rows && defs_.empty()) {
      size_t total = 0;
      for (std::string_view v : sbytes_) total += v.size();
      bytes_.data.reserve(bytes_.data.size() + total);
      for (std::string_view v : sbytes_) {
        bytes_.data.append(v);
        bytes_.offsets.push_back(static_cast<int64_t>(bytes_.data.size()));
      }
      validity_.insert(validity_.end(), static_cast<size_t>(n), 1);
      return;
    }
    size_t v = 0;
    for (int64_t i = 0; i < n; ++i) {
      const bool valid = defs_.empty() || defs_[static_cast<size_t>(i)] != 0;
      if (all_rows || selected(first_row + i)) {
        if (valid) bytes_.data.append(sbytes_[v]);
        bytes_.offsets.push_back(static_cast<int64_t>(bytes_.data.size()));
        validity_.push_back(valid);
        nulls_ += !valid;
      }
      v += valid;
    }
  }

  bool covered(int64_t begin, int64_t end) const {
    for (auto [a, b] : *ranges_) {
      if (a <= begin && end <= b) return true;
      if (a >= end) break;
    }
    return false;
  }

  bool selected(int64_t row) {
    while (cursor_ < ranges_->size() && (*ranges_)[cursor_].second <= row) ++cursor_;
    return cursor_ < ranges_->size() && (*ranges_)[cursor_].first <= row;
  }

  BufferPtr validity_bitmap() const {
    if (nulls_ == 0) return nullptr;
    auto bits = Buffer::allocate_zeroed(bit_util::bytes_for_bits(static_cast<int64_t>(validity_.size())));
    for (size_t i = 0; i < validity_.size(); ++i) {
      if (validity_[i]) bit_util::set_bit(bits->mutable_data(), static_cast<int64_t>(i));
    }
    return bits;
  }

  template <typename Out, typename In>
  Array fixed_array(const DataTypePtr& type, const GrowBuffer<In>& in, auto convert) const {
    const int64_t n = static_cast<int64_t>(in.size());
    auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(Out)));
    Out* out = values->mutable_data_as<Out>();
    for (int64_t i = 0; i < n; ++i) out[i] = convert(in[static_cast<size_t>(i)]);
    return Array(ArrayData::make(type, n, {validity_bitmap(), std::move(values)}, nulls_));
  }

  // The accumulated values as they are (same width, no conversion): no copy.
  template <typename T>
  Array same_array(const DataTypePtr& type, GrowBuffer<T>& in) const {
    // Only a type of the values' own width can take them as they are (an annotation the physical type does
    // not fit, such as DECIMAL on DOUBLE, would read past the buffer; found by fuzzing).
    if (type->id() != TypeId::kNull && type->is_fixed_width() && type->byte_width() != static_cast<int>(sizeof(T))) {
      fail(input_.offset, fmt::format("a column of {}-byte values cannot be read as {}", sizeof(T), type->to_string()));
    }
    const auto n = static_cast<int64_t>(in.size());
    return Array(ArrayData::make(type, n, {validity_bitmap(), in.take()}, nulls_));
  }

  Array bool_array() {
    const int64_t n = bits_.size();
    return Array(ArrayData::make(columnar::boolean(), n, {validity_bitmap(), bits_.take()}, nulls_));
  }

  Array bytes_array(const DataTypePtr& type) const {
    const int64_t n = static_cast<int64_t>(bytes_.offsets.size()) - 1;
    const bool large = type->is_large_binary_like();
    if (!large && bytes_.data.size() > static_cast<size_t>(INT32_MAX)) {
      raise<NotImplemented>("column \"{}\" holds more than 2 GiB of text in one row group; read it as large_string",
                            column_.dotted_path());
    }
    BufferPtr offsets;
    if (large) {
      offsets = Buffer::copy_of(bytes_.offsets.data(), (n + 1) * 8);
    } else {
      offsets = Buffer::allocate((n + 1) * 4);
      for (int64_t i = 0; i <= n; ++i) offsets->mutable_data_as<int32_t>()[i] = static_cast<int32_t>(bytes_.offsets[static_cast<size_t>(i)]);
    }
    return Array(ArrayData::make(type, n, {validity_bitmap(), offsets, Buffer::copy_of(bytes_.data)}, nulls_));
  }

  // Decimal from big-endian two's complement bytes (FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY).
  Array decimal_from_bytes(const DataTypePtr& type) const {
    const int64_t n = static_cast<int64_t>(bytes_.offsets.size()) - 1;
    auto values = Buffer::allocate(n * 16);
    for (int64_t i = 0; i < n; ++i) {
      const auto begin = static_cast<size_t>(bytes_.offsets[static_cast<size_t>(i)]);
      const auto end = static_cast<size_t>(bytes_.offsets[static_cast<size_t>(i) + 1]);
      uint8_t le[16];
      const bool negative = end > begin && (static_cast<uint8_t>(bytes_.data[begin]) & 0x80);
      std::memset(le, negative ? 0xFF : 0x00, 16);
      if (end - begin > 16) fail(input_.offset, "decimal value wider than 16 bytes");
      for (size_t k = 0; k < end - begin; ++k) le[k] = static_cast<uint8_t>(bytes_.data[end - 1 - k]);
      std::memcpy(values->mutable_data() + i * 16, le, 16);
    }
    return Array(ArrayData::make(type, n, {validity_bitmap(), std::move(values)}, nulls_));
  }

  Array finish() {
    if (dict_mode_) return dictionary_array();
    const DataTypePtr& t = type_;
    const TypeId target = t->id() == TypeId::kDictionary ? t->value_type()->id() : t->id();
    const DataTypePtr& value_type = t->id() == TypeId::kDictionary ? t->value_type() : t;
    Array out;
    switch (physical_) {
      case f::Type::kBoolean: out = bool_array(); break;
      case f::Type::kInt32:
        switch (target) {
          case TypeId::kInt8: out = fixed_array<int8_t>(value_type, i32_.values, [](int32_t x) { return static_cast<int8_t>(x); }); break;
          case TypeId::kInt16: out = fixed_array<int16_t>(value_type, i32_.values, [](int32_t x) { return static_cast<int16_t>(x); }); break;
          case TypeId::kUInt8: out = fixed_array<uint8_t>(value_type, i32_.values, [](int32_t x) { return static_cast<uint8_t>(x); }); break;
          case TypeId::kUInt16: out = fixed_array<uint16_t>(value_type, i32_.values, [](int32_t x) { return static_cast<uint16_t>(x); }); break;
          case TypeId::kUInt32: out = fixed_array<uint32_t>(value_type, i32_.values, [](int32_t x) { return static_cast<uint32_t>(x); }); break;
          case TypeId::kDate64: out = fixed_array<int64_t>(value_type, i32_.values, [](int32_t x) { return int64_t{x} * 86400000; }); break;
          case TypeId::kTime32:
            out = value_type->unit() == TimeUnit::kSecond
                      ? fixed_array<int32_t>(value_type, i32_.values, [](int32_t x) { return x / 1000; })
                      : same_array(value_type, i32_.values);
            break;
          case TypeId::kDecimal128:
            out = fixed_array<Int128>(value_type, i32_.values, [](int32_t x) { return static_cast<Int128>(x); });
            break;
          case TypeId::kNull: out = columnar::NullArray(static_cast<int64_t>(i32_.values.size())); break;
          default: out = same_array(value_type, i32_.values);
        }
        break;
      case f::Type::kInt64:
      case f::Type::kInt96:
        if (target == TypeId::kTimestamp && value_type->unit() == TimeUnit::kSecond) {
          out = fixed_array<int64_t>(value_type, i64_.values, [](int64_t x) { return x / 1000; });
        } else if (target == TypeId::kDecimal128) {
          out = fixed_array<Int128>(value_type, i64_.values, [](int64_t x) { return static_cast<Int128>(x); });
        } else {
          out = same_array(value_type, i64_.values);
        }
        break;
      case f::Type::kFloat: out = same_array(value_type, f32_.values); break;
      case f::Type::kDouble: out = same_array(value_type, f64_.values); break;
      default:
        if (target == TypeId::kDecimal128) {
          out = decimal_from_bytes(value_type);
        } else if (target == TypeId::kFixedSizeBinary || target == TypeId::kFloat16) {
          const int64_t n = static_cast<int64_t>(bytes_.offsets.size()) - 1;
          const int32_t w = column_.type_length();
          auto values = Buffer::allocate(n * w);
          for (int64_t i = 0; i < n; ++i) {
            const auto begin = static_cast<size_t>(bytes_.offsets[static_cast<size_t>(i)]);
            const auto len = static_cast<size_t>(bytes_.offsets[static_cast<size_t>(i) + 1]) - begin;
            if (len == static_cast<size_t>(w)) {
              std::memcpy(values->mutable_data() + i * w, bytes_.data.data() + begin, len);
            } else {
              std::memset(values->mutable_data() + i * w, 0, static_cast<size_t>(w));  // null slot
            }
          }
          out = Array(ArrayData::make(value_type, n, {validity_bitmap(), std::move(values)}, nulls_));
        } else {
          out = bytes_array(value_type);
        }
    }
    if (t->id() == TypeId::kDictionary) out = dictionary_encode_strings(out, t);
    return out;
  }

  // A page without the dictionary: turn the indices gathered so far into dense values and go on densely.
  void leave_dictionary_mode() {
    dict_mode_ = false;
    for (size_t i = 0; i < i32_.values.size(); ++i) {
      if (validity_[i]) bytes_.data.append(dict_bytes_[static_cast<size_t>(i32_.values[i])]);
      bytes_.offsets.push_back(static_cast<int64_t>(bytes_.data.size()));
    }
    i32_.values.clear();
  }

  Array dictionary_array() const {
    const int64_t n = static_cast<int64_t>(i32_.values.size());
    auto indices = Buffer::copy_of(i32_.values.data(), n * 4);
    auto data = ArrayData::make(type_, n, {validity_bitmap(), std::move(indices)}, nulls_);
    columnar::StringBuilder values;
    values.reserve(static_cast<int64_t>(dict_bytes_.size()));
    for (std::string_view v : dict_bytes_) values.append(v);
    Array dict = values.finish();
    if (!dict.type()->equals(*type_->value_type())) {
      auto d = std::make_shared<ArrayData>(*dict.data());
      d->type = type_->value_type();
      dict = Array(d);
    }
    data->dictionary = dict.data();
    return Array(std::move(data));
  }

  // Dense values → dictionary<index, value> for columns whose stored Arrow type is a dictionary.
  static Array dictionary_encode_strings(const Array& dense, const DataTypePtr& type);

  const ColumnChunkInput& input_;
  const ColumnDescriptor& column_;
  DataTypePtr type_;
  f::Type physical_;
  PageReader pages_;
  const RowRanges* ranges_ = nullptr;
  size_t cursor_ = 0;
  bool nested_ = false;
  int16_t slot_level_ = -1;

  bool has_dictionary_ = false;
  bool dict_mode_ = false;
  std::vector<uint8_t> dictionary_storage_;
  std::vector<int32_t> dict_i32_;
  std::vector<int64_t> dict_i64_;
  std::vector<Int96> dict_i96_;
  std::vector<float> dict_f32_;
  std::vector<double> dict_f64_;
  std::vector<std::string_view> dict_bytes_;
  std::unique_ptr<encoding::DeltaByteArrayDecoder> delta_byte_array_;

  std::vector<uint8_t> defs_;
  std::vector<uint8_t> bools_;
  std::vector<int32_t> s32_;
  std::vector<int64_t> s64_;
  std::vector<Int96> s96_;
  std::vector<float> sf32_;
  std::vector<double> sf64_;
  std::vector<std::string_view> sbytes_;
  std::vector<uint8_t> scratch_bytes_;

  std::vector<uint32_t> indices_;
  std::vector<std::pair<int64_t, int64_t>> selection_;

  std::vector<uint8_t> validity_;
  int64_t nulls_ = 0;
  BitBuilder bits_;
  FixedOutput<int32_t> i32_;
  FixedOutput<int64_t> i64_;
  FixedOutput<float> f32_;
  FixedOutput<double> f64_;
  BytesOutput bytes_;
};

Array ChunkDecoder::dictionary_encode_strings(const Array& dense, const DataTypePtr& type) {
  if (!dense.type()->is_binary_like() || type->index_type()->id() != TypeId::kInt32 ||
      type->value_type()->is_large_binary_like()) {
    raise<NotImplemented>("reading a Parquet column as {}", type->to_string());
  }
  columnar::StringBuilder values;
  std::unordered_map<std::string_view, int32_t> seen;
  const int64_t n = dense.length();
  auto indices = Buffer::allocate(n * 4);
  int32_t* out = indices->mutable_data_as<int32_t>();
  for (int64_t i = 0; i < n; ++i) {
    if (dense.is_null(i)) {
      out[i] = 0;
      continue;
    }
    const std::string_view v = dense.type()->is_large_binary_like() ? columnar::LargeStringArray(dense).value(i)
                                                                    : columnar::StringArray(dense).value(i);
    auto [it, inserted] = seen.emplace(v, static_cast<int32_t>(seen.size()));
    if (inserted) values.append(v);
    out[i] = it->second;
  }
  auto data = ArrayData::make(type, n, {dense.data()->buffers[0], std::move(indices)}, dense.null_count());
  Array dict = values.finish();
  if (!dict.type()->equals(*type->value_type())) {
    auto d = std::make_shared<ArrayData>(*dict.data());
    d->type = type->value_type();
    dict = Array(d);
  }
  data->dictionary = dict.data();
  return Array(std::move(data));
}

}  // namespace

ColumnReadResult read_flat_column(const ColumnChunkInput& input, const ColumnDescriptor& column,
                                  const DataTypePtr& type, const RowRanges* ranges) {
  ChunkDecoder decoder(input, column, type);
  return decoder.run(ranges);
}

NestedLeafResult read_nested_leaf(const ColumnChunkInput& input, const ColumnDescriptor& column,
                                  const DataTypePtr& type, int16_t slot_level) {
  ChunkDecoder decoder(input, column, type, slot_level);
  NestedLeafResult out;
  auto r = decoder.run(nullptr);
  out.leaf.values = std::move(r.array);
  out.leaf.def = std::move(decoder.chunk_defs);
  out.leaf.rep = std::move(decoder.chunk_reps);
  out.pages = r.pages;
  return out;
}

}  // namespace strata::parquet::internal
