strata_test(parquet_corpus_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/corpus_test.cpp
  LIBS strata_parquet)
