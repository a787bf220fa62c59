# The installed layout and how the binary finds it (harness/core/data_dir.hpp):
#   <prefix>/bin/harness
#   <prefix>/share/failover-harness/   the data directory, laid out as the source tree:
#     drivers/<component>/...          guest scripts and the OCF agent (every non-C++ file there),
#                                      and drivers/ledger/harness-ledger (a built guest program)
#     vm-images/                       image recipes and build-image.sh
#     scenarios/                       the catalogue and schema.json
# Paths are relative to the prefix so the same rules serve `cmake --install` and the .deb.
include(GNUInstallDirs)

set(HARNESS_DATA_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/failover-harness")
if(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}" OR IS_ABSOLUTE "${HARNESS_DATA_INSTALL_DIR}")
  message(FATAL_ERROR "CMAKE_INSTALL_BINDIR and CMAKE_INSTALL_DATADIR must be relative: "
                      "the binary finds its data relative to itself")
endif()
file(RELATIVE_PATH HARNESS_DATA_FROM_BIN "/${CMAKE_INSTALL_BINDIR}" "/${HARNESS_DATA_INSTALL_DIR}")

# Only the lookup knows the layout and the trees: a build-tree binary falls back to the source.
set_property(SOURCE ${CMAKE_SOURCE_DIR}/harness/core/data_dir.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  HARNESS_DATA_FROM_BIN="${HARNESS_DATA_FROM_BIN}"
  HARNESS_BUILD_TREE="${CMAKE_BINARY_DIR}"
  HARNESS_SOURCE_TREE="${CMAKE_SOURCE_DIR}")

install(TARGETS harness RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The ledger's guest program, where the harness reads guest files from.
install(TARGETS harness-ledger RUNTIME DESTINATION ${HARNESS_DATA_INSTALL_DIR}/drivers/ledger)

# Globbed, so a new guest script in a component folder ships without a CMake edit (and without
# the empty folders install(DIRECTORY) would make for components with only C++).
file(GLOB_RECURSE HARNESS_GUEST_FILES RELATIVE ${CMAKE_SOURCE_DIR} CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/drivers/*)
list(FILTER HARNESS_GUEST_FILES EXCLUDE REGEX "\\.(cpp|hpp)$")
foreach(f ${HARNESS_GUEST_FILES})
  get_filename_component(d ${f} DIRECTORY)
  install(PROGRAMS ${f} DESTINATION ${HARNESS_DATA_INSTALL_DIR}/${d})
endforeach()

install(DIRECTORY vm-images/ DESTINATION ${HARNESS_DATA_INSTALL_DIR}/vm-images USE_SOURCE_PERMISSIONS)
install(DIRECTORY scenarios/ DESTINATION ${HARNESS_DATA_INSTALL_DIR}/scenarios
  FILES_MATCHING PATTERN "*.json")

include(${CMAKE_CURRENT_LIST_DIR}/package.cmake)
