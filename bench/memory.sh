#!/usr/bin/env bash
# Memory benchmark (called by bench/run): ROOT BASE_URL
#
# The gateway's resident memory (VmRSS) idle after start, at most while 256 keep-alive
# connections load it (GET /healthz, then POST /v1/claims), and idle again afterwards.
set -euo pipefail
root=$1 base=$2
. "$root/bench/lib.sh"

rss_mb() { echo "scale=1; $(awk '/VmRSS/ {print $2}' "/proc/$gw_pid/status") / 1024" | bc; }

# Samples VmRSS every 0.1 s while the load runs; prints the highest.
peak_under() {  # crossclaim-load options...
  local peak=0 now
  run_load "$@" >/dev/null &
  local load_pid=$!
  while kill -0 "$load_pid" 2>/dev/null; do
    now=$(awk '/VmRSS/ {print $2}' "/proc/$gw_pid/status")
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.1
  done
  wait "$load_pid"
  echo "scale=1; $peak / 1024" | bc
}

db=$(fresh_db bench_memory)
start_gateway "$db" "$(bench_config 4)"
trap stop_gateway EXIT
sleep 2
idle=$(rss_mb)
healthz=$(peak_under --mode get --path /healthz --connections 256 --duration "$seconds")
intake=$(peak_under --mode intake --connections 256 --duration "$seconds" --bodies 30000)
sleep 2
after=$(rss_mb)
stop_gateway
drop_db bench_memory

echo "## Memory: the gateway's resident set"
echo
echo "| state | VmRSS (MB) |"
echo "|---|---|"
echo "| idle after start | $idle |"
echo "| 256 keep-alive connections, GET /healthz (peak) | $healthz |"
echo "| 256 keep-alive connections, POST /v1/claims (peak) | $intake |"
echo "| idle again afterwards | $after |"
echo
echo "memory: idle $idle MB, peak $healthz / $intake MB under 256 connections" >&2
