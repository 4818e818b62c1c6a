// Strata's HDF5 layer: an RAII interface over libhdf5's C API in the spirit of h5py. Open file.h first.
//
//   handle.h      identifiers, library set-up (no error printing on stderr)
//   datatype.h    C++ type → HDF5 type (numbers, bool, strings, compounds from structs)
//   selection.h   h5py-style slices and point selections
//   chunking.h    h5py's chunks=True guess, and whole-row chunks
//   attributes.h  obj.attrs
//   dataset.h     reads, writes, resize, append, layout and filters
//   group.h       hierarchy: create, open by path, iterate, visit, links
//   file.h        File and its modes
//   table_io.h    columnar tables as groups of 1-D datasets
//   describe.h    tree listing and value dumps as text
#pragma once

#include "strata/hdf5/attributes.h"
#include "strata/hdf5/chunking.h"
#include "strata/hdf5/dataset.h"
#include "strata/hdf5/datatype.h"
#include "strata/hdf5/describe.h"
#include "strata/hdf5/file.h"
#include "strata/hdf5/group.h"
#include "strata/hdf5/handle.h"
#include "strata/hdf5/selection.h"
#include "strata/hdf5/table_io.h"
