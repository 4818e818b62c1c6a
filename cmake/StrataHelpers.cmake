# Helpers that declare a layer library, a test executable and a benchmark the same way everywhere.

set(STRATA_WARNINGS -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false positives inside libstdc++ and fmt 9 at -O2 (GCC bugs 105329, 105651, 106199).
  list(APPEND STRATA_WARNINGS -Wno-restrict -Wno-stringop-overflow -Wno-array-bounds)
endif()
if(STRATA_WERROR)
  list(APPEND STRATA_WARNINGS -Werror)
endif()

# Flags for everything Strata compiles (libraries, tools, tests, benches).
add_library(strata_build_flags INTERFACE)
target_compile_options(strata_build_flags INTERFACE $<$<COMPILE_LANGUAGE:CXX>:${STRATA_WARNINGS}>)
if(STRATA_ASSERTIONS)
  # Release with assertions: keep assert() alive in optimised builds.
  target_compile_options(strata_build_flags INTERFACE -UNDEBUG)
endif()
if(STRATA_SANITIZE)
  target_compile_options(strata_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(strata_build_flags INTERFACE -fsanitize=address,undefined)
endif()

set(STRATA_LAYER_TARGETS "" CACHE INTERNAL "")

# strata_layer(NAME SOURCES a.cpp ... DEPS target ... [PRIVATE_DEPS target ...])
# Declares strata_<NAME>, a static library holding one layer.
function(strata_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target strata_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(Strata::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
    $<INSTALL_INTERFACE:include>)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE strata_build_flags ${ARG_PRIVATE_DEPS})
  if(STRATA_SANITIZE)
    target_link_libraries(${target} PUBLIC strata_build_flags)
  endif()
  set(STRATA_LAYER_TARGETS ${STRATA_LAYER_TARGETS} ${target} CACHE INTERNAL "")
endfunction()

# strata_test(NAME SOURCES a_test.cpp ... LIBS target ... [LABELS l ...])
# One GoogleTest executable; every TEST in it becomes a CTest test (discovered when ctest runs).
function(strata_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} strata_build_flags strata_test_support GTest::gtest_main GTest::gmock)
  set(labels ${ARG_LABELS})
  if(NOT labels)
    set(labels fast)
  endif()
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}" ENVIRONMENT "STRATA_SOURCE_DIR=${PROJECT_SOURCE_DIR};STRATA_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

# strata_bench(NAME SOURCES a_bench.cpp ... LIBS target ...)
function(strata_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} strata_build_flags benchmark::benchmark)
endfunction()
