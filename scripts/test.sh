#!/usr/bin/env bash
# Builds rampart and runs every test (unit, data-driven, end-to-end).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
build="${RAMPART_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure -j "${RAMPART_JOBS:-$(nproc)}" "$@"
