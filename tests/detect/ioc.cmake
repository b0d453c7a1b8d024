# IOC sets, IOC lists, and the gen-exchange-logs + gen-iocs ground truth.
rampart_add_test(rampart_detect_ioc_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ioc/ioc_set_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/ioc/ioc_list_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/ioc/ground_truth_test.cc
  DEPS rampart_detect nlohmann_json::nlohmann_json)
target_include_directories(rampart_detect_ioc_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ioc)
