#!/usr/bin/env bash
# Builds the engine micro-benchmark (Release, build/) and runs it; the figures
# are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc)
cmake --preset native >/dev/null
cmake --build build --target bench_engine -j"$jobs"
echo "machine: $(nproc) cores, $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2- | sed "s/^ *//"), $(c++ --version | head -1)"
echo "load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (figures are only meaningful on an idle machine)"
build/bin/bench_engine
