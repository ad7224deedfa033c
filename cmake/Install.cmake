# What `cmake --install build --prefix PREFIX` puts where:
#   bin/terawatt                                  the program;
#   share/terawatt/scenarios/                     the shipped scenarios, sweeps and validation cases (`terawatt
#                                                 validate` finds the cases there when run outside the repository);
#   share/doc/terawatt/                           README, LICENSE, CITATION.cff and docs/;
#   include/terawatt/models/, lib/                the pure models (C++17 and Eigen) as static libraries and headers,
#                                                 included as "models/<subject>/<file>.hpp";
#   lib/cmake/terawatt/                           the CMake package: find_package(terawatt) gives terawatt::models;
#   lib/pkgconfig/terawatt.pc                     the same for pkg-config (pkg-config --cflags --libs terawatt).
# The simulator's own libraries (sim/) are not installed: they are the program's parts, not an interface.
include(CMakePackageConfigHelpers)

install(TARGETS terawatt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/terawatt/scenarios)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/CITATION.cff
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/terawatt/models
        FILES_MATCHING PATTERN "*.hpp")

# Installed as libterawatt_models_<subject>.a, so that they keep their meaning among a prefix's other libraries.
set(terawatt_model_libraries models_base models_power models_facility models_grid models_supply models_workload models_fleet)
foreach(library IN LISTS terawatt_model_libraries)
  set_target_properties(${library} PROPERTIES OUTPUT_NAME terawatt_${library})
endforeach()
install(TARGETS ${terawatt_model_libraries} terawatt_models EXPORT terawattTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

set(terawatt_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/terawatt)
install(EXPORT terawattTargets NAMESPACE terawatt:: DESTINATION ${terawatt_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/terawattConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/terawattConfig.cmake INSTALL_DESTINATION ${terawatt_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/terawattConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/terawattConfig.cmake ${PROJECT_BINARY_DIR}/terawattConfigVersion.cmake
        DESTINATION ${terawatt_cmake_dir})

# The .pc file finds its prefix from its own place (pkg-config's ${pcfiledir}), so that `cmake --install --prefix`
# may choose another prefix than the one configured.
file(RELATIVE_PATH terawatt_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/terawatt.pc.in ${PROJECT_BINARY_DIR}/terawatt.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/terawatt.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
