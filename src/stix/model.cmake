# The STIX object model: objects, validation, 2.0 -> 2.1 upgrade, bundles,
# deterministic SCO ids, TLP markings, confidence scales, vocabularies.
list(APPEND RAMPART_STIX_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/object.cc
  ${CMAKE_CURRENT_LIST_DIR}/vocab.cc
  ${CMAKE_CURRENT_LIST_DIR}/upgrade.cc
  ${CMAKE_CURRENT_LIST_DIR}/bundle_reader.cc
  ${CMAKE_CURRENT_LIST_DIR}/bundle_split.cc
  ${CMAKE_CURRENT_LIST_DIR}/bundle_writer.cc
  ${CMAKE_CURRENT_LIST_DIR}/marking.cc
  ${CMAKE_CURRENT_LIST_DIR}/confidence.cc
  ${CMAKE_CURRENT_LIST_DIR}/sco_id.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/validate.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/checker.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/common.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/sdo.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/sro.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/sco.cc
  ${CMAKE_CURRENT_LIST_DIR}/validate/smo.cc)
list(APPEND RAMPART_STIX_DEPS absl::strings)
