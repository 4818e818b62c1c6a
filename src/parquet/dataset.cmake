# Hive-partitioned datasets (dataset.cpp): on top of the file reader and writer, with compute's take for
# grouping rows by partition values. Included by this folder's CMakeLists.txt once strata_parquet exists.
if(TARGET strata_parquet)
  target_sources(strata_parquet PRIVATE ${CMAKE_CURRENT_LIST_DIR}/dataset.cpp)
  target_link_libraries(strata_parquet PUBLIC strata_compute)
endif()
