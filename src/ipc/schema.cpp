#include "strata/ipc/schema.h"

#include <cstring>

#include "metadata.h"
#include "strata/core/error.h"

namespace strata::ipc {

std::vector<uint8_t> serialize_schema(const columnar::Schema& schema) {
  std::map<int, int64_t> ids;
  int position = 0;
  int64_t next = 0;
  // Dictionary ids in depth-first order, as the IPC writer assigns them.
  auto walk = [&](auto&& self, const columnar::DataType& t) -> void {
    const int mine = position++;
    const columnar::DataType* type = &t;
    if (t.id() == columnar::TypeId::kDictionary) {
      ids[mine] = next++;
      type = t.value_type().get();
    }
    for (const auto& child : type->fields()) self(self, *child->type());
  };
  for (const auto& f : schema.fields()) walk(walk, *f->type());
  const std::vector<uint8_t> message = internal::build_schema_message(schema, ids);
  std::vector<uint8_t> out(8 + message.size());
  const uint32_t prefix[2] = {0xFFFFFFFFu, static_cast<uint32_t>(message.size())};
  std::memcpy(out.data(), prefix, 8);
  std::memcpy(out.data() + 8, message.data(), message.size());
  return out;
}

columnar::SchemaPtr deserialize_schema(std::span<const uint8_t> bytes) {
  size_t pos = 0;
  if (bytes.size() >= 4) {
    uint32_t word;
    std::memcpy(&word, bytes.data(), 4);
    pos = 4;
    if (word == 0xFFFFFFFFu) {
      if (bytes.size() < 8) raise<FormatError>("serialized Arrow schema of {} bytes is truncated", bytes.size());
      std::memcpy(&word, bytes.data() + 4, 4);
      pos = 8;
    }
    if (word > bytes.size() - pos) raise<FormatError>("serialized Arrow schema claims {} bytes, has {}", word, bytes.size() - pos);
    auto message = internal::parse_message({bytes.data() + pos, word});
    if (message.type != internal::MessageType::kSchema) raise<FormatError>("serialized Arrow schema is not a schema message");
    return message.schema.schema;
  }
  raise<FormatError>("serialized Arrow schema of {} bytes is truncated", bytes.size());
}

}  // namespace strata::ipc
