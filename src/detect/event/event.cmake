# Event implementations any reader or test can reuse (kept here, not in ingest, so detect's tests need no reader):
# FlatEvent (fields in a list), JsonEvent/JsonFlattener (simdjson on-demand),
# StringArena (batch text), event-time parsing.
list(APPEND RAMPART_DETECT_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/string_arena.cc
  ${CMAKE_CURRENT_LIST_DIR}/flat_event.cc
  ${CMAKE_CURRENT_LIST_DIR}/event_time.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_event.cc)
list(APPEND RAMPART_DETECT_DEPS simdjson::simdjson absl::flat_hash_map absl::function_ref fmt::fmt)

# simdjson's on-demand API is compiled for one instruction set (no runtime
# dispatch). Westmere (SSE4.2 + CLMUL) runs on every x86-64 server of the
# last decade; RAMPART_NATIVE_SIMD=ON selects Haswell (AVX2), ~2x faster.
option(RAMPART_NATIVE_SIMD "Compile simdjson on-demand code for AVX2 (Haswell and later)" OFF)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  if(RAMPART_NATIVE_SIMD)
    set(RAMPART_SIMDJSON_FLAGS -mavx2 -mbmi -mbmi2 -mpclmul -mlzcnt -mpopcnt)
  else()
    set(RAMPART_SIMDJSON_FLAGS -msse4.2 -mpclmul -mpopcnt)
  endif()
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/json_event.cc PROPERTIES COMPILE_OPTIONS "${RAMPART_SIMDJSON_FLAGS}")
endif()
