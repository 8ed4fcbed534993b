# Every option of the build, in one list.
option(STTAPE_WERROR "Treat compiler warnings as errors" OFF)
option(STTAPE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(STTAPE_BUILD_TESTS "Build the cmocka and integration tests" ON)
option(STTAPE_BUILD_BENCH "Build the benchmarks under bench/" ON)
option(STTAPE_WITH_ISCSI "Build the iscsi:// transport (libiscsi)" ON)
option(STTAPE_WITH_FUSE "Build the stfused daemon (libfuse3)" ON)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
