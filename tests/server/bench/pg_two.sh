#!/usr/bin/env bash
# One and two stepwise-server processes on one PostgreSQL database, side by
# side in one run: ingestion (POST /v1/events, one order per request) and
# progress reads, with wrk (Debian's) on the same cores. Prints RESULT lines;
# the figures go to docs/benchmarks.md.
# Parameters (environment): DURATION seconds per wrk run (15), CONNECTIONS in
# all (32; split between the processes), READ_CUSTOMERS (10000), STEPWISE_SERVER.
set -euo pipefail
cd "$(dirname "$0")/../../.."
BIN=$(realpath "${STEPWISE_SERVER:-build/bin/stepwise-server}")
HERE=tests/server/bench
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-32}
READ_CUSTOMERS=${READ_CUSTOMERS:-10000}
KEY=bench-admin-key-0123456789
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
source tests/server/pg_cluster.sh
PIDS=()
stop_servers() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop_servers; stop_pg_cluster' EXIT

start_server() {  # db-url port
  "$BIN" serve --db "$1" --port "$2" --admin-key "$KEY" --store-secret bench --log-level warn >"$PG_DIR/server-$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/v1/health" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
sum_rps() { awk '/RESULT/ { for (i = 1; i <= NF; i++) if ($i ~ /^rps=/) { sub("rps=", "", $i); s += $i } } END { printf "%d\n", s }'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
psql "$STEPWISE_TEST_PG/postgres" -q -c "CREATE DATABASE ingest" -c "CREATE DATABASE reads"
INGEST="$STEPWISE_TEST_PG/ingest" READS="$STEPWISE_TEST_PG/reads"
"$BIN" program put --db "$INGEST" examples/tiers-program.json >/dev/null
"$BIN" program activate spend --db "$INGEST" >/dev/null

echo "=== ingestion, one process ($CONNECTIONS connections, ${DURATION}s)"
start_server "$INGEST" 18301
ADMIN_KEY=$KEY PREFIX=a wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s $HERE/ingest.lua http://127.0.0.1:18301 | grep RESULT
echo "=== ingestion, two processes ($((CONNECTIONS / 2)) connections each, ${DURATION}s)"
start_server "$INGEST" 18302
{ ADMIN_KEY=$KEY PREFIX=b wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" -s $HERE/ingest.lua http://127.0.0.1:18301 &
  ADMIN_KEY=$KEY PREFIX=c wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" -s $HERE/ingest.lua http://127.0.0.1:18302 &
  wait; } | grep RESULT | tee "$PG_DIR/two.txt"
echo "two processes in all: $(sum_rps < "$PG_DIR/two.txt") events/s"
stop_servers

"$BIN" program put --db "$READS" examples/tiers-program.json >/dev/null
"$BIN" program activate spend --db "$READS" >/dev/null
node $HERE/gen.mjs "$READ_CUSTOMERS" 20 7 | "$BIN" import --db "$READS" - | tail -1
"$BIN" recalculate --all --db "$READS" | tail -1
echo "=== progress reads, one process ($READ_CUSTOMERS customers x 20 events)"
start_server "$READS" 18303
ADMIN_KEY=$KEY CUSTOMERS=$READ_CUSTOMERS wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s $HERE/progress.lua http://127.0.0.1:18303 | grep RESULT
echo "=== progress reads, two processes"
start_server "$READS" 18304
{ ADMIN_KEY=$KEY CUSTOMERS=$READ_CUSTOMERS wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" -s $HERE/progress.lua http://127.0.0.1:18303 &
  ADMIN_KEY=$KEY CUSTOMERS=$READ_CUSTOMERS wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" -s $HERE/progress.lua http://127.0.0.1:18304 &
  wait; } | grep RESULT | tee "$PG_DIR/two.txt"
echo "two processes in all: $(sum_rps < "$PG_DIR/two.txt") reads/s"
