# STIX patterns compiled onto events (field map, IndicatorMatcher).
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/field_map.cc
  ${CMAKE_CURRENT_LIST_DIR}/matcher.cc)
