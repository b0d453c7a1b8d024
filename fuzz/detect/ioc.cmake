# IOC list parser + token scanner.
rampart_add_fuzzer(rampart_ioc_list_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ioc_list_fuzzer.cc
  DEPS rampart_detect)
