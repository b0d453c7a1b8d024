list(APPEND RAMPART_CLI_SOURCES
  commands/hunt.cc
  hunt/pipeline.cc
  hunt/annotations.cc
  hunt/hit_printer.cc
  hunt/incidents.cc
  hunt/source_coverage.cc
  hunt/slow_notice.cc
  hunt/time_sorter.cc
  hunt/cached_rules.cc)
list(APPEND RAMPART_CLI_DEPS rampart_detect rampart_ingest rampart_store rampart_stix rampart_respond)
