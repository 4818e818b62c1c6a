#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>

#include "column_reader.h"
#include "nested_reader.h"
#include "page.h"
#include "pushdown.h"
#include "row_filter.h"
#include "statistics.h"
#include "strata/columnar/concatenate.h"
#include "strata/core/base64.h"
#include "strata/core/error.h"
#include "strata/core/parallel.h"
#include "strata/ipc/schema.h"
#include "strata/parquet/metadata/format_io.h"
#include "strata/parquet/reader.h"

namespace strata::parquet {

namespace f = format;
using columnar::Array;
using columnar::DataTypePtr;
using columnar::FieldPtr;
using columnar::Table;
using columnar::TypeId;
using internal::RowRanges;

struct FileReader::State {
  std::shared_ptr<const io::RandomAccessInput> input;
  const io::MemoryMappedFile* mapped = nullptr;  // when the input is a memory map: zero-copy chunk views
  Footer footer;
  std::unique_ptr<SchemaDescriptor> descriptor;
  columnar::SchemaPtr schema;
  // For each top-level field: its leaf (flat fields) and whether its statistics speak in the Arrow type's terms.
  std::vector<int> leaf_of_field;
  std::vector<bool> stats_usable;

  struct Bytes {
    std::span<const uint8_t> view;
    std::vector<uint8_t> storage;
  };

  Bytes read_range(int64_t offset, int64_t length, const std::string& what) const {
    if (offset < 0 || length < 0 || offset > input->size() || length > input->size() - offset) {
      throw FormatError(input->name(), offset,
                        fmt::format("{} of {} bytes lies outside the {}-byte file", what, length, input->size()));
    }
    Bytes b;
    if (mapped != nullptr) {
      b.view = mapped->view(offset, length);
    } else {
      b.storage = input->read_at(offset, length);
      b.view = b.storage;
    }
    return b;
  }
};

namespace {

std::optional<Literal> decode_stat(const std::string& bytes, f::Type physical, internal::SortOrder order,
                                   const columnar::DataType& type) {
  auto load = [&](auto tag) -> std::optional<decltype(tag)> {
    using T = decltype(tag);
    if (bytes.size() != sizeof(T)) return std::nullopt;
    T v;
    std::memcpy(&v, bytes.data(), sizeof(T));
    return v;
  };
  switch (physical) {
    case f::Type::kBoolean:
      if (bytes.size() != 1) return std::nullopt;
      return bytes[0] != 0;
    case f::Type::kInt32:
      if (auto v = load(int32_t{})) {
        if (order == internal::SortOrder::kUnsigned) return int64_t{static_cast<uint32_t>(*v)};
        return int64_t{*v};
      }
      return std::nullopt;
    case f::Type::kInt64:
      if (auto v = load(int64_t{})) {
        if (order == internal::SortOrder::kUnsigned && *v < 0) return std::nullopt;
        return *v;
      }
      return std::nullopt;
    case f::Type::kFloat:
      if (auto v = load(float{})) {
        if (std::isnan(*v)) return std::nullopt;
        return double{*v};
      }
      return std::nullopt;
    case f::Type::kDouble:
      if (auto v = load(double{})) {
        if (std::isnan(*v)) return std::nullopt;
        return *v;
      }
      return std::nullopt;
    case f::Type::kByteArray:
      if (type.is_binary_like() || (type.id() == TypeId::kDictionary && type.value_type()->is_binary_like())) return bytes;
      return std::nullopt;
    default: return std::nullopt;  // FIXED_LEN_BYTE_ARRAY (decimals), INT96: not used for pruning
  }
}

// Whether statistics in the file's physical terms compare directly with literals bound to `type`.
bool stats_comparable(const f::SchemaElement& leaf, const columnar::DataType& type) {
  if (!leaf.type) return false;
  const DataTypePtr natural = arrow_type_of_leaf(leaf);
  const columnar::DataType& t = type.id() == TypeId::kDictionary ? *type.value_type() : type;
  if (t.id() == TypeId::kTimestamp) return natural->id() == TypeId::kTimestamp && natural->unit() == t.unit();
  if (t.id() == TypeId::kDecimal128 || t.id() == TypeId::kDate64 || t.id() == TypeId::kTime32) return false;
  return natural->id() == t.id() || (natural->is_binary_like() && t.is_binary_like());
}

void merge_range(RowRanges& out, int64_t begin, int64_t end) {
  if (begin >= end) return;
  if (!out.empty() && out.back().second >= begin) {
    out.back().second = std::max(out.back().second, end);
  } else {
    out.emplace_back(begin, end);
  }
}

RowRanges intersect(const RowRanges& a, const RowRanges& b) {
  RowRanges out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int64_t lo = std::max(a[i].first, b[j].first);
    const int64_t hi = std::min(a[i].second, b[j].second);
    if (lo < hi) out.emplace_back(lo, hi);
    (a[i].second < b[j].second) ? ++i : ++j;
  }
  return out;
}

RowRanges unite(const RowRanges& a, const RowRanges& b) {
  RowRanges all = a;
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  RowRanges out;
  for (auto [x, y] : all) merge_range(out, x, y);
  return out;
}

int64_t count_rows(const RowRanges& r) {
  int64_t n = 0;
  for (auto [a, b] : r) n += b - a;
  return n;
}

// A nested top-level field of one row group: each leaf decoded with its levels, then assembled. With
// `ranges`, only those rows (the whole row group is decoded: pages of nested columns are not skipped).
Array read_nested_field(const SchemaNode& node, const DataTypePtr& type, int64_t rows, const std::string& file,
                        const std::function<internal::NestedLeafResult(int leaf, const internal::LeafPlan&)>& read_leaf,
                        const RowRanges* ranges, int64_t* pages) {
  const auto plans = internal::plan_leaves(node, type);
  std::vector<internal::LeafColumn> leaves;
  leaves.reserve(plans.size());
  for (size_t i = 0; i < plans.size(); ++i) {
    auto r = read_leaf(node.leaf_begin + static_cast<int>(i), plans[i]);
    *pages += r.pages;
    leaves.push_back(std::move(r.leaf));
  }
  Array whole = internal::assemble_field(node, type, leaves, rows, file);
  if (ranges == nullptr) return whole;
  std::vector<Array> parts;
  for (auto [a, b] : *ranges) parts.push_back(whole.slice(a, b - a));
  return columnar::concatenate(parts, type);
}

}  // namespace

