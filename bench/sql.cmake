# sql/ drivers against the raw C APIs (sqlite3, libpq). PostgreSQL: STRATA_PG_URL, else a throw-away server
# started by the test harness's PgServer (compiled in here so the bench does not need the test build).
strata_bench(sql_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/sql_bench.cpp ${PROJECT_SOURCE_DIR}/tests/support/pg_server.cpp
             LIBS strata_sql PkgConfig::SQLITE3 PkgConfig::LIBPQ)
target_include_directories(sql_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests)
