#!/usr/bin/env bash
# Configures and builds the native tree in build/ (CMakePresets.json "native", all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset native >/dev/null
cmake --build --preset native -j"$(nproc)"
