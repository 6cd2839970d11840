#!/usr/bin/env bash
# Builds the libFuzzer targets (clang++, ASan + UBSan) in build-fuzz/ and runs
# each for a bounded time on a fresh temporary corpus: FUZZ_SECONDS (default
# 60) split between them, so the test command takes as long as before.
#   fuzz_engine  the engine's public path; seeds: the golden vectors (program NUL history)
#   fuzz_http    the server's request parsing, framing and event JSON reading;
#                seeds: tests/fuzz/http-seeds (raw requests)
# Any crash, timeout, leak or sanitizer report fails the run; the failing
# input is kept in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
http_seconds=$((seconds / 2))
engine_seconds=$((seconds - http_seconds))
jobs=$(nproc)

# CMakePresets.json "fuzz": clang++, STEPWISE_FUZZ and STEPWISE_SANITIZE (the engine adds ASan/UBSan itself).
cmake --preset fuzz --no-warn-unused-cli >/dev/null
cmake --build build-fuzz --target fuzz_engine fuzz_http -j"$jobs"

corpus=$(mktemp -d); http_corpus=$(mktemp -d); trap 'rm -rf "$corpus" "$http_corpus"' EXIT
for d in tests/vectors/*/ tests/vectors/errors/*/; do
  [ -f "$d/program.json" ] || continue
  name=$(basename "$d")
  if [ -f "$d/history.json" ]; then
    { cat "$d/program.json"; printf '\0'; cat "$d/history.json"; } >"$corpus/$name"
  else
    cp "$d/program.json" "$corpus/$name"
  fi
done
for p in examples/*-program.json; do
  h=${p%-program.json}-history.json
  [ -f "$h" ] && { cat "$p"; printf '\0'; cat "$h"; } >"$corpus/example-$(basename "$p")"
done
cp tests/fuzz/http-seeds/* "$http_corpus/"
mkdir -p build-fuzz/artifacts

run() {  # target corpus seconds
  local target=$1 dir=$2 secs=$3 log=build-fuzz/$1.log code
  echo "fuzz $target: $(find "$dir" -type f | wc -l) seed inputs, ${secs}s"
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-fuzz/bin/"$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -detect_leaks=1 -print_final_stats=1 -artifact_prefix=build-fuzz/artifacts/ "$dir" >"$log" 2>&1
  code=$?
  set -e
  grep -E "^(Done|stat::)" "$log" || tail -n 12 "$log"
  if [ $code -ne 0 ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    echo "fuzz $target: FAILED (exit $code); full log in $log, inputs in build-fuzz/artifacts/"
    grep -m5 -E 'ERROR:|runtime error:|SUMMARY' "$log" || true
    exit 1
  fi
  echo "fuzz $target: ok, $(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$') executions, no findings"
}
run fuzz_engine "$corpus" "$engine_seconds"
run fuzz_http "$http_corpus" "$http_seconds"
