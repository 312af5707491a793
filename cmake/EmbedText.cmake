# embed_text(FILE OUTPUT): OUTPUT (under the build's generated/) becomes FILE's text as a
# C++ raw string literal, to #include where the literal is wanted; rewritten only when FILE
# changes, and a change re-runs CMake.
function(embed_text file output)
  get_filename_component(path ${file} ABSOLUTE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${path})
  file(READ ${path} EMBEDDED_TEXT)
  file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/generated/${output}
       CONTENT "R\"embedded(@EMBEDDED_TEXT@)embedded\"\n" @ONLY)
endfunction()