FileReader::FileReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
FileReader::FileReader(FileReader&&) noexcept = default;
FileReader& FileReader::operator=(FileReader&&) noexcept = default;
FileReader::~FileReader() = default;

FileReader FileReader::open(const std::filesystem::path& path) {
  auto mapped = std::make_shared<io::MemoryMappedFile>(path);
  auto reader = open(std::static_pointer_cast<const io::RandomAccessInput>(mapped));
  reader.state_->mapped = mapped.get();
  return reader;
}

FileReader FileReader::open(std::shared_ptr<const io::RandomAccessInput> input) {
  auto state = std::make_unique<State>();
  state->input = std::move(input);
  state->footer = read_footer(*state->input);
  const auto& meta = state->footer.metadata;
  state->descriptor = std::make_unique<SchemaDescriptor>(meta.schema);
  columnar::SchemaPtr stored;
  if (meta.key_value_metadata) {
    for (const auto& kv : *meta.key_value_metadata) {
      if (kv.key != "ARROW:schema" || !kv.value) continue;
      if (auto bytes = base64_decode(*kv.value)) {
        try {
          stored = ipc::deserialize_schema(*bytes);
        } catch (const strata::Error&) {
          stored = nullptr;  // an unreadable stored schema only loses refinements; the Parquet schema stands
        }
      }
    }
  }
  state->schema = to_arrow_schema(*state->descriptor, stored, meta.key_value_metadata);
  const auto& top = state->descriptor->root().children;
  for (size_t i = 0; i < top.size(); ++i) {
    const SchemaNode& node = top[i];
    const bool flat = node.is_leaf() && node.repetition() != f::FieldRepetitionType::kRepeated;
    state->leaf_of_field.push_back(flat ? node.leaf_begin : -1);
    state->stats_usable.push_back(flat && stats_comparable(*node.element, *state->schema->field(static_cast<int>(i))->type()));
  }
  return FileReader(std::move(state));
}

