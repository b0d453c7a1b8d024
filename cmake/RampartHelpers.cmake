# Warnings and sanitizers for rampart's own targets (never for dependencies).
add_library(rampart_flags INTERFACE)
# -Wno-missing-field-initializers: GCC before 14 warns on C++20 designated
# initializers that leave members to their default member initializers
# (`ErrorContext{.file = f}`), which is the point of them (GCC PR 96868).
# -Wno-restrict: GCC 12 reports a memcpy overlap inside libstdc++'s
# char_traits.h for `"literal" + std::string` that cannot happen (GCC PR 105329).
target_compile_options(rampart_flags INTERFACE -Wall -Wextra -Wno-unused-parameter
                                               -Wno-missing-field-initializers -Wno-restrict)
if(RAMPART_SANITIZE)
  target_compile_options(rampart_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(rampart_flags INTERFACE -fsanitize=address,undefined)
endif()
if(RAMPART_FUZZ)
  # Coverage feedback and sanitizer checks must reach the libraries a fuzz target calls,
  # not only the target's own file: instrument every rampart target (libFuzzer's main
  # is linked into the fuzz targets alone, by rampart_add_fuzzer).
  target_compile_options(rampart_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                 -fno-omit-frame-pointer)
  target_link_options(rampart_flags INTERFACE -fsanitize=address,undefined)
endif()

# rampart_add_module(NAME SOURCES ... DEPS ...)
# One library per module. Its PUBLIC include dir is include/, so another module
# can only reach rampart/<module>/*.h, and only if it links the module.
function(rampart_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  if(NOT ARG_SOURCES)
    # A module whose components have not landed yet: headers only.
    add_library(rampart_${name} INTERFACE)
    target_include_directories(rampart_${name} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(rampart_${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(rampart_${name} STATIC ${ARG_SOURCES})
  target_include_directories(rampart_${name}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(rampart_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} rampart_flags)
  set_target_properties(rampart_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# rampart_add_test(NAME SOURCES ... DEPS ... [LABELS ...])
# One GoogleTest binary; tests are discovered into CTest. The shared data and
# tools folders and the rampart binary are compiled into rampart_test_support
# as defaults (tests/CMakeLists.txt); $RAMPART_DATA_DIR etc. override them.
function(rampart_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} rampart_test_support GTest::gtest GTest::gtest_main GTest::gmock rampart_flags)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 600)
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES
      ENVIRONMENT "RAMPART_DATA_DIR=${RAMPART_DATA_DIR}"
      TIMEOUT ${ARG_TIMEOUT}
      LABELS "${ARG_LABELS}")
endfunction()

# rampart_add_bench(NAME SOURCES ... DEPS ...): a Google Benchmark binary or a
# plain comparison program; never run by CTest.
function(rampart_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} rampart_flags)
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/bench")  # support/*.h
  target_compile_definitions(${name} PRIVATE
    RAMPART_DATA_DIR="${RAMPART_DATA_DIR}" RAMPART_TOOLS_DIR="${RAMPART_TOOLS_DIR}")
endfunction()

# rampart_add_fuzzer(NAME SOURCES ... DEPS ...): a libFuzzer target (clang only).
function(rampart_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
endfunction()
