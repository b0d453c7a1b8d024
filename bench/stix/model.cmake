rampart_add_bench(rampart_bench_stix_bundle
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/bundle_bench.cc
  DEPS rampart_stix)
