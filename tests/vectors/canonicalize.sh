#!/usr/bin/env bash
# Makes golden vectors canonical: when the engine's report for a vector equals
# its hand-written expected.json as parsed JSON, expected.json is overwritten
# with the engine's exact bytes (report_json output plus one trailing "\n"), so
# that the byte-for-byte checks apply from then on. A vector whose report
# differs is left alone and listed: a hand computation is never replaced by the
# engine's opinion (decide from CONTRACT.md who is right, then fix one side).
#
# usage: tests/vectors/canonicalize.sh [--bin path/to/stepwise] [case-dir...]
#   default binary: <repo>/build/bin/stepwise; default cases: every vector here.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$here/../../build/bin/stepwise
if [ "${1:-}" = --bin ]; then bin=$2; shift 2; fi
[ -x "$bin" ] || { echo "no stepwise binary at $bin (build first or pass --bin)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is needed to compare JSON" >&2; exit 2; }
cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$here"/*/; do [ "$(basename "$d")" = errors ] || cases+=("${d%/}"); done
fi
same=0 canonical=0 differ=0
for case in "${cases[@]}"; do
  [ -f "$case/expected.json" ] || continue
  name=$(basename "$case")
  if ! out=$("$bin" eval --program "$case/program.json" --history "$case/history.json" \
                        --as-of "$(tr -d '[:space:]' <"$case/as_of.txt")" 2>&1); then
    differ=$((differ + 1)); echo "FAILED  $name: $out"; continue
  fi
  if cmp -s <(printf '%s\n' "$out") "$case/expected.json"; then
    canonical=$((canonical + 1)); continue
  fi
  if printf '%s' "$out" | python3 -c '
import json, sys
got = json.load(sys.stdin)
with open(sys.argv[1]) as f:
    expected = json.load(f)
sys.exit(0 if got == expected else 1)' "$case/expected.json"; then
    printf '%s\n' "$out" >"$case/expected.json"
    same=$((same + 1)); echo "rewrote $name"
  else
    differ=$((differ + 1)); echo "DIFFERS $name (left as written)"
  fi
done
echo "$canonical already canonical, $same made canonical, $differ differ"
[ $differ -eq 0 ]
