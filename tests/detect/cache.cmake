# The rule cache: rule sets and Vectorscan databases kept on disk.
rampart_add_test(detect_cache_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cache/rule_cache_test.cc
  DEPS rampart_detect nlohmann_json::nlohmann_json)
