# Sigma: parser (YAML -> rules), modifiers, conditions, rule sets, logsource
# mapping, correlations.
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/sigma_types.cc
  ${CMAKE_CURRENT_LIST_DIR}/modifiers.cc
  ${CMAKE_CURRENT_LIST_DIR}/condition.cc
  ${CMAKE_CURRENT_LIST_DIR}/parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/rule_set.cc
  ${CMAKE_CURRENT_LIST_DIR}/filters.cc
  ${CMAKE_CURRENT_LIST_DIR}/placeholders.cc
  ${CMAKE_CURRENT_LIST_DIR}/logsource.cc
  ${CMAKE_CURRENT_LIST_DIR}/sink.cc
  ${CMAKE_CURRENT_LIST_DIR}/correlation.cc)
list(APPEND RAMPART_DETECT_DEPS yaml-cpp fmt::fmt PkgConfig::PCRE2 PkgConfig::HS)
