#!/usr/bin/env bash
# Installs the npm packages package-lock.json pins (Apache ECharts for the console,
# playwright-core and libphonenumber-js for the tests) when they are missing, older than the
# lock or do not match it. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  ! npm ls --all >/dev/null 2>&1; then
  echo "==> installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
