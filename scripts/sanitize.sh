#!/usr/bin/env bash
# The second half of command 2: the whole unit and integration suite again with the code under
# test built by clang with AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/,
# and the libFuzzer targets of fuzz/ for a bounded time each.
# - The unit tests and the fuzz targets are built there, instrumented, and run in one process
#   each (ctest unit_tests_in_one_process: ASan starts once, not once per test case).
# - The integration tests are the ones build/ built (scripts/test.sh builds it first): they
#   run against build-sanitize/crossclaim (CROSSCLAIM_TEST_BINARY), the gateway and every CLI
#   command they start. Their own driver code is not instrumented, nor the few storage calls
#   some make in-process (the report tests read report_queries directly); compiling them a
#   second time took two minutes of the test command.
# Every instrumented process writes any sanitizer report to build-sanitize/sanitizer-reports/;
# one report fails the run, even when the test that caused it passed.
#
#   scripts/sanitize.sh          build, then test
#   scripts/sanitize.sh build    only build
#   scripts/sanitize.sh test     only test what was built
#
# Not run here: the soak tests, which assert that resident memory stays flat (their names say
# "memory and descriptors flat", and console_soak); under AddressSanitizer memory is held back
# on purpose (quarantine), so they run in build/ only.
# The build is at -O0: it compiles in half the time of -O1, which more than pays for the
# slower suite. With the unity build (CMakeLists.txt) and without the integration tests it
# takes 2.7 minutes on an empty compiler cache instead of 7.
set -euo pipefail
cd "$(dirname "$0")/.."

phase=${1:-all}
dir=build-sanitize
if [ "$phase" = all ] || [ "$phase" = build ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DCROSSCLAIM_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -DCROSSCLAIM_FUZZ=ON -DFUZZ_SECONDS="${FUZZ_SECONDS:-20}" -DCROSSCLAIM_UNIT_TESTS_IN_ONE=ON -DCROSSCLAIM_INTEGRATION_TESTS=OFF \
    >/dev/null
  echo "==> building with AddressSanitizer and UndefinedBehaviorSanitizer in $dir"
  cmake --build "$dir"
fi
[ "$phase" = all ] || [ "$phase" = test ] || exit 0

reports=$PWD/$dir/sanitizer-reports
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
# Suppressed leaks (fuzz/lsan.supp says why each is there) are not reported, nor counted.
export LSAN_OPTIONS="suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0"

[ -x build/tests/integration_tests ] ||
  { echo "sanitize.sh: build/ has no integration tests; scripts/test.sh builds them" >&2; exit 1; }

status=0
echo "==> the unit tests (one process), the phone oracle and the fuzz targets, instrumented"
(cd "$dir" && ctest -j2 --output-on-failure --timeout 300 -LE '^documents$') || status=1
echo "==> the integration suite against the instrumented binary"
CROSSCLAIM_TEST_BINARY=$PWD/$dir/crossclaim \
  scripts/suite.sh build "memory and descriptors flat|console_soak" -L '^integration$' || status=1

if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitizer reports:"
  for f in "$reports"/*; do echo "--- $f"; head -n 60 "$f"; done
  status=1
else
  echo "no sanitizer reports"
fi
exit "$status"
