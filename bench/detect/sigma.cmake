# Sigma benchmark: all Windows rules over the regression events, vs simdjson.
rampart_add_bench(detect_sigma_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigma_bench.cc
  DEPS rampart_detect simdjson::simdjson nlohmann_json::nlohmann_json absl::flat_hash_map)
