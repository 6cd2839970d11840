#!/usr/bin/env bash
# THE main job: installs what it needs, builds the server, the storefront widget
# (WebAssembly) and the admin preview (Dear ImGui in WebAssembly), then runs the
# demo server on 127.0.0.1 with an embedded SQLite database and the demo
# programs loaded. Ctrl-C stops it.
#   PORT (default 8080), STEPWISE_DB (default sqlite:build/demo.db)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
db=${STEPWISE_DB:-sqlite:build/demo.db}
# Demo-only secrets: a real store sets its own (see docs/server.md).
export STEPWISE_ADMIN_KEY=${STEPWISE_ADMIN_KEY:-demo-admin-key}
export STEPWISE_STORE_SECRET=${STEPWISE_STORE_SECRET:-demo-store-secret}

bash scripts/deps.sh
# Only what the demo needs (scripts/build.sh also builds the test suites).
cmake --preset native >/dev/null
cmake --build build -j"$(nproc)" --target stepwise-server stepwise
echo "run: building the storefront widget (WebAssembly engine)"
bash widget/build.sh >/dev/null
if [ ! -f web/admin/build/preview.wasm ]; then
  echo "run: building the admin preview (Dear ImGui, WebAssembly; first time only)"
  bash preview/fetch-imgui.sh
  export NODE_PATH=/usr/share/nodejs
  emcmake cmake --preset preview-wasm >/dev/null
  cmake --build build-preview-wasm -j"$(nproc)" --target stepwise_preview_web >/dev/null
fi

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  echo "run: port $port is in use (an earlier run still going?); another port: PORT=9000 bash scripts/run.sh" >&2
  exit 1
fi
build/bin/stepwise-server serve --db "$db" --port "$port" --web web --demo &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT INT TERM
up=0
for _ in $(seq 1 100); do
  # Alive and answering: a dead server means the port was taken (or the database refused).
  kill -0 "$server" 2>/dev/null || break
  if curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null; then up=1; break; fi
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "run: the server did not start on port $port (see its message above); another port: PORT=9000 bash scripts/run.sh" >&2
  exit 1
fi
python3 scripts/load-demo.py "http://127.0.0.1:$port" "$STEPWISE_ADMIN_KEY"
cat <<MSG

Stepwise demo is running (database $db):
  store:   http://127.0.0.1:$port/            sign in as a shopper (Ada is new, Grace and Alan have history), shop, check out
  wallet:  http://127.0.0.1:$port/wallet.html
  admin:   http://127.0.0.1:$port/admin/#key=$STEPWISE_ADMIN_KEY
  API:     http://127.0.0.1:$port/v1/openapi.json   (admin key: $STEPWISE_ADMIN_KEY)
Ctrl-C stops the server.
MSG
wait $server
