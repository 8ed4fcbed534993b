# Warnings on everywhere; fatal with STTAPE_WERROR (scripts/check.sh and CI).
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS ON)   # gnu11: for pthread, O_DIRECT and friends
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

add_compile_options(
  -Wall -Wextra -Wshadow -Wpointer-arith -Wcast-qual -Wstrict-prototypes
  -Wmissing-prototypes -Wformat=2 -Wundef -Wvla -Wno-unused-parameter
  -fno-strict-aliasing)
add_compile_definitions(_GNU_SOURCE _FILE_OFFSET_BITS=64)

if(STTAPE_WERROR)
  add_compile_options(-Werror)
endif()

if(STTAPE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
