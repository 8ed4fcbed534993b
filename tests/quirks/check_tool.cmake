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
