# sttape-quirks-check: the quirk file validator (sttape-quirks(5)).
add_executable(sttape-quirks-check
  ${CMAKE_CURRENT_LIST_DIR}/sttape-quirks-check.c)
# Static: the validator runs without the shared library installed.
target_link_libraries(sttape-quirks-check PRIVATE sttape_static)
install(TARGETS sttape-quirks-check DESTINATION ${CMAKE_INSTALL_BINDIR})
