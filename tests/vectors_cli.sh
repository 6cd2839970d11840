#!/usr/bin/env bash
# Replays every golden vector through the CLI.
#   tests/vectors/NAME/         program.json history.json as_of.txt expected.json:
#                               stdout must equal expected.json byte for byte, exit 0.
#   tests/vectors/errors/NAME/  program.json [history.json] [as_of.txt] [expected_errors.txt]:
#                               exit 2, and stderr names every JSON Pointer listed
#                               (first word of each line) in expected_errors.txt.
# Usage: vectors_cli.sh STEPWISE_BINARY VECTORS_DIR
set -uo pipefail
bin=$1 dir=$2 pass=0 fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

for case in "$dir"/*/; do
  case=${case%/}; name=$(basename "$case")
  [ "$name" = errors ] && continue
  [ -f "$case/expected.json" ] || continue
  "$bin" eval --program "$case/program.json" --history "$case/history.json" \
    --as-of "$(cat "$case/as_of.txt")" >"$tmp/out" 2>"$tmp/err"
  code=$?
  if [ $code -eq 0 ] && cmp -s "$tmp/out" "$case/expected.json"; then
    pass=$((pass + 1)); continue
  fi
  fail=$((fail + 1))
  if [ $code -ne 0 ]; then
    echo "FAIL $name: exit $code"; head -5 "$tmp/err"
  elif command -v python3 >/dev/null && python3 - "$tmp/out" "$case/expected.json" <<'PY'
import json, sys
sys.exit(0 if json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])) else 1)
PY
  then
    echo "FAIL $name: same JSON value but different bytes (expected.json must be the exact CLI output)"
  else
    echo "FAIL $name: report differs"; diff "$tmp/out" "$case/expected.json" | head -6 | cut -c1-300
  fi
done

for case in "$dir"/errors/*/; do
  [ -d "$case" ] || continue
  case=${case%/}; name=errors/$(basename "$case")
  history=$case/history.json; [ -f "$history" ] || history=$tmp/empty-history.json
  [ -f "$tmp/empty-history.json" ] || echo '{"customer":{"id":"1"},"events":[]}' >"$tmp/empty-history.json"
  as_of=2026-01-01T00:00:00Z; [ -f "$case/as_of.txt" ] && as_of=$(cat "$case/as_of.txt")
  "$bin" eval --program "$case/program.json" --history "$history" --as-of "$as_of" >/dev/null 2>"$tmp/err"
  code=$? ok=1 why=""
  [ $code -eq 2 ] || { ok=0; why="exit $code, wanted 2"; }
  if [ -f "$case/expected_errors.txt" ]; then
    while read -r pointer _; do
      [ -z "$pointer" ] && continue
      grep -qF -- "${pointer%:}" "$tmp/err" || { ok=0; why="$why; no '${pointer%:}' on stderr"; }
    done <"$case/expected_errors.txt"
  fi
  if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name: ${why#; }"; head -5 "$tmp/err"; fi
done

echo "vectors: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
