#!/usr/bin/env bash
# Stops a cluster made by scripts/start-postgres.sh and removes its folder.
#   scripts/stop-postgres.sh DIR
set -euo pipefail
dir="${1:?usage: stop-postgres.sh DIR (the RAMPART_PG_DIR that start-postgres.sh printed)}"
[[ -d "$dir/data" ]] || { echo "stop-postgres: no cluster in '$dir'" >&2; exit 2; }
bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
run_as=()
[[ "$(id -u)" == 0 ]] && run_as=(runuser -u postgres --)
(cd "$dir" && ${run_as[@]+"${run_as[@]}"} "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null) || true
rm -rf "$dir"
