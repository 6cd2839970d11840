# `cmake --install` layout: headers, libstepwise.a, a CMake package exporting
# stepwise::engine, and a pkg-config file. nlohmann/json is header-only and
# private to the engine, so consumers need nothing else at link time.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS stepwise_engine EXPORT stepwiseTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/stepwise DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(STEPWISE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/stepwise)
install(EXPORT stepwiseTargets NAMESPACE stepwise:: DESTINATION ${STEPWISE_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/stepwiseConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/stepwiseConfig.cmake INSTALL_DESTINATION ${STEPWISE_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/stepwiseConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/stepwiseConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/stepwiseConfigVersion.cmake
        DESTINATION ${STEPWISE_CMAKE_DIR})

# The prefix is found relative to the .pc file, so the package stays usable
# when installed with `cmake --install --prefix` somewhere else.
file(RELATIVE_PATH STEPWISE_PC_TO_PREFIX "/root/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/root")
configure_file(${CMAKE_CURRENT_LIST_DIR}/stepwise.pc.in ${CMAKE_CURRENT_BINARY_DIR}/stepwise.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/stepwise.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
