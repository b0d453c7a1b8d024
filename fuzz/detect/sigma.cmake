# The Sigma parser (YAML, modifiers, conditions) and the compiler behind it.
rampart_add_fuzzer(detect_sigma_fuzzer
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/sigma_fuzzer.cc
  DEPS rampart_detect)
