#!/usr/bin/env bash
# Server benchmarks (figures, not pass/fail tests). Loopback, SQLite on disk
# with WAL + synchronous=FULL (every acknowledged event is durable).
#   1. ingestion: wrk POSTs one new order event per request -> throughput, p99
#   2. progress reads: wrk GETs /v1/customers/{id}/milestone-progress
#   3. recalculate --all over RECALC_CUSTOMERS customers x 20 events:
#      first run (issues every award) and steady state (nothing new due)
# Parameters (environment): RECALC_CUSTOMERS (default 100000; the target size is
# 1000000), READ_CUSTOMERS (10000), DURATION seconds per wrk run (15),
# CONNECTIONS (32), BENCH_DIR (a temp dir; reused, the imported recalc data
# is kept), STEPWISE_SERVER (binary), SKIP_INGEST / SKIP_READS / SKIP_RECALC=1.
set -euo pipefail
cd "$(dirname "$0")/../../.."
BIN=$(realpath "${STEPWISE_SERVER:-build/bin/stepwise-server}")
HERE=tests/server/bench
RECALC_CUSTOMERS=${RECALC_CUSTOMERS:-100000}
READ_CUSTOMERS=${READ_CUSTOMERS:-10000}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
DIR=${BENCH_DIR:-$(mktemp -d /tmp/stepwise-bench.XXXXXX)}
mkdir -p "$DIR"
KEY=bench-admin-key-0123456789
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

start_server() {  # db port
  "$BIN" serve --db "sqlite:$1" --port "$2" --admin-key "$KEY" --store-secret bench --log-level warn >"$DIR/server-$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/v1/health" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

if [ "${SKIP_INGEST:-0}" != 1 ]; then
echo "=== 1. ingestion (POST /v1/events, one event per request, $CONNECTIONS connections, ${DURATION}s)"
rm -f "$DIR"/ingest.db*
start_server "$DIR/ingest.db" 18201
curl -sf -XPOST http://127.0.0.1:18201/v1/programs -H "Authorization: Bearer $KEY" --data-binary @examples/tiers-program.json >/dev/null
# Programs are saved switched off: switch it on, or nothing is awarded.
curl -sf -XPOST http://127.0.0.1:18201/v1/programs/spend/activate -H "Authorization: Bearer $KEY" >/dev/null
ADMIN_KEY=$KEY CUSTOMERS=100000 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s $HERE/ingest.lua http://127.0.0.1:18201 | grep RESULT
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

fi

if [ "${SKIP_READS:-0}" != 1 ]; then
echo "=== 2. progress reads (GET milestone-progress, $READ_CUSTOMERS customers x 20 events, $CONNECTIONS connections, ${DURATION}s)"
rm -f "$DIR"/read.db*
"$BIN" program put --db "sqlite:$DIR/read.db" examples/tiers-program.json >/dev/null
"$BIN" program activate spend --db "sqlite:$DIR/read.db" >/dev/null
node $HERE/gen.mjs "$READ_CUSTOMERS" 20 7 | "$BIN" import --db "sqlite:$DIR/read.db" - | tail -1
"$BIN" recalculate --all --db "sqlite:$DIR/read.db" | tail -1
start_server "$DIR/read.db" 18202
ADMIN_KEY=$KEY CUSTOMERS=$READ_CUSTOMERS wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s $HERE/progress.lua http://127.0.0.1:18202 | grep RESULT
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

fi

[ "${SKIP_RECALC:-0}" = 1 ] && exit 0
echo "=== 3. recalculate --all ($RECALC_CUSTOMERS customers x 20 events)"
DB="$DIR/recalc-$RECALC_CUSTOMERS.db"
if [ ! -f "$DB.imported" ]; then
  rm -f "$DB"*
  "$BIN" program put --db "sqlite:$DB" examples/tiers-program.json >/dev/null
  "$BIN" program activate spend --db "sqlite:$DB" >/dev/null   # programs are saved switched off
  node $HERE/gen.mjs "$RECALC_CUSTOMERS" 20 42 | "$BIN" import --db "sqlite:$DB" - | tail -1
  sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null 2>&1 || true
  cp "$DB" "$DB.imported"
else
  cp "$DB.imported" "$DB"; rm -f "$DB-wal" "$DB-shm"
fi
echo "--- first run (every award issued: ledger, rewards, notices, emails)"
"$BIN" recalculate --all --db "sqlite:$DB" --progress-interval 10 | tail -1
echo "--- steady state (run again: nothing new is due)"
"$BIN" recalculate --all --db "sqlite:$DB" --progress-interval 10 | tail -1
echo "database: $(du -h "$DB" | cut -f1)"
