strata_bench(parquet_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/parquet_bench.cpp LIBS strata_parquet strata_csv)
