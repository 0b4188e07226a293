#!/usr/bin/env bash
# Runs build/'s ctest suite (scripts/test.sh, and scripts/sanitize.sh against the sanitizer
# build's binary). First, alone, the few tests that assert a time bound, so that no other
# test's load decides them; then all the others two at a time (four at a time was slower: the
# suite keeps two cores busy). The fixtures of the shared cluster span both runs: the first
# starts the cluster and clears the kept logs and responses, the second scans and checks
# them all (the timed tests' included) and stops the cluster.
#   scripts/suite.sh BUILD_DIR [EXCLUDE_REGEX [ctest options...]]
set -euo pipefail
dir=$1
exclude=${2:-}
shift $(( $# < 2 ? $# : 2 ))
timed="slow clients are cut off|a member over its request budget|the primary lost under load"
status=0
echo "==> the tests that assert a time bound, one at a time"
(cd "$dir" && ctest --output-on-failure --timeout 300 -R "$timed" -FC test_pg "$@") || status=1
echo "==> the others, two at a time"
# The fixture's setup tests ran above; selected again (ctest -FS only stops adding them) they
# would clear the timed tests' logs and responses.
setup="^(test_cluster_start|test_logs_clear|test_responses_clear)\$"
(cd "$dir" && ctest -j2 --output-on-failure --timeout 300 \
  -E "$timed|$setup${exclude:+|$exclude}" -FS test_pg "$@") || status=1
exit "$status"
