# sttape: mt-like operations on stfused nodes (mtio + <sttape/mtio.h>
# extensions) or straight on a drive through libsttape.  The target is
# sttape_cli because "sttape" is the library.
add_executable(sttape_cli sttape.c)
set_target_properties(sttape_cli PROPERTIES OUTPUT_NAME sttape)
target_link_libraries(sttape_cli PRIVATE sttape_static)
install(TARGETS sttape_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
