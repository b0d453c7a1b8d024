# Advisories: new intelligence -> exposed constituents -> TLP-marked reports.
list(APPEND RAMPART_RESPOND_SOURCES
  advisories/software_match.cc
  advisories/triggers.cc
  advisories/content.cc
  advisories/render.cc
  advisories/advise.cc)
