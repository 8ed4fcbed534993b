# vdrive_bench: streaming through the virtual drive vs a plain file.
add_executable(vdrive_bench ${CMAKE_CURRENT_LIST_DIR}/vdrive_bench.c)
target_link_libraries(vdrive_bench PRIVATE sttape_static)
