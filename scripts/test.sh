#!/usr/bin/env bash
# Command 2: install what is missing, build everything, run the whole test suite (unit and
# integration; integration tests start their own PostgreSQL cluster in build/test-pg), then
# run it again under the sanitizers with the fuzz targets (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/npm.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
scripts/suite.sh build

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, and the fuzz targets.
scripts/sanitize.sh
