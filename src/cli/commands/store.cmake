# `rampart store`: migrate, copy (moving a knowledge base between backends).
if(NOT TARGET rampart_store)
  message(STATUS "rampart store commands: waiting for rampart_store")
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES commands/store.cc)
list(APPEND RAMPART_CLI_DEPS rampart_store rampart_stix)
