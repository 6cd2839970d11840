#!/usr/bin/env bash
# Browser tests: the storefront widget and the demo store in Debian's headless
# Chromium, driven by playwright-core, against the real stepwise-server.
#   bash tests/browser/run.sh [node --test args...]
# Installs Chromium and the npm packages when missing, builds what it needs
# (the server, the WebAssembly module, the widget bundle), then runs
# tests/browser/*.test.mjs with node --test. store.test.mjs and shopper.test.mjs
# (the shopper issue's regressions) start the server on
# 127.0.0.1 with a free port (--port 0) and a fresh SQLite file, and stops it
# when done. Screenshots and the printed statement go to test-artifacts/browser/.
# Exits non-zero when a test fails.
#
# STEPWISE_SERVER      server binary (default build/bin/stepwise-server, built if missing)
# STEPWISE_WASM_DIR    a built WebAssembly module (default build-wasm/wasm, built if missing)
# STEPWISE_SERVER_LOG  set to print the server's log after the tests
# STEPWISE_WIDGET_BUILT=1  web/widget/ is up to date: do not build it again
# STEPWISE_TEST_JOBS   test files at a time (default 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

bash scripts/deps.sh --tests   # Chromium, Node.js and npm, from the project's one list
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "browser tests: Node.js 20 or newer is needed (playwright-core); found $(node --version)" >&2
  exit 1
fi

(cd tests/browser && if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/esbuild ]; then
  npm ci --no-audit --no-fund   # exact versions from the committed package-lock.json
fi)

export STEPWISE_SERVER=${STEPWISE_SERVER:-$repo/build/bin/stepwise-server}
if [ ! -x "$STEPWISE_SERVER" ]; then
  echo "browser tests: building the server"
  bash scripts/build.sh
fi

# The widget bundle (and the WebAssembly module if it is not built yet) into web/widget/,
# unless the caller just did (scripts/test.sh, while other suites read those files).
[ "${STEPWISE_WIDGET_BUILT:-0}" = 1 ] || bash widget/build.sh

mkdir -p test-artifacts/browser
export TEST_ARTIFACTS=$repo/test-artifacts/browser
cd tests/browser
# Two files at a time by default (STEPWISE_TEST_JOBS): most of a file is waiting
# on the browser and the server, and each file has its own browser, server and
# database.
exec node --test --test-concurrency="${STEPWISE_TEST_JOBS:-2}" --test-reporter=spec "$@" widget.test.mjs store.test.mjs shopper.test.mjs rewards.test.mjs points.test.mjs credit_coupons.test.mjs referral.test.mjs layout.test.mjs launcher.test.mjs embed.test.mjs shopify_embed.test.mjs packages.test.mjs
