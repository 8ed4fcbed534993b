# src/drive: one function per SSC-4/SPC-5 tape operation (sttape/drive.h).
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/drive.c
  ${CMAKE_CURRENT_LIST_DIR}/drive_io.c
  ${CMAKE_CURRENT_LIST_DIR}/drive_info.c
  ${CMAKE_CURRENT_LIST_DIR}/drive_mode.c
  ${CMAKE_CURRENT_LIST_DIR}/drive_position.c)
