# sttape-layout: a cartridge's layout on one line ("3x10240 FM FM EOD"),
# from a vdrive image or through the drive layer; the e2e, interop and vm
# tests compare it with what the programs should have left.  A test
# helper, not installed.  Static: runs from the build tree as is.
add_executable(sttape-layout ${CMAKE_CURRENT_LIST_DIR}/sttape-layout.c)
target_link_libraries(sttape-layout PRIVATE sttape_static)
