#!/usr/bin/env bash
# The command line's contract: exit codes, --help, error messages on stderr.
set -uo pipefail
bin=$1 ex=$2 pass=0 fail=0
check() { # name, expected exit code, command...
  local name=$1 want=$2; shift 2
  "$@" >/tmp/cli_out.$$ 2>/tmp/cli_err.$$; local got=$?
  if [ "$got" -eq "$want" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name: exit $got, wanted $want"; cat /tmp/cli_err.$$; fi
}
expect_in() { # name, file, text
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: '$3' not in output"; head -5 "$2"; fi
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/cli_out.$$ /tmp/cli_err.$$' EXIT
check help 0 "$bin" --help
expect_in help-lists-eval /tmp/cli_out.$$ "eval"
check eval-help 0 "$bin" eval --help
check no-subcommand 2 "$bin"
check missing-history 2 "$bin" eval --program "$ex/tiers-program.json" --as-of 2026-06-01T00:00:00Z
check seed-312 0 "$bin" eval --program "$ex/tiers-program.json" --history "$ex/tiers-history.json" --as-of 2026-06-01T00:00:00Z
expect_in seed-312-remaining /tmp/cli_out.$$ '"remaining":"187.50","progress_pct":62.5'
check bad-as-of 2 "$bin" eval --program "$ex/tiers-program.json" --history "$ex/tiers-history.json" --as-of 2026-13-01T00:00:00Z
expect_in bad-as-of-message /tmp/cli_err.$$ "as_of must be a UTC time"
check no-such-file 2 "$bin" eval --program "$tmp/nope.json" --history "$ex/tiers-history.json"
expect_in no-such-file-message /tmp/cli_err.$$ "nope.json: cannot open"
echo '{"id":"p","kind":"tiers","steps":[{"id":"a","target":"0.00"},{"id":"a","target":"1.001"}],"x":1}' >"$tmp/bad.json"
check bad-program 2 "$bin" validate --program "$tmp/bad.json"
expect_in pointer-target /tmp/cli_err.$$ "program: /steps/0/target: must be > 0"
expect_in pointer-amount /tmp/cli_err.$$ "program: /steps/1/target:"
expect_in pointer-unknown /tmp/cli_err.$$ "program: /x: unknown field"
expect_in pointer-duplicate /tmp/cli_err.$$ "program: /steps/1/id: duplicate step id"
printf '{"id":' >"$tmp/trunc.json"
check truncated 2 "$bin" validate --program "$tmp/trunc.json"
expect_in truncated-message /tmp/cli_err.$$ "not valid JSON at byte"
python3 -c 'print("["*100000 + "]"*100000)' >"$tmp/deep.json"
check deep 2 "$bin" validate --program "$tmp/deep.json"
expect_in deep-message /tmp/cli_err.$$ "nested deeper than"
echo '{"subtotal":"40.00"}' >"$tmp/cart.json"
check project 0 "$bin" project --program "$ex/tiers-program.json" --history "$ex/tiers-history.json" --cart "$tmp/cart.json" --as-of 2026-06-01T00:00:00Z
expect_in project-adds /tmp/cli_out.$$ '"adds_spend":"40.00"'
check view 0 "$bin" view --program "$ex/journey-program.json" --history "$ex/journey-history.json" --as-of 2026-02-01T00:00:00Z
expect_in view-current /tmp/cli_out.$$ '"state":"current"'
echo '["spend:first-steps:1"]' >"$tmp/issued.json"
check due 0 "$bin" due --program "$ex/tiers-program.json" --history "$ex/tiers-history.json" --issued "$tmp/issued.json" --as-of 2026-06-01T00:00:00Z
expect_in due-silver /tmp/cli_out.$$ '"key":"spend:silver:1"'
if grep -qF 'spend:first-steps:1' /tmp/cli_out.$$; then fail=$((fail + 1)); echo "FAIL due repeats an issued award"; else pass=$((pass + 1)); fi
# The same pipeline as WebAssembly: an empty award key is refused here too.
echo '[""]' >"$tmp/empty-key.json"
check due-empty-key 2 "$bin" due --program "$ex/tiers-program.json" --history "$ex/tiers-history.json" --issued "$tmp/empty-key.json" --as-of 2026-06-01T00:00:00Z
expect_in due-empty-key-message /tmp/cli_err.$$ "issued: /: must be a JSON array of non-empty award keys"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
