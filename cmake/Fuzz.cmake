# -DTERAWATT_FUZZ=ON: a clang build whose code carries libFuzzer's coverage instrumentation and the address and
# undefined-behaviour sanitizers, for tests/fuzz/scenario_fuzzer. Every target that links terawatt_warnings (the
# models and sim/scenario libraries the fuzzer needs among them) is instrumented; only the fuzzer itself links
# libFuzzer's main (-fsanitize=fuzzer). yaml-cpp stays Debian's gcc build: clang with libstdc++ links against it.
if(NOT TERAWATT_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TERAWATT_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                      "-DCMAKE_C_COMPILER=clang")
endif()
if(TERAWATT_SANITIZE)
  message(FATAL_ERROR "TERAWATT_FUZZ already builds with the sanitizers: leave TERAWATT_SANITIZE off")
endif()
target_compile_options(terawatt_warnings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                   -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
target_link_options(terawatt_warnings INTERFACE -fsanitize=address,undefined)
