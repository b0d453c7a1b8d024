# `rampart serve` and `rampart user ...` (users and API tokens of the server).
if(NOT TARGET rampart_server)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES ${CMAKE_CURRENT_LIST_DIR}/serve.cc)
list(APPEND RAMPART_CLI_DEPS rampart_server)
# The dashboard (web/dist, built by scripts/build-web.sh) is found here by default.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/serve.cc PROPERTIES COMPILE_DEFINITIONS
  "RAMPART_DEFAULT_WEB_DIR=\"${PROJECT_SOURCE_DIR}/web/dist\";RAMPART_INSTALL_WEB_DIR=\"${CMAKE_INSTALL_PREFIX}/share/rampart/web\"")
