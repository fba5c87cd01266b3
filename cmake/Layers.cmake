# SPDX-License-Identifier: GPL-2.0-or-later
# The layering of daemon/: one static library per folder, each compiled with
# an include path that holds only the folders it may use (a folder of
# symbolic links in the build tree), so an include against the layering is a
# compile error ("No such file or directory"), not a review comment.
# docs/ARCHITECTURE.md's modules table is checked against this table by the
# test docs/architecture.
#
# tiengdan_layer(NAME USES folder... LIBS target...)
#   NAME   the folder under daemon/ and the library tiengdan_NAME
#   USES   the folders NAME may include (and links), lower layers first
#   LIBS   the outside libraries, PRIVATE: their headers reach no other layer
# build/layers.txt lists "NAME: USES..." per layer, for the test docs/architecture.
file(WRITE ${CMAKE_BINARY_DIR}/layers.txt "")
function(tiengdan_layer name)
  cmake_parse_arguments(L "" "" "USES;LIBS;SOURCES" ${ARGN})
  set(dir ${CMAKE_BINARY_DIR}/layers/${name})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  foreach(f ${name} ${L_USES})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/daemon/${f} ${dir}/${f} SYMBOLIC)
  endforeach()
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/daemon/${name}/*.c)
  add_library(tiengdan_${name} STATIC ${srcs} ${L_SOURCES})
  target_include_directories(tiengdan_${name} PRIVATE ${dir})
  set(deps "")
  foreach(f ${L_USES})
    list(APPEND deps tiengdan_${f})
  endforeach()
  target_link_libraries(tiengdan_${name} PUBLIC ${deps} PRIVATE ${L_LIBS})
  # A layer uses what the layers it uses use: the table must say so.
  foreach(f ${L_USES})
    get_property(sub GLOBAL PROPERTY TIENGDAN_USES_${f})
    foreach(g ${sub})
      if(NOT g IN_LIST L_USES)
        message(FATAL_ERROR "layer ${name} uses ${f}, which uses ${g}: list ${g} for ${name}")
      endif()
    endforeach()
  endforeach()
  set_property(GLOBAL PROPERTY TIENGDAN_USES_${name} ${L_USES})
  string(REPLACE ";" " " uses "${L_USES}")
  file(APPEND ${CMAKE_BINARY_DIR}/layers.txt "${name}: ${uses}\n")
endfunction()

# A program of the top level (tiengdand.c, tiengdan.c) uses the folders it
# names, with the same include discipline.
function(tiengdan_program target)
  cmake_parse_arguments(P "" "" "USES" ${ARGN})
  set(dir ${CMAKE_BINARY_DIR}/layers/${target})
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  set(deps "")
  foreach(f ${P_USES})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/daemon/${f} ${dir}/${f} SYMBOLIC)
    list(APPEND deps tiengdan_${f})
  endforeach()
  target_include_directories(${target} PRIVATE ${dir})
  target_link_libraries(${target} PRIVATE ${deps})
endfunction()
