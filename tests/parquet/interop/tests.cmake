# Interoperability with independent implementations (DuckDB, arrow-rs via parquet-wasm, hyparquet) through
# ../shared/interop; slow (node start-up and 200,000-row dumps), so it runs in the Release pass only.
strata_test(parquet_interop_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/interop_test.cpp
  LIBS strata_parquet strata_csv
  LABELS slow)
# Parquet VARIANT files written by DuckDB read as DuckDB reads them (a few node runs: a couple of seconds).
strata_test(parquet_variant_interop_test SOURCES ${CMAKE_CURRENT_LIST_DIR}/variant_interop_test.cpp LIBS strata_parquet)
