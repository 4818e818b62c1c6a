strata_test(parquet_metadata_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/format_io_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/footer_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/page_header_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/page_index_test.cpp
  LIBS strata_parquet)
