rampart_add_test(rampart_stix_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/object_test.cc
  DEPS rampart_stix)
