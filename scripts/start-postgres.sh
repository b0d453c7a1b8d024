#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for tests and benchmarks.
#
#   . scripts/start-postgres.sh      # exports RAMPART_TEST_PG_URL and RAMPART_PG_DIR,
#                                    # defines rampart_stop_postgres
#   scripts/start-postgres.sh        # prints the export lines and the stop command
#   scripts/stop-postgres.sh DIR     # stops the cluster in DIR and removes DIR
#
# Installs Debian's postgresql if it is missing (apt-get, as root). The
# cluster lives in a new temporary folder (initdb + pg_ctl), listens on
# 127.0.0.1 only, on a free port, with trust authentication for the local
# user; as root the server runs as the unprivileged user `postgres`.
# Idempotent: every call makes a new cluster; nothing outside the folder
# changes except the package install.

_rampart_pg_main() {
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
    if [[ "$(id -u)" != 0 ]]; then
      echo "start-postgres: PostgreSQL is not installed (apt-get install postgresql as root)" >&2
      return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends postgresql >&2 ||
      { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2; } || return 1
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -x "$bindir/initdb" ]] || { echo "start-postgres: no initdb after installing postgresql" >&2; return 1; }
  fi

  local dir run_as=()
  dir="$(mktemp -d "${TMPDIR:-/tmp}/rampart-pg.XXXXXX")" || return 1
  if [[ "$(id -u)" == 0 ]]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    chown postgres: "$dir"
    run_as=(runuser -u postgres --)
  fi
  local user
  user="$(${run_as[@]+"${run_as[@]}"} id -un)"
  (cd "$dir" && ${run_as[@]+"${run_as[@]}"} "$bindir/initdb" -D "$dir/data" -U "$user" --auth=trust \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1) || {
    echo "start-postgres: initdb failed, see $dir/initdb.log" >&2
    return 1
  }

  # A free port: ask the kernel for one, then let pg_ctl fail and retry if
  # another process took it meanwhile.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if (cd "$dir" && ${run_as[@]+"${run_as[@]}"} "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null); then
      break
    fi
    port=""
  done
  if [[ -z "$port" ]]; then
    echo "start-postgres: the server did not start, see $dir/server.log" >&2
    return 1
  fi
  (cd "$dir" && ${run_as[@]+"${run_as[@]}"} "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" rampart_test) || {
    echo "start-postgres: createdb failed" >&2
    return 1
  }
  RAMPART_PG_DIR="$dir"
  RAMPART_PG_BINDIR="$bindir"
  RAMPART_TEST_PG_URL="postgresql://$user@127.0.0.1:$port/rampart_test"
  export RAMPART_PG_DIR RAMPART_PG_BINDIR RAMPART_TEST_PG_URL
}

_RAMPART_PG_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

rampart_stop_postgres() {
  [[ -n "${RAMPART_PG_DIR:-}" && -d "$RAMPART_PG_DIR" ]] || return 0
  "$_RAMPART_PG_SCRIPTS/stop-postgres.sh" "$RAMPART_PG_DIR"
  unset RAMPART_PG_DIR
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  _rampart_pg_main
  echo "export RAMPART_TEST_PG_URL=$RAMPART_TEST_PG_URL"
  echo "export RAMPART_PG_DIR=$RAMPART_PG_DIR"
  echo "# stop with: $(cd "$(dirname "$0")" && pwd)/stop-postgres.sh $RAMPART_PG_DIR"
else
  _rampart_pg_main
fi
