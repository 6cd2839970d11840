#!/usr/bin/env bash
# Configures and builds the native tree in build/ (Release, at most 2 jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc); [ "$jobs" -gt 2 ] && jobs=2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSTEPWISE_BUILD_TESTS=ON -DSTEPWISE_BENCH=ON >/dev/null
cmake --build build -j"$jobs"
