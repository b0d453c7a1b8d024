#!/usr/bin/env bash
# Builds rampart and runs every test (unit, data-driven, end-to-end, the
# dashboard's unit and browser tests) through CTest. Installs what only the
# tests need (scripts/debian-packages-test.txt: chromium).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-debian.sh" "$root/scripts/debian-packages-test.txt"
"$root/scripts/build.sh"
build="${RAMPART_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${RAMPART_JOBS:-$(nproc)}" "$@"
