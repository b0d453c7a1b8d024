# The stix model's tests; reach the private headers (bundle_internal.h, …) too.
rampart_add_test(rampart_stix_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/object_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/bundle_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/upgrade_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/validate_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sco_id_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/marking_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/confidence_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/vocab_test.cc
  DEPS rampart_stix)
target_include_directories(rampart_stix_tests PRIVATE ${PROJECT_SOURCE_DIR}/src/stix)
target_compile_definitions(rampart_stix_tests PRIVATE RAMPART_SCRIPTS_DIR="${PROJECT_SOURCE_DIR}/scripts")
