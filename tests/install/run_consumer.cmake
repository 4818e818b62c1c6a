# One consumer-project check (tests/install/CMakeLists.txt), run as
#   cmake -DMODE=install|package|static|pkg-config|subproject -DSTRATA_BINARY_DIR=... -DSTRATA_SOURCE_DIR=...
#         -DWORK=... -P run_consumer.cmake
# install:    examples/consumer/install.sh (`cmake --install`) of Strata's build into WORK/prefix, then checks the installed files and versions.
# package:    examples/consumer configured with find_package(Strata CONFIG REQUIRED) against WORK/prefix (shared).
# static:     the same with STRATA_USE_STATIC=ON (libstrata.a and every Debian library it needs).
# pkg-config: examples/consumer/main.cpp compiled with `pkg-config --cflags --libs strata`.
# subproject: examples/consumer/subproject.cmake, i.e. add_subdirectory(<Strata source tree>), nothing installed.
# Each builds and runs the consumer, which must print "strata <VERSION>: 3 rows".
cmake_minimum_required(VERSION 3.25)
file(READ "${STRATA_SOURCE_DIR}/VERSION" version)
string(STRIP "${version}" version)
set(prefix "${WORK}/prefix")
set(consumer "${STRATA_SOURCE_DIR}/examples/consumer")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_app exe)
  file(MAKE_DIRECTORY "${WORK}/${MODE}/run")
  run("${exe}" "${WORK}/${MODE}/run")
  if(NOT out STREQUAL "strata ${version}: 3 rows\n")
    message(FATAL_ERROR "consumer printed '${out}', expected 'strata ${version}: 3 rows'")
  endif()
endfunction()

if(MODE STREQUAL "install")
  file(REMOVE_RECURSE "${prefix}")
  run(bash "${consumer}/install.sh" "${STRATA_BINARY_DIR}" "${prefix}")
  foreach(f include/strata/core/version.h include/strata/parquet/writer.h include/strata/orm/orm.h
            lib/libstrata.a lib/libstrata.so lib/cmake/Strata/StrataConfig.cmake
            lib/cmake/Strata/StrataConfigVersion.cmake lib/cmake/Strata/StrataTargets.cmake
            lib/pkgconfig/strata.pc bin/strata)
    if(NOT EXISTS "${prefix}/${f}")
      message(FATAL_ERROR "not installed: ${f}")
    endif()
  endforeach()
  file(GLOB private_headers "${prefix}/include/strata/*/*.cpp")
  if(private_headers)
    message(FATAL_ERROR "sources installed as headers: ${private_headers}")
  endif()
  # One version everywhere: VERSION, `strata --version`, the CMake package, strata.pc, CHANGELOG.md's newest entry.
  run("${prefix}/bin/strata" --version)
  if(NOT out MATCHES "^strata ${version}\n?$")
    message(FATAL_ERROR "strata --version printed '${out}', VERSION says ${version}")
  endif()
  include("${prefix}/lib/cmake/Strata/StrataConfigVersion.cmake")
  if(NOT PACKAGE_VERSION STREQUAL version)
    message(FATAL_ERROR "StrataConfigVersion.cmake says ${PACKAGE_VERSION}, VERSION says ${version}")
  endif()
  file(STRINGS "${prefix}/lib/pkgconfig/strata.pc" pc_version REGEX "^Version: ")
  if(NOT pc_version STREQUAL "Version: ${version}")
    message(FATAL_ERROR "strata.pc says '${pc_version}', VERSION says ${version}")
  endif()
  file(STRINGS "${STRATA_SOURCE_DIR}/CHANGELOG.md" changelog REGEX "^## ")
  list(GET changelog 0 newest)
  if(NOT newest MATCHES "^## ${version} ")
    message(FATAL_ERROR "CHANGELOG.md's newest entry is '${newest}', VERSION says ${version}")
  endif()
elseif(MODE STREQUAL "package" OR MODE STREQUAL "static")
  set(use_static OFF)
  if(MODE STREQUAL "static")
    set(use_static ON)
  endif()
  file(REMOVE_RECURSE "${WORK}/${MODE}")
  run(${CMAKE_COMMAND} -S "${consumer}" -B "${WORK}/${MODE}/build" -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${prefix} -DSTRATA_USE_STATIC=${use_static})
  if(NOT out MATCHES "Strata ${version} from ${prefix}/lib/cmake/Strata")
    message(FATAL_ERROR "find_package(Strata) did not find ${version} under ${prefix}:\n${out}")
  endif()
  run(${CMAKE_COMMAND} --build "${WORK}/${MODE}/build" -j 2)
  # The shared build must load the installed libstrata.so; the static one must not need any.
  run(ldd "${WORK}/${MODE}/build/app")
  if(MODE STREQUAL "package" AND NOT out MATCHES "libstrata\\.so[^\n]*=> ${prefix}/lib/libstrata\\.so")
    message(FATAL_ERROR "app does not load ${prefix}/lib/libstrata.so:\n${out}")
  elseif(MODE STREQUAL "static" AND out MATCHES "libstrata")
    message(FATAL_ERROR "static app loads libstrata:\n${out}")
  endif()
  expect_app("${WORK}/${MODE}/build/app")
elseif(MODE STREQUAL "pkg-config")
  file(REMOVE_RECURSE "${WORK}/${MODE}")
  file(MAKE_DIRECTORY "${WORK}/${MODE}")
  run(bash "${consumer}/build_with_pkg_config.sh" "${prefix}" "${WORK}/${MODE}")
  expect_app("${WORK}/${MODE}/app")
elseif(MODE STREQUAL "subproject")
  # Keep the build between runs: only what changed in Strata is recompiled.
  file(MAKE_DIRECTORY "${WORK}/${MODE}/src")
  file(COPY_FILE "${consumer}/subproject.cmake" "${WORK}/${MODE}/src/CMakeLists.txt" ONLY_IF_DIFFERENT)
  file(COPY_FILE "${consumer}/main.cpp" "${WORK}/${MODE}/src/main.cpp" ONLY_IF_DIFFERENT)
  run(${CMAKE_COMMAND} -S "${WORK}/${MODE}/src" -B "${WORK}/${MODE}/build" -DCMAKE_BUILD_TYPE=Release
      -DSTRATA_SOURCE_DIR=${STRATA_SOURCE_DIR})
  run(${CMAKE_COMMAND} --build "${WORK}/${MODE}/build" -j 2 --target app)
  expect_app("${WORK}/${MODE}/build/app")
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()
