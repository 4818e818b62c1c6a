// Selections: resolving Python-style slices against a shape, and parsing them from text.
#include "strata/hdf5/selection.h"

#include <charconv>

#include <fmt/format.h>

#include "strata/core/error.h"

namespace strata::hdf5 {

std::vector<int64_t> Hyperslab::result_shape() const {
  std::vector<int64_t> out;
  for (size_t i = 0; i < count.size(); ++i) {
    if (!dropped[i]) out.push_back(count[i]);
  }
  return out;
}

int64_t Hyperslab::num_elements() const {
  int64_t n = 1;
  for (int64_t c : count) n *= c;
  return n;
}

Selection Selection::slices(std::vector<Slice> slices) {
  Selection s;
  s.kind_ = Kind::kSlices;
  s.slices_ = std::move(slices);
  return s;
}

Selection Selection::points(int rank, std::vector<int64_t> coordinates) {
  if (rank <= 0 || coordinates.size() % static_cast<size_t>(rank) != 0) {
    raise("hdf5: point selection of rank {} needs a multiple of {} coordinates, got {}", rank, rank,
          coordinates.size());
  }
  Selection s;
  s.kind_ = Kind::kPoints;
  s.point_rank_ = rank;
  s.coordinates_ = std::move(coordinates);
  return s;
}

Hyperslab Selection::resolve(const std::vector<int64_t>& shape) const {
  const size_t rank = shape.size();
  if (kind_ == Kind::kPoints) raise("hdf5: a point selection has no hyperslab");
  if (slices_.size() > rank) {
    raise("hdf5: selection {} has {} axes but the dataset has {} (shape {})", to_string(), slices_.size(), rank,
          rank);
  }
  Hyperslab h;
  h.start.resize(rank);
  h.stride.assign(rank, 1);
  h.count.resize(rank);
  h.dropped.assign(rank, false);
  for (size_t axis = 0; axis < rank; ++axis) {
    const int64_t n = shape[axis];
    if (axis >= slices_.size()) {
      h.start[axis] = 0;
      h.count[axis] = n;
      continue;
    }
    const Slice& s = slices_[axis];
    if (s.is_index()) {
      int64_t i = *s.start();
      if (i < 0) i += n;
      if (i < 0 || i >= n) raise("hdf5: index {} is out of range for axis {} of length {}", *s.start(), axis, n);
      h.start[axis] = i;
      h.count[axis] = 1;
      h.dropped[axis] = true;
      continue;
    }
    if (s.step() <= 0) raise("hdf5: slice step must be positive, got {} on axis {}", s.step(), axis);
    // Python's slice.indices for a positive step: clamp into [0, n].
    auto clamp = [n](int64_t v) {
      if (v < 0) v += n;
      return v < 0 ? 0 : (v > n ? n : v);
    };
    const int64_t start = s.start() ? clamp(*s.start()) : 0;
    const int64_t stop = s.stop() ? clamp(*s.stop()) : n;
    h.start[axis] = start;
    h.stride[axis] = s.step();
    h.count[axis] = stop > start ? (stop - start + s.step() - 1) / s.step() : 0;
  }
  return h;
}

std::vector<int64_t> Selection::result_shape(const std::vector<int64_t>& shape) const {
  switch (kind_) {
    case Kind::kAll: return shape;
    case Kind::kSlices: return resolve(shape).result_shape();
    case Kind::kPoints: return {num_points()};
  }
  return shape;
}

std::string Selection::to_string() const {
  if (kind_ == Kind::kAll) return "[...]";
  if (kind_ == Kind::kPoints) return fmt::format("[{} points]", num_points());
  std::string out = "[";
  for (size_t i = 0; i < slices_.size(); ++i) {
    const Slice& s = slices_[i];
    if (i > 0) out += ", ";
    if (s.is_index()) {
      out += std::to_string(*s.start());
      continue;
    }
    if (s.start()) out += std::to_string(*s.start());
    out += ":";
    if (s.stop()) out += std::to_string(*s.stop());
    if (s.step() != 1) out += ":" + std::to_string(s.step());
  }
  return out + "]";
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int64_t> parse_bound(std::string_view part, std::string_view whole) {
  part = trim(part);
  if (part.empty()) return std::nullopt;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
  if (ec != std::errc() || end != part.data() + part.size()) {
    raise("hdf5: cannot parse \"{}\" in selection \"{}\": expected an integer", part, whole);
  }
  return v;
}

}  // namespace

Selection parse_selection(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.front() == '[') {
    if (s.back() != ']') raise("hdf5: selection \"{}\" opens '[' without closing it", text);
    s = trim(s.substr(1, s.size() - 2));
  }
  if (s.empty() || s == "..." || s == ":") return Selection::all();
  std::vector<Slice> slices;
  while (true) {
    const size_t comma = s.find(',');
    std::string_view item = trim(s.substr(0, comma));
    if (item.empty()) raise("hdf5: empty axis in selection \"{}\"", text);
    std::vector<std::string_view> parts;
    size_t pos = 0;
    while (true) {
      const size_t colon = item.find(':', pos);
      parts.push_back(item.substr(pos, colon == std::string_view::npos ? std::string_view::npos : colon - pos));
      if (colon == std::string_view::npos) break;
      pos = colon + 1;
    }
    if (parts.size() == 1) {
      slices.push_back(Slice::index(*parse_bound(parts[0], text)));
    } else if (parts.size() <= 3) {
      const int64_t step = parts.size() == 3 ? parse_bound(parts[2], text).value_or(1) : 1;
      slices.emplace_back(parse_bound(parts[0], text), parse_bound(parts[1], text), step);
    } else {
      raise("hdf5: axis \"{}\" of selection \"{}\" has more than two ':'", item, text);
    }
    if (comma == std::string_view::npos) break;
    s = s.substr(comma + 1);
  }
  return Selection::slices(std::move(slices));
}

}  // namespace strata::hdf5
