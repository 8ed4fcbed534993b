# The tape session: NetBSD st semantics on top of the drive layer.
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/session.c
  ${CMAKE_CURRENT_LIST_DIR}/session_ahead.c
  ${CMAKE_CURRENT_LIST_DIR}/session_cmd.c
  ${CMAKE_CURRENT_LIST_DIR}/session_io.c
  ${CMAKE_CURRENT_LIST_DIR}/session_mtget.c
  ${CMAKE_CURRENT_LIST_DIR}/session_ops.c
  ${CMAKE_CURRENT_LIST_DIR}/session_scsi.c)
