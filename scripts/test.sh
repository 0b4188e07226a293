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

# The sanitizer build starts now, at the lowest priority, in its own process group: it takes
# the CPU the main suite leaves idle (about a third of it) and yields to the suite otherwise.
sanitize_log=build/sanitize-build.log
setsid nice -n 19 scripts/sanitize.sh build >"$sanitize_log" 2>&1 &
sanitize_build=$!
status=0
(cd build && ctest -j2 --output-on-failure --timeout 300) || status=$?
if [ "$status" -ne 0 ]; then
  kill -- "-$sanitize_build" 2>/dev/null || true
  exit "$status"
fi
echo "==> waiting for the sanitizer build (its log: $sanitize_log)"
if ! wait "$sanitize_build"; then
  tail -n 60 "$sanitize_log"
  echo "the sanitizer build failed"
  exit 1
fi

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer, and the fuzz targets.
scripts/sanitize.sh test
