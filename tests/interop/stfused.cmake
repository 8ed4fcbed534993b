# Interop, full depth: the e2e client scenarios (tests/e2e/run.sh) with
# stfused in FUSE-mount mode serving tgtd's virtual tape over iscsi://,
# a fresh private tgtd and cartridge per scenario (tgt-harness.sh).  The
# scenarios tgt's SSC emulation cannot support, and why, are listed in
# docs/interop-tgt.md.  Included from tests/interop/CMakeLists.txt.
if(NOT STTAPE_WITH_ISCSI OR NOT TARGET stfused)
  return()
endif()

# The tgt_* variants of the e2e scenarios (stfused-tgt-scenarios.sh).
# kill_client and sigterm write for 1.5 s at full speed (tgtd has no
# delay knob): the cartridge must not fill first, or dd ends on ENOSPC
# and the kill tests nothing.
set(STFUSED_TGT_SCENARIOS tgt_open_order tgt_kill_client tgt_tar tgt_cpio
  tgt_dd_records tgt_mt tgt_mtio32 tgt_sigterm tgt_btape)
set(STFUSED_TGT_MB_tgt_kill_client 4096)
set(STFUSED_TGT_MB_tgt_sigterm 4096)
set(STFUSED_TGT_MB_tgt_btape 1024)
foreach(t ${STFUSED_TGT_SCENARIOS})
  add_test(NAME interop_stfused_${t}
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/tgt-harness.sh run
      ${CMAKE_CURRENT_LIST_DIR}/stfused-e2e.sh ${t})
  set_tests_properties(interop_stfused_${t} PROPERTIES LABELS interop
    SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL TRUE
    ENVIRONMENT "STFUSED=$<TARGET_FILE:stfused>;STFUSED_LAYOUT=$<TARGET_FILE:sttape-layout>;E2E_MTIO_CLIENT=$<TARGET_FILE:e2e_mtio_client>;E2E_MTIO_SRC=${PROJECT_SOURCE_DIR}/tests/e2e/mtio_client.c")
  if(STFUSED_TGT_MB_${t})
    set_property(TEST interop_stfused_${t} APPEND PROPERTY ENVIRONMENT
      "STTAPE_TGT_TAPE_MB=${STFUSED_TGT_MB_${t}}")
  endif()
endforeach()
