#!/usr/bin/env bash
# ship -> worker -> alerts consume through a nats-server on loopback, against
# single-process `rampart hunt --threads 1` on the same generated Exchange log
# and rules. Checks first (the fleet's hits, sorted, must equal the hunt's),
# then prints per stage: seconds and events/s; per worker: events, active
# seconds (first batch fetched to last acked, wall), events/s, and its
# efficiency against the hunt in CPU time per event: the hunt's CPU minus
# that of a hunt over an empty log (rule loading), against the worker's own
# CPU count while it ran (after loading; libnats threads included). CPU time
# keeps the ratio meaningful on a shared, loaded machine where wall time is
# not; give enough events (1,000,000) that hunting outweighs the noise of
# rule loading. One run with one
# worker, one with two.
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

cpu() { tail -1 "$1" | awk '{print $2 + $3}'; }  # user + sys of a /usr/bin/time -f "%e %U %S" file
: > "$work/empty.log"
/usr/bin/time -f "%e %U %S" -o "$work/time.load" "$rampart" --db "$work/kb.db" hunt --threads 1 --rules "$rules" \
  "$work/empty.log" > /dev/null 2>&1 || true
load_cpu=$(cpu "$work/time.load")
"$rampart" --db "$work/kb.db" hunt --threads 1 --rules "$rules" --output jsonl --out "$work/hunt.jsonl" "$log" \
  2> "$work/hunt.err" || true
# The CPU per event from the log hunted three times in one run, so that the
# noise of rule loading (tenths of a second) weighs a third as much.
/usr/bin/time -f "%e %U %S" -o "$work/time.hunt" "$rampart" --db "$work/kb.db" hunt --threads 1 --rules "$rules" \
  --output jsonl --out "$work/hunt3.jsonl" --summary-json "$work/summary.json" "$log" "$log" "$log" 2> /dev/null || true
hunt_s=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"] / 3)' "$work/summary.json")
hunt_cpu=$(echo "($(cpu "$work/time.hunt") - $load_cpu) / 3" | bc -l)
hunt_rate=$(echo "$events / $hunt_cpu" | bc -l)
printf 'rule loading (hunt over an empty log): %.2f s CPU\n' "$load_cpu"
printf 'hunt --threads 1        %8.2f s wall (pipeline)  %6.2f s CPU after loading  %9.0f events/s per core  (%s hits)\n' \
  "$hunt_s" "$hunt_cpu" "$hunt_rate" "$(wc -l < "$work/hunt.jsonl")"

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
    /usr/bin/time -f "%e %U %S" -o "$work/time.worker$w" \
      "$rampart" worker --nats "$url" --rules "$rules" --exit-when-idle 2 2> "$work/worker$w.err" &
    pids+=($!)
  done
  wait "${pids[@]}"
  max_active=0 total=0
  for w in $(seq "$workers"); do
    n=$(field events "$work/worker$w.err") a=$(sed -n 's/.*active \([0-9.]*\) s.*/\1/p' "$work/worker$w.err")
    rate=$(echo "$n / $a" | bc -l)
    wcpu=$(sed -n 's/.* \([0-9.]*\) s CPU.*/\1/p' "$work/worker$w.err")
    wrate=$(echo "$n / $wcpu" | bc -l)
    printf '  worker %d: %8d events, %6.2f s active (wall) %9.0f events/s; %6.2f s CPU %9.0f events/s per core = %5.1f%% of hunt\n' \
      "$w" "$n" "$a" "$rate" "$wcpu" "$wrate" "$(echo "100 * $wrate / $hunt_rate" | bc -l)"
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
