# `rampart report` end to end: the real binary on the founding article and on
# bad input, with a knowledge base built by `rampart intel import`.
if(NOT TARGET rampart_extract OR NOT TARGET rampart_intel)
  return()
endif()
rampart_add_test(report_e2e_test
  SOURCES report_ingest_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e report)
add_dependencies(report_e2e_test rampart)
