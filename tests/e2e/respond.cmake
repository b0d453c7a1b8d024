# `rampart constituent`, `incident`, `stats` end to end: the demo
# constituency, the ATT&CK + galaxy knowledge base (shared with the intel
# tests, intel_kb.h), generated Exchange logs for two constituents and the
# Sigma rules.
if(NOT TARGET rampart_respond)
  return()
endif()
rampart_add_test(respond_e2e_test
  SOURCES intel_kb.cc respond_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e respond)
target_include_directories(respond_e2e_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(respond_e2e_test PRIVATE
  RAMPART_E2E_CACHE_DIR="${CMAKE_CURRENT_BINARY_DIR}/intel-kb"
  RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(respond_e2e_test rampart)
