# STIX patterning: parser unit tests and the data-driven evaluation cases.
rampart_add_test(rampart_stix_pattern_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/pattern_parser_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/pattern_eval_test.cc
    ${CMAKE_CURRENT_SOURCE_DIR}/../cases/stix_pattern/stix_pattern_cases_test.cc
  DEPS rampart_stix)
target_compile_definitions(rampart_stix_pattern_tests PRIVATE
  RAMPART_STIX_PATTERN_CASES="${CMAKE_CURRENT_SOURCE_DIR}/../cases/stix_pattern")
