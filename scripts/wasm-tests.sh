#!/usr/bin/env bash
# WebAssembly: builds the module (its size check prints the gzipped figure and
# fails above 64 KB), type-checks the hand-written declarations of both JS packages, then proves
# that native and WebAssembly compute the same bytes:
#   tests/wasm/parity.test.mjs        every golden vector vs expected.json and `stepwise eval`
#   tests/wasm/differential.test.mjs  12,000 seeded random cases vs the native batch driver
#   tests/wasm/hostile.test.mjs       hostile input: errors as values, never an abort
#   tests/wasm/schema.test.mjs        schema/engine.schema.json: generated files current, engine outputs valid
# and runs the engine's Catch2 specification (tests/spec/), compiled with Emscripten, under Node.
# STEPWISE_SEED varies the random cases (CI uses the fixed default).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
export NODE_PATH=/usr/share/nodejs   # Emscripten's JS optimizer needs acorn (docs/toolchain.md)

bash scripts/deps.sh   # emscripten (clang, lld, binaryen), nodejs, npm; skips apt when present

step() { echo "--- wasm-tests: $*"; }
failed=()
run() {
  local name=$1; shift
  step "$name"
  if "$@"; then echo "--- wasm-tests: $name: ok"; else echo "--- wasm-tests: $name: FAILED"; failed+=("$name"); fi
}

# Native side: the CLI and the batch driver (wasm/api.cpp built for the host).
# Always brought up to date: a stale native build would compare old engine code.
step "native build (build/)"
if [ ! -f build/CMakeCache.txt ]; then
  bash scripts/build.sh
else
  cmake --build build -j"$jobs" --target stepwise stepwise_batch
fi

# One Emscripten tree: the module and the Catch2 suite link the same engine
# library, built exactly as it ships (-Oz -flto -fno-exceptions).
step "WebAssembly build (build-wasm/)"
emcmake cmake --preset wasm >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cmake --build build-wasm -j"$jobs" >"$log" 2>&1; then
  grep -E 'wasm size' "$log" || true
  tail -n 40 "$log"
  echo "--- wasm-tests: the WebAssembly build failed (or is over the size budget)"
  exit 1
fi
grep -E 'wasm size' "$log" || true
# The size check runs as the module's POST_BUILD step; read its figure again so
# that an up-to-date build (no relink, no message) is still checked.
size=$(cat build-wasm/wasm/size.txt)
budget=$(sed -n 's/^STEPWISE_WASM_SIZE_BUDGET:STRING=//p' build-wasm/CMakeCache.txt)
echo "--- wasm-tests: stepwise.mjs + stepwise.wasm: $size bytes gzipped (budget ${budget:-65536})"
if [ "$size" -gt "${budget:-65536}" ]; then
  echo "--- wasm-tests: over the size budget"
  exit 1
fi

types() {
  (cd tests/wasm &&
    { [ -x node_modules/.bin/tsc ] || npm ci --no-audit --no-fund --loglevel=error; } &&
    node_modules/.bin/tsc -p tsconfig.json)
}
run "types (tsc --noEmit: packages/stepwise-wasm/*.d.mts, packages/stepwise-widget/*.d.ts)" types
run "parity, differential, hostile and schema tests (node --test)" \
  node --test --test-concurrency=1 tests/wasm/parity.test.mjs tests/wasm/differential.test.mjs tests/wasm/hostile.test.mjs \
    tests/wasm/schema.test.mjs
run "engine Catch2 specification under Node (ctest in build-wasm/)" ctest --test-dir build-wasm --output-on-failure

if [ ${#failed[@]} -gt 0 ]; then
  echo "--- wasm-tests FAILED: ${failed[*]}"
  exit 1
fi
echo "--- wasm-tests: all passed"
