# `rampart rules check|list`
list(APPEND RAMPART_CLI_SOURCES ${CMAKE_CURRENT_LIST_DIR}/rules.cc)
list(APPEND RAMPART_CLI_DEPS rampart_hunt rampart_detect nlohmann_json::nlohmann_json)
