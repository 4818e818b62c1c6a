// Reading and writing the Parquet file tail; the layout is described in footer.h.
#include "strata/parquet/metadata/footer.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "strata/core/error.h"
#include "strata/parquet/metadata/format_io.h"

namespace strata::parquet {

namespace {

uint32_t load_le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

std::string printable(const uint8_t* p, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += (p[i] >= 0x20 && p[i] < 0x7f) ? std::string(1, static_cast<char>(p[i])) : fmt::format("\\x{:02x}", p[i]);
  }
  return out;
}

constexpr int kMaxSchemaDepth = 1000;

}  // namespace

Footer read_footer(const io::RandomAccessInput& input) {
  const std::string& file = input.name();
  const int64_t size = input.size();
  if (size < kMinimumFileSize) {
    throw FormatError(file, 0,
                      fmt::format("file of {} bytes is too short for Parquet (at least {}: magic, footer length, "
                                  "magic)",
                                  size, kMinimumFileSize));
  }
  const int64_t tail_length = std::min(size, kFooterSpeculativeRead);
  const int64_t tail_offset = size - tail_length;
  std::vector<uint8_t> tail = input.read_at(tail_offset, tail_length);
  const uint8_t* end = tail.data() + tail.size();

  if (std::memcmp(end - 4, kEncryptedFooterMagic.data(), 4) == 0) {
    throw NotImplemented(fmt::format("{}: encrypted footer (magic \"PARE\"); Strata does not read encrypted "
                                     "Parquet files",
                                     file));
  }
  if (std::memcmp(end - 4, kParquetMagic.data(), 4) != 0) {
    throw FormatError(file, size - 4,
                      fmt::format("tail magic is \"{}\", not \"PAR1\": not a Parquet file, or truncated",
                                  printable(end - 4, 4)));
  }
  std::array<uint8_t, 4> head{};
  input.read_at(0, std::span<uint8_t>(head));
  if (std::memcmp(head.data(), kParquetMagic.data(), 4) != 0) {
    throw FormatError(file, 0, fmt::format("head magic is \"{}\", not \"PAR1\"", printable(head.data(), 4)));
  }

  const int64_t metadata_length = load_le32(end - 8);
  const int64_t metadata_offset = size - 8 - metadata_length;
  if (metadata_offset < 4) {
    throw FormatError(file, size - 8,
                      fmt::format("footer length {} exceeds the {} bytes between the magics", metadata_length,
                                  size - kMinimumFileSize));
  }

  std::vector<uint8_t> more;
  std::span<const uint8_t> metadata_bytes;
  if (metadata_offset >= tail_offset) {
    metadata_bytes = std::span<const uint8_t>(tail.data() + (metadata_offset - tail_offset),
                                              static_cast<size_t>(metadata_length));
  } else {
    more = input.read_at(metadata_offset, metadata_length);
    metadata_bytes = more;
  }

  Footer footer;
  footer.metadata_offset = metadata_offset;
  footer.metadata_length = metadata_length;
  footer.metadata = format::deserialize<format::FileMetaData>(metadata_bytes, file, metadata_offset);
  validate_file_metadata(footer.metadata, file, metadata_offset);
  return footer;
}

void validate_file_metadata(const format::FileMetaData& metadata, const std::string& file, int64_t offset) {
  const auto& schema = metadata.schema;
  if (schema.empty()) throw FormatError(file, offset, "FileMetaData.schema is empty");
  if (metadata.num_rows < 0) {
    throw FormatError(file, offset, fmt::format("FileMetaData.num_rows is negative ({})", metadata.num_rows));
  }
  // Walk the depth-first list with an explicit stack of "children still to come" (no recursion: a hostile
  // schema may nest very deeply).
  std::vector<int64_t> pending;
  int64_t leaves = 0;
  size_t index = 0;
  for (; index < schema.size(); ++index) {
    const auto& element = schema[index];
    if (index > 0 && pending.empty()) break;  // the root's subtree has ended
    if (!pending.empty()) --pending.back();
    if (element.num_children && *element.num_children < 0) {
      throw FormatError(file, offset,
                        fmt::format("schema element {} (\"{}\") has num_children {}", index, element.name,
                                    *element.num_children));
    }
    bool is_group = element.num_children.has_value() && (*element.num_children > 0 || index == 0 || !element.type);
    if (is_group) {
      if (*element.num_children > 0) pending.push_back(*element.num_children);
      if (pending.size() > kMaxSchemaDepth) {
        throw FormatError(file, offset, fmt::format("schema nests deeper than {} levels", kMaxSchemaDepth));
      }
    } else {
      if (!element.type) {
        throw FormatError(file, offset,
                          fmt::format("schema element {} (\"{}\") is a leaf without a physical type", index,
                                      element.name));
      }
      if (index == 0) {
        throw FormatError(file, offset, fmt::format("schema root \"{}\" is a leaf, not a group", element.name));
      }
      ++leaves;
    }
    while (!pending.empty() && pending.back() == 0) pending.pop_back();
  }
  if (!pending.empty()) {
    throw FormatError(file, offset,
                      fmt::format("schema ends after {} elements but its num_children promise {} more", schema.size(),
                                  pending.back()));
  }
  if (index != schema.size()) {
    throw FormatError(file, offset,
                      fmt::format("schema tree covers {} of its {} elements", index, schema.size()));
  }
  for (size_t rg = 0; rg < metadata.row_groups.size(); ++rg) {
    const auto& row_group = metadata.row_groups[rg];
    if (row_group.num_rows < 0) {
      throw FormatError(file, offset, fmt::format("row group {} has num_rows {}", rg, row_group.num_rows));
    }
    if (static_cast<int64_t>(row_group.columns.size()) != leaves) {
      throw FormatError(file, offset,
                        fmt::format("row group {} has {} column chunks for {} leaf columns", rg,
                                    row_group.columns.size(), leaves));
    }
  }
}

int64_t leaf_column_count(const format::FileMetaData& metadata) {
  int64_t leaves = 0;
  for (size_t i = 1; i < metadata.schema.size(); ++i) {
    const auto& element = metadata.schema[i];
    if (!(element.num_children && (*element.num_children > 0 || !element.type))) ++leaves;
  }
  return leaves;
}

int64_t write_footer(io::OutputStream& out, const format::FileMetaData& metadata) {
  std::vector<uint8_t> bytes = format::serialize(metadata);
  if (bytes.size() > UINT32_MAX) {
    throw InvalidArgument(fmt::format("FileMetaData of {} bytes exceeds the 4 GiB footer limit", bytes.size()));
  }
  auto length = static_cast<uint32_t>(bytes.size());
  uint8_t trailer[8] = {static_cast<uint8_t>(length), static_cast<uint8_t>(length >> 8),
                        static_cast<uint8_t>(length >> 16), static_cast<uint8_t>(length >> 24), 'P', 'A', 'R', '1'};
  out.write(bytes);
  out.write(trailer, 8);
  return static_cast<int64_t>(bytes.size());
}

}  // namespace strata::parquet
