#!/usr/bin/env bash
# Server integration tests: the whole suite against a real SQLite file, then
# against a throwaway PostgreSQL cluster (pg.sh). Exits non-zero on failure.
#   STEPWISE_SERVER=path   binary to test (default build/bin/stepwise-server)
#   STEPWISE_SKIP_PG=1     SQLite only
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${STEPWISE_SERVER:-build/bin/stepwise-server}
if [ ! -x "$BIN" ]; then
  echo "tests/server: $BIN not found; build it first (cmake --build build --target stepwise-server)" >&2
  exit 1
fi
export STEPWISE_SERVER=$(realpath "$BIN")
unset STEPWISE_TEST_PG

HOOKS="$(dirname "$STEPWISE_SERVER")/stepwise-server-hooks-example"
if [ -x "$HOOKS" ]; then
  echo "--- hooks example (linking stepwise::server with a veto and callbacks)"
  "$HOOKS"
fi

echo "--- server integration tests: SQLite"
node --test --test-concurrency=1 tests/server/*.test.mjs

if [ "${STEPWISE_SKIP_PG:-0}" = 1 ]; then
  echo "--- PostgreSQL tests skipped (STEPWISE_SKIP_PG=1)"
else
  echo "--- server integration tests: PostgreSQL"
  bash tests/server/pg.sh
fi
