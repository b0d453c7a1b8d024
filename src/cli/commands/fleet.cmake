# ship, worker, fleet status / rules publish, alerts consume: the hunt on NATS JetStream.
if(NOT TARGET rampart_fleet)
  return()
endif()
list(APPEND RAMPART_CLI_SOURCES
  commands/fleet.cc
  commands/fleet_flags.cc
  commands/alerts.cc)
list(APPEND RAMPART_CLI_DEPS rampart_fleet)
