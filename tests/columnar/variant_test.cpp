// Variant decoding (VariantEncoding.md) from hand-made byte sequences, shredded reconstruction
// (VariantShredding.md) over hand-built storage arrays, the DuckDB text form, and the expected binary values of
// ../shared/corpus/parquet/parquet-testing/shredded_variant (*.variant.bin: metadata then value) against
// DuckDB's dumps of the same rows.
#include "strata/columnar/variant.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "strata/columnar/builder.h"
#include "strata/columnar/canonical.h"
#include "strata/columnar/table.h"
#include "strata/core/error.h"
#include "strata/core/text_format.h"
#include "support/test_support.h"

namespace strata::columnar {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;
using Kind = VariantValue::Kind;

const Bytes kEmptyMetadata = {0x01, 0x00, 0x00};
// Sorted dictionary ["a", "b"] with 1-byte offsets.
const Bytes kAbMetadata = {0x11, 0x02, 0x00, 0x01, 0x02, 'a', 'b'};

std::string text_of(const Bytes& metadata, const Bytes& value) { return variant_text(decode_variant(metadata, value)); }

Bytes le(uint64_t v, int n) {
  Bytes out;
  for (int k = 0; k < n; ++k) out.push_back(static_cast<uint8_t>(v >> (8 * k)));
  return out;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// A primitive: header byte (type_id << 2, basic type 0) then the payload.
Bytes prim(int type_id, const Bytes& payload = {}) { return cat({{static_cast<uint8_t>(type_id << 2)}, payload}); }

TEST(VariantMetadata, ParsesTheDictionary) {
  const auto m = VariantMetadata::parse(kAbMetadata);
  EXPECT_EQ(m.size(), 2u);
  EXPECT_TRUE(m.sorted_strings());
  EXPECT_EQ(m.key(0), "a");
  EXPECT_EQ(m.key(1), "b");
  EXPECT_EQ(m.byte_size(), kAbMetadata.size());
  EXPECT_THROW(m.key(2), FormatError);
  // Two-byte offsets (offset_size_minus_one = 1), unsorted.
  const Bytes wide = {0x41, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x05, 0x00, 'k', 'e', 'y', 'i', 'd'};
  const auto w = VariantMetadata::parse(wide);
  EXPECT_FALSE(w.sorted_strings());
  EXPECT_EQ(w.key(0), "key");
  EXPECT_EQ(w.key(1), "id");
  // The spec's "01 00" (empty, the single 0 offset left out) and the full "01 00 00".
  EXPECT_EQ(VariantMetadata::parse(Bytes{0x01, 0x00}).size(), 0u);
  EXPECT_EQ(VariantMetadata::parse(kEmptyMetadata).byte_size(), 3u);
}

TEST(VariantMetadata, BadBytesAreFormatErrors) {
  EXPECT_THROW(VariantMetadata::parse(Bytes{}), FormatError);
  EXPECT_THROW(VariantMetadata::parse(Bytes{0x01}), FormatError);                    // no dictionary size
  EXPECT_THROW(VariantMetadata::parse(Bytes{0x02, 0x00, 0x00}), FormatError);        // version 2
  EXPECT_THROW(VariantMetadata::parse(Bytes{0x01, 0x01, 0x00, 0x05, 'a'}), FormatError);  // offset past the bytes
  EXPECT_THROW(VariantMetadata::parse(Bytes{0x01, 0x02, 0x00, 0x01}), FormatError);  // offsets truncated
  EXPECT_THROW(VariantMetadata::parse(Bytes{0x01, 0x02, 0x00, 0x02, 0x01, 'a', 'b'}), FormatError);  // decreasing
  // A dictionary size of 2^32-1 with 4-byte offsets in 9 bytes: rejected before any allocation.
  EXPECT_THROW(VariantMetadata::parse(Bytes{0xC1, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}), FormatError);
}

TEST(Variant, Primitives) {
  const Bytes& m = kEmptyMetadata;
  EXPECT_EQ(text_of(m, prim(0)), "NULL");
  EXPECT_EQ(text_of(m, prim(1)), "true");
  EXPECT_EQ(text_of(m, prim(2)), "false");
  EXPECT_EQ(text_of(m, prim(3, {0xde})), "-34");
  EXPECT_EQ(text_of(m, prim(4, le(1234, 2))), "1234");
  EXPECT_EQ(text_of(m, prim(5, le(static_cast<uint32_t>(-12345), 4))), "-12345");
  EXPECT_EQ(text_of(m, prim(6, le(static_cast<uint64_t>(INT64_MIN), 8))), "-9223372036854775808");
  // double 14.3 = 0x402C99999999999A; -0.0 prints as JavaScript's String(-0), "0"; 1e21 as "1e+21".
  EXPECT_EQ(text_of(m, prim(7, le(0x402C99999999999AULL, 8))), "14.3");
  EXPECT_EQ(text_of(m, prim(7, le(0x8000000000000000ULL, 8))), "0");
  EXPECT_EQ(text_of(m, prim(7, le(0x444B1AE4D6E2EF50ULL, 8))), "1e+21");
  // float 10.11f = 0x4121C28F, widened to double.
  EXPECT_EQ(text_of(m, prim(14, le(0x4121C28FU, 4))), "10.109999656677246");
  // decimal4 scale 4, unscaled 123456789; decimal8 scale 9; decimal16 scale 9 negative; scale 0.
  EXPECT_EQ(text_of(m, prim(8, cat({{4}, le(123456789, 4)}))), "12345.6789");
  EXPECT_EQ(text_of(m, prim(9, cat({{9}, le(123456789987654321ULL, 8)}))), "123456789.987654321");
  EXPECT_EQ(text_of(m, prim(10, cat({{9}, le(8570200863586094827ULL, 8), le(~0ULL, 8)}))),
            "-9876543210.123456789");
  EXPECT_EQ(text_of(m, prim(8, cat({{0}, le(42, 4)}))), "42");
  EXPECT_EQ(text_of(m, prim(8, cat({{2}, le(static_cast<uint32_t>(-5), 4)}))), "-0.05");
  // date 2024-11-07 = day 20034; 0001-01-01 = -719162; year 0 (1 BC) and year -1 (2 BC) as DuckDB's client.
  EXPECT_EQ(text_of(m, prim(11, le(20034, 4))), "2024-11-07");
  EXPECT_EQ(text_of(m, prim(11, le(static_cast<uint32_t>(-719162), 4))), "0001-01-01");
  EXPECT_EQ(text_of(m, prim(11, le(static_cast<uint32_t>(-719528), 4))), "0000-01-01");
  EXPECT_EQ(text_of(m, prim(11, le(static_cast<uint32_t>(-719893), 4))), "0002-01-01 (BC)");
  // 2024-11-07 12:33:54.123456 = 1730982834123456 us.
  EXPECT_EQ(text_of(m, prim(12, le(1730982834123456ULL, 8))), "2024-11-07 12:33:54.123456+00");
  EXPECT_EQ(text_of(m, prim(13, le(1730982834123456ULL, 8))), "2024-11-07 12:33:54.123456");
  EXPECT_EQ(text_of(m, prim(13, le(1730982834000000ULL, 8))), "2024-11-07 12:33:54");
  EXPECT_EQ(text_of(m, prim(12, le(static_cast<uint64_t>(INT64_MAX), 8))), "infinity");
  // 1969-12-31 23:59:59.5 = -500000 us.
  EXPECT_EQ(text_of(m, prim(13, le(static_cast<uint64_t>(-500000), 8))), "1969-12-31 23:59:59.5");
  // Nanoseconds: without zone all nine digits; with zone DuckDB keeps microseconds.
  EXPECT_EQ(text_of(m, prim(19, le(1730982834123456789ULL, 8))), "2024-11-07 12:33:54.123456789");
  EXPECT_EQ(text_of(m, prim(18, le(1730982834123456789ULL, 8))), "2024-11-07 12:33:54.123456+00");
  // time 12:33:54.123456 = 45234123456 us.
  EXPECT_EQ(text_of(m, prim(17, le(45234123456ULL, 8))), "12:33:54.123456");
  // binary: control bytes, quotes and bytes >= 0x7f as \xHH, the rest as characters.
  EXPECT_EQ(text_of(m, prim(15, cat({le(6, 4), {0x0a, 'A', '\'', '"', 0x7f, 0xff}}))), "\\x0AA\\x27\\x22\\x7F\\xFF");
  // long string and short string (basic type 1), single quotes doubled.
  EXPECT_EQ(text_of(m, prim(16, cat({le(4, 4), {'i', 't', '\'', 's'}}))), "'it''s'");
  EXPECT_EQ(text_of(m, Bytes{(3 << 2) | 1, 'a', 'b', 'c'}), "'abc'");
  EXPECT_EQ(text_of(m, Bytes{1}), "''");
  EXPECT_EQ(text_of(m, prim(20, {0xf2, 0x4f, 0x9b, 0x64, 0x81, 0xfa, 0x49, 0xd1, 0xb7, 0x4e, 0x8c, 0x09, 0xa6, 0xe3, 0x1c,
                                  0x56})),
            "f24f9b64-81fa-49d1-b74e-8c09a6e31c56");
}

TEST(Variant, ObjectsAndArrays) {
  // {"a": 1, "b": "x"}: header 0x02 (1-byte ids and offsets), 2 fields, ids [0, 1], offsets [0, 2, 4].
  const Bytes object = {0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x04, 0x0C, 0x01, 0x05, 'x'};
  EXPECT_EQ(text_of(kAbMetadata, object), "{'a': 1, 'b': 'x'}");
  // The same with the values stored in the other order (offsets [2, 0, 4]).
  const Bytes shuffled = {0x02, 0x02, 0x00, 0x01, 0x02, 0x00, 0x04, 0x05, 'x', 0x0C, 0x01};
  EXPECT_EQ(decode_variant(kAbMetadata, shuffled), decode_variant(kAbMetadata, object));
  // is_large (4-byte count), 2-byte ids, 2-byte offsets.
  const Bytes large = cat({{0x02 | (((1 << 4) | (1 << 2) | 1) << 2)}, le(1, 4), le(1, 2), le(0, 2), le(1, 2), {0x00}});
  EXPECT_EQ(text_of(kAbMetadata, large), "{'b': NULL}");
  EXPECT_EQ(text_of(kAbMetadata, Bytes{0x02, 0x00, 0x00}), "{}");
  // [1, null, "it's"]: header 0x03, 3 elements, offsets [0, 2, 3, 8].
  const Bytes array = {0x03, 0x03, 0x00, 0x02, 0x03, 0x08, 0x0C, 0x01, 0x00, 0x11, 'i', 't', '\'', 's'};
  EXPECT_EQ(text_of(kEmptyMetadata, array), "[1, NULL, 'it''s']");
  EXPECT_EQ(text_of(kEmptyMetadata, Bytes{0x03, 0x00, 0x00}), "[]");
  // [[], {"a": [true]}] nested.
  const Bytes inner_object = {0x02, 0x01, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x04};
  const Bytes nested = cat({{0x03, 0x02, 0x00, 0x03, static_cast<uint8_t>(3 + inner_object.size()), 0x03, 0x00, 0x00},
                            inner_object});
  EXPECT_EQ(text_of(kAbMetadata, nested), "[[], {'a': [true]}]");
  EXPECT_EQ(variant_to_json(decode_variant(kAbMetadata, nested)), "[[],{\"a\":[true]}]");
}

TEST(Variant, ObjectKeysPrintInJavaScriptOrder) {
  // Keys "10", "2", "b" (sorted by bytes) print as a JavaScript object enumerates them: 2, 10, b.
  const Bytes m = {0x11, 0x03, 0x00, 0x02, 0x03, 0x04, '1', '0', '2', 'b'};
  const Bytes object = {0x02, 0x03, 0x00, 0x01, 0x02, 0x00, 0x02, 0x04, 0x06, 0x0C, 0x0A, 0x0C, 0x02, 0x0C, 0x0B};
  EXPECT_EQ(text_of(m, object), "{'2': 2, '10': 10, 'b': 11}");
}

TEST(Variant, BadValuesAreFormatErrors) {
  const Bytes& m = kEmptyMetadata;
  EXPECT_THROW(decode_variant(m, Bytes{}), FormatError);
  EXPECT_THROW(decode_variant(m, prim(21)), FormatError);                     // unknown primitive type id
  EXPECT_THROW(decode_variant(m, prim(63)), FormatError);
  EXPECT_THROW(decode_variant(m, prim(6, {1, 2, 3})), FormatError);           // int64 truncated
  EXPECT_THROW(decode_variant(m, prim(8, {39, 0, 0, 0, 0})), FormatError);     // decimal scale past 38
  EXPECT_THROW(decode_variant(m, prim(16, cat({le(100, 4), {'a'}}))), FormatError);  // string past the end
  EXPECT_THROW(decode_variant(m, prim(15, le(0xffffffffU, 4))), FormatError);
  EXPECT_THROW(decode_variant(m, Bytes{(10 << 2) | 1, 'a'}), FormatError);    // short string past the end
  // Object with a field id past the (empty) dictionary.
  EXPECT_THROW(decode_variant(m, Bytes{0x02, 0x01, 0x00, 0x00, 0x01, 0x00}), FormatError);
  // Array offsets past the end, element offset at the end, count past the bytes, 4-byte count of 2^32-1.
  EXPECT_THROW(decode_variant(m, Bytes{0x03, 0x01, 0x00, 0x09, 0x00}), FormatError);
  EXPECT_THROW(decode_variant(m, Bytes{0x03, 0x02, 0x00, 0x01, 0x01, 0x00}), FormatError);
  EXPECT_THROW(decode_variant(m, Bytes{0x03, 0x05, 0x00}), FormatError);
  EXPECT_THROW(decode_variant(m, cat({{0x03 | (1 << 4)}, le(0xffffffffU, 4)})), FormatError);
  // Duplicate field names.
  EXPECT_THROW(decode_variant(kAbMetadata, Bytes{0x02, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00}), FormatError);
  // Arrays nested 300 deep (4-byte offsets so every level fits): past the depth limit, not a stack overflow.
  Bytes deep = {0x00};
  for (int level = 0; level < 300; ++level) {
    deep = cat({{0x03 | (3 << 2)}, {0x01}, le(0, 4), le(deep.size(), 4), deep});
  }
  EXPECT_THROW(decode_variant(m, deep), FormatError);
  // Every truncation of a valid nested value fails cleanly.
  const Bytes object = {0x02, 0x02, 0x00, 0x01, 0x00, 0x02, 0x04, 0x0C, 0x01, 0x05, 'x'};
  for (size_t n = 0; n < object.size(); ++n) {
    EXPECT_THROW(decode_variant(kAbMetadata, Bytes(object.begin(), object.begin() + static_cast<long>(n))), FormatError)
        << n;
  }
}

// ---- shredded storage built by hand -----------------------------------------------------------------------

Array binaries(std::initializer_list<std::optional<Bytes>> values) {
  BinaryBuilder b;
  for (const auto& v : values) {
    if (v) {
      b.append(std::string_view(reinterpret_cast<const char*>(v->data()), v->size()));
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

Array int64s(std::initializer_list<std::optional<int64_t>> values) {
  NumericBuilder<int64_t> b;
  for (const auto& v : values) {
    if (v) {
      b.append(*v);
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

Array strings(std::initializer_list<std::optional<std::string>> values) {
  StringBuilder b;
  for (const auto& v : values) {
    if (v) {
      b.append(*v);
    } else {
      b.append_null();
    }
  }
  return b.finish();
}

Array group(std::vector<std::pair<std::string, Array>> children) {
  std::vector<FieldPtr> fields;
  std::vector<Array> arrays;
  for (auto& [name, a] : children) {
    fields.push_back(field(name, a.type()));
    arrays.push_back(a);
  }
  return StructArray::make(std::move(fields), arrays);
}

std::vector<std::string> texts(const VariantColumn& column) {
  std::vector<std::string> out;
  for (int64_t r = 0; r < column.length(); ++r) {
    const auto v = column.value(r);
    out.push_back(v ? variant_text(*v) : "<null row>");
  }
  return out;
}

TEST(VariantColumn, PrimitiveShredding) {
  // VariantShredding.md's example: 34, null, "n/a", 100 as int64 typed_value beside value.
  const Bytes md = {0x01, 0x00};
  const Array storage = group({{"metadata", binaries({md, md, md, md})},
                               {"value", binaries({std::nullopt, Bytes{0x00}, Bytes{0x0D, 'n', '/', 'a'}, std::nullopt})},
                               {"typed_value", int64s({34, std::nullopt, std::nullopt, 100})}});
  const VariantColumn column(storage, "measurement");
  EXPECT_EQ(texts(column), (std::vector<std::string>{"34", "NULL", "'n/a'", "100"}));
  EXPECT_EQ(*variant_to_json(storage, 2), "\"n/a\"");
}

TEST(VariantColumn, InsideAListPrintsItsValues) {
  // list<variant>: the canonical form prints each item as the Variant's text, as a top-level or struct field does.
  const Bytes md = {0x01, 0x00};
  const Array storage = group({{"metadata", binaries({md, md, md, md})},
                               {"value", binaries({std::nullopt, Bytes{0x00}, Bytes{0x0D, 'n', '/', 'a'}, std::nullopt})},
                               {"typed_value", int64s({34, std::nullopt, std::nullopt, 100})}});
  KeyValueMetadata extension({{"ARROW:extension:name", std::string(kVariantExtensionName)}});
  ListBuilder lists(list(field("element", storage.type(), true, std::move(extension))));
  lists.append(2);    // [34, variant null]
  lists.append(0);    // []
  lists.append_null();
  lists.append(2);    // ['n/a', 100]
  const Table t = Table::from_arrays({"v"}, {lists.finish(storage)});
  EXPECT_EQ(to_canonical(t), "{\"columns\":[\"v\"]}\n[[\"34\",null]]\n[[]]\n[null]\n[[\"'n/a'\",\"100\"]]\n");
}

TEST(VariantColumn, PartiallyShreddedObjects) {
  // Dictionary ["a", "b"]. Field "a" shredded as string; "b" stays in value.
  const Bytes rest = {0x02, 0x01, 0x01, 0x00, 0x02, 0x0C, 0x07};  // {"b": 7}
  const Array a_group = group({{"value", binaries({std::nullopt, std::nullopt, Bytes{0x00}, std::nullopt})},
                               {"typed_value", strings({"x", std::nullopt, std::nullopt, std::nullopt})}});
  const Array storage = group({{"metadata", binaries({kAbMetadata, kAbMetadata, kAbMetadata, kAbMetadata})},
                               {"value", binaries({rest, rest, std::nullopt, Bytes{0x0C, 0x05}})},
                               {"typed_value", group({{"a", a_group}})}});
  // Row 3's typed_value is present with its field missing while value is not an object: invalid.
  const VariantColumn column(storage, "event");
  EXPECT_EQ(variant_text(*column.value(0)), "{'a': 'x', 'b': 7}");
  EXPECT_EQ(variant_text(*column.value(1)), "{'b': 7}");   // a missing
  EXPECT_EQ(variant_text(*column.value(2)), "{'a': NULL}");  // a present and null
  try {
    column.value(3);
    ADD_FAILURE() << "a non-object value beside shredded fields must fail";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("\"event\", row 3"), std::string::npos) << e.what();
  }
}

TEST(VariantColumn, ConflictsAndBadLayoutsAreFormatErrors) {
  const Bytes md = {0x01, 0x00};
  const Array conflict = group({{"metadata", binaries({md})}, {"value", binaries({Bytes{0x0C, 0x01}})},
                                {"typed_value", int64s({1})}});
  EXPECT_THROW(VariantColumn(conflict, "v").value(0), FormatError);
  // Unsigned typed_value: not a shredded type.
  NumericBuilder<uint32_t> u;
  u.append(1);
  EXPECT_THROW(VariantColumn(group({{"metadata", binaries({md})}, {"typed_value", u.finish()}}), "v"), FormatError);
  // No metadata column; a metadata column that is not binary; bad metadata bytes in a row.
  EXPECT_THROW(VariantColumn(group({{"value", binaries({md})}}), "v"), FormatError);
  EXPECT_THROW(VariantColumn(group({{"metadata", int64s({1})}, {"value", binaries({md})}}), "v"), FormatError);
  EXPECT_THROW(VariantColumn(group({{"metadata", binaries({Bytes{0x07}})}, {"value", binaries({Bytes{0}})}}), "v").value(0),
               FormatError);
}

// ---- the corpus' expected binary values against DuckDB's dumps -------------------------------------------

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(VariantCorpus, BinaryValuesMatchDuckDBDumps) {
  const fs::path dir = strata::testing::shared_dir() / "corpus" / "parquet" / "parquet-testing" / "shredded_variant";
  const fs::path expected = strata::testing::shared_dir() / "corpus" / "expected" / "parquet" / "parquet-testing" /
                            "shredded_variant";
  if (!fs::exists(dir) || !fs::exists(expected)) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    // case-NNN_row-R.variant.bin
    const std::string file = entry.path().filename().string();
    const size_t row_at = file.find("_row-");
    if (file.rfind("case-", 0) != 0 || row_at == std::string::npos || !file.ends_with(".variant.bin")) continue;
    const int row = std::stoi(file.substr(row_at + 5));
    const fs::path dump = expected / (file.substr(0, row_at) + ".parquet.jsonl");
    if (!fs::exists(dump)) continue;  // DuckDB could not read that file (or it is an error case)
    // Row r of the dump: line r + 2; its second column is the Variant.
    const std::string lines = read_file(dump);
    size_t at = 0;
    for (int k = 0; k <= row; ++k) at = lines.find('\n', at) + 1;
    const std::string line = lines.substr(at, lines.find('\n', at) - at);
    const std::string want = line.substr(line.find(',') + 1, line.size() - line.find(',') - 2);

    const std::string bytes = read_file(entry.path());
    const std::span<const uint8_t> all(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    const auto metadata = VariantMetadata::parse(all);
    const VariantValue v = decode_variant(metadata, all.subspan(metadata.byte_size()));
    std::string got;
    if (v.kind == Kind::kNull) {
      got = "null";  // DuckDB reads a top-level Variant null as SQL NULL
    } else {
      text::append_json_string(got, variant_text(v));
    }
    EXPECT_EQ(got, want) << file;
    ++compared;
  }
  EXPECT_GE(compared, 75);
}

// Every truncation and many single-byte corruptions of every corpus value either decode (and print) or raise
// FormatError: never a crash or an out-of-bounds read (this runs under ASan too).
TEST(VariantCorpus, CorruptedBinaryValuesFailCleanly) {
  const fs::path dir = strata::testing::shared_dir() / "corpus" / "parquet" / "parquet-testing" / "shredded_variant";
  if (!fs::exists(dir)) GTEST_SKIP() << "../shared/corpus is not beside the project";
  int inputs = 0, errors = 0;
  auto attempt = [&](const std::string& bytes) {
    ++inputs;
    // Each attempt gets its own exact-size copy, so ASan sees any read past the end.
    const std::vector<uint8_t> copy(bytes.begin(), bytes.end());
    try {
      const auto metadata = VariantMetadata::parse(copy);
      const VariantValue v = decode_variant(metadata, std::span<const uint8_t>(copy).subspan(metadata.byte_size()));
      variant_text(v);
      variant_to_json(v);
    } catch (const FormatError&) {
      ++errors;
    }
  };
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".bin") continue;
    const std::string bytes = read_file(entry.path());
    for (size_t n = 0; n < bytes.size(); ++n) attempt(bytes.substr(0, n));
    for (size_t at = 0; at < bytes.size(); ++at) {
      for (const int change : {0x00, 0xff, 0x01, 0x80, 0x7f}) {
        std::string bad = bytes;
        bad[at] = static_cast<char>(change == 0x01 || change == 0x80 ? (bad[at] ^ change) : change);
        attempt(bad);
      }
    }
  }
  EXPECT_GT(inputs, 1000);
  EXPECT_GT(errors, inputs / 4);
}

}  // namespace
}  // namespace strata::columnar
