# Strata as an installable library: one combined libstrata (shared and static) built from the layers' objects,
# the `strata` tool, the public headers, a CMake package (find_package(Strata CONFIG REQUIRED), target
# Strata::strata, Debian dependencies found for the user) and a pkg-config file (strata.pc).
#
# Included near the end of the top-level CMakeLists.txt, after every layer (strata_layer appends its target to
# STRATA_LAYER_TARGETS). The layers stay static libraries for the tree's own tools and tests; the combined
# libraries reuse their object files (everything is compiled position-independent), so nothing is compiled twice.
#
# Version: the VERSION file sets PROJECT_VERSION, which strata::version() (src/core), `strata --version`,
# StrataConfigVersion.cmake and strata.pc all report.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(STRATA_BUILD_COMBINED "Build the combined libstrata (shared and static) that `cmake --install` installs"
       ${PROJECT_IS_TOP_LEVEL})
option(STRATA_INSTALL "Generate the install rules (headers, libstrata, the strata tool, CMake package, strata.pc)"
       ${PROJECT_IS_TOP_LEVEL})

set(STRATA_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/Strata" CACHE STRING
    "Where StrataConfig.cmake is installed, relative to the prefix")

# What the layers link besides each other and the build flags: the third-party libraries of every layer.
set(_strata_public_deps "")
set(_strata_private_deps "")
set(_strata_objects "")
foreach(layer IN LISTS STRATA_LAYER_TARGETS)
  list(APPEND _strata_objects $<TARGET_OBJECTS:${layer}>)
  get_target_property(_public ${layer} INTERFACE_LINK_LIBRARIES)
  get_target_property(_all ${layer} LINK_LIBRARIES)
  foreach(dep IN LISTS _all)
    if(dep MATCHES "^strata_" OR dep MATCHES "^\\$<")
      continue()
    endif()
    if(dep IN_LIST _public)
      list(APPEND _strata_public_deps ${dep})
    else()
      list(APPEND _strata_private_deps ${dep})
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES _strata_public_deps)
list(REMOVE_DUPLICATES _strata_private_deps)
list(REMOVE_ITEM _strata_private_deps ${_strata_public_deps})
set(STRATA_PUBLIC_DEPS ${_strata_public_deps} CACHE INTERNAL "")
set(STRATA_PRIVATE_DEPS ${_strata_private_deps} CACHE INTERNAL "")

if(STRATA_BUILD_COMBINED)
  foreach(kind SHARED STATIC)
    string(TOLOWER ${kind} suffix)
    set(target strata_${suffix})
    add_library(${target} ${kind} ${_strata_objects})
    set_target_properties(${target} PROPERTIES
      OUTPUT_NAME strata
      LINKER_LANGUAGE CXX
      EXPORT_NAME strata_${suffix}
      VERSION ${PROJECT_VERSION}
      SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    target_include_directories(${target} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_compile_features(${target} INTERFACE cxx_std_20)
    target_link_libraries(${target} PUBLIC ${STRATA_PUBLIC_DEPS} PRIVATE ${STRATA_PRIVATE_DEPS})
    if(STRATA_SANITIZE)
      target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:strata_build_flags>)
    endif()
  endforeach()
  add_library(Strata::strata_shared ALIAS strata_shared)
  add_library(Strata::strata_static ALIAS strata_static)
endif()

# pkg-config: libstrata's own flags; the Debian libraries it uses are Requires (public) and Requires.private.
set(STRATA_PC_REQUIRES "fmt")
set(STRATA_PC_REQUIRES_PRIVATE "libzstd snappy liblz4 libbrotlienc libbrotlidec zlib libdeflate sqlite3 libpq hdf5 cairo")
# Relocatable: the prefix is found from the .pc file's own folder (pkg-config's ${pcfiledir}).
file(RELATIVE_PATH STRATA_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${CMAKE_CURRENT_LIST_DIR}/strata.pc.in ${PROJECT_BINARY_DIR}/strata.pc @ONLY)

if(STRATA_INSTALL AND STRATA_BUILD_COMBINED)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/strata DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.h")
  install(TARGETS strata_shared strata_static EXPORT StrataTargets
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  if(TARGET strata_cli)
    install(TARGETS strata_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
  install(EXPORT StrataTargets NAMESPACE Strata:: DESTINATION ${STRATA_INSTALL_CMAKEDIR})
  configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/StrataConfig.cmake.in
    ${PROJECT_BINARY_DIR}/StrataConfig.cmake INSTALL_DESTINATION ${STRATA_INSTALL_CMAKEDIR})
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/StrataConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/StrataConfig.cmake ${PROJECT_BINARY_DIR}/StrataConfigVersion.cmake
          DESTINATION ${STRATA_INSTALL_CMAKEDIR})
  install(FILES ${PROJECT_BINARY_DIR}/strata.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  install(FILES ${PROJECT_SOURCE_DIR}/VERSION ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
  if(EXISTS ${PROJECT_SOURCE_DIR}/CHANGELOG.md)
    install(FILES ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endif()
