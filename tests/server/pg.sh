#!/usr/bin/env bash
# Runs the server suite against PostgreSQL: installs Debian's postgresql if
# needed, starts a throwaway cluster on 127.0.0.1 in a temp dir (as the
# postgres user when run as root), runs the same tests with STEPWISE_TEST_PG
# (including two server processes on one database and kill -9 during
# recalculate --all), then stops and deletes the cluster.
#   bash tests/server/pg.sh [test files...]   (default: every tests/server/*.test.mjs)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${STEPWISE_SERVER:-build/bin/stepwise-server}
[ -x "$BIN" ] || { echo "tests/server/pg.sh: $BIN not found" >&2; exit 1; }
export STEPWISE_SERVER=$(realpath "$BIN")

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql postgresql-client >/dev/null
  else
    echo "tests/server/pg.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

DIR=$(mktemp -d /tmp/stepwise-pg.XXXXXX)
PORT=${STEPWISE_PG_PORT:-$((20000 + RANDOM % 20000))}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c synchronous_commit=on" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"

export STEPWISE_TEST_PG="postgresql://postgres@127.0.0.1:$PORT"
export PATH="$PGBIN:$PATH"   # psql
# Arguments: test files to run (default: the whole suite).
if [ $# -gt 0 ]; then tests=("$@"); else tests=(tests/server/*.test.mjs); fi
if ! node --test --test-concurrency=1 "${tests[@]}"; then
  echo "--- PostgreSQL server log (tail)"; tail -30 "$DIR/server.log" || true
  exit 1
fi
