# SPDX-License-Identifier: GPL-2.0-or-later
# Runs a built program that prints a manual page (tiengdand --man,
# tiengdan --man) or copies a hand-written one, then compresses it with
# gzip -9n (no name, no time stamp: the same bytes on every build).
#   -DPROGRAM=... -DARGS="--man;--lang;en" -DOUTPUT=.../tiengdan.1
#   -DSOURCE=.../tiengdand.8 -DVERSION=... -DOUTPUT=.../tiengdand.8
if(DEFINED SOURCE)
  file(READ ${SOURCE} text)
  string(REPLACE "%VERSION%" "${VERSION}" text "${text}")
  file(WRITE ${OUTPUT} "${text}")
else()
  execute_process(COMMAND ${PROGRAM} ${ARGS} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${ARGS} failed: ${rc}")
  endif()
  file(SIZE ${OUTPUT} size)
  if(size LESS 200)
    message(FATAL_ERROR "${PROGRAM} ${ARGS} wrote almost nothing")
  endif()
endif()
execute_process(COMMAND gzip -9nf ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${OUTPUT} failed")
endif()
