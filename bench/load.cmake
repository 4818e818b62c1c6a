# Load bench (issue 9): 8 threads with their own sessions on SQLite (WAL) and PostgreSQL for 60 s per run;
# the workloads are tests/reliability/load_workload.h. PostgreSQL: STRATA_PG_URL, else the test harness's
# throw-away server (compiled in here).
strata_bench(load_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/load_bench.cpp ${PROJECT_SOURCE_DIR}/tests/support/pg_server.cpp
             LIBS strata_orm)
target_include_directories(load_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests)
