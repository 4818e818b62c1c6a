// Columnar tables in HDF5: a table is a group holding one 1-D dataset per column, readable by h5py and
// pandas users without Strata.
//
//   /<table>                        group; attribute "columns" = the column names in order (vlen UTF-8)
//     amount                        float64 (and every integer/float type as itself)
//     is_fraud                      bool as h5py stores it (enum int8 FALSE/TRUE)
//     name                          variable-length UTF-8 strings
//     timestamp                     int64; attributes logical_type="timestamp", unit="ms" (s, ms, us, ns),
//                                   timezone="UTC" when the type has one
//     day                           int32 (date32) or int64 (date64); attribute logical_type="date32"/"date64"
//     currency/                     dictionary column: a group with attribute logical_type="dictionary"
//       codes                       the indices (int8..int64)
//       values                      the dictionary (strings or numbers)
//   A column with nulls has a sibling bool dataset "<name>.valid" (TRUE = present), named by the
//   column's attribute "validity".
//
// read_table of a group without the "columns" attribute (one written by h5py) takes its 1-D datasets in
// name order. Throws hdf5 errors, SchemaError for columns of unequal length, NotImplemented for nested
// column types (list, struct, map).
#pragma once

#include <string_view>

#include "strata/columnar/table.h"
#include "strata/hdf5/group.h"

namespace strata::hdf5 {

struct TableWriteOptions {
  std::optional<int> gzip_level;  // compress every column (chunked automatically) when set
  bool shuffle = false;
};

// Write `table` as the group `path` under `parent` (replacing nothing: the path must be free).
void write_table(Group& parent, std::string_view path, const columnar::Table& table,
                 const TableWriteOptions& options = {});
columnar::Table read_table(const Group& parent, std::string_view path);

}  // namespace strata::hdf5
