#!/usr/bin/env bash
# Screening benchmarks (called by bench/run): ROOT BASE_URL "SIZES"
#
# 1. Time per claim against a pool of N claims: N generated claims go in through the intake
#    service (`crossclaim demo generate`, two workers; loading only with synchronous_commit
#    off), then the last 2,000 are screened (`crossclaim demo screen`) against the other
#    N - 2,000. The earlier claims are pooled but not screened, so the maintained counts (loss
#    buckets, phone users) hold only what the 2,000 add: the figure is the candidate lookups'
#    cost. A loaded pool is kept in bench/var as database bench_pool_N_loaded (1M claims take
#    about 25 minutes and 17 GB); each run screens a fresh copy of it.
# 2. Lag from intake to screened: a gateway screens while `demo generate` submits claims as
#    fast as the intake service takes them; the lag histogram comes from its /metrics.
set -euo pipefail
root=$1 base=$2 sizes=$3
cd "$root"
bin=build/crossclaim
measured=2000

fresh_db() {
  psql "$base/postgres" -qAtc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql "$base/postgres" -qAtc "CREATE DATABASE $1 ${2:+TEMPLATE $2 STRATEGY FILE_COPY}" >/dev/null
  echo "$base/$1"
}

# Makes bench_pool_N_loaded once: N claims pooled, the last $measured queued for screening.
# Its marker file holds the loading rate.
load_pool() {
  local n=$1 marker=bench/var/pool_$1.loaded
  [ -f "$marker" ] && return
  echo "loading $n claims into bench_pool_${n}_loaded (kept for later runs)" >&2
  local db start
  db=$(fresh_db "bench_pool_${n}_loaded")
  start=$(date +%s.%N)
  CROSSCLAIM_DB_URL=$db PGOPTIONS="-c synchronous_commit=off" \
    $bin demo generate --seed 1 --claims "$n" --days 365 --workers 2 >/dev/null
  echo "$n / ($(date +%s.%N) - $start)" | bc >"$marker.rate"
  psql "$db" -qAtc "DELETE FROM screening_queue WHERE claim_id NOT IN (
      SELECT claim_id FROM pool_claims ORDER BY occurred_at DESC LIMIT $measured)" >/dev/null
  psql "$db" -qAtc "VACUUM ANALYZE" >/dev/null
  mv "$marker.rate" "$marker"
}

echo "## Screening: time per claim against the pool"
echo
echo "| claims pooled | loading (claims/s) | screening, ms per claim (last $measured) | ratio to the smallest pool |"
echo "|---|---|---|---|"
first=""
for n in $sizes; do
  load_pool "$n"
  load_rate=$(cat "bench/var/pool_$n.loaded")
  db=$(fresh_db "bench_pool_$n" "bench_pool_${n}_loaded")
  ms=$(CROSSCLAIM_DB_URL=$db $bin demo screen 2>/dev/null | sed -n 's/.*(\([0-9.]*\) ms per claim).*/\1/p')
  psql "$base/postgres" -qAtc "DROP DATABASE bench_pool_$n" >/dev/null
  [ -z "$first" ] && first=$ms
  ratio=$(echo "scale=2; $ms / $first" | bc)
  echo "| $n | $load_rate | $ms | $ratio |"
  echo "screening at $n pooled: $ms ms per claim" >&2
done
echo

echo "## Screening: lag from intake to screened under intake load"
echo
db=$(fresh_db bench_lag)
pki=bench/var/pki
$bin pki init --dir "$pki" >/dev/null
[ -f "$pki/ops.crt" ] || $bin pki issue --dir "$pki" --org PICC --role insurer --cn bench --out "$pki/ops" >/dev/null
ready=$(mktemp -u)
CROSSCLAIM_DB_URL=$db CROSSCLAIM_LISTEN=127.0.0.1:0 CROSSCLAIM_CONSOLE_LISTEN=127.0.0.1:0 \
  CROSSCLAIM_TLS_CERT=$pki/server.crt CROSSCLAIM_TLS_KEY=$pki/server.key CROSSCLAIM_TLS_CA=$pki/ca.crt \
  $bin serve --ready-file "$ready" >bench/var/serve.log 2>&1 &
gw=$!
trap 'kill $gw 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -f "$ready" ] && break; sleep 0.1; done
port=$(head -1 "$ready" | cut -d: -f2)
start=$(date +%s.%N)
CROSSCLAIM_DB_URL=$db $bin demo generate --seed 2 --claims 10000 >/dev/null 2>&1
rate=$(echo "10000 / ($(date +%s.%N) - $start)" | bc)
for _ in $(seq 600); do
  [ "$(psql "$db" -qAtc 'SELECT count(*) FROM screening_queue')" = 0 ] && break; sleep 0.1
done
metrics=$(curl -s --cacert $pki/ca.crt --cert $pki/ops.crt --key $pki/ops.key "https://127.0.0.1:$port/metrics")
kill $gw; wait $gw 2>/dev/null || true
echo "10,000 claims submitted at $rate claims/s (the intake service's own pace, one client);"
echo "screened by one gateway with \`screening_workers = 1\`. Lag = time from the intake commit"
echo "to the screening commit."
echo
echo "| lag at most (s) | share of claims |"
echo "|---|---|"
total=$(echo "$metrics" | sed -n 's/^crossclaim_screening_lag_seconds_count \(.*\)/\1/p')
echo "$metrics" | sed -n 's/^crossclaim_screening_lag_seconds_bucket{le="\([^"]*\)"} \(.*\)/\1 \2/p' |
  while read -r le n; do echo "| $le | $(echo "scale=3; $n / $total" | bc) |"; done
echo
