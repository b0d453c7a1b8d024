# `rampart serve` end to end: the real binary on a free loopback port, TAXII
# discovery, paging, push, status, a second server's `intel pull`, raw-socket
# bad input and SIGTERM.
if(NOT TARGET rampart_server)
  return()
endif()
rampart_add_test(serve_e2e_test
  SOURCES serve_test.cc
  DEPS nlohmann_json::nlohmann_json fmt::fmt CURL::libcurl
  LABELS e2e server)
add_dependencies(serve_e2e_test rampart)
target_compile_definitions(serve_e2e_test PRIVATE RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