const f::FileMetaData& FileReader::metadata() const { return state_->footer.metadata; }
const SchemaDescriptor& FileReader::parquet_schema() const { return *state_->descriptor; }
const columnar::SchemaPtr& FileReader::schema() const { return state_->schema; }
int FileReader::num_row_groups() const { return static_cast<int>(state_->footer.metadata.row_groups.size()); }
int64_t FileReader::num_rows() const { return state_->footer.metadata.num_rows; }
const std::string& FileReader::path() const { return state_->input->name(); }

namespace {

struct RowGroupResult {
  std::vector<Array> columns;
  int64_t rows = 0;
  bool skipped = false;
  int64_t pages = 0;
  int64_t pages_read = 0;
  int64_t rows_scanned = 0;
};

}  // namespace

Table FileReader::read(const ReadOptions& options, ReadStats* stats) const {
  const State& s = *state_;
  const auto& meta = s.footer.metadata;
  const std::string& file = s.input->name();

  // Projection: top-level fields, in the requested order.
  std::vector<int> fields;
  if (options.columns.empty()) {
    for (int i = 0; i < s.schema->num_fields(); ++i) fields.push_back(i);
  } else {
    for (const auto& name : options.columns) fields.push_back(s.schema->require_field_index(name));
  }
  const Filter filter = internal::bind_filter(options.filter, *s.schema);
  std::vector<int> filter_fields;
  for (const auto& name : filter.columns()) filter_fields.push_back(s.schema->require_field_index(name));
  for (int fi : filter_fields) {
    if (s.leaf_of_field[static_cast<size_t>(fi)] < 0) {
      raise<NotImplemented>("{}: filtering on nested column \"{}\"", file, s.schema->field(fi)->name());
    }
  }

  std::vector<int> groups = options.row_groups;
  if (groups.empty()) {
    for (int g = 0; g < static_cast<int>(meta.row_groups.size()); ++g) groups.push_back(g);
  }
  for (int g : groups) {
    if (g < 0 || g >= static_cast<int>(meta.row_groups.size())) {
      raise("row group {} does not exist; {} has {}", g, file, meta.row_groups.size());
    }
  }
  const int num_groups = static_cast<int>(groups.size());
  std::vector<RowGroupResult> results(static_cast<size_t>(num_groups));

  const bool legacy_v2 = internal::writer_marks_v2_pages_uncompressed(meta.created_by);
  auto chunk_input = [&](int rg, int leaf, State::Bytes* holder) {
    const f::ColumnChunk& cc = meta.row_groups[static_cast<size_t>(rg)].columns[static_cast<size_t>(leaf)];
    if (!cc.meta_data) {
      throw FormatError(file, std::nullopt, fmt::format("row group {}, column {}: no column metadata (encrypted?)", rg, leaf));
    }
    const f::ColumnMetaData& cm = *cc.meta_data;
    int64_t start = cm.data_page_offset;
    if (cm.dictionary_page_offset && *cm.dictionary_page_offset > 0 && *cm.dictionary_page_offset < start) {
      start = *cm.dictionary_page_offset;
    }
    *holder = s.read_range(start, cm.total_compressed_size,
                           fmt::format("row group {}, column \"{}\"", rg, s.descriptor->column(leaf).dotted_path()));
    internal::ColumnChunkInput in;
    in.bytes = holder->view;
    in.offset = start;
    in.meta = &cm;
    in.file = file;
    in.row_group = rg;
    in.row_group_rows = meta.row_groups[static_cast<size_t>(rg)].num_rows;
    in.v2_pages_always_compressed = legacy_v2;
    return in;
  };

  // Page-level candidate rows of one column for one predicate, from its page index.
  auto page_ranges = [&](int rg, int field, const Predicate& p) -> std::optional<RowRanges> {
    const int leaf = s.leaf_of_field[static_cast<size_t>(field)];
    const f::ColumnChunk& cc = meta.row_groups[static_cast<size_t>(rg)].columns[static_cast<size_t>(leaf)];
    if (!options.use_page_index || !s.stats_usable[static_cast<size_t>(field)] || !cc.column_index_offset ||
        !cc.offset_index_offset || !cc.column_index_length || !cc.offset_index_length) {
      return std::nullopt;
    }
    auto ci_bytes = s.read_range(*cc.column_index_offset, *cc.column_index_length, "column index");
    auto oi_bytes = s.read_range(*cc.offset_index_offset, *cc.offset_index_length, "offset index");
    const auto ci = f::deserialize<f::ColumnIndex>(ci_bytes.view, file, *cc.column_index_offset);
    const auto oi = f::deserialize<f::OffsetIndex>(oi_bytes.view, file, *cc.offset_index_offset);
    const size_t pages = oi.page_locations.size();
    if (ci.null_pages.size() != pages || ci.min_values.size() != pages || ci.max_values.size() != pages) return std::nullopt;
    const int64_t rows = meta.row_groups[static_cast<size_t>(rg)].num_rows;
    const auto& leaf_element = *s.descriptor->column(leaf).element;
    const auto order = internal::sort_order_of(leaf_element);
    const auto& type = *s.schema->field(field)->type();
    RowRanges out;
    Filter single;
    single.disjuncts = {{p}};
    for (size_t k = 0; k < pages; ++k) {
      const int64_t begin = oi.page_locations[k].first_row_index;
      const int64_t end = k + 1 < pages ? oi.page_locations[k + 1].first_row_index : rows;
      if (begin < 0 || end > rows || begin > end) return std::nullopt;
      internal::StatsView view;
      view.num_values = end - begin;
      if (ci.null_counts && ci.null_counts->size() == pages) view.null_count = (*ci.null_counts)[k];
      if (!ci.null_pages[k]) {
        view.min = decode_stat(ci.min_values[k], *leaf_element.type, order, type);
        view.max = decode_stat(ci.max_values[k], *leaf_element.type, order, type);
      } else {
        view.null_count = view.num_values;
      }
      const Truth t = internal::evaluate(single, [&](const std::string&) { return std::optional(view); });
      if (t != Truth::kAlwaysFalse) merge_range(out, begin, end);
    }
    return out;
  };

  parallel_for(num_groups, options.threads, [&](int64_t k) {
    const int rg = groups[static_cast<size_t>(k)];
    RowGroupResult& result = results[static_cast<size_t>(k)];
    const f::RowGroup& group = meta.row_groups[static_cast<size_t>(rg)];
    const int64_t rows = group.num_rows;
    // Stage 1: row group statistics.
    Truth truth = Truth::kAlwaysTrue;
    if (!filter.empty()) {
      truth = internal::evaluate(filter, [&](const std::string& column) -> std::optional<internal::StatsView> {
        const int field = s.schema->require_field_index(column);
        const int leaf = s.leaf_of_field[static_cast<size_t>(field)];
        if (!s.stats_usable[static_cast<size_t>(field)]) return std::nullopt;
        const auto& cm = group.columns[static_cast<size_t>(leaf)].meta_data;
        if (!cm || !cm->statistics) return std::nullopt;
        const auto& st = *cm->statistics;
        const auto& leaf_element = *s.descriptor->column(leaf).element;
        const auto order = internal::sort_order_of(leaf_element);
        internal::StatsView v;
        v.num_values = rows;
        v.null_count = st.null_count;
        const auto& type = *s.schema->field(field)->type();
        const bool legacy_ok = order == internal::SortOrder::kSigned && *leaf_element.type != f::Type::kByteArray &&
                               *leaf_element.type != f::Type::kFixedLenByteArray;
        const std::optional<std::string>& lo = st.min_value ? st.min_value : (legacy_ok ? st.min : st.min_value);
        const std::optional<std::string>& hi = st.max_value ? st.max_value : (legacy_ok ? st.max : st.max_value);
        if (lo && hi) {
          v.min = decode_stat(*lo, *leaf_element.type, order, type);
          v.max = decode_stat(*hi, *leaf_element.type, order, type);
        }
        return v;
      });
    }
    if (truth == Truth::kAlwaysFalse) {
      result.skipped = true;
      return;
    }
    // Stage 2: pages, by the page index.
    RowRanges candidates = {{0, rows}};
    if (truth == Truth::kUnknown) {
      RowRanges any;
      for (const auto& conjunction : filter.disjuncts) {
        RowRanges these = {{0, rows}};
        for (const auto& p : conjunction) {
          if (auto r = page_ranges(rg, s.schema->require_field_index(p.column), p)) these = intersect(these, *r);
        }
        any = unite(any, these);
      }
      candidates = any;
    }
    if (rows == 0 || candidates.empty()) {
      result.skipped = candidates.empty() && rows > 0;
      if (rows == 0) {
        for (int fi : fields) result.columns.push_back(columnar::make_null_array(s.schema->field(fi)->type(), 0));
      }
      return;
    }
    // Stage 3: the filter columns, then the others for the rows that pass.
    RowRanges selected = candidates;
    std::map<std::string, Array> decoded_filter_columns;
    if (truth == Truth::kUnknown) {
      for (int fi : filter_fields) {
        State::Bytes holder;
        auto in = chunk_input(rg, s.leaf_of_field[static_cast<size_t>(fi)], &holder);
        auto r = internal::read_flat_column(in, s.descriptor->column(s.leaf_of_field[static_cast<size_t>(fi)]),
                                            s.schema->field(fi)->type(), &candidates);
        result.pages += r.pages;
        result.pages_read += r.pages_read;
        decoded_filter_columns[s.schema->field(fi)->name()] = r.array;
      }
      const int64_t n = count_rows(candidates);
      result.rows_scanned = n;
      const std::vector<uint8_t> mask = internal::evaluate_rows(filter, decoded_filter_columns, n);
      selected.clear();
      const uint8_t* m = mask.data();
      for (auto [a, b] : candidates) {
        // Runs of passing rows (mask bytes are 0 or 1), found with memchr.
        const uint8_t* p = m;
        const uint8_t* end = m + (b - a);
        while (p < end) {
          const auto* run = static_cast<const uint8_t*>(std::memchr(p, 1, static_cast<size_t>(end - p)));
          if (run == nullptr) break;
          const auto* stop = static_cast<const uint8_t*>(std::memchr(run, 0, static_cast<size_t>(end - run)));
          if (stop == nullptr) stop = end;
          merge_range(selected, a + (run - m), a + (stop - m));
          p = stop;
        }
        m = end;
      }
    }
    result.rows = count_rows(selected);
    const bool whole = selected.size() == 1 && selected[0].first == 0 && selected[0].second == rows;
    for (int fi : fields) {
      State::Bytes holder;
      const int leaf = s.leaf_of_field[static_cast<size_t>(fi)];
      if (selected.empty()) {
        result.columns.push_back(columnar::make_null_array(s.schema->field(fi)->type(), 0));
        continue;
      }
      if (leaf < 0) {
        int64_t pages = 0;
        auto read_leaf = [&](int l, const internal::LeafPlan& plan) {
          State::Bytes leaf_holder;
          auto leaf_in = chunk_input(rg, l, &leaf_holder);
          return internal::read_nested_leaf(leaf_in, s.descriptor->column(l), plan.type, plan.slot_level);
        };
        result.columns.push_back(read_nested_field(s.descriptor->root().children[static_cast<size_t>(fi)],
                                                   s.schema->field(fi)->type(), rows, file, read_leaf,
                                                   whole ? nullptr : &selected, &pages));
        result.pages += pages;
        result.pages_read += pages;
        continue;
      }
      auto in = chunk_input(rg, leaf, &holder);
      auto r = internal::read_flat_column(in, s.descriptor->column(leaf), s.schema->field(fi)->type(),
                                          whole ? nullptr : &selected);
      result.pages += r.pages;
      result.pages_read += r.pages_read;
      result.columns.push_back(r.array);
    }
  });

  std::vector<FieldPtr> out_fields;
  for (int fi : fields) out_fields.push_back(s.schema->field(fi));
  auto out_schema = columnar::schema(out_fields, s.schema->metadata());
  std::vector<columnar::RecordBatch> batches;
  ReadStats st;
  st.row_groups = num_groups;
  for (auto& r : results) {
    st.pages += r.pages;
    st.pages_read += r.pages_read;
    st.rows_scanned += r.rows_scanned;
    if (r.skipped) continue;
    ++st.row_groups_read;
    if (r.columns.empty() && !fields.empty()) continue;
    st.rows_out += r.rows;
    batches.emplace_back(out_schema, std::move(r.columns), r.rows);
  }
  if (stats != nullptr) *stats = st;
  return columnar::Table::from_batches(batches, out_schema);
}

