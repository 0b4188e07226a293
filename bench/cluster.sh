#!/usr/bin/env bash
# Two gateway instances behind HAProxy (called by bench/run): ROOT BASE_URL
#
# Intake, POST /v1/claims closed loop at 8 and 32 keep-alive connections, against one
# gateway directly and against two gateways behind Debian's HAProxy in TCP mode with the
# PROXY protocol (as docs/scaling.md runs them), on one database. Alternately, 3 rounds of
# each, medians. On this one machine the two instances share its cores and its database, so
# the figure shows what HAProxy and a second instance cost, not more capacity: that takes a
# machine per instance.
set -euo pipefail
root=$1 base=$2
. "$root/bench/lib.sh"

lb_dir=bench/var/haproxy
mkdir -p "$lb_dir"

free_tcp_port() {
  local p
  for p in $(seq 24100 24999); do
    (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "no free port in 24100-24999" >&2
  exit 1
}

# Two gateways on DB with CONFIG (PROXY protocol on) and HAProxy in front of them; sets
# pair_pids, lb_pid and lb_port.
start_pair() {  # DB_URL CONFIG
  local ports=() pids=() i
  for _ in 1 2; do
    start_gateway "$1" "$2"
    ports+=("$gw_port") pids+=("$gw_pid")
    gw_pid=""
  done
  pair_pids=("${pids[@]}")
  lb_port=$(free_tcp_port)
  {
    printf 'global\n  maxconn 2000\n'
    printf 'defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 30s\n'
    printf '  timeout server 30s\n  retries 3\n  option redispatch\n'
    printf 'frontend api\n  bind 127.0.0.1:%s\n  default_backend gateways\n' "$lb_port"
    printf 'backend gateways\n  balance roundrobin\n'
    for i in 0 1; do
      printf '  server gw%s 127.0.0.1:%s send-proxy-v2 check inter 1s\n' "$i" "${ports[$i]}"
    done
  } >"$lb_dir/haproxy.cfg"
  /usr/sbin/haproxy -db -f "$lb_dir/haproxy.cfg" >>"$lb_dir/haproxy.log" 2>&1 &
  lb_pid=$!
  for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$lb_port") 2>/dev/null && break; sleep 0.1; done
}

stop_pair() {
  kill "$lb_pid" "${pair_pids[@]}" 2>/dev/null || true
  wait "$lb_pid" "${pair_pids[@]}" 2>/dev/null || true
}

rate_at() {  # PORT CONNECTIONS -> claims per second (2xx)
  gw_port=$1
  intake_rate "$2"
}

echo "## Two instances: intake through HAProxy"
echo
echo "Closed loop, keep-alive, ${seconds} s a run, median of 3 alternating runs; durable commits;"
echo "screening deferred. Each gateway has 2 I/O threads and as many database connections as"
echo "the load has connections; both run on this machine's 2 cores with the database."
echo
echo "| connections | one gateway, direct (claims/s) | two gateways behind HAProxy (claims/s) | ratio |"
echo "|---|---|---|---|"
for c in 8 32; do
  db=$(fresh_db bench_cluster)
  config=$(bench_config "$c")
  sed -i -e "s/^screening_workers = .*/screening_workers = 0/" "$config"
  pair_config=$lb_dir/crossclaim-pair$c.toml
  sed -e "s/^proxy_protocol = false/proxy_protocol = true/" "$config" >"$pair_config"
  start_gateway "$db" "$config"
  one_pid=$gw_pid one_port=$gw_port
  gw_pid=""
  start_pair "$db" "$pair_config"
  one_runs=() pair_runs=()
  for _ in 1 2 3; do
    one_runs+=("$(rate_at "$one_port" "$c")")
    pair_runs+=("$(rate_at "$lb_port" "$c")")
  done
  stop_pair
  kill "$one_pid" 2>/dev/null || true
  wait "$one_pid" 2>/dev/null || true
  o=$(median3 "${one_runs[@]}") p=$(median3 "${pair_runs[@]}")
  echo "| $c | $o (${one_runs[*]}) | $p (${pair_runs[*]}) | $(ratio "$p" "$o") |"
  echo "intake at $c connections: one gateway $o/s, two behind HAProxy $p/s" >&2
done
drop_db bench_cluster
echo
