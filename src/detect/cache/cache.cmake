# Rule cache: loaded rule sets and their Vectorscan databases on disk.
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/hasher.cc
  ${CMAKE_CURRENT_LIST_DIR}/rule_set_codec.cc
  ${CMAKE_CURRENT_LIST_DIR}/rule_cache.cc)
