# Incidents: event assets, correlation of sightings, the STIX form, states.
list(APPEND RAMPART_RESPOND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/event_assets.cc
  ${CMAKE_CURRENT_LIST_DIR}/correlate.cc
  ${CMAKE_CURRENT_LIST_DIR}/state.cc
  ${CMAKE_CURRENT_LIST_DIR}/incident_stix.cc
  ${CMAKE_CURRENT_LIST_DIR}/incident_write.cc)
