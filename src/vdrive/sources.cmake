# The virtual SSC tape drive (include/sttape/vdrive.h).
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/vdrive.c)
