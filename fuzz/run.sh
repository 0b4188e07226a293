#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: run.sh TARGET SEED_CORPUS SECONDS.
# New inputs it finds go to a scratch corpus beside the target (the repository's seeds are
# only read); a crash leaves its input in fuzz-artifacts/ and fails the run.
set -euo pipefail
target=$1 seeds=$2 seconds=$3
name=$(basename "$target")
work=$(dirname "$target")/fuzz-work/$name
artifacts=$(dirname "$target")/fuzz-artifacts/$name/
mkdir -p "$work" "$artifacts"
echo "==> $name for ${seconds} s from $(ls "$seeds" | wc -l) seeds"
if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "$seeds" 2>&1 | tail -n 40; then
  echo "$name failed; reproduce with: $target $artifacts<crash-file>" >&2
  exit 1
fi
