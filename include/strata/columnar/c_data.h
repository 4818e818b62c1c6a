// The Arrow C data interface: hand arrays, record batches and schemas to another Arrow implementation in the
// same process (pyarrow, arrow-rs, DuckDB, nanoarrow, ...) and take theirs, without copying values.
//
// The two structs below are the ABI of https://arrow.apache.org/docs/format/CDataInterface.html, guarded by
// the standard ARROW_C_DATA_INTERFACE macro so they coexist with any other definition of them.
//
// Ownership:
//  - export_*: fills a caller-provided struct. The exported ArrowArray keeps our ArrayData (and so every
//    buffer) alive until its `release` is called; the consumer must call `release` exactly once (or move the
//    struct and mark the source released by setting `release` to null, as the spec allows). ArrowSchema
//    likewise owns copies of the format, name and metadata strings.
//  - import_*: takes ownership of the foreign struct: the struct passed in is moved out (its `release` is
//    set to null, so the caller must not release it again). For arrays, the foreign ArrowArray is released
//    when the last Buffer wrapping its memory dies (every imported buffer shares one owner). Schemas are
//    released as soon as they are converted, since our types copy what they need.
//  - Import checks the format strings and buffer counts and throws TypeError / InvalidArgument naming the
//    offending format or field; the struct is still released in that case.
// Thread-safety: exporting and importing are reentrant; an exported ArrowArray may be released from any
// thread (the release callback only drops shared_ptr references).
#pragma once

#include <cstdint>

#include "strata/columnar/array.h"
#include "strata/columnar/record_batch.h"
#include "strata/columnar/type.h"

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

extern "C" {

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

}  // extern "C"

#endif  // ARROW_C_DATA_INTERFACE

namespace strata::columnar {

// The format string of a type: "l" for int64, "tsu:UTC" for timestamp[us, tz=UTC], "d:10,2" for
// decimal128(10, 2), "+l" for list, the index type's format for dictionaries. Throws NotImplemented for
// types the interface cannot describe.
std::string arrow_format(const DataType& type);

// Metadata in the interface's binary encoding (int32 count, then int32-length-prefixed key and value bytes,
// native endianness); empty metadata encodes as the empty string (exported as a null pointer).
std::string encode_arrow_metadata(const KeyValueMetadata& metadata);
KeyValueMetadata decode_arrow_metadata(const char* encoded);

// ---- export ----------------------------------------------------------------------------------------------

// A type as an unnamed, nullable schema node.
void export_type(const DataType& type, ArrowSchema* out);
// A field: its name, flags (nullable, dictionary ordered, map keys sorted) and metadata.
void export_field(const Field& field, ArrowSchema* out);
// A schema as a struct ("+s") with one child per field and the schema metadata on the root.
void export_schema(const Schema& schema, ArrowSchema* out);
// An array, zero-copy (offset, null count and buffers as they are). `out_schema`, when given, receives the
// array's type.
void export_array(const Array& array, ArrowArray* out, ArrowSchema* out_schema = nullptr);
// A record batch as a struct array with no struct-level nulls, one child per column. `out_schema`, when
// given, receives the batch schema as export_schema writes it.
void export_record_batch(const RecordBatch& batch, ArrowArray* out, ArrowSchema* out_schema = nullptr);

// ---- import ----------------------------------------------------------------------------------------------

// Each takes ownership of (and releases) the schema.
DataTypePtr import_type(ArrowSchema* schema);
FieldPtr import_field(ArrowSchema* schema);
// REQUIRES: a struct ("+s") schema; its children become the fields.
SchemaPtr import_schema(ArrowSchema* schema);

// Takes ownership of `array` (zero-copy: our buffers view its memory and keep it alive).
Array import_array(ArrowArray* array, const DataTypePtr& type);
// Takes ownership of both.
Array import_array(ArrowArray* array, ArrowSchema* schema);
// REQUIRES: a struct array with no nulls whose children match `schema`.
RecordBatch import_record_batch(ArrowArray* array, const SchemaPtr& schema);
RecordBatch import_record_batch(ArrowArray* array, ArrowSchema* schema);

}  // namespace strata::columnar
