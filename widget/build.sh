#!/usr/bin/env bash
# Builds the storefront widget into web/widget/ (or --out DIR): installs the npm
# tools (tests/browser/package.json) and the WebAssembly module if missing.
#   bash widget/build.sh [--out DIR]
# STEPWISE_WASM_DIR: use an already built module (stepwise.mjs, stepwise.wasm, index.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tests/browser/node_modules/esbuild ]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

wasm_dir=${STEPWISE_WASM_DIR:-build-wasm/wasm}
if [ ! -f "$wasm_dir/stepwise.wasm" ] || [ ! -f "$wasm_dir/index.mjs" ]; then
  echo "widget/build.sh: building the WebAssembly module in build-wasm/"
  export NODE_PATH=/usr/share/nodejs
  emcmake cmake --preset wasm >/dev/null
  cmake --build build-wasm --target stepwise_wasm -j"$(nproc)"
  wasm_dir=build-wasm/wasm
fi

node widget/build.mjs --wasm-dir "$wasm_dir" "$@"
