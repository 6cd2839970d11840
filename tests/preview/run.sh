#!/usr/bin/env bash
# The admin preview's tests (preview/, web/admin/). Installs what it needs, builds, runs:
#   1. native Catch2 tests: the model, and the ImGui UI driven headlessly (no window);
#   2. the native app: --headless, and a real GLFW + OpenGL3 window under Xvfb (screenshot);
#   3. the WebAssembly build (Emscripten) copied to web/admin/build/;
#   4. the browser test: headless Chromium (WebGL via SwiftShader) on web/admin/ served by the
#      real stepwise-server: builds the seed journey on the canvas, simulates a customer, checks
#      the widget beside it, saves, loads, turns on, and screenshots into test-artifacts/.
# Exits non-zero when anything fails. Build trees: build/ (preset preview-native), build-preview-wasm/.
#   STEPWISE_SERVER=path  use this stepwise-server (default: build/bin/stepwise-server, built if need be)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
jobs=$(nproc)

# ---- packages (Debian 12): the project's one list, with what the suites need (its window, Chromium)
bash scripts/deps.sh --tests

# ---- Dear ImGui 1.86 from Debian's source package, into .cache/imgui (git-ignored)
bash preview/fetch-imgui.sh

failed=()
run() {
  local name=$1; shift
  echo "--- preview: $name"
  if "$@"; then echo "--- preview: $name: ok"; else echo "--- preview: $name: FAILED"; failed+=("$name"); fi
}
mkdir -p test-artifacts
rm -f test-artifacts/preview-*  # this run's screenshots only

# ---- native: in the native tree (preset preview-native is build/ with the
# preview switched on), so the engine and the CLI already built there serve
# the preview too; only the preview's own targets are built here.
server=${STEPWISE_SERVER:-}
cmake --preset preview-native >/dev/null
targets=(stepwise stepwise_preview stepwise_preview_tests)
[ -z "$server" ] && targets+=(stepwise-server) && server=$repo/build/bin/stepwise-server
cmake --build build -j"$jobs" --target "${targets[@]}"

run "Catch2 model and headless UI tests" build/bin/stepwise_preview_tests
headless_state() {
  build/bin/stepwise_preview --headless --example --frames 3 > test-artifacts/preview-headless-state.json &&
    node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
             if (!s.valid || s.view.items.length !== 3) process.exit(1)' test-artifacts/preview-headless-state.json
}
run "native app, --headless" headless_state
native_window() {
  xvfb-run -a -s "-screen 0 1440x900x24" build/bin/stepwise_preview --example --frames 10 \
    --screenshot test-artifacts/preview-native.ppm && node tests/preview/ppm.mjs test-artifacts/preview-native.ppm &&
    rm -f test-artifacts/preview-native.ppm
}
run "native app, GLFW + OpenGL3 window under Xvfb" native_window

# ---- WebAssembly (copied to web/admin/build/ for the server to serve)
export NODE_PATH=/usr/share/nodejs
emcmake cmake --preset preview-wasm >/dev/null
cmake --build build-preview-wasm -j"$jobs" --target stepwise_preview_web
echo "preview: web/admin/build/preview.wasm $(gzip -9c web/admin/build/preview.wasm | wc -c) bytes gzipped," \
     "preview.mjs $(gzip -9c web/admin/build/preview.mjs | wc -c)"

# ---- the storefront widget beside the canvas (web/widget/, built by its own script)
[ -f web/widget/stepwise-widget.js ] || bash widget/build.sh

# ---- browser test
if [ ! -d tests/preview/node_modules/playwright-core ]; then
  (cd tests/preview && npm ci --no-audit --no-fund)
fi
run "browser test (Chromium, WebGL via SwiftShader, real server)" \
  node tests/preview/admin.test.mjs --server "$server" --artifacts test-artifacts
run "operations page (Chromium, real server)" node tests/preview/operate.test.mjs --server "$server" --artifacts test-artifacts

if [ ${#failed[@]} -gt 0 ]; then
  echo "preview: FAILED: ${failed[*]}"
  exit 1
fi
echo "preview: all tests passed (screenshots in test-artifacts/preview-*.png)"
