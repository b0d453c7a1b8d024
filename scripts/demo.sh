#!/usr/bin/env bash
# The founding story on the embedded default: builds rampart, then runs
# `rampart demo`, which imports ATT&CK and the MISP galaxy into a fresh
# knowledge base and shows APT40 and HAFNIUM (and, as later steps land, reads
# the founding article and hunts generated Exchange logs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
build="${RAMPART_BUILD_DIR:-$root/build}"
data="${RAMPART_DATA_DIR:-$root/../shared/data}"
exec "$build/src/cli/rampart" demo --data "$data" --workdir "${RAMPART_DEMO_DIR:-$build/demo}" "$@"
