# One INTERFACE target carries the project's warning and sanitizer flags, so every target opts in the same way.
add_library(terawatt_warnings INTERFACE)
target_compile_options(terawatt_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(TERAWATT_WERROR)
  target_compile_options(terawatt_warnings INTERFACE -Werror)
endif()
if(TERAWATT_SANITIZE)
  target_compile_options(terawatt_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(terawatt_warnings INTERFACE -fsanitize=address,undefined)
  # sim/simulate/simulation.cpp then runs SimGrid's actors as threads, which AddressSanitizer can follow.
  target_compile_definitions(terawatt_warnings INTERFACE TERAWATT_SANITIZE=1)
endif()
