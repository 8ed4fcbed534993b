# stfused benchmark (bench/fuse_bench.sh runs it): node throughput against
# the library direct, a no-op FUSE file and plain file I/O; MTIOCGET
# latency; daemon peak memory.  Figures only, never a test.
if(TARGET stfused)
  add_executable(fuse_bench fuse_bench.c)
  target_link_libraries(fuse_bench PRIVATE sttape_static PkgConfig::FUSE3)
endif()
