#!/usr/bin/env bash
# Soak test (not part of CI; figures in docs/performance.md): `jiekang bench` drives its
# mixed workload (logins, work queues, archives, tests recorded, lookups, dashboards) at
# CLIENTS concurrent clients for 10 phases of PHASE_SECONDS (default 32 clients × 10 ×
# 180 s = 30 minutes) against a server it starts, while this script samples the server's
# resident memory every SAMPLE_SECONDS. Fails on any request error, or when memory at the
# end exceeds the first sample after warm-up by more than GROWTH_PERCENT (default 25).
# Usage: scripts/soak.sh [DB] (default: a fresh SQLite file with PERSONS persons, 20,000).
# PROFILE=debug uses the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-32}
PHASE_SECONDS=${PHASE_SECONDS:-180}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-30}
GROWTH_PERCENT=${GROWTH_PERCENT:-25}
PERSONS=${PERSONS:-20000}
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release -q -p jiekang; else cargo build -q -p jiekang; fi
BIN=$PWD/target/$PROFILE/jiekang
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jiekang-soak.XXXXXX")
DB=${1:-$WORK/soak.db}
trap 'kill "$SAMPLER" 2>/dev/null || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"' EXIT

"$BIN" --db "$DB" bench --persons "$PERSONS" --clients "$CLIENTS" --seconds "$PHASE_SECONDS" \
  --json >"$WORK/bench.json" 2>"$WORK/bench.err" &
BENCH=$!

# The server is the bench's child `jiekang … serve`; sample its RSS (KiB) until it ends.
(
  while kill -0 "$BENCH" 2>/dev/null; do
    pid=$(pgrep -P "$BENCH" -f serve | head -1 || true)
    if [ -n "$pid" ]; then
      echo "$(date +%s) $(ps -o rss= -p "$pid" | tr -d ' ')" >>"$WORK/rss.log"
    fi
    sleep "$SAMPLE_SECONDS"
  done
) &
SAMPLER=$!

if ! wait "$BENCH"; then
  echo "the benchmark failed:" >&2
  tail -20 "$WORK/bench.err" >&2
  exit 1
fi
kill "$SAMPLER" 2>/dev/null || true

# Every operation's count and errors (its latency, alone and mixed phases together).
read -r requests errors < <(python3 - "$WORK/bench.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ops = d["operations"]
print(sum(o.get("count", 0) for o in ops.values()), sum(o.get("errors", 0) for o in ops.values()))
PY
)
echo "== $requests requests, $errors with errors"
echo "== server memory (RSS, MiB) every ${SAMPLE_SECONDS}s:"
awk '{printf "%.0f ", $2/1024} END {print ""}' "$WORK/rss.log"
# Warm-up: the first two samples (the server starts, pools fill, caches warm).
first=$(awk 'NR==3 {print $2}' "$WORK/rss.log")
last=$(awk 'END {print $2}' "$WORK/rss.log")
peak=$(awk 'BEGIN {m=0} {if ($2>m) m=$2} END {print m}' "$WORK/rss.log")
echo "== after warm-up $((first / 1024)) MiB, at the end $((last / 1024)) MiB, peak $((peak / 1024)) MiB"
status=0
[ "$errors" = 0 ] || { echo "FAIL: $errors errors"; status=1; }
if [ -n "$first" ] && [ "$last" -gt $((first * (100 + GROWTH_PERCENT) / 100)) ]; then
  echo "FAIL: memory grew more than ${GROWTH_PERCENT}% after warm-up"
  status=1
fi
cp "$WORK/bench.json" "${SOAK_JSON:-/dev/null}" 2>/dev/null || true
exit $status
