# Field map and IndicatorMatcher (STIX patterns and IOC lists on events).
rampart_add_test(rampart_detect_stix_pattern_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ioc/stix_pattern_matcher_test.cc
  DEPS rampart_detect)
