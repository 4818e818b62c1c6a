#include "flatbuffer.h"

#include <algorithm>

namespace strata::ipc::fb {

namespace {
constexpr int kMaxDepth = 64;
}

void Builder::grow(size_t needed) {
  if (size_ + needed <= buf_.size()) return;
  size_t capacity = buf_.size();
  while (capacity < size_ + needed) capacity *= 2;
  std::vector<uint8_t> fresh(capacity);
  std::memcpy(fresh.data() + capacity - size_, buf_.data() + buf_.size() - size_, size_);
  buf_.swap(fresh);
}

void Builder::pad(size_t n) {
  grow(n);
  size_ += n;
  std::memset(at_distance(size_), 0, n);
}

void Builder::prep(size_t alignment, size_t additional) {
  max_align_ = std::max(max_align_, alignment);
  const size_t padding = (alignment - ((size_ + additional) % alignment)) % alignment;
  pad(padding);
}

void Builder::push_bytes(const void* data, size_t n) {
  grow(n);
  size_ += n;
  if (n > 0) std::memcpy(at_distance(size_), data, n);
}

Offset Builder::create_string(std::string_view s) {
  prep(4, s.size() + 1);
  pad(1);
  push_bytes(s.data(), s.size());
  push(static_cast<uint32_t>(s.size()));
  return static_cast<Offset>(size_);
}

Offset Builder::create_vector(const void* data, size_t count, size_t element_size, size_t alignment) {
  prep(4, count * element_size);
  prep(alignment, count * element_size);
  push_bytes(data, count * element_size);
  push(static_cast<uint32_t>(count));
  return static_cast<Offset>(size_);
}

Offset Builder::create_offset_vector(const std::vector<Offset>& offsets) {
  prep(4, offsets.size() * 4);
  for (size_t i = offsets.size(); i-- > 0;) {
    prep(4, 0);
    const uint32_t rel = static_cast<uint32_t>(size_ + 4 - offsets[i]);
    push_bytes(&rel, 4);
  }
  push(static_cast<uint32_t>(offsets.size()));
  return static_cast<Offset>(size_);
}

void Builder::start_table() {
  fields_.clear();
  table_start_ = size_;
}

void Builder::add_offset(int id, Offset target) {
  prep(4, 0);
  const uint32_t rel = static_cast<uint32_t>(size_ + 4 - target);
  push_bytes(&rel, 4);
  fields_.push_back({id, size_});
}

void Builder::add_struct(int id, const void* data, size_t size, size_t alignment) {
  prep(alignment, size);
  push_bytes(data, size);
  fields_.push_back({id, size_});
}

Offset Builder::end_table() {
  prep(4, 0);
  const int32_t placeholder = 0;
  push_bytes(&placeholder, 4);
  const size_t table_end = size_;
  int max_id = -1;
  for (const auto& f : fields_) max_id = std::max(max_id, f.id);
  std::vector<uint16_t> vtable(static_cast<size_t>(max_id + 1 + 2), 0);
  vtable[0] = static_cast<uint16_t>(vtable.size() * 2);
  vtable[1] = static_cast<uint16_t>(table_end - table_start_);
  for (const auto& f : fields_) vtable[static_cast<size_t>(f.id) + 2] = static_cast<uint16_t>(table_end - f.distance);
  for (size_t i = vtable.size(); i-- > 0;) push(vtable[i]);
  const size_t vtable_end = size_;
  const int32_t soffset = static_cast<int32_t>(vtable_end - table_end);
  std::memcpy(at_distance(table_end), &soffset, 4);
  fields_.clear();
  return static_cast<Offset>(table_end);
}

std::vector<uint8_t> Builder::finish(Offset root) {
  prep(std::max<size_t>(max_align_, 8), 4);
  const uint32_t rel = static_cast<uint32_t>(size_ + 4 - root);
  push_bytes(&rel, 4);
  // Pad the whole buffer to a multiple of 8 at its end (Arrow requires 8-byte-aligned metadata lengths):
  // the padding goes after the data, so existing positions are unaffected.
  std::vector<uint8_t> out(at_distance(size_), at_distance(size_) + size_);
  out.resize((out.size() + 7) / 8 * 8, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------------------

Table::Table(Buffer buf, uint32_t pos, int depth) : buf_(buf), pos_(pos), depth_(depth) {
  if (depth > kMaxDepth) raise<FormatError>("flatbuffer nesting deeper than {}", kMaxDepth);
  check(pos, 4);
  int32_t soffset;
  std::memcpy(&soffset, buf.data + pos, 4);
  const int64_t vtable = static_cast<int64_t>(pos) - soffset;
  if (vtable < 0 || vtable + 4 > static_cast<int64_t>(buf.size)) {
    raise<FormatError>("flatbuffer table at {} has its vtable outside the buffer", pos);
  }
  vtable_ = static_cast<uint32_t>(vtable);
  std::memcpy(&vtable_size_, buf.data + vtable_, 2);
  if (vtable_size_ < 4 || (vtable_size_ & 1) || vtable_ + vtable_size_ > buf.size) {
    raise<FormatError>("flatbuffer vtable at {} has an impossible size {}", vtable_, vtable_size_);
  }
}

Table Table::root(Buffer buf) {
  if (buf.size < 8) raise<FormatError>("flatbuffer of {} bytes is too small", buf.size);
  uint32_t root;
  std::memcpy(&root, buf.data, 4);
  return Table(buf, root, 0);
}

void Table::check(size_t pos, size_t n) const {
  if (pos > buf_.size || n > buf_.size - pos) {
    raise<FormatError>("flatbuffer reference to [{}, {}) is outside the {}-byte buffer", pos, pos + n, buf_.size);
  }
}

uint32_t Table::field_offset(int id) const {
  if (!valid()) return 0;
  const uint32_t slot = 4 + static_cast<uint32_t>(id) * 2;
  if (slot + 2 > vtable_size_) return 0;
  uint16_t off;
  std::memcpy(&off, buf_.data + vtable_ + slot, 2);
  return off;
}

uint32_t Table::deref(int id) const {
  const uint32_t off = field_offset(id);
  if (off == 0) return 0;
  const size_t at = static_cast<size_t>(pos_) + off;
  check(at, 4);
  uint32_t rel;
  std::memcpy(&rel, buf_.data + at, 4);
  const size_t target = at + rel;
  check(target, 4);
  return static_cast<uint32_t>(target);
}

Table Table::table(int id) const {
  const uint32_t target = deref(id);
  if (target == 0) return Table();
  return Table(buf_, target, depth_ + 1);
}

std::string_view Table::string(int id) const {
  const uint32_t target = deref(id);
  if (target == 0) return {};
  uint32_t length;
  std::memcpy(&length, buf_.data + target, 4);
  check(target + 4, length);
  return {reinterpret_cast<const char*>(buf_.data + target + 4), length};
}

Table::Vector Table::vector(int id, size_t element_size) const {
  const uint32_t target = deref(id);
  if (target == 0) return {this, 0, 0};
  uint32_t count;
  std::memcpy(&count, buf_.data + target, 4);
  if (element_size != 0 && count > (buf_.size - target - 4) / element_size) {
    raise<FormatError>("flatbuffer vector of {} elements at {} overruns the buffer", count, target);
  }
  return {this, count, target + 4};
}

Table Table::table_at(const Vector& v, uint32_t i) const {
  const size_t at = static_cast<size_t>(v.start) + static_cast<size_t>(i) * 4;
  check(at, 4);
  uint32_t rel;
  std::memcpy(&rel, buf_.data + at, 4);
  check(at + rel, 4);
  return Table(buf_, static_cast<uint32_t>(at + rel), depth_ + 1);
}

}  // namespace strata::ipc::fb
