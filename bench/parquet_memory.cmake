# The streaming Parquet writer's peak memory on 2M rows (counted heap and RSS), against one row group's size.
strata_bench(parquet_stream_memory SOURCES ${CMAKE_CURRENT_LIST_DIR}/parquet_stream_memory.cpp LIBS strata_parquet)
