# `rampart hunt` end to end: the real binary on generated Exchange logs with
# ground truth (gen-exchange-logs, gen-iocs) and the real Sigma rules.
rampart_add_test(hunt_e2e_test
  SOURCES hunt_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_e2e_test rampart)
