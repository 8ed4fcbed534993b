# Third-party libraries.  scripts/deps.sh installs the Debian packages.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# libsgutils2 ships no pkg-config file.
find_path(SGUTILS2_INCLUDE_DIR scsi/sg_pt.h REQUIRED)
find_library(SGUTILS2_LIBRARY sgutils2 REQUIRED)
add_library(sgutils2 UNKNOWN IMPORTED)
set_target_properties(sgutils2 PROPERTIES
  IMPORTED_LOCATION ${SGUTILS2_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${SGUTILS2_INCLUDE_DIR})

pkg_check_modules(INIH REQUIRED IMPORTED_TARGET inih)
if(STTAPE_WITH_ISCSI)
  pkg_check_modules(ISCSI REQUIRED IMPORTED_TARGET libiscsi)
endif()
if(STTAPE_WITH_FUSE)
  pkg_check_modules(FUSE3 REQUIRED IMPORTED_TARGET fuse3)
  pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
  pkg_check_modules(CAPNG REQUIRED IMPORTED_TARGET libcap-ng)
endif()
if(STTAPE_BUILD_TESTS)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
endif()
