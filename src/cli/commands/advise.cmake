# `rampart advise`: advisories for the constituents exposed to new intelligence.
if(NOT TARGET rampart_respond)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES ${CMAKE_CURRENT_LIST_DIR}/advise.cc)
list(APPEND RAMPART_CLI_DEPS rampart_respond rampart_store nlohmann_json::nlohmann_json fmt::fmt)
