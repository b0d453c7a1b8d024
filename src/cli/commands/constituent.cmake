# `rampart constituent`, `rampart incident`, `rampart stats`: the respond
# module's commands.
if(NOT TARGET rampart_respond)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES
  commands/constituent.cc
  commands/constituent_view.cc
  commands/incident.cc
  commands/stats.cc)
list(APPEND RAMPART_CLI_DEPS rampart_respond rampart_store)
