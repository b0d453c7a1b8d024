# `rampart report`: ingest, list, show. Built once the modules it
# stands on exist.
if(NOT (TARGET rampart_store AND TARGET rampart_extract AND TARGET rampart_stix))
  message(STATUS "rampart report commands: waiting for rampart_store/rampart_extract")
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES
  commands/report.cc
  commands/report_ingest.cc
  commands/report_show.cc)
list(APPEND RAMPART_CLI_DEPS rampart_extract rampart_store rampart_stix)
