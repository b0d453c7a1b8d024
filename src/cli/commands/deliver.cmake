# `rampart deliver`, `rampart deliveries list|retry`: the outbox worker.
if(NOT TARGET rampart_respond)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES ${CMAKE_CURRENT_LIST_DIR}/deliver.cc)
list(APPEND RAMPART_CLI_DEPS rampart_respond rampart_store nlohmann_json::nlohmann_json fmt::fmt)
