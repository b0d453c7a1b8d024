# The STIX patterning language: lexer, parser, evaluator (rampart/stix/pattern.h).
list(APPEND RAMPART_STIX_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/ast.cc
  ${CMAKE_CURRENT_LIST_DIR}/bindings.cc
  ${CMAKE_CURRENT_LIST_DIR}/compare.cc
  ${CMAKE_CURRENT_LIST_DIR}/evaluator.cc
  ${CMAKE_CURRENT_LIST_DIR}/lexer.cc
  ${CMAKE_CURRENT_LIST_DIR}/literals.cc
  ${CMAKE_CURRENT_LIST_DIR}/observations.cc
  ${CMAKE_CURRENT_LIST_DIR}/parser.cc)
# MATCHES is PCRE (spec), compiled with PCRE2.
list(APPEND RAMPART_STIX_DEPS PkgConfig::PCRE2 fmt::fmt)
