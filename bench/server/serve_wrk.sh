#!/bin/sh
# Serves the ATT&CK store with `rampart serve` and measures it with wrk:
# requests/s, latency percentiles, the server's CPU per request (user+sys
# from /proc/PID/stat) and its RSS after the run. Checks each route's answer
# (status 200, body size) before timing it.
#   bench/server/serve_wrk.sh RAMPART ATTACK_JSON [SECONDS=10] [CONNECTIONS=64] [THREADS=2]
# (the latency runs of the actor page and the graph use 4 connections)
# Needs wrk and curl. Works in a temporary directory removed at the end.
set -eu
rampart=$(realpath "$1"); attack=$(realpath "$2")
seconds=${3:-10}; connections=${4:-64}; threads=${5:-2}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
cd "$dir"
"$rampart" --db attack.db intel import "$attack" >/dev/null
"$rampart" --db attack.db serve --listen 127.0.0.1:0 --threads "$threads" --access-log /dev/null >serve.out 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q '^listening on' serve.out 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' serve.out)
token=$(sed -n 's/^ *token: *//p' serve.out)
[ -n "$url" ] && [ -n "$token" ] || { cat serve.out; exit 2; }
ticks=$(getconf CLK_TCK)

run() {  # name path [connections]
  c=${3:-$connections}
  size=$(curl -s -o body -w '%{http_code} %{size_download}' -H "Authorization: Bearer $token" \
         -H 'Accept: application/taxii+json;version=2.1' "$url$2")
  case $size in 200\ *) ;; *) echo "$1: answer $size, not 200"; exit 1 ;; esac
  before=$(awk '{print $14 + $15}' /proc/$pid/stat)
  echo "== $1 ($2), $c connections, answer ${size#200 } bytes, load $(cut -d' ' -f1-3 /proc/loadavg)"
  wrk -t2 -c"$c" -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
      -H 'Accept: application/taxii+json;version=2.1' "$url$2" >wrk.out
  after=$(awk '{print $14 + $15}' /proc/$pid/stat)
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' wrk.out)
  grep -E 'Requests/sec|Transfer/sec| 50%| 99%|Socket errors|Non-2xx' wrk.out
  awk -v t="$((after - before))" -v hz="$ticks" -v n="$requests" \
      'BEGIN { printf "  server CPU %.2f s, %.3f ms per request\n", t / hz, 1000 * t / hz / n }'
  echo "  RSS $(awk '/VmRSS/ {print $2, $3}' /proc/$pid/status), load after $(cut -d' ' -f1-3 /proc/loadavg)"
}

run taxii "/taxii2/rampart/collections/tlp-clear/objects/?limit=100"
run actor-page "/api/v1/objects/APT40/view"          # what the dashboard's actor page reads
run actor-page "/api/v1/objects/APT40/view" 4        # latency with a few clients
run graph-depth2 "/api/v1/objects/APT40/graph?depth=2" 4
run object "/api/v1/objects/APT40"
