# `rampart serve` and `rampart user ...` (users and API tokens of the server).
if(NOT TARGET rampart_server)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES ${CMAKE_CURRENT_LIST_DIR}/serve.cc)
list(APPEND RAMPART_CLI_DEPS rampart_server)
