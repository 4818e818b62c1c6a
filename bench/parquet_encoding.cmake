strata_bench(parquet_encoding_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/parquet_encoding_bench.cpp LIBS strata_parquet)
