# Sourced (not run): starts a throwaway PostgreSQL cluster on 127.0.0.1 in a
# temp dir (as the postgres user when run as root; installs Debian's
# postgresql if missing), exports STEPWISE_TEST_PG=postgresql://postgres@127.0.0.1:PORT
# and puts psql on PATH; the cluster is stopped and deleted when the shell exits.
# Used by tests/server/pg.sh and tests/server/bench/pg_two.sh.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    bash "$(dirname "${BASH_SOURCE[0]}")/../../scripts/deps.sh" --tests >/dev/null   # the project's one list
  else
    echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$(mktemp -d /tmp/stepwise-pg.XXXXXX)
PG_PORT=${STEPWISE_PG_PORT:-$((20000 + RANDOM % 20000))}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; fi
stop_pg_cluster() {
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg_cluster EXIT
as_pg "$PGBIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c synchronous_commit=on" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
export STEPWISE_TEST_PG="postgresql://postgres@127.0.0.1:$PG_PORT"
export PATH="$PGBIN:$PATH"
