# Writes OUTPUT as a C++ string literal naming the project commit being built ("+uncommitted"
# when tracked files differ from it), rewriting the file only when that changes so that an
# unchanged commit recompiles nothing. Run on every build by the build_commit target.
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse HEAD
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE head_status ERROR_QUIET)
if(NOT head_status EQUAL 0)
  set(commit "unknown (not built from a git checkout)")
else()
  execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE changes ERROR_QUIET)
  if(NOT changes STREQUAL "")
    string(APPEND commit "+uncommitted")
  endif()
endif()
set(text "\"${commit}\"\n")
set(old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
