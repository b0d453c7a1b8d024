# STIX pattern parser + evaluator (included by fuzz/stix/CMakeLists.txt).
rampart_add_fuzzer(rampart_stix_pattern_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/pattern_fuzzer.cc
  DEPS rampart_stix)
