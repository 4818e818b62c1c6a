# HDF5 bench (bench/hdf5_bench.cpp): Strata vs hand-written libhdf5 C code, and h5py through
# bench/hdf5_h5py_bench.py, which the binary runs in the same sitting (skip it with --no-h5py).
strata_bench(hdf5_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/hdf5_bench.cpp LIBS strata_hdf5 PkgConfig::HDF5)
target_compile_definitions(hdf5_bench PRIVATE STRATA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
