# Interop: the virtual drive's shared conformance cases
# (tests/vdrive/conformance_cases.c, also run by test_vdrive_ssc on every
# profile) against tgtd's virtual tape, a fresh private tgtd and blank
# cartridge per case (tgt-harness.sh start/stop).  Where tgt differs from
# SSC-4 the case expects tgt's documented answer; the differences are
# tabled in docs/interop-tgt.md ("Conformance: vdrive vs tgtd").
# Included from tests/interop/CMakeLists.txt.
if(NOT STTAPE_WITH_ISCSI OR NOT TARGET sttape_vt)
  return()
endif()

add_executable(conformance_tgt ${CMAKE_CURRENT_LIST_DIR}/conformance_tgt.c
  ${PROJECT_SOURCE_DIR}/tests/vdrive/conformance_cases.c)
target_include_directories(conformance_tgt PRIVATE
  ${PROJECT_SOURCE_DIR}/tests/vdrive)
target_link_libraries(conformance_tgt PRIVATE sttape_vt sttape_static
  PkgConfig::CMOCKA)
add_test(NAME interop_conformance_tgt COMMAND conformance_tgt)
set_tests_properties(interop_conformance_tgt PROPERTIES LABELS interop
  SKIP_RETURN_CODE 77 TIMEOUT 300
  ENVIRONMENT "STTAPE_TGT_HARNESS=${CMAKE_CURRENT_LIST_DIR}/tgt-harness.sh")
