#!/usr/bin/env bash
# Runs a build tree's ctest suite (scripts/test.sh for build/, scripts/sanitize.sh for
# build-sanitize/): most tests two at a time (four at a time was slower: the suite keeps two
# cores busy); then, alone, the few that assert a time bound, so that no other test's load
# decides them.
#   scripts/suite.sh BUILD_DIR [EXCLUDE_REGEX [ctest options...]]
set -euo pipefail
dir=$1
exclude=${2:-}
shift $(( $# < 2 ? $# : 2 ))
timed="slow clients are cut off|a member over its request budget|the primary lost under load"
status=0
(cd "$dir" && ctest -j2 --output-on-failure --timeout 300 -E "$timed${exclude:+|$exclude}" "$@") ||
  status=1
echo "==> the tests that assert a time bound, one at a time"
(cd "$dir" && ctest --output-on-failure --timeout 300 -R "$timed" "$@") || status=1
exit "$status"
