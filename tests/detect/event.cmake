rampart_add_test(rampart_detect_event_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/event/json_event_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/event/flat_event_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/event/hostile_input_test.cc
  DEPS rampart_detect)
