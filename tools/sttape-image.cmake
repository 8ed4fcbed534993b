# sttape-image: create, list and check vdrive cartridges (sttape-image(5)).
add_executable(sttape-image ${CMAKE_CURRENT_LIST_DIR}/sttape-image.c)
# Static: works without the shared library installed.
target_link_libraries(sttape-image PRIVATE sttape_static)
install(TARGETS sttape-image DESTINATION ${CMAKE_INSTALL_BINDIR})