std::optional<columnar::RecordBatch> FileReader::BatchReader::next() {
  while (next_row_group_ < reader_->num_row_groups()) {
    ReadOptions one = options_;
    one.row_groups = {next_row_group_++};
    Table t = reader_->read(one);
    if (t.num_rows() == 0) continue;
    std::vector<columnar::Array> columns;
    for (const auto& c : t.columns()) columns.push_back(c.combine());
    return columnar::RecordBatch(t.schema(), std::move(columns), t.num_rows());
  }
  return std::nullopt;
}

Table FileReader::read_row_group(int row_group, const std::vector<std::string>& columns) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    raise("row group {} does not exist; the file has {}", row_group, num_row_groups());
  }
  // Read through the general path with a filter-free projection, keeping only the one row group.
  const State& s = *state_;
  std::vector<int> fields;
  if (columns.empty()) {
    for (int i = 0; i < s.schema->num_fields(); ++i) fields.push_back(i);
  } else {
    for (const auto& name : columns) fields.push_back(s.schema->require_field_index(name));
  }
  const auto& group = s.footer.metadata.row_groups[static_cast<size_t>(row_group)];
  std::vector<Array> arrays;
  std::vector<FieldPtr> out_fields;
  auto chunk = [&](int leaf, State::Bytes* bytes) {
    const auto& cm = group.columns.at(static_cast<size_t>(leaf)).meta_data;
    if (!cm) throw FormatError(s.input->name(), std::nullopt, "column chunk without metadata");
    int64_t start = cm->data_page_offset;
    if (cm->dictionary_page_offset && *cm->dictionary_page_offset > 0 && *cm->dictionary_page_offset < start) {
      start = *cm->dictionary_page_offset;
    }
    *bytes = s.read_range(start, cm->total_compressed_size, "column chunk");
    return internal::ColumnChunkInput{bytes->view, start, &*cm, nullptr, s.input->name(), row_group, group.num_rows,
                                      internal::writer_marks_v2_pages_uncompressed(s.footer.metadata.created_by)};
  };
  for (int fi : fields) {
    const int leaf = s.leaf_of_field[static_cast<size_t>(fi)];
    if (leaf < 0) {
      int64_t pages = 0;
      auto read_leaf = [&](int l, const internal::LeafPlan& plan) {
        State::Bytes bytes;
        auto in = chunk(l, &bytes);
        return internal::read_nested_leaf(in, s.descriptor->column(l), plan.type, plan.slot_level);
      };
      arrays.push_back(read_nested_field(s.descriptor->root().children[static_cast<size_t>(fi)], s.schema->field(fi)->type(),
                                         group.num_rows, s.input->name(), read_leaf, nullptr, &pages));
    } else {
      State::Bytes bytes;
      auto in = chunk(leaf, &bytes);
      arrays.push_back(internal::read_flat_column(in, s.descriptor->column(leaf), s.schema->field(fi)->type(), nullptr).array);
    }
    out_fields.push_back(s.schema->field(fi));
  }
  auto schema = columnar::schema(out_fields, s.schema->metadata());
  return columnar::Table::from_batches({columnar::RecordBatch(schema, std::move(arrays), group.num_rows)}, schema);
}

Table read_table(const std::filesystem::path& path, const ReadOptions& options) {
  return FileReader::open(path).read(options);
}

}  // namespace strata::parquet
