list(APPEND RAMPART_CLI_SOURCES
  commands/hunt.cc
  hunt/pipeline.cc
  hunt/annotations.cc
  hunt/hit_printer.cc
  hunt/incidents.cc
  hunt/hunted_indicators.cc
  hunt/observed_scos.cc
  hunt/store_hits.cc
  hunt/source_coverage.cc
  hunt/slow_notice.cc)
list(APPEND RAMPART_CLI_DEPS rampart_detect rampart_ingest rampart_store rampart_stix rampart_respond)
