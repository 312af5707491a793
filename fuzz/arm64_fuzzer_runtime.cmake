# libclang_rt.fuzzer-aarch64.a for the arm64 diff_fuzzer: Debian builds it only into its arm64
# libclang-rt-14-dev, which scripts/fetch-arm64-fuzzer-runtime.sh fetches once into the cache
# (network: deb.debian.org only; the version is the host clang's). Sets
# IOMMUFD_CONFORM_FUZZER_RUNTIME, or leaves it empty (with a warning) when the fetch fails.
set(IOMMUFD_CONFORM_FUZZER_RUNTIME "" CACHE FILEPATH
    "libclang_rt.fuzzer-aarch64.a (fetched into the cache when empty)")
if(NOT IOMMUFD_CONFORM_FUZZER_RUNTIME OR NOT EXISTS "${IOMMUFD_CONFORM_FUZZER_RUNTIME}")
  include(${PROJECT_SOURCE_DIR}/cmake/cache_dir.cmake)
  iommufd_conform_cache_dir(_cache)
  execute_process(
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch-arm64-fuzzer-runtime.sh ${_cache}
    OUTPUT_VARIABLE _runtime OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _fetched)
  if(_fetched EQUAL 0)
    set(IOMMUFD_CONFORM_FUZZER_RUNTIME ${_runtime} CACHE FILEPATH "" FORCE)
  else()
    set(IOMMUFD_CONFORM_FUZZER_RUNTIME "" CACHE FILEPATH "" FORCE)
    message(WARNING "arm64 libFuzzer runtime not fetched: no arm64 diff_fuzzer")
  endif()
endif()
