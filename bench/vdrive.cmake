# vdrive_bench: streaming through the virtual drive vs a plain file.
add_executable(vdrive_bench ${CMAKE_CURRENT_LIST_DIR}/vdrive_bench.c)
target_link_libraries(vdrive_bench PRIVATE sttape_static)
# vdrive_probe: the same command sequence on any device, for comparing
# the virtual drive with tgtd (see its header comment).
add_executable(vdrive_probe ${CMAKE_CURRENT_LIST_DIR}/vdrive_probe.c)
target_link_libraries(vdrive_probe PRIVATE sttape_static)
