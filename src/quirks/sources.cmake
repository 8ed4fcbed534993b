# src/quirks: quirk table parser, validator and matcher (sttape/quirks.h),
# plus the shipped table (quirks/*.quirks) embedded as generated C at
# build time, so editing a .quirks file rebuilds only that source.
file(GLOB STTAPE_QUIRK_FILES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/quirks/*.quirks)
list(SORT STTAPE_QUIRK_FILES)
# One argument for cmake -P: a list's ';' would split it.
string(REPLACE ";" "$<SEMICOLON>" STTAPE_QUIRK_FILES_ARG "${STTAPE_QUIRK_FILES}")
set(STTAPE_QUIRKS_BUILTIN_C ${CMAKE_CURRENT_BINARY_DIR}/quirks/builtin.c)
add_custom_command(OUTPUT ${STTAPE_QUIRKS_BUILTIN_C}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/quirks
  COMMAND ${CMAKE_COMMAND} -DOUT=${STTAPE_QUIRKS_BUILTIN_C}
    "-DFILES=${STTAPE_QUIRK_FILES_ARG}"
    -P ${PROJECT_SOURCE_DIR}/quirks/embed.cmake
  DEPENDS ${STTAPE_QUIRK_FILES} ${PROJECT_SOURCE_DIR}/quirks/embed.cmake
  COMMENT "Embedding the shipped quirk table"
  VERBATIM)
list(APPEND STTAPE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/glob.c
  ${CMAKE_CURRENT_LIST_DIR}/parse.c
  ${CMAKE_CURRENT_LIST_DIR}/table.c
  ${STTAPE_QUIRKS_BUILTIN_C})
list(APPEND STTAPE_PRIVATE_LIBS PkgConfig::INIH)
