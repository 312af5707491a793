# CTest labels, given by one rule over test names instead of at each add_test, so a new test
# is labelled by how it is named:
#   vm    boots a guest (vm.*, gate.ci.*, cli.failures): needs QEMU and a kernel, built on
#         first use;
#   slow  takes over a minute even with every kernel cached (gate.ci.*: a base and a patched
#         kernel);
#   unit  one component's tests (*_test, abi.unit, the headless-browser checks);
#   model the rest: the suite, fuzzers, benchmarks, the interposer or the CLI on the
#         embedded model;
#   fast  model and unit: what a developer runs before every commit (`ctest -L fast`).
#
# CMake 3.25 sets a test's properties only in the directory that added it, so the labels go
# into a file CTest reads after every directory's tests (cmake/labels/CMakeLists.txt).
function(iommufd_conform_test_labels directory out_var)
  set(text "")
  get_property(tests DIRECTORY ${directory} PROPERTY TESTS)
  foreach(test IN LISTS tests)
    if(test MATCHES "^gate\\.ci\\.")
      set(labels vm slow)
    elseif(test MATCHES "^vm\\.|^cli\\.failures$")
      set(labels vm)
    elseif(test MATCHES "_test$|^abi\\.unit$|\\.browser$")
      set(labels unit fast)
    else()
      set(labels model fast)
    endif()
    string(APPEND text "set_tests_properties(\"${test}\" PROPERTIES LABELS \"${labels}\")\n")
  endforeach()
  get_property(children DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(child IN LISTS children)
    iommufd_conform_test_labels(${child} child_text)
    string(APPEND text "${child_text}")
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()
