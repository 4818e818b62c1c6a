strata_bench(csv_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/csv_bench.cpp LIBS strata_csv)
