# orm/ Session against hand-written raw sqlite3 / libpq code in the same binary (issue 4's bench). PostgreSQL:
# STRATA_PG_URL, else a throw-away server started by the test harness's PgServer (compiled in here).
strata_bench(orm_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/orm_bench.cpp ${PROJECT_SOURCE_DIR}/tests/support/pg_server.cpp
             LIBS strata_orm PkgConfig::SQLITE3 PkgConfig::LIBPQ)
target_include_directories(orm_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests)
