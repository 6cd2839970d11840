#!/usr/bin/env bash
# THE test command. On a fresh Debian 12 (as root): installs the packages
# (scripts/deps.sh), builds build/ (Release, 2 jobs), then runs every suite:
#   ctest        Catch2 specification (unit and property tests), golden vectors through the CLI, CLI contract
#   consumer     cmake --install into a temp prefix; find_package and pkg-config consumers
#   fuzz         libFuzzer + ASan/UBSan for FUZZ_SECONDS (default 60)
#   wasm         scripts/wasm-tests.sh, and any further suite's run.sh, when present
# Prints a summary; exits 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

results=() failed=0 started=$SECONDS
step() { # name, command...
  local name=$1; shift
  local t0=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    results+=("$(printf 'ok      %5ss  %s' $((SECONDS - t0)) "$name")")
  else
    results+=("$(printf 'FAILED  %5ss  %s' $((SECONDS - t0)) "$name")")
    failed=$((failed + 1))
  fi
}
summary() {
  echo
  echo "=== summary ($((SECONDS - started))s)"
  printf '%s\n' "${results[@]}"
  if [ "$failed" -gt 0 ]; then
    echo "FAILED: $failed suite(s)"
    exit 1
  fi
  echo "all test suites passed"
}

step "dependencies (scripts/deps.sh)" bash scripts/deps.sh
step "build (scripts/build.sh)" bash scripts/build.sh
if [ "$failed" -gt 0 ]; then summary; fi   # nothing to test without a build

step "ctest: unit, vectors, CLI" ctest --test-dir build --output-on-failure --timeout 600
step "consumer: install, find_package, pkg-config" bash tests/consumer/run.sh build
step "fuzz: ${FUZZ_SECONDS:-60}s libFuzzer + ASan/UBSan" bash scripts/fuzz.sh
for extra in scripts/wasm-tests.sh tests/server/run.sh tests/browser/run.sh tests/preview/run.sh; do
  if [ -f "$extra" ]; then step "$extra" bash "$extra"; fi
done
summary
