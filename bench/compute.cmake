strata_bench(compute_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/compute_bench.cpp LIBS strata_compute)
