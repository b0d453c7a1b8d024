# Sigma parser, reference evaluator, compiled matcher, correlations; the
# SigmaHQ corpus and regression cases; the data-driven cases in tests/cases/sigma.
rampart_add_test(detect_sigma_test
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/sigma/parser_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/eval_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/correlation_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/features_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/cases_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/regression_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/corpus_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sigma/limits_test.cc
  DEPS rampart_detect nlohmann_json::nlohmann_json yaml-cpp)
target_compile_definitions(detect_sigma_test PRIVATE
  RAMPART_SIGMA_CASES_DIR="${CMAKE_SOURCE_DIR}/tests/cases/sigma")
# features_test.cc checks the timestamp-part primitives of engine/value_match.h.
target_include_directories(detect_sigma_test PRIVATE ${CMAKE_SOURCE_DIR}/src/detect)
