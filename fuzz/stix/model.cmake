rampart_add_fuzzer(rampart_fuzz_stix_bundle
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bundle_fuzzer.cc
  DEPS rampart_stix)
target_include_directories(rampart_fuzz_stix_bundle PRIVATE ${PROJECT_SOURCE_DIR}/src/stix)
