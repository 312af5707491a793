# Google Benchmark as a static library for this build's arch (x86_64, or aarch64 in the
# cross sub-build): Debian has only a shared libbenchmark and none for arm64, and guest
# binaries must be static. The source is Debian's "benchmark" source package, fetched once
# into the cache by scripts/fetch-benchmark-source.sh (network: deb.debian.org only).
# Defines the imported target google_benchmark_static, or nothing when the source is missing.
include(${PROJECT_SOURCE_DIR}/cmake/cache_dir.cmake)
iommufd_conform_cache_dir(_cache)
set(GOOGLE_BENCHMARK_SOURCE "" CACHE PATH "Google Benchmark source tree (fetched when empty)")
if(NOT GOOGLE_BENCHMARK_SOURCE)
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch-benchmark-source.sh ${_cache}
                  OUTPUT_VARIABLE _tree OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _fetched)
  if(NOT _fetched EQUAL 0)
    message(WARNING "Google Benchmark source not fetched: no static benchmark binaries")
    return()
  endif()
  set(GOOGLE_BENCHMARK_SOURCE ${_tree} CACHE PATH "" FORCE)
endif()

include(ExternalProject)
set(_prefix ${CMAKE_BINARY_DIR}/google-benchmark)
set(_lib ${_prefix}/lib/libbenchmark.a)
set(_args -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=${_prefix}
          -DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF
          -DBENCHMARK_ENABLE_TESTING=OFF -DBENCHMARK_ENABLE_GTEST_TESTS=OFF
          -DBENCHMARK_ENABLE_WERROR=OFF -DBENCHMARK_ENABLE_LIBPFM=OFF
          -DBENCHMARK_INSTALL_DOCS=OFF -G ${CMAKE_GENERATOR})
if(CMAKE_TOOLCHAIN_FILE)
  list(APPEND _args -DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE})
endif()
ExternalProject_Add(google_benchmark_build
  SOURCE_DIR ${GOOGLE_BENCHMARK_SOURCE}
  BINARY_DIR ${_prefix}-build
  CMAKE_ARGS ${_args}
  BUILD_BYPRODUCTS ${_lib})
file(MAKE_DIRECTORY ${_prefix}/include)
add_library(google_benchmark_static STATIC IMPORTED GLOBAL)
set_target_properties(google_benchmark_static PROPERTIES
  IMPORTED_LOCATION ${_lib}
  INTERFACE_INCLUDE_DIRECTORIES ${_prefix}/include
  INTERFACE_COMPILE_DEFINITIONS BENCHMARK_STATIC_DEFINE)
add_dependencies(google_benchmark_static google_benchmark_build)
