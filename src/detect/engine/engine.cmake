# Engine: value primitives, the reference evaluator, Vectorscan atom databases
# with the PCRE2 fallback, and the compiled matcher.
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/value_match.cc
  ${CMAKE_CURRENT_LIST_DIR}/reference_eval.cc
  ${CMAKE_CURRENT_LIST_DIR}/compiler.cc
  ${CMAKE_CURRENT_LIST_DIR}/hs_cached.cc
  ${CMAKE_CURRENT_LIST_DIR}/field_index.cc
  ${CMAKE_CURRENT_LIST_DIR}/prefilter.cc
  ${CMAKE_CURRENT_LIST_DIR}/matcher.cc)
list(APPEND RAMPART_DETECT_DEPS PkgConfig::HS PkgConfig::PCRE2 spdlog::spdlog)
