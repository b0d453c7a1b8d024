# The STIX object model: objects, validation, 2.0 -> 2.1 upgrade, bundles,
# deterministic SCO ids, TLP markings, confidence scales, vocabularies.
list(APPEND RAMPART_STIX_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/object.cc
  ${CMAKE_CURRENT_LIST_DIR}/vocab.cc)
