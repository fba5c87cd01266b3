# SPDX-License-Identifier: GPL-2.0-or-later
# Turns schema/NNN_*.sql into a C array so the daemon carries its own
# migrations: an installed binary can never be paired with the wrong files.
# Inputs: SCHEMA_DIR, OUTPUT.
file(GLOB files "${SCHEMA_DIR}/[0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "/* Generated from the schema folder by cmake/embed_schema.cmake. */\n#include \"store/migrations.h\"\n\n")
set(table "")
set(i 0)
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  string(SUBSTRING ${name} 0 3 num)
  math(EXPR version "${num}")
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(APPEND body "static const char sql_${i}[] = {${hex}0x00};\n")
  string(APPEND table "\t{${version}, \"${name}\", sql_${i}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst struct migration migrations[] = {\n${table}};\nconst size_t migrations_count = ${i};\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
