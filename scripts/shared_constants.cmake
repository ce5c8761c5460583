# Reads src/core/shared_constants.hpp, the values C++ and the page's JavaScript share, and writes them as an
# ES module (kPageSize -> `export const PAGE_SIZE = 8192;`). Included by stage_site.cmake:
#   mvr_write_constants_js(<header> <out.js>)
# Each value is a line `inline constexpr TYPE kName = EXPRESSION;`; the expression is evaluated here
# (integer suffixes such as 4u dropped), so the page gets plain numbers. A line that starts like one and
# does not read is an error, not a value left out.
function(mvr_write_constants_js header out)
  file(STRINGS ${header} lines REGEX "^[ \t]*inline[ \t]+constexpr")
  set(js "// Written by the build from src/core/shared_constants.hpp (scripts/shared_constants.cmake): edit that file.\n")
  set(count 0)
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^[ \t]*inline[ \t]+constexpr[ \t]+[A-Za-z_:0-9]+[ \t]+k([A-Za-z0-9]+)[ \t]*=[ \t]*([^;]+);")
      message(FATAL_ERROR "${header}: cannot read this constant (see the file's first comment): ${line}")
    endif()
    set(name ${CMAKE_MATCH_1})
    string(REGEX REPLACE "([0-9]+)[uUlL]+" "\\1" expr "${CMAKE_MATCH_2}")
    math(EXPR value "${expr}")
    string(REGEX REPLACE "([a-z0-9])([A-Z])" "\\1_\\2" name "${name}")
    string(TOUPPER ${name} name)
    string(APPEND js "export const ${name} = ${value};\n")
    math(EXPR count "${count} + 1")
  endforeach()
  if(count EQUAL 0)
    message(FATAL_ERROR "${header}: no constants found")
  endif()
  file(WRITE ${out}.tmp "${js}")
  file(COPY_FILE ${out}.tmp ${out} ONLY_IF_DIFFERENT)
  file(REMOVE ${out}.tmp)
endfunction()
