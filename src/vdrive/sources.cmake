# The virtual SSC tape drive (include/sttape/vdrive.h): image file,
# profiles and options, the command set, the transport glue.
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/image.c
  ${CMAKE_CURRENT_LIST_DIR}/profile.c
  ${CMAKE_CURRENT_LIST_DIR}/ssc.c
  ${CMAKE_CURRENT_LIST_DIR}/vdrive.c)
