#!/usr/bin/env bash
# THE test command. On a fresh Debian 12 (as root): installs the packages
# (scripts/deps.sh), builds build/ (Release, all cores), then runs every suite:
#   ctest        Catch2 specification (unit and property tests), golden vectors through the CLI, CLI contract
#   consumer     cmake --install into a temp prefix; find_package and pkg-config consumers
#   fuzz         libFuzzer + ASan/UBSan for FUZZ_SECONDS (default 60)
#   wasm         scripts/wasm-tests.sh, and any further suite's run.sh, when present
# Prints a summary; exits 1 when anything failed.
#
# Two lanes, so that suites that mostly wait (on fsync, sockets, timers, a
# browser) run while others compile (measured: docs/benchmarks.md, "The test
# command's time"): the background lane runs the server suite,
# then, once the WebAssembly module is built, the browser suite; the foreground
# lane runs the WebAssembly suite, the fuzzers and the admin preview. The
# background lane's output is printed whole when it is done.
# STEPWISE_TEST_SERIAL=1 runs every suite one after the other instead.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

started=$SECONDS
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# step ID NAME COMMAND...: runs it, its outcome in $out/ID.result.
step() {
  local id=$1 name=$2; shift 2
  local t0=$SECONDS status=ok
  echo
  echo "=== $name"
  "$@" || status=FAILED
  printf '%-7s %5ss  %s\n' "$status" $((SECONDS - t0)) "$name" >"$out/$id.result"
  [ "$status" = ok ]
}
summary() {
  echo
  echo "=== summary ($((SECONDS - started))s)"
  cat "$out"/*.result
  local failed
  failed=$(cat "$out"/*.result | grep -c '^FAILED')
  if [ "$failed" -gt 0 ]; then
    echo "FAILED: $failed suite(s)"
    exit 1
  fi
  echo "all test suites passed"
  exit 0
}

step 01 "dependencies (scripts/deps.sh --tests)" bash scripts/deps.sh --tests
step 02 "build (scripts/build.sh)" bash scripts/build.sh || summary   # nothing to test without a build

step 03 "ctest: unit, vectors, CLI" ctest --test-dir build --output-on-failure --timeout 600
step 04 "consumer: install, find_package, pkg-config" bash tests/consumer/run.sh build

if [ "${STEPWISE_TEST_SERIAL:-0}" = 1 ]; then
  step 05 "scripts/wasm-tests.sh" bash scripts/wasm-tests.sh
  step 06 "fuzz: ${FUZZ_SECONDS:-60}s libFuzzer + ASan/UBSan" bash scripts/fuzz.sh
  step 07 "tests/server/run.sh" bash tests/server/run.sh
  step 08 "tests/browser/run.sh" bash tests/browser/run.sh
  step 09 "tests/preview/run.sh" bash tests/preview/run.sh
  summary
fi

# The background lane. The browser suite needs the widget, built from
# build-wasm/ once the WebAssembly suite has built that.
(
  step 07 "tests/server/run.sh" bash tests/server/run.sh
  while [ ! -e "$out/wasm-built" ]; do sleep 1; done
  export STEPWISE_WIDGET_BUILT=1
  step 08 "tests/browser/run.sh" bash tests/browser/run.sh
) >"$out/background.log" 2>&1 &
background=$!

step 05 "scripts/wasm-tests.sh" bash scripts/wasm-tests.sh
echo "=== the widget (widget/build.sh), for the browser and preview suites"
bash widget/build.sh
touch "$out/wasm-built"
step 06 "fuzz: ${FUZZ_SECONDS:-60}s libFuzzer + ASan/UBSan" bash scripts/fuzz.sh
step 09 "tests/preview/run.sh" bash tests/preview/run.sh

wait "$background"
echo
echo "=== the background lane: server and browser suites"
cat "$out/background.log"
summary
