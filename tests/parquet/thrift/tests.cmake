strata_test(parquet_thrift_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/compact_protocol_test.cpp
  LIBS strata_parquet)
