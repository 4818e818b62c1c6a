# GBM simulation bench (bench/sim_bench.cpp); bench/sim_vs_numpy.py compares it with the notebook's numpy.
strata_bench(sim_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/sim_bench.cpp LIBS strata_sim)
