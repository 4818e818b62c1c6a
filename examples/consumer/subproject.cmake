# The consumer of CMakeLists.txt, with Strata's source tree as a subproject instead of an installed package
# (tests/install builds it with -DSTRATA_SOURCE_DIR=...; cmake -P is not how it is used).
# [subproject]
cmake_minimum_required(VERSION 3.25)
project(strata_consumer LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)

add_subdirectory(${STRATA_SOURCE_DIR} strata EXCLUDE_FROM_ALL)  # e.g. a git submodule at third_party/strata
add_executable(app main.cpp)
target_link_libraries(app PRIVATE Strata::strata)
# [end subproject]
