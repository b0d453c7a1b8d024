#!/usr/bin/env bash
# ship -> worker -> alerts consume through a nats-server on loopback, against
# single-process `rampart hunt --threads 1` on the same generated Exchange log
# and rules. Checks first (the fleet's hits, sorted, must equal the hunt's),
# then prints per stage: seconds and events/s; per worker: events, active
# seconds (first batch fetched to last acked), events/s and efficiency
# against the hunt's per-core rate (hunt's own pipeline seconds, rule loading
# excluded on both sides). One run with one worker, one with two.
# Usage:
#   bench/fleet/run.sh RAMPART [EVENTS] [RULES]
# e.g. bench/fleet/run.sh build/src/cli/rampart 200000 ../shared/data/sigma
set -euo pipefail
rampart=$(realpath "$1") events=${2:-100000} rules=${3:-$(dirname "$0")/../../../shared/data/sigma}
tools=$(dirname "$0")/../../../shared/tools
work=$(mktemp -d /tmp/fleet-bench.XXXXXX)
nats_pid=
cleanup() { [[ -n "$nats_pid" ]] && kill "$nats_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
field() { sed -n "s/.*[ (]\([0-9.]*\) $1.*/\1/p" "$2" | tail -1; }  # the number before a word

log=$work/ex.log
"$tools/gen-exchange-logs" --events "$events" --attack-rate 0.002 --seed 9 --server-ip 10.2.10.25 \
  --out "$log" --truth "$work/truth.jsonl" --quiet
echo "log: $events events, $(stat -c %s "$log") bytes; rules: $rules; $(date -u +%FT%TZ); nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"

"$rampart" --db "$work/kb.db" hunt --threads 1 --rules "$rules" --output jsonl --out "$work/hunt.jsonl" \
  --summary-json "$work/summary.json" "$log" 2> "$work/hunt.err" || [[ $? == 1 ]]
hunt_s=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$work/summary.json")
hunt_rate=$(echo "$events / $hunt_s" | bc -l)
printf 'hunt --threads 1        %8.2f s  %9.0f events/s  (%s hits)\n' "$hunt_s" "$hunt_rate" "$(wc -l < "$work/hunt.jsonl")"

for workers in 1 2; do
  port=$(free_port)
  nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/js$workers" > "$work/nats$workers.log" 2>&1 &
  nats_pid=$!
  for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
  url=nats://127.0.0.1:$port
  start=$(date +%s.%N)
  "$rampart" ship --nats "$url" --source bench "$log" 2> "$work/ship.err"
  ship_s=$(echo "$(date +%s.%N) - $start" | bc -l)
  printf '%d worker(s): ship        %8.2f s  %9.0f events/s\n' "$workers" "$ship_s" "$(echo "$events / $ship_s" | bc -l)"
  pids=()
  for w in $(seq "$workers"); do
    "$rampart" worker --nats "$url" --rules "$rules" --exit-when-idle 2 2> "$work/worker$w.err" &
    pids+=($!)
  done
  wait "${pids[@]}"
  max_active=0 total=0
  for w in $(seq "$workers"); do
    n=$(field events "$work/worker$w.err") a=$(sed -n 's/.*active \([0-9.]*\) s.*/\1/p' "$work/worker$w.err")
    rate=$(echo "$n / $a" | bc -l)
    printf '  worker %d: %8d events in %6.2f s active  %9.0f events/s  efficiency %5.1f%% of hunt per core\n' \
      "$w" "$n" "$a" "$rate" "$(echo "100 * $rate / $hunt_rate" | bc -l)"
    total=$((total + n))
    max_active=$(echo "if ($a > $max_active) $a else $max_active" | bc -l)
  done
  printf '  workers together: %d events in %.2f s  %9.0f events/s\n' "$total" "$max_active" "$(echo "$total / $max_active" | bc -l)"
  start=$(date +%s.%N)
  "$rampart" --db "$work/fleet$workers.db" alerts consume --nats "$url" --rules "$rules" --output jsonl \
    --exit-when-idle 1 > "$work/fleet.jsonl" 2> "$work/consume.err"
  consume_s=$(echo "$(date +%s.%N) - $start" | bc -l)
  if ! cmp -s <(sort "$work/fleet.jsonl") <(sort "$work/hunt.jsonl"); then
    echo "MISMATCH: the fleet's hits differ from the hunt's" >&2
    exit 1
  fi
  printf '  alerts consume: %d hits stored in %.2f s (incl. ~2 s idle wait); hits identical to hunt\n' \
    "$(wc -l < "$work/fleet.jsonl")" "$consume_s"
  kill "$nats_pid"; wait "$nats_pid" 2>/dev/null || true; nats_pid=
done
