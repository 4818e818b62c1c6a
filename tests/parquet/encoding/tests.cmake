strata_test(parquet_encoding_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bit_pack_test.cpp
  LIBS strata_parquet)
