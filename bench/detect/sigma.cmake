# Sigma benchmarks: all Windows rules over the regression events (JSON) vs
# simdjson; the webserver rules over generated IIS logs vs a plain read.
rampart_add_bench(detect_sigma_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigma_bench.cc
  DEPS rampart_detect simdjson::simdjson nlohmann_json::nlohmann_json PkgConfig::HS)
rampart_add_bench(detect_sigma_iis_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigma_iis_bench.cc
  DEPS rampart_detect rampart_ingest)
