strata_test(parquet_file_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/filter_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/nested_assembly_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pushdown_read_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/roundtrip_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/schema_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/snappy_decode_test.cpp
    ${CMAKE_CURRENT_LIST_DIR}/statistics_test.cpp
  LIBS strata_parquet PkgConfig::SNAPPY)
target_include_directories(parquet_file_test PRIVATE ${PROJECT_SOURCE_DIR}/src/parquet/file)
