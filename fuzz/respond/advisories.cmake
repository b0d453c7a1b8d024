if(TARGET rampart_respond)
  rampart_add_fuzzer(rampart_fuzz_respond_affected SOURCES ${CMAKE_CURRENT_LIST_DIR}/affected_fuzz.cc DEPS rampart_respond)
endif()
