# `rampart intel`: import, get, search, graph, export.
# Built only once the modules it stands on exist (they land in parallel).
if(NOT (TARGET rampart_store AND TARGET rampart_intel AND TARGET rampart_stix))
  message(STATUS "rampart intel commands: waiting for rampart_store/rampart_intel")
  return()
endif()
# The views (actor profile, graph, tables) are a small library so that
# `rampart demo` and bench/intel render exactly what the command prints.
add_library(rampart_cli_views STATIC
  ${CMAKE_CURRENT_SOURCE_DIR}/render/table.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/render/actor_view_render.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/render/graph_view.cc
  ${CMAKE_CURRENT_SOURCE_DIR}/render/names.cc)
target_include_directories(rampart_cli_views PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(rampart_cli_views
  PUBLIC rampart_store rampart_stix rampart_core fmt::fmt nlohmann_json::nlohmann_json
  PRIVATE rampart_flags)

list(APPEND RAMPART_CLI_SOURCES
  commands/intel.cc
  commands/intel_import.cc
  commands/intel_query.cc
  commands/intel_export.cc)
list(APPEND RAMPART_CLI_DEPS rampart_cli_views rampart_store rampart_intel rampart_stix)
