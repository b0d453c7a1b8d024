# `rampart hunt` end to end: the real binary on generated Exchange logs with
# ground truth (gen-exchange-logs, gen-iocs) and the real Sigma rules.
rampart_add_test(hunt_e2e_test
  SOURCES hunt_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_e2e_test rampart)
# The EVTX attack samples against the reviewed baseline, and rules check/list/
# hunt on metadata files and `expand` placeholders.
rampart_add_test(hunt_evtx_e2e_test
  SOURCES hunt_evtx_test.cc hunt_rules_test.cc hunt_inputs_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
target_compile_definitions(hunt_evtx_e2e_test PRIVATE RAMPART_E2E_BASELINES="${CMAKE_CURRENT_SOURCE_DIR}/baselines")
add_dependencies(hunt_evtx_e2e_test rampart)
# Hostile and damaged input, output guards, honest summaries.
rampart_add_test(hunt_robust_e2e_test
  SOURCES hunt_robust_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_robust_e2e_test rampart)

# The compiled rule cache: hits alike from the cache, damaged files and
# changed rules miss it, --no-rule-cache.
rampart_add_test(hunt_cache_e2e_test
  SOURCES hunt_cache_test.cc
  LABELS e2e hunt)
add_dependencies(hunt_cache_e2e_test rampart)

# The CSV timeline and --sort time (in memory and spilling to disk).
rampart_add_test(hunt_timeline_e2e_test
  SOURCES hunt_timeline_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_timeline_e2e_test rampart)

# STIX equality and unmapped paths in `hunt --ioc` with a bundle.
rampart_add_test(hunt_stix_pattern_e2e_test
  SOURCES hunt_stix_pattern_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
add_dependencies(hunt_stix_pattern_e2e_test rampart)

# Sightings of the hunted indicators: STIX output, --store, --intel, read back.
rampart_add_test(hunt_sightings_e2e_test
  SOURCES hunt_sightings_test.cc
  DEPS nlohmann_json::nlohmann_json
  LABELS e2e hunt)
target_compile_definitions(hunt_sightings_e2e_test PRIVATE RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(hunt_sightings_e2e_test rampart)
