# The Sigma parser (YAML, modifiers, conditions) and the compiler behind it.
rampart_add_fuzzer(detect_sigma_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigma_fuzzer.cc
  DEPS rampart_detect)
# The timestamp reader of the date-part modifiers (minute ... year).
rampart_add_fuzzer(detect_timestamp_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/timestamp_fuzzer.cc
  DEPS rampart_detect)
if(TARGET detect_timestamp_fuzzer)
  target_include_directories(detect_timestamp_fuzzer PRIVATE ${CMAKE_SOURCE_DIR}/src/detect)
endif()
# The rule cache's file, rule-set and database-table readers.
rampart_add_fuzzer(detect_rule_cache_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/rule_cache_fuzzer.cc
  DEPS rampart_detect)
