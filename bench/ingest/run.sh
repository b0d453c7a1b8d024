#!/bin/sh
# Generates the inputs into /tmp (never into the repo) and runs the ingest bench.
#   bench/ingest/run.sh BUILD_DIR [SIZE]      (SIZE for gen-exchange-logs, default 1G)
set -e
build=${1:?build dir}
size=${2:-1G}
tools=$(dirname "$0")/../../../shared/tools
bench=$build/bench/ingest/rampart_ingest_bench
[ -f /tmp/rampart-bench-ex.log ] || python3 "$tools/gen-exchange-logs" --size "$size" --seed 7 --quiet --out /tmp/rampart-bench-ex.log
[ -f /tmp/rampart-bench-ex.jsonl ] || python3 "$tools/gen-exchange-logs" --size 256M --seed 7 --quiet --format jsonl --out /tmp/rampart-bench-ex.jsonl
"$bench" evtx
"$bench" w3c /tmp/rampart-bench-ex.log
echo "wc -l for comparison:"; /usr/bin/time -f "  wc -l: %e s" wc -l /tmp/rampart-bench-ex.log
"$bench" jsonl /tmp/rampart-bench-ex.jsonl
