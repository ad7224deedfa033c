# Each header under models/ and sim/ must compile on its own: one generated source per header that includes only
# that header (twice, so that a missing include guard fails too), compiled as an object library that the default
# build leaves out. The test that terawatt_add_header_check adds builds that library, and fails naming each
# header that needs an include it does not have.
function(terawatt_add_header_check)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
       ${PROJECT_SOURCE_DIR}/models/*.hpp ${PROJECT_SOURCE_DIR}/sim/*.hpp)
  set(generated_dir ${CMAKE_CURRENT_BINARY_DIR}/headers_alone)
  set(sources)
  foreach(header IN LISTS headers)
    string(REGEX REPLACE "[/.]" "_" stem ${header})
    set(source ${generated_dir}/${stem}.cpp)
    # file(CONFIGURE) rewrites the file only when its text changes, so a reconfigure recompiles nothing.
    file(CONFIGURE OUTPUT ${source} CONTENT "#include \"${header}\"\n#include \"${header}\"\n")
    list(APPEND sources ${source})
  endforeach()
  add_library(terawatt_headers_alone OBJECT EXCLUDE_FROM_ALL ${sources})
  # sim_app reaches every library below it, so each header finds the include paths its own library gives it.
  target_link_libraries(terawatt_headers_alone PRIVATE sim_app terawatt_warnings)
  target_include_directories(terawatt_headers_alone PRIVATE ${PROJECT_SOURCE_DIR})
  # Parsing is what is checked: no optimisation or debug information keeps the build of ~130 sources short.
  target_compile_options(terawatt_headers_alone PRIVATE -O0 -g0)
  list(LENGTH headers header_count)
  set(test_name "headers: each of the ${header_count} headers under models/ and sim/ compiles on its own")
  add_test(NAME ${test_name}
           COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target terawatt_headers_alone)
  set_tests_properties(${test_name} PROPERTIES LABELS lint)
endfunction()
