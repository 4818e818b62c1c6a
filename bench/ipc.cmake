strata_bench(ipc_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/ipc_bench.cpp LIBS strata_ipc strata_tour)
