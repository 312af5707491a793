# The project's cache folder, as harness/common/paths.cc finds it: $IOMMUFD_CONFORM_CACHE,
# else $XDG_CACHE_HOME/iommufd-conform, else ~/.cache/iommufd-conform.
function(iommufd_conform_cache_dir out)
  if(DEFINED ENV{IOMMUFD_CONFORM_CACHE})
    set(${out} $ENV{IOMMUFD_CONFORM_CACHE} PARENT_SCOPE)
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(${out} $ENV{XDG_CACHE_HOME}/iommufd-conform PARENT_SCOPE)
  else()
    set(${out} $ENV{HOME}/.cache/iommufd-conform PARENT_SCOPE)
  endif()
endfunction()
