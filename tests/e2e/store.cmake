# `rampart store` and the PostgreSQL backend end to end: ATT&CK into
# PostgreSQL, copies between backends, a writer killed mid-import, and
# writers (an import, two hunts) with a reader at once against one store.
# Skipped (with a message) without RAMPART_TEST_PG_URL.
if(NOT TARGET rampart_cli_views)
  return()
endif()
rampart_add_test(store_e2e_test
  SOURCES pg_fixture.cc store_postgres_test.cc store_concurrency_test.cc
  DEPS PkgConfig::LIBPQ nlohmann_json::nlohmann_json fmt::fmt
  LABELS e2e store)
target_include_directories(store_e2e_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(store_e2e_test PRIVATE RAMPART_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
add_dependencies(store_e2e_test rampart)
