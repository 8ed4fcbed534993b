# sttape-quirks-check: exit status and "file:line: reason" output.
execute_process(COMMAND ${TOOL} ${DATA}/good-site.quirks
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "good file: rc=${rc} stderr=${err}")
endif()
if(NOT out MATCHES "[0-9]+ entries, 0 errors")
  message(FATAL_ERROR "good file: unexpected output: ${out}")
endif()

execute_process(COMMAND ${TOOL} ${DATA}/bad-unknown-flag.quirks
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "bad file: rc=${rc}, expected 1")
endif()
if(NOT err STREQUAL "${DATA}/bad-unknown-flag.quirks:5: flags: unknown flag 'FAST_REWIND'\n")
  message(FATAL_ERROR "bad file: unexpected stderr: ${err}")
endif()

execute_process(COMMAND ${TOOL} -m IBM ULTRIUM-TD5 D8D5
  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "^\\[IBM LTO-5\\] \\(ibm.quirks:")
  message(FATAL_ERROR "match: rc=${rc} output: ${out}")
endif()

execute_process(COMMAND ${TOOL} -m
  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "usage error: rc=${rc}, expected 2")
endif()

# The example of sttape-quirks(5) is a valid file that does what it says.
file(READ ${MAN} man)
string(FIND "${man}" "# /etc/sttape/quirks.d/50-local.quirks" start)
if(start LESS 0)
  message(FATAL_ERROR "example not found in ${MAN}")
endif()
string(SUBSTRING "${man}" ${start} -1 rest)
string(FIND "${rest}" "\n.Ed" end)
string(SUBSTRING "${rest}" 0 ${end} example)
file(WRITE ${WORK}/man-example.quirks "${example}\n")
execute_process(COMMAND ${TOOL} -m ACME T1000 1 ${WORK}/man-example.quirks
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL ""
   OR NOT out MATCHES "flags=0x20<NOPREVENT>.*mode1={blksize=1024 density=0x00 flags=0x1<FORCE_BLKSIZE> compression=off} mode2={blksize=0 density=0x13 ")
  message(FATAL_ERROR "man example: rc=${rc} out=${out} err=${err}")
endif()
