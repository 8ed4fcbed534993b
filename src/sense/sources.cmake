# Sense decoding (SPC-5 4.4) on libsgutils2, and the sorted SSC-4/SPC-5
# classification table.  sgutils2 is already linked by src/CMakeLists.txt.
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/sense_parse.c
  ${CMAKE_CURRENT_LIST_DIR}/sense_table.c
  ${CMAKE_CURRENT_LIST_DIR}/sense_text.c)
