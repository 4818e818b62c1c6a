# Issue 5's bench: the notebook's three queries through orm::execute (typed rows and to_table()) against the same
# SQL through the raw sqlite3 C API / raw libpq in the same run. PostgreSQL: STRATA_PG_URL, else a throw-away
# server started by the test harness's PgServer (compiled in here).
strata_bench(orm_query_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/orm_query_bench.cpp
             ${PROJECT_SOURCE_DIR}/tests/support/pg_server.cpp LIBS strata_orm PkgConfig::SQLITE3 PkgConfig::LIBPQ)
target_include_directories(orm_query_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests)
target_compile_definitions(orm_query_bench PRIVATE STRATA_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
