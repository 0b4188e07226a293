#!/usr/bin/env bash
# Transport benchmark (called by bench/run): ROOT BASE_URL
#
# GET /healthz over mutual TLS, keep-alive at 16, 64 and 256 connections, and new connections
# per second (a full handshake per request), against nginx with the same certificates,
# `ssl_verify_client on` and as many workers as the gateway has I/O threads. Alternately,
# 3 rounds, medians. The load generator runs on the same 2 cores as the server.
set -euo pipefail
root=$1 base=$2
. "$root/bench/lib.sh"
threads=$(sed -n 's/^io_threads = \([0-9]*\).*/\1/p' config/crossclaim.toml)

nginx_dir=$root/bench/var/nginx
mkdir -p "$nginx_dir/logs"
nginx_port=$(( 30000 + RANDOM % 10000 ))
cat >"$nginx_dir/nginx.conf" <<EOF
worker_processes $threads;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $root/$pki/server.crt;
    ssl_certificate_key $root/$pki/server.key;
    ssl_client_certificate $root/$pki/ca.crt;
    ssl_verify_client on;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_tickets off;
    ssl_session_cache off;
    location = /healthz {
      default_type application/json;
      return 200 '{"status":"up"}';
    }
  }
}
EOF
nginx -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
db=$(fresh_db bench_transport)
start_gateway "$db" "$(bench_config 4)"
trap 'kill $nginx_pid 2>/dev/null || true; stop_gateway' EXIT
sleep 1

rate_of() {  # PORT CONNECTIONS [--new-connection] -> ok per second
  local port=$1 c=$2
  shift 2
  gw_port=$port run_load --mode get --path /healthz --connections "$c" --duration "$seconds" "$@" |
    jq -r '.ok_per_s | floor'
}

echo "## Transport: GET /healthz over mutual TLS against nginx"
echo
echo "nginx $(nginx -v 2>&1 | sed 's|.*/||') with $threads workers; the gateway with io_threads = $threads."
echo "${seconds} s a run, median of 3 alternating runs."
echo
echo "| load | nginx (requests/s) | CrossClaim (requests/s) | ratio |"
echo "|---|---|---|---|"
gateway=$gw_port
for load in "16 keep-alive" "64 keep-alive" "256 keep-alive" "16 new-connection"; do
  set -- $load
  c=$1 extra=()
  [ "$2" = new-connection ] && extra=(--new-connection)
  n_runs=() g_runs=()
  for _ in 1 2 3; do
    n_runs+=("$(rate_of "$nginx_port" "$c" "${extra[@]}")")
    g_runs+=("$(rate_of "$gateway" "$c" "${extra[@]}")")
  done
  n=$(median3 "${n_runs[@]}") g=$(median3 "${g_runs[@]}")
  echo "| $c connections, $2 | $n (${n_runs[*]}) | $g (${g_runs[*]}) | $(ratio "$g" "$n") |"
  echo "healthz at $c $2: $g/s vs nginx $n/s" >&2
done
echo
kill $nginx_pid 2>/dev/null || true
stop_gateway
drop_db bench_transport
