# advise -> deliver through the real binary, with webhook and SMTP receivers
# on loopback (python3, tests/e2e/receivers/).
if(NOT TARGET rampart_respond)
  return()
endif()
rampart_add_test(deliver_e2e_test
  SOURCES deliver_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e respond)
target_compile_definitions(deliver_e2e_test PRIVATE RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(deliver_e2e_test rampart)
