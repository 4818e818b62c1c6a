// A schema alone as Arrow IPC bytes: an encapsulated Schema message (continuation marker, length, flatbuffer).
// Parquet writers store it, base64-encoded, under the "ARROW:schema" key so Arrow readers restore the exact
// types (dictionaries, time zones, large types, durations) of a Parquet file's columns.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "strata/columnar/type.h"

namespace strata::ipc {

std::vector<uint8_t> serialize_schema(const columnar::Schema& schema);
// Throws FormatError (malformed bytes) or NotImplemented (types Strata does not read).
columnar::SchemaPtr deserialize_schema(std::span<const uint8_t> bytes);

}  // namespace strata::ipc
