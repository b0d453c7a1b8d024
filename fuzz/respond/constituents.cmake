# The constituents YAML loader (outside input: files analysts and tools write).
if(NOT TARGET rampart_respond)
  return()
endif()
rampart_add_fuzzer(rampart_fuzz_constituents_yaml
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/constituents_yaml_fuzzer.cc
  DEPS rampart_respond)
