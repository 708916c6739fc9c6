#!/usr/bin/env bash
# Crash test (not part of CI; figures in docs/performance.md): kill the server with SIGKILL
# while concurrent clients write, RUNS times, on one SQLite database. After each kill:
#   - every write the server acknowledged is in the database (persons registered through
#     the API; archive openings, whose audit records go through the group commit);
#   - `jiekang audit verify` finds the hash chain intact;
#   - the server starts again on the same files.
# Usage: scripts/crash-test.sh [RUNS] (default 20). Needs python3. Builds the release binary.
# Environment: THREADS (default 8), MIN_SECONDS / MAX_SECONDS before the kill (2 / 8),
# KEEP=1 keeps the work directory.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-20}
THREADS=${THREADS:-8}
MIN_SECONDS=${MIN_SECONDS:-2}
MAX_SECONDS=${MAX_SECONDS:-8}
PORT=${PORT:-18431}

# PROFILE=debug uses the debug build (quicker to build; the durability is the same).
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then cargo build --release -q -p jiekang; else cargo build -q -p jiekang; fi
BIN=$PWD/target/$PROFILE/jiekang
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jiekang-crash.XXXXXX")
DB="$WORK/crash.db"
ACKED="$WORK/acked.jsonl"
PASSWORD='Crash-Test-Passw0rd!'
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && echo "work directory kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

echo "== preparing $DB"
"$BIN" --db "$DB" demo --persons 200 >/dev/null
printf '%s\n' "$PASSWORD" | "$BIN" --db "$DB" admin create-user \
  --username crash.writer --unit 150602001 --role township_office >/dev/null

start_server() {
  "$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" --no-sweep \
    --searches-per-minute 1000000 >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start; log:" >&2
  tail -20 "$WORK/server.log" >&2
  exit 1
}

failures=0
for run in $(seq 1 "$RUNS"); do
  start_server
  python3 scripts/crash_client.py write --base "http://127.0.0.1:$PORT" \
    --username crash.writer --password "$PASSWORD" --unit-code 150602001 \
    --threads "$THREADS" --acked "$ACKED" >"$WORK/client.out" 2>&1 &
  CLIENT_PID=$!
  sleep "$(python3 -c "import random; print(random.uniform($MIN_SECONDS, $MAX_SECONDS))")"
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  wait "$CLIENT_PID" 2>/dev/null || true
  if ! result=$(python3 scripts/crash_client.py check --db "$DB" --acked "$ACKED"); then
    echo "run $run: LOST ACKNOWLEDGED WRITES: $result"
    failures=$((failures + 1))
  fi
  if "$BIN" --db "$DB" audit verify >"$WORK/verify.out" 2>&1; then
    chain="audit chain intact"
  else
    chain="AUDIT CHAIN BROKEN: $(tail -3 "$WORK/verify.out")"
    failures=$((failures + 1))
  fi
  echo "run $run/$RUNS: $result; $(grep -c . "$ACKED" || true) acknowledged writes so far; $chain"
done

echo "== $RUNS SIGKILL runs, $failures failures"
[ "$failures" = 0 ]
