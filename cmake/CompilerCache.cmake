# A clean clone (what CI builds) compiles only what changed since any earlier build on this
# machine: ccache, with its cache beside the kernel cache. Paths are hashed relative to the
# checkout and the build directory is left out of the hash, so clones in different folders
# share entries (a shared object's debug info then names the folder that compiled it first).
# Sub-builds (ExternalProject) get the launcher from their parent and skip this.
find_program(IOMMUFD_CONFORM_CCACHE ccache)
if(IOMMUFD_CONFORM_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  include(${PROJECT_SOURCE_DIR}/cmake/cache_dir.cmake)
  iommufd_conform_cache_dir(cache)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/ccache-compile.in ${CMAKE_BINARY_DIR}/ccache-compile
                 @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                 GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(CMAKE_C_COMPILER_LAUNCHER ${CMAKE_BINARY_DIR}/ccache-compile)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_BINARY_DIR}/ccache-compile)
endif()
set(IOMMUFD_CONFORM_LAUNCHER_ARGS -DCMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER}
                                  -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER})
