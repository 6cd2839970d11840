#!/usr/bin/env bash
# Installs what Stepwise builds and tests with, from Debian 12's packages.
# The one list of system packages; every script runs this first. Skips apt
# when all are present (or provided by an installed package), so repeated runs
# are fast.
set -euo pipefail

STEPWISE_PACKAGES=(
  build-essential cmake pkg-config git python3   # toolchain; python3 for tests/cli_test.sh
  nlohmann-json3-dev catch2 libcli11-dev         # engine (JSON codec), Catch2 tests, CLI
  clang libclang-rt-14-dev                       # libFuzzer + sanitizers (scripts/fuzz.sh)
  emscripten nodejs npm                          # WebAssembly build and its tests under Node
  libpqxx-dev libspdlog-dev                      # server (server/CMakeLists.txt says why each)
  libsqlite3-dev libssl-dev curl                 # server store, tokens; curl for scripts/run.sh
  libboost1.81-dev                               # server HTTP layer: Boost.Beast/Asio event loop (docs/server.md)
  libcurl4-openssl-dev python3-aiosmtpd          # outbound HTTPS and SMTP (libcurl); a real SMTP server in the mail tests
)

# A package counts as present when it is installed, or when an installed
# package provides it: a Node.js build that bundles npm (NodeSource's) provides
# and conflicts with Debian's npm, and installing that would replace Node.
# --tests: also what the suites need (the PostgreSQL run, the browsers, the
# preview's window); each suite asks for it this way, and scripts/test.sh asks
# once up front, so that suites running side by side never race for apt's lock.
if [ "${1:-}" = --tests ]; then
  STEPWISE_PACKAGES+=(
    postgresql postgresql-client                   # tests/server/pg.sh: a throwaway cluster
    chromium                                       # browser and preview tests (playwright-core drives it)
    libglfw3-dev libgl-dev libgl1-mesa-dri xvfb xauth  # the native preview's window under Xvfb
  )
fi

present=$(dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
  awk -F'|' '$1 ~ /^ii/ { print $2; n = split($3, p, ","); for (i = 1; i <= n; i++) { sub(/^ +/, "", p[i]); sub(/ .*/, "", p[i]); print p[i] } }')

missing=()
for p in "${STEPWISE_PACKAGES[@]}"; do
  grep -qxF -- "$p" <<<"$present" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
