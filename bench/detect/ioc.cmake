# IOC sweep vs ripgrep and grep (docs/benchmarks/ioc.md).
rampart_add_bench(rampart_ioc_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/ioc_bench.cc
  DEPS rampart_detect)
target_include_directories(rampart_ioc_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/detect/ioc)
