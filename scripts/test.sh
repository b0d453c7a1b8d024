#!/usr/bin/env bash
# Builds rampart and runs every test (unit, data-driven, end-to-end, the
# dashboard's unit and browser tests) through CTest. Installs what only the
# tests need (scripts/debian-packages-test.txt: chromium).
# The store suites run against SQLite and PostgreSQL: without
# RAMPART_TEST_PG_URL a throwaway server is started here (installing
# Debian's postgresql if needed, see scripts/start-postgres.sh) and stopped
# at the end; RAMPART_TEST_PG_URL=none skips the PostgreSQL instances.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-debian.sh" "$root/scripts/debian-packages-test.txt"
"$root/scripts/build.sh"
if [[ -z "${RAMPART_TEST_PG_URL:-}" ]]; then
  if . "$root/scripts/start-postgres.sh"; then
    trap rampart_stop_postgres EXIT
  else
    echo "test.sh: could not start PostgreSQL; its tests are skipped" >&2
    unset RAMPART_TEST_PG_URL
  fi
elif [[ "$RAMPART_TEST_PG_URL" == none ]]; then
  unset RAMPART_TEST_PG_URL
fi
build="${RAMPART_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${RAMPART_JOBS:-$(nproc)}" "$@"
