#!/usr/bin/env bash
# Command 2: install what is missing, build everything, run the whole test suite (unit and
# integration; integration tests start their own PostgreSQL cluster in build/test-pg).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
# The phone oracle test runs libphonenumber-js from node_modules: install it as
# package-lock.json pins it when it is missing, older than the lock or does not match.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  ! npm ls --all >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
cd build
ctest -j2 --output-on-failure --timeout 300
