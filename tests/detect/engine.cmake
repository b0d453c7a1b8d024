# The compiled matcher's fast paths (field index over FlatEvent, literal
# atoms, the required-literal prefilter) against FlatEvent::Values and the
# reference evaluator.
rampart_add_test(detect_engine_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/eval_flat_event_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/engine_prefilter_test.cc
  DEPS rampart_detect nlohmann_json::nlohmann_json)
target_include_directories(detect_engine_test PRIVATE ${CMAKE_SOURCE_DIR}/src/detect)
# The prefilter over W3C lines read by the real reader (Event::SearchText).
rampart_add_test(detect_engine_w3c_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/engine_w3c_test.cc
  DEPS rampart_detect rampart_ingest)
