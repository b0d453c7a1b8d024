# Field map and IndicatorMatcher (STIX patterns and IOC lists on events).
rampart_add_test(rampart_detect_stix_pattern_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ioc/stix_pattern_matcher_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/ioc/stix_equality_cases_test.cc
  DEPS rampart_detect nlohmann_json::nlohmann_json)
target_compile_definitions(rampart_detect_stix_pattern_tests PRIVATE
  RAMPART_STIX_PATTERN_CASES="${CMAKE_CURRENT_LIST_DIR}/../cases/stix_pattern")
