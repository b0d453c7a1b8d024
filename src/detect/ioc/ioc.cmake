# IOC sets (hash sets, CIDR maps, domain suffixes, URL/hash/e-mail sets), the
# token scanner and IOC list parsing (rampart/detect/ioc_set.h, ioc_list.h).
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/ioc_list.cc
  ${CMAKE_CURRENT_LIST_DIR}/ioc_set.cc
  ${CMAKE_CURRENT_LIST_DIR}/scanner.cc
  ${CMAKE_CURRENT_LIST_DIR}/prefilter.cc)
list(APPEND RAMPART_DETECT_DEPS absl::flat_hash_map absl::flat_hash_set fmt::fmt nlohmann_json::nlohmann_json PkgConfig::HS)
