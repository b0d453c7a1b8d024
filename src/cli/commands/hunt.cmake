list(APPEND RAMPART_CLI_SOURCES
  commands/hunt.cc
  hunt/slow_notice.cc
  hunt/cached_rules.cc)
list(APPEND RAMPART_CLI_DEPS rampart_hunt rampart_detect rampart_ingest rampart_store rampart_stix rampart_respond)
