#!/usr/bin/env bash
# Installs the library from a configured build tree (default build/) into a
# temporary prefix, checks the installed package is self-contained, and builds
# and runs a consumer against it twice: with find_package(stepwise) and with a
# plain pkg-config compile line.
# Usage: tests/consumer/run.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

cmake --build "$build" --target stepwise_engine >/dev/null
cmake --install "$build" --prefix "$prefix" >/dev/null

# The layout: headers, the static library, the CMake package, the .pc file.
for f in include/stepwise/stepwise.hpp lib/libstepwise.a lib/cmake/stepwise/stepwiseConfig.cmake \
         lib/cmake/stepwise/stepwiseTargets.cmake lib/pkgconfig/stepwise.pc; do
  if [ -f "$prefix/$f" ]; then ok "installed $f"; else bad "installed $f (missing)"; fi
done
# nlohmann/json is private and header-only: no installed header includes it
# and the exported target carries no link dependency.
if grep -rqE '#[[:space:]]*include[[:space:]]*[<"]nlohmann' "$prefix/include"; then bad "public headers include nlohmann/json"
else ok "public headers do not include nlohmann/json"; fi
if grep -q 'nlohmann' "$prefix"/lib/cmake/stepwise/*.cmake; then bad "exported target depends on nlohmann_json"
else ok "exported target has no dependencies"; fi

# Both consumers evaluate the bundled seed example; they must print exactly
# what the CLI prints for it (when the build has the CLI), which says the
# customer is at $312.50 with Gold next.
args=("$root/examples/tiers-program.json" "$root/examples/tiers-history.json" 2026-06-01T00:00:00Z)
want='"qualifying_spend":"312.50","next_milestone":{"id":"gold","name":"Gold Spender","threshold":"500.00"'
cli=$build/bin/stepwise
if [ -x "$cli" ] && "$cli" eval --program "${args[0]}" --history "${args[1]}" --as-of "${args[2]}" >"$tmp/cli.json"; then
  echo "     (comparing with $cli eval)"
else
  rm -f "$tmp/cli.json"
fi
check_output() { # name, binary
  if ! "$2" "${args[@]}" >"$tmp/out.json" 2>"$tmp/err"; then
    bad "$1 exits non-zero"; head -5 "$tmp/err"
  elif ! grep -qF -- "$want" "$tmp/out.json"; then
    bad "$1 report"; head -c 400 "$tmp/out.json"; echo
  elif [ -f "$tmp/cli.json" ] && ! cmp -s "$tmp/out.json" "$tmp/cli.json"; then
    bad "$1 report differs from the CLI's"; diff "$tmp/out.json" "$tmp/cli.json" | head -4 | cut -c1-300
  else
    ok "$1 prints the report"
  fi
}

if cmake -S "$root/tests/consumer" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
     -DCMAKE_BUILD_TYPE=Release >"$tmp/log" 2>&1 && cmake --build "$tmp/cmake-build" >>"$tmp/log" 2>&1; then
  ok "find_package(stepwise) consumer builds"
  check_output "find_package(stepwise) consumer" "$tmp/cmake-build/consumer"
else
  bad "find_package(stepwise) consumer builds"; tail -20 "$tmp/log"
fi

# No Makefile, no CMake: the compile line pkg-config gives, and nothing else.
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# shellcheck disable=SC2086 # the flags must split into words
if flags=$(pkg-config --cflags --libs stepwise) &&
   c++ "$root/tests/consumer/main.cpp" -o "$tmp/pc-consumer" $flags >"$tmp/log" 2>&1; then
  ok "pkg-config consumer builds: c++ main.cpp $flags"
  check_output "pkg-config consumer" "$tmp/pc-consumer"
else
  bad "pkg-config consumer builds"; tail -20 "$tmp/log"
fi

echo "consumer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
