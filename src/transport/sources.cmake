# Transports (include/sttape/transport.h): the dispatcher, the sg backend
# (libsgutils2, linked by src/CMakeLists.txt) and the iscsi backend.
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/transport.c
  ${CMAKE_CURRENT_LIST_DIR}/sg.c)
if(STTAPE_WITH_ISCSI)
  list(APPEND STTAPE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/iscsi.c)
  list(APPEND STTAPE_PRIVATE_LIBS PkgConfig::ISCSI)
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/transport.c
    PROPERTIES COMPILE_DEFINITIONS STTAPE_HAVE_ISCSI=1)
endif()
