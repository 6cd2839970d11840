#!/usr/bin/env bash
# Runs the server suite against PostgreSQL: installs Debian's postgresql if
# needed, starts a throwaway cluster on 127.0.0.1 in a temp dir (as the
# postgres user when run as root), runs the same tests with STEPWISE_TEST_PG
# (including two server processes on one database and kill -9 during
# recalculate --all), then stops and deletes the cluster.
#   bash tests/server/pg.sh [test files...]   (default: every tests/server/*.test.mjs)
#   STEPWISE_TEST_JOBS=N   test files at a time (default 4; each has its own database)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${STEPWISE_SERVER:-build/bin/stepwise-server}
[ -x "$BIN" ] || { echo "tests/server/pg.sh: $BIN not found" >&2; exit 1; }
export STEPWISE_SERVER=$(realpath "$BIN")

source tests/server/pg_cluster.sh   # STEPWISE_TEST_PG, PG_DIR; stopped on exit

# Arguments: test files to run (default: the whole suite).
if [ $# -gt 0 ]; then tests=("$@"); else tests=(tests/server/*.test.mjs); fi
if ! node --test --test-concurrency="${STEPWISE_TEST_JOBS:-4}" "${tests[@]}"; then
  echo "--- PostgreSQL server log (tail)"; tail -30 "$PG_DIR/server.log" || true
  exit 1
fi
