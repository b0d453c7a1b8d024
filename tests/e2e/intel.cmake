# `rampart intel` end to end: the real binary on the real ATT&CK and MISP
# galaxy data (imported once per binary, see intel_kb.h) and on small bundles
# the tests write.
if(NOT TARGET rampart_cli_views)
  return()
endif()
rampart_add_test(intel_e2e_test
  SOURCES intel_kb.cc intel_get_test.cc intel_query_test.cc intel_import_test.cc intel_store_access_test.cc
    intel_options_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e intel)
target_include_directories(intel_e2e_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(intel_e2e_test PRIVATE
  RAMPART_E2E_CACHE_DIR="${CMAKE_CURRENT_BINARY_DIR}/intel-kb"
  RAMPART_E2E_BASELINES="${CMAKE_CURRENT_SOURCE_DIR}/baselines"
  RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(intel_e2e_test rampart)

# Export -> import into an empty store -> export is identical; one import of
# ATT&CK and the galaxy gives the same store in any file order.
rampart_add_test(intel_roundtrip_e2e_test
  SOURCES intel_kb.cc intel_roundtrip_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e intel)
target_include_directories(intel_roundtrip_e2e_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(intel_roundtrip_e2e_test PRIVATE
  RAMPART_E2E_CACHE_DIR="${CMAKE_CURRENT_BINARY_DIR}/intel-kb"
  RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(intel_roundtrip_e2e_test rampart)
