# pkg-config file and CMake package: find_package(sttape) -> sttape::sttape.
include(CMakePackageConfigHelpers)

# Relocatable: prefix relative to the .pc file, so an install with
# cmake --install --prefix elsewhere still finds its own headers.
file(RELATIVE_PATH STTAPE_PC_TO_PREFIX
  ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(${PROJECT_SOURCE_DIR}/cmake/libsttape.pc.in
  ${PROJECT_BINARY_DIR}/libsttape.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/libsttape.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(STTAPE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sttape)
install(EXPORT sttapeTargets NAMESPACE sttape:: DESTINATION ${STTAPE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sttapeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sttapeConfig.cmake INSTALL_DESTINATION ${STTAPE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sttapeConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sttapeConfig.cmake
  ${PROJECT_BINARY_DIR}/sttapeConfigVersion.cmake DESTINATION ${STTAPE_CMAKE_DIR})
