#!/usr/bin/env bash
# Server integration tests: the whole suite against real SQLite files and,
# at the same time, against a throwaway PostgreSQL cluster (pg.sh). Each test
# file starts its own servers on free ports with a database of its own, so
# files run side by side (STEPWISE_TEST_JOBS at a time per database, default
# 4: most of a file's time is waiting on fsync, sockets and timers, not CPU).
# Each database's output is printed whole when it is done. Exits non-zero on
# failure.
#   STEPWISE_SERVER=path   binary to test (default build/bin/stepwise-server)
#   STEPWISE_SKIP_PG=1     SQLite only
#   STEPWISE_TEST_JOBS=N   test files at a time per database (1: one after the other)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${STEPWISE_SERVER:-build/bin/stepwise-server}
if [ ! -x "$BIN" ]; then
  echo "tests/server: $BIN not found; build it first (cmake --build build --target stepwise-server)" >&2
  exit 1
fi
export STEPWISE_SERVER=$(realpath "$BIN")
jobs=${STEPWISE_TEST_JOBS:-4}
unset STEPWISE_TEST_PG

HOOKS="$(dirname "$STEPWISE_SERVER")/stepwise-server-hooks-example"
if [ -x "$HOOKS" ]; then
  echo "--- hooks example (linking stepwise::server with a veto and callbacks)"
  "$HOOKS"
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
node --test --test-concurrency="$jobs" tests/server/*.test.mjs >"$logs/sqlite" 2>&1 &
sqlite_pid=$!
if [ "${STEPWISE_SKIP_PG:-0}" != 1 ]; then
  STEPWISE_TEST_JOBS=$jobs bash tests/server/pg.sh >"$logs/pg" 2>&1 &
  pg_pid=$!
fi

failed=0
wait "$sqlite_pid" || failed=1
echo "--- server integration tests: SQLite"
cat "$logs/sqlite"
if [ -n "${pg_pid:-}" ]; then
  wait "$pg_pid" || failed=1
  echo "--- server integration tests: PostgreSQL"
  cat "$logs/pg"
else
  echo "--- PostgreSQL tests skipped (STEPWISE_SKIP_PG=1)"
fi
exit "$failed"
