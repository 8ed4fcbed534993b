# CDB builders (SPC-5, SSC-4): pure functions, no libraries.
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cdb_spc.c
  ${CMAKE_CURRENT_LIST_DIR}/cdb_ssc.c)
