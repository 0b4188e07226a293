#!/usr/bin/env bash
# The integration suite's last test: every log the gateways wrote during the suite (kept in
# BUILD/test-logs by the harness) holds none of the personal identifiers the tests submit and
# none of the secrets they use. `clear` empties the folder before the suite.
set -euo pipefail
logs=${2:?usage: logs_hold_no_identifiers.sh scan|clear LOG_DIR}
if [ "$1" = clear ]; then rm -rf "$logs"; mkdir -p "$logs"; exit 0; fi

# Judged only after a whole suite: at least 40 gateways' logs with request lines in them.
# Fewer (a subset run with ctest -R) is a skip (77), which ctest reports as not run.
[ -d "$logs" ] || { echo "no logs in $logs"; exit 77; }
files=$(find "$logs" -name 'serve-*.log' | wc -l)
requests=$(find "$logs" -name 'serve-*.log' -exec cat {} + | grep -c '"route"' || true)
echo "scanning $files gateway logs ($requests request lines)"
[ "$files" -ge 40 ] && [ "$requests" -ge 1000 ] || { echo "too few logs to judge"; exit 77; }

# The sample report's identifiers (examples/claim.json, tests/unit/gateway/claim_samples.hpp)
# in the forms a client may send them, the test pool key and the console passwords.
planted=(
  甘E12345 甘K67890 LSVAU2187N2123456 LFV2A21K0N4000123 620502199001011235 62120219850615432X
  13800000000 13900000001 张三 李四
  test-pool-key-0123456789abcdef-0123456789 association-pass-2026 investigator-pass-2026
)
found=0
for p in "${planted[@]}"; do
  if grep -rlF -- "$p" "$logs" >/dev/null; then
    echo "FOUND in the logs: $p"; grep -rnF -- "$p" "$logs" | head -3
    found=1
  fi
done
[ "$found" -eq 0 ] && echo "no planted identifier or secret in the logs"
exit "$found"
