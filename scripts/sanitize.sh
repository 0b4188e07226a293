#!/usr/bin/env bash
# The second half of command 2: the whole unit and integration suite again, built by clang
# with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/, and the libFuzzer
# targets of fuzz/ for a bounded time each. Every process the suite starts (gateways, CLI
# commands, the tests themselves) writes any sanitizer report to
# build-sanitize/sanitizer-reports/; one report fails the run, even when the test that
# caused it passed.
#
#   scripts/sanitize.sh          build, then test
#   scripts/sanitize.sh build    only build
#   scripts/sanitize.sh test     only test what was built
#
# Not run here: the two soak tests, which assert that resident memory stays flat; under
# AddressSanitizer memory is held back on purpose (quarantine), so they run in build/ only.
# The build is at -O0: it compiles in half the time of -O1, which more than pays for the
# slower suite.
set -euo pipefail
cd "$(dirname "$0")/.."

phase=${1:-all}
dir=build-sanitize
if [ "$phase" = all ] || [ "$phase" = build ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DCROSSCLAIM_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -DCROSSCLAIM_FUZZ=ON -DFUZZ_SECONDS="${FUZZ_SECONDS:-20}" -DCROSSCLAIM_UNIT_TESTS_IN_ONE=ON \
    >/dev/null
  echo "==> building with AddressSanitizer and UndefinedBehaviorSanitizer in $dir"
  cmake --build "$dir"
fi
[ "$phase" = all ] || [ "$phase" = test ] || exit 0

reports=$PWD/$dir/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp"

status=0
# The unit tests run in one process (ctest unit_tests_in_one_process), not one per test case.
echo "==> the suite under the sanitizers, and the fuzz targets"
scripts/suite.sh "$dir" "memory and descriptors flat|console_soak" -LE '^unit$' || status=1

if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitizer reports:"
  for f in "$reports"/*; do echo "--- $f"; head -n 60 "$f"; done
  status=1
else
  echo "no sanitizer reports"
fi
exit "$status"
