# Statistics over incidents, advisories and the delivery outbox.
list(APPEND RAMPART_RESPOND_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/stats.cc
  ${CMAKE_CURRENT_LIST_DIR}/outbox_reader.cc)
list(APPEND RAMPART_RESPOND_DEPS PkgConfig::SQLITE3)
