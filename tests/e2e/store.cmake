# `rampart store` and the PostgreSQL backend end to end: ATT&CK into
# PostgreSQL, copies between backends, and a writer killed mid-import.
# Skipped (with a message) without RAMPART_TEST_PG_URL.
if(NOT TARGET rampart_cli_views)
  return()
endif()
rampart_add_test(store_e2e_test
  SOURCES store_postgres_test.cc
  DEPS PkgConfig::LIBPQ
  LABELS e2e store)
add_dependencies(store_e2e_test rampart)
